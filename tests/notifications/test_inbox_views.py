import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.choices import NotificationKind
from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


def _notify(user, *, kind=NotificationKind.TASK_ARRIVED, case="DN-2026-000123"):
    with transaction.atomic():
        return notify(
            kind=kind,
            user_ids=[user.pk],
            case_label=case,
            step="Classify the petition",
            url="/cases/123/",
            unit_name="Xã An Bình",
        )[0]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_inbox_lists_only_the_readers_own_notifications_and_the_unread_count(
    client, case_officer, leader, pushed
):
    _notify(leader, case="DN-2026-000001")
    _notify(leader, case="DN-2026-000002")
    _notify(case_officer, case="DN-2026-000999")

    client.force_login(leader)
    page = client.get(reverse("notifications:inbox")).content.decode()

    assert "DN-2026-000001" in page
    assert "DN-2026-000002" in page
    assert "DN-2026-000999" not in page
    assert '<span class="badge" data-testid="unread-count"' in page
    assert f'data-testid="unread-count" data-user="{leader.pk}" data-last-id' in page
    assert ">2</span>" in page
    assert 'href="/cases/123/"' in page
    assert "js/notifications.js" in page


def test_every_page_shows_the_unread_badge(client, leader, pushed):
    _notify(leader)
    client.force_login(leader)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count"' in page
    assert ">1</span>" in page


def test_inbox_filters_unread_and_by_kind(client, leader, pushed):
    read = _notify(leader, case="DN-2026-000001")
    read.read_at = read.created_at
    read.save()
    _notify(leader, case="DN-2026-000002", kind=NotificationKind.ESCALATED)
    _notify(leader, case="DN-2026-000003", kind=NotificationKind.TASK_ARRIVED)
    client.force_login(leader)

    unread = client.get(reverse("notifications:inbox"), {"show": "unread"}).content.decode()
    assert "DN-2026-000001" not in unread
    assert "DN-2026-000002" in unread

    escalated = client.get(reverse("notifications:inbox"), {"kind": "escalated"}).content.decode()
    assert "DN-2026-000002" in escalated
    assert "DN-2026-000003" not in escalated


def test_inbox_pages_by_thirty(client, leader, pushed):
    for _ in range(31):
        _notify(leader)
    client.force_login(leader)
    response = client.get(reverse("notifications:inbox"))
    assert len(response.context["page"]) == 30
    assert response.context["page"].paginator.num_pages == 2


def test_the_inbox_query_count_does_not_grow_with_its_rows(
    client, leader, pushed, django_assert_num_queries
):
    client.force_login(leader)
    _notify(leader)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("notifications:inbox"))
    for _ in range(5):
        _notify(leader)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("notifications:inbox"))


def test_reader_marks_one_notification_read_but_not_someone_elses(
    client, case_officer, leader, pushed
):
    mine = _notify(leader)
    theirs = _notify(case_officer)
    client.force_login(leader)

    response = client.post(reverse("notifications:mark-read", args=[mine.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:inbox")
    client.post(reverse("notifications:mark-read", args=[theirs.pk]))

    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_read_returns_only_to_a_page_on_this_site(client, leader, pushed):
    note = _notify(leader)
    client.force_login(leader)
    response = client.post(
        reverse("notifications:mark-read", args=[note.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("notifications:inbox")
    note = _notify(leader)
    response = client.post(
        reverse("notifications:mark-read", args=[note.pk]), {"next": "/notifications/?show=unread"}
    )
    assert response["Location"] == "/notifications/?show=unread"


def test_marking_is_post_only(client, leader, pushed):
    note = _notify(leader)
    client.force_login(leader)
    assert client.get(reverse("notifications:mark-read", args=[note.pk])).status_code == 405
    assert client.get(reverse("notifications:mark-all-read")).status_code == 405


def test_reader_marks_all_read_and_the_badge_drops_to_zero(client, case_officer, leader, pushed):
    _notify(leader)
    _notify(leader)
    _notify(case_officer)
    client.force_login(leader)

    response = client.post(reverse("notifications:mark-all-read"), follow=True)

    assert 'data-testid="unread-count"' in response.content.decode()
    assert response.context["notification_counts"]["unread"] == 0
    assert Notification.objects.filter(recipient=case_officer, read_at__isnull=True).count() == 1


def test_the_inbox_carries_what_the_page_needs_to_list_a_live_notification(client, leader):
    client.force_login(leader)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert 'data-live-list="on"' in page
    assert '<template id="notification-row">' in page
    assert 'action="/notifications/0/read/"' in page
    assert 'id="notification-kinds"' in page
    assert 'data-time-zone="Asia/Ho_Chi_Minh"' in page


def test_a_later_page_of_the_inbox_does_not_take_live_rows(client, leader, pushed):
    for _ in range(31):
        _notify(leader)
    client.force_login(leader)
    later = client.get(reverse("notifications:inbox"), {"page": 2}).content.decode()
    assert 'data-live-list=""' in later
