"""The real-time path end to end: real uvicorn processes, a real Redis channel layer, real
WebSocket clients, and this process committing notifications the way a request would.

Two servers run, as two web workers behind one address would: every test spreads its clients
over both, so a push only arrives when the channel layer carries it from the process that
committed the change to the process holding the socket.

"Nothing else arrived" is proven without sleeping: after the events under test, a marker
notification is committed for every client, and the next message each receives must be that
marker. Pushes from one process reach one socket in the order they were sent, so anything
wrongly sent earlier would arrive before it."""

import asyncio
import json
import urllib.request

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from notifications.choices import NotificationKind
from notifications.models import Notification
from notifications.publisher import publisher
from notifications.services import notify

from .live import LIVE_SERVERS_REASON, LiveServer, live_servers_available, loopback

pytestmark = [
    pytest.mark.skipif(not live_servers_available(), reason=LIVE_SERVERS_REASON),
    # Committed for real: the servers read users, sessions and rows from the same database.
    pytest.mark.django_db(transaction=True),
]

TIMEOUT = 5.0  # seconds for any one step; everything on loopback answers far sooner


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def _connect(server: LiveServer, cookie: str | None, *, origin: str = "") -> ClientConnection:
    return await connect(
        server.ws_url,
        origin=origin or server.http_url,
        additional_headers={"Cookie": cookie} if cookie else None,
        proxy=None,
        open_timeout=TIMEOUT,
        close_timeout=TIMEOUT,
    )


async def _receive(socket: ClientConnection) -> dict:
    return json.loads(await asyncio.wait_for(socket.recv(), TIMEOUT))


@sync_to_async
def _notify(users, case: str = "DN-2026-000123") -> dict[int, int]:
    """Commits one notification per user, as a service would; {user id: row id}."""
    with transaction.atomic():
        rows = notify(
            kind=NotificationKind.TASK_ARRIVED,
            user_ids=[user.pk for user in users],
            case_label=case,
            step="Classify the petition",
            url="/cases/123/",
            unit_name="Xã An Bình",
        )
    return {row.recipient_id: row.pk for row in rows}


async def _assert_next_is_the_marker(sockets: dict) -> None:
    """sockets: {user: [socket, …]}. Commits a marker for every user; each socket's next message
    must be it."""
    markers = await _notify(list(sockets), case="DN-MARKER")
    for user, user_sockets in sockets.items():
        for socket in user_sockets:
            assert (await _receive(socket))["id"] == markers[user.pk]


def test_each_user_receives_only_their_own_events_on_whichever_server_they_are(
    live_servers, case_officer, leader, outsider
):
    a, b = live_servers
    cookies = {user: _session_cookie(user) for user in (case_officer, leader, outsider)}

    async def scenario():
        # The case officer has two tabs open, one on each server.
        officer_a = await _connect(a, cookies[case_officer])
        officer_b = await _connect(b, cookies[case_officer])
        leader_b = await _connect(b, cookies[leader])
        outsider_a = await _connect(a, cookies[outsider])
        try:
            rows = await _notify([case_officer, leader], case="DN-2026-000777")

            for socket in (officer_a, officer_b):
                payload = await _receive(socket)
                assert payload["id"] == rows[case_officer.pk]
                assert payload["kind"] == "task_arrived"
                assert payload["url"] == "/cases/123/"
                assert payload["message"].startswith("Việc mới “Phân loại đơn” của đơn DN-2026")
            assert (await _receive(leader_b))["id"] == rows[leader.pk]

            await _assert_next_is_the_marker(
                {case_officer: [officer_a, officer_b], leader: [leader_b], outsider: [outsider_a]}
            )
        finally:
            for socket in (officer_a, officer_b, leader_b, outsider_a):
                await socket.close()

    async_to_sync(scenario)()


def test_a_client_idle_for_longer_than_a_redis_read_stays_connected_and_receives(
    live_servers, case_officer
):
    """Each server's consumers block on Redis for up to 5 s at a time; a read timeout no longer
    than that dropped every socket left idle for 5 s."""
    a, _ = live_servers
    cookie = _session_cookie(case_officer)

    async def scenario():
        socket = await _connect(a, cookie)
        try:
            await asyncio.sleep(6.5)
            rows = await _notify([case_officer])
            assert (await _receive(socket))["id"] == rows[case_officer.pk]
        finally:
            await socket.close()

    async_to_sync(scenario)()


