"""The notifications page updates live in a real Chromium: a notification committed by another
process raises the badge, shows a toast and appears at the top of the open list, without a
reload; a rolled-back one shows nothing.

pytest-django's live_server speaks WSGI and has no WebSocket, so the browser talks to a real
uvicorn process reading this test's database and sharing its Redis channel layer (see
tests/notifications/live.py). SQLite's test database lives in this process's memory and cannot
be shared, so on SQLite these tests are skipped; CI runs them on PostgreSQL and Redis."""

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from playwright.sync_api import expect

from notifications.choices import NotificationKind
from notifications.publisher import publisher
from notifications.services import notify
from tests.notifications.live import (
    LIVE_SERVERS_REASON,
    live_servers_available,
    running_servers,
)
from units.demo import DEMO_PASSWORD

from .test_demo_logins import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not live_servers_available(),
        reason="the browser needs a real uvicorn (WebSocket) reading this test's database: "
        + LIVE_SERVERS_REASON
        + "; SQLite's test database is in memory and cannot be shared with it",
    ),
    # Committed for real: the server reads the user, the session and the rows.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def web(django_db_setup, django_db_blocker):
    with running_servers("web") as (server,):
        yield server


@pytest.fixture
def officer(case_officer):
    """The case officer, with a password the server can check: the suite hashes with MD5 for
    speed, which a server on the default settings does not accept."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        case_officer.set_password(DEMO_PASSWORD)
        case_officer.save(update_fields=["password"])
    return case_officer


def _notify(user, case: str):
    return notify(
        kind=NotificationKind.TASK_ARRIVED,
        user_ids=[user.pk],
        case_label=case,
        step="Classify the petition",
        url="/cases/123/",
        unit_name="Xã An Bình",
    )


def test_the_open_notifications_page_updates_live_and_never_for_a_rolled_back_change(
    web, officer, page
):
    base = web.http_url
    sign_in(page, base, officer.username)
    page.goto(f"{base}/notifications/")
    badge = page.get_by_test_id("unread-count")
    rows = page.locator("table[data-testid=notifications] tbody tr[data-notification]")
    expect(badge).to_have_text("0")
    expect(badge).to_have_attribute("data-live", "on")  # the socket is open
    page.evaluate("window.notReloaded = true")

    with transaction.atomic():
        (row,) = _notify(officer, "DN-2026-000777")
    with translation.override("vi"):
        message = row.message()
        kind_label = str(NotificationKind.TASK_ARRIVED.label)

    expect(badge).to_have_text("1")
    expect(page.locator(".toast")).to_contain_text(message)
    expect(rows).to_have_count(1)
    first = rows.first
    expect(first).to_have_attribute("data-notification", str(row.pk))
    expect(first).to_contain_text(message)
    expect(first).to_contain_text(kind_label)
    expect(first.locator("a")).to_have_attribute("href", "/cases/123/")
    expect(first.locator("form")).to_have_attribute("action", f"/notifications/{row.pk}/read/")
    expect(page.locator("tr[data-empty]")).to_have_count(0)

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        _notify(officer, "DN-2026-000666")
        raise Rollback
    assert publisher.flush(timeout=5)
    # Pushes from one process reach a socket in order: once the marker committed after the
    # rollback is on screen, anything the rollback had wrongly sent would be there too.
    with transaction.atomic():
        (marker,) = _notify(officer, "DN-2026-000888")
    expect(rows.first).to_have_attribute("data-notification", str(marker.pk))
    expect(badge).to_have_text("2")
    expect(rows).to_have_count(2)
    expect(page.get_by_text("DN-2026-000666")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
