"""The WebSocket side, with the real channel layer of the run (in-memory, or Redis when
REDIS_URL is set) and the real publisher thread. on_commit must really run, hence transactional
tests."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from notifications.choices import NotificationKind
from notifications.publisher import publisher
from notifications.routing import websocket_urlpatterns
from notifications.services import notify

from .communicator import WebsocketCommunicator

pytestmark = pytest.mark.django_db(transaction=True)

application = URLRouter(websocket_urlpatterns)


def _communicator(user) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, "/ws/notifications/", user=user)


@sync_to_async
def _notify(user, case: str = "DN-2026-000123"):
    with transaction.atomic():
        return [
            row.pk
            for row in notify(
                kind=NotificationKind.TASK_ARRIVED,
                user_ids=[user.pk],
                case_label=case,
                step="Classify the petition",
                url="/cases/123/",
                unit_name="Xã An Bình",
            )
        ]


def test_an_anonymous_visitor_is_refused():
    async def scenario():
        communicator = _communicator(AnonymousUser())
        connected, code = await communicator.connect()
        assert not connected
        assert code == 4401

    async_to_sync(scenario)()


def test_a_connected_user_receives_the_notification_after_commit(case_officer, leader):
    async def scenario():
        mine = _communicator(case_officer)
        others = _communicator(leader)
        assert (await mine.connect())[0]
        assert (await others.connect())[0]

        (row_id,) = await _notify(case_officer)
        assert await sync_to_async(publisher.flush)(timeout=5)

        payload = await mine.receive_json_from(timeout=2)
        assert payload["id"] == row_id
        assert payload["kind"] == "task_arrived"
        assert payload["url"] == "/cases/123/"
        assert payload["message"].startswith("Việc mới “Phân loại đơn”")
        assert await others.receive_nothing(timeout=0.2)
        await mine.disconnect()
        await others.disconnect()

    async_to_sync(scenario)()


def test_a_rolled_back_notification_never_reaches_the_screen(case_officer):
    @sync_to_async
    def notify_then_roll_back():
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            notify(
                kind=NotificationKind.TASK_ASSIGNED,
                user_ids=[case_officer.pk],
                case_label="DN-2026-000123",
                step="Classify the petition",
                url="/cases/123/",
            )
            1 / 0  # noqa: B018

    async def scenario():
        communicator = _communicator(case_officer)
        assert (await communicator.connect())[0]
        await notify_then_roll_back()
        assert await sync_to_async(publisher.flush)(timeout=5)
        assert await communicator.receive_nothing(timeout=0.3)
        await communicator.disconnect()

    async_to_sync(scenario)()


def test_since_replays_missed_notifications_in_order(case_officer, leader):
    async def scenario():
        (seen,) = await _notify(case_officer, "DN-2026-000001")
        (missed_1,) = await _notify(case_officer, "DN-2026-000002")
        await _notify(leader, "DN-2026-000099")
        (missed_2,) = await _notify(case_officer, "DN-2026-000003")
        assert await sync_to_async(publisher.flush)(timeout=5)

        communicator = _communicator(case_officer)
        assert (await communicator.connect())[0]
        await communicator.send_json_to({"type": "since", "last_id": seen})

        first = await communicator.receive_json_from(timeout=2)
        second = await communicator.receive_json_from(timeout=2)
        assert [first["id"], second["id"]] == [missed_1, missed_2]
        assert "DN-2026-000002" in first["message"]
        assert set(first) == {"id", "kind", "message", "url", "deadline", "created_at"}
        assert await communicator.receive_nothing(timeout=0.2)
        await communicator.disconnect()

    async_to_sync(scenario)()


def test_since_with_a_malformed_last_id_sends_nothing(case_officer):
    async def scenario():
        await _notify(case_officer)
        communicator = _communicator(case_officer)
        assert (await communicator.connect())[0]
        # On a loaded machine the live push of the row just written can land after the
        # connect: let it arrive first, so only the answers to the messages below count.
        while not await communicator.receive_nothing(timeout=0.3):
            await communicator.receive_json_from()
        for message in ({"type": "since", "last_id": "0"}, {"type": "since"}, {"type": "other"}):
            await communicator.send_json_to(message)
        assert await communicator.receive_nothing(timeout=0.2)
        await communicator.disconnect()

    async_to_sync(scenario)()