def test_a_visitor_without_a_session_or_from_a_foreign_origin_is_refused(
    live_servers, case_officer
):
    a, _ = live_servers
    cookie = _session_cookie(case_officer)

    async def scenario():
        with pytest.raises(InvalidStatus) as anonymous:
            await _connect(a, None)
        assert anonymous.value.response.status_code == 403

        with pytest.raises(InvalidStatus) as foreign:
            await _connect(a, cookie, origin="https://evil.example")
        assert foreign.value.response.status_code == 403

    async_to_sync(scenario)()


def test_a_client_that_reconnects_with_its_last_id_gets_every_missed_event_once(
    live_servers, case_officer, leader
):
    a, b = live_servers
    cookie = _session_cookie(case_officer)

    async def scenario():
        socket = await _connect(a, cookie)
        try:
            (seen,) = (await _notify([case_officer], case="DN-2026-000001")).values()
            assert (await _receive(socket))["id"] == seen
        finally:
            await socket.close()

        missed = []
        for number in (2, 3, 4):
            missed += (await _notify([case_officer], case=f"DN-2026-00000{number}")).values()
        await _notify([leader], case="DN-2026-000099")  # someone else's
        # Their pushes went out to nobody before the client comes back.
        assert await sync_to_async(publisher.flush)(timeout=TIMEOUT)

        # Back on the other server, as a reconnect behind a load balancer may well be.
        socket = await _connect(b, cookie)
        try:
            await socket.send(json.dumps({"type": "since", "last_id": seen}))
            replayed = [await _receive(socket) for _ in missed]
            assert [payload["id"] for payload in replayed] == missed
            assert "DN-2026-000002" in replayed[0]["message"]
            await _assert_next_is_the_marker({case_officer: [socket]})
        finally:
            await socket.close()

    async_to_sync(scenario)()


def test_a_rolled_back_transaction_sends_nothing(live_servers, case_officer):
    a, b = live_servers
    cookie = _session_cookie(case_officer)

    class Rollback(Exception):
        pass

    @sync_to_async
    def notify_then_roll_back():
        with pytest.raises(Rollback), transaction.atomic():
            notify(
                kind=NotificationKind.TASK_ASSIGNED,
                user_ids=[case_officer.pk],
                case_label="DN-2026-000666",
                step="Classify the petition",
                url="/cases/123/",
            )
            raise Rollback
        assert not Notification.objects.exists()
        assert publisher.flush(timeout=TIMEOUT)

    async def scenario():
        sockets = [await _connect(a, cookie), await _connect(b, cookie)]
        try:
            await notify_then_roll_back()
            await _assert_next_is_the_marker({case_officer: sockets})
        finally:
            for socket in sockets:
                await socket.close()

    async_to_sync(scenario)()


def test_an_event_caused_in_one_server_process_reaches_a_client_of_the_other(
    live_servers, tree, reception_officer, case_officer, leader
):
    """Registering a petition on server A tells the unit's case officer, whose socket is held by
    server B: the request, its commit and its push all happen inside A."""
    a, b = live_servers
    token = Token.objects.create(user=reception_officer).key
    officer_cookie = _session_cookie(case_officer)
    leader_cookie = _session_cookie(leader)
    body = {
        "unit": tree.commune.pk,
        "channel": "in_person",
        "kind": "complaint",
        "title": "Tranh chấp đất với hộ liền kề",
        "content": "Hộ liền kề lấn chiếm 20 m² đất ở, đã hòa giải ở thôn không thành.",
        "received_on": timezone.localdate().isoformat(),
        "signers": [{"full_name": "Nguyễn Văn Tố", "address": "Xã An Bình"}],
    }

    def register_on_a() -> dict:
        request = urllib.request.Request(
            f"{a.http_url}/api/v1/petitions/",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
            method="POST",
        )
        with loopback.open(request, timeout=TIMEOUT) as response:
            assert response.status == 201
            return json.loads(response.read())

    async def scenario():
        officer_b = await _connect(b, officer_cookie)
        leader_a = await _connect(a, leader_cookie)
        try:
            petition = await asyncio.to_thread(register_on_a)
            payload = await _receive(officer_b)
            assert payload["kind"] == "task_arrived"
            assert petition["tracking_code"] in payload["message"]
            (row,) = await sync_to_async(list)(
                Notification.objects.filter(recipient=case_officer).values_list("pk", flat=True)
            )
            assert payload["id"] == row
            await _assert_next_is_the_marker({case_officer: [officer_b], leader: [leader_a]})
        finally:
            await officer_b.close()
            await leader_a.close()

    async_to_sync(scenario)()
