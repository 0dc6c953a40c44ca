import datetime as dt

import pytest
from django.db import transaction

from notifications.choices import NotificationKind
from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db

STEP = "Classify the petition"  # a flow node's title: an English msgid in the catalogue


def _notify(user_ids, **overrides):
    values = {
        "kind": NotificationKind.TASK_ARRIVED,
        "user_ids": user_ids,
        "case_label": "DN-2026-000123 · Đơn kiến nghị",
        "step": STEP,
        "url": "/cases/123/",
        "unit_name": "Xã An Bình",
    }
    with transaction.atomic():
        return notify(**(values | overrides))


def test_notify_writes_one_row_per_distinct_active_recipient(
    case_officer, leader, outsider, pushed, django_capture_on_commit_callbacks
):
    outsider.is_active = False
    outsider.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = _notify([case_officer.pk, leader.pk, case_officer.pk, outsider.pk])

    assert sorted(r.recipient_id for r in rows) == sorted([case_officer.pk, leader.pk])
    assert Notification.objects.count() == 2
    assert len(callbacks) == 1
    assert [user_id for user_id, _ in pushed] == [r.recipient_id for r in rows]
    assert {p["id"] for _, p in pushed} == {r.pk for r in rows}


def test_a_rolled_back_change_leaves_no_row_and_pushes_nothing(
    case_officer, pushed, django_capture_on_commit_callbacks
):
    class Rollback(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        _notify([case_officer.pk])
        raise Rollback

    assert callbacks == []
    assert not Notification.objects.exists()
    assert pushed == []


def test_notify_without_recipients_writes_and_pushes_nothing(
    pushed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _notify([]) == []
    assert callbacks == []


def test_notify_refuses_a_link_off_the_site(case_officer):
    with pytest.raises(ValueError):
        _notify([case_officer.pk], url="https://example.com/")
    with pytest.raises(ValueError):
        _notify([case_officer.pk], url="javascript:alert(1)")


def test_notify_refuses_an_unknown_kind(case_officer):
    with pytest.raises(ValueError):
        _notify([case_officer.pk], kind="something_else")


@pytest.mark.django_db(transaction=True)
def test_notify_outside_a_transaction_is_a_programming_error(case_officer):
    with pytest.raises(RuntimeError):
        notify(
            kind=NotificationKind.TASK_ASSIGNED,
            user_ids=[case_officer.pk],
            case_label="DN-2026-000123",
            step=STEP,
            url="/cases/123/",
        )
    assert not Notification.objects.exists()


def test_message_reads_in_vietnamese_by_default_and_in_english_for_an_english_reader(
    case_officer, leader, pushed, django_capture_on_commit_callbacks
):
    leader.language = "en"
    leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([case_officer.pk, leader.pk])

    by_user = {user_id: payload["message"] for user_id, payload in pushed}
    assert by_user[case_officer.pk] == (
        "Việc mới “Phân loại đơn” của đơn DN-2026-000123 · Đơn kiến nghị tại Xã An Bình"
    )
    assert by_user[leader.pk] == (
        "New task “Classify the petition” for DN-2026-000123 · Đơn kiến nghị in Xã An Bình"
    )


def test_stored_row_renders_in_whichever_language_is_active(case_officer):
    from django.utils import translation

    (row,) = _notify([case_officer.pk], kind=NotificationKind.TASK_ASSIGNED)
    with translation.override("en"):
        assert row.message().startswith("The task “Classify the petition”")
    with translation.override("vi"):
        assert row.message().startswith("Ông/bà được giao việc “Phân loại đơn”")
    assert row.step == STEP  # stored untranslated


def test_payload_carries_the_deadline_and_the_link(case_officer, pushed):
    (row,) = _notify(
        [case_officer.pk], kind=NotificationKind.DEADLINE_REMINDER, deadline=dt.date(2026, 12, 4)
    )
    payload = row.payload()
    assert payload["deadline"] == "2026-12-04"
    assert payload["url"] == "/cases/123/"
    assert payload["kind"] == "deadline_reminder"
    assert "04/12/2026" in payload["message"]
    assert set(payload) == {"id", "kind", "message", "url", "deadline", "created_at"}
