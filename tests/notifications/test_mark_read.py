import pytest
from django.db import transaction

from notifications.choices import NotificationKind
from notifications.models import Notification
from notifications.services import notification_mark_all_read, notification_mark_read, notify

pytestmark = pytest.mark.django_db


def _notify(*users):
    with transaction.atomic():
        return notify(
            kind=NotificationKind.ESCALATED,
            user_ids=[u.pk for u in users],
            case_label="DN-2026-000123",
            step="Answer the referred petition",
            url="/cases/123/",
            unit_name="Tỉnh Lâm Sơn",
        )


def test_marking_read_touches_only_the_readers_own_row(case_officer, leader, pushed):
    rows = {row.recipient_id: row for row in _notify(case_officer, leader)}
    mine, theirs = rows[leader.pk], rows[case_officer.pk]

    assert notification_mark_read(user=leader, notification_id=mine.pk) is True
    assert notification_mark_read(user=leader, notification_id=theirs.pk) is False
    assert notification_mark_read(user=leader, notification_id=mine.pk) is False  # already read

    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_marking_all_read_touches_only_the_readers_own_rows(case_officer, leader, pushed):
    _notify(case_officer, leader)
    _notify(case_officer, leader)

    assert notification_mark_all_read(user=leader) == 2
    assert notification_mark_all_read(user=leader) == 0
    assert not Notification.objects.filter(recipient=leader, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=case_officer, read_at__isnull=True).count() == 2
