"""A voter meeting and a recommendation taken through by the demo users in a real Chromium: the
city's officer records a session, plans a meeting, announces and holds it, enters what voters
raised and the minutes, merges opinions into an item and routes it; the leader signs the
report; the agency answers; the officer records how voters were told; the leader publishes."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recommendations.models import Item, Meeting, Session

from .test_demo_logins import sign_in, sign_out

pytestmark = [pytest.mark.browser]


@pytest.fixture
def voter_site(demo_site):
    from importlib import import_module

    from django.apps import apps

    from workdays.models import TimeLimit

    if not TimeLimit.objects.filter(case_kind="voter_na").exists():
        import_module("recommendations.migrations.0002_time_limits").seed(apps, None)
    return demo_site


def run_step(page, action, fields=None):
    """Opens the step's form on the case page, fills it and submits it."""
    form = page.locator(f"details:has(button[data-action={action}])")
    form.locator("summary").click()
    for name, value in (fields or {}).items():
        field = form.locator(f"[name='{action}-{name}']")
        tag = field.first.evaluate("e => e.tagName + ':' + (e.type || '')")
        if tag.startswith("SELECT"):
            field.select_option(value)
        elif tag.endswith(":checkbox"):
            form.locator(f"[name='{action}-{name}'][value='{value}']").check()
        else:
            field.fill(value)
    form.locator(f"button[data-action={action}]").click()
    expect(page.locator(".messages")).to_be_visible()


def state(page):
    return page.get_by_test_id("state")


def test_a_recommendation_goes_from_meeting_to_publication_in_the_browser(
    voter_site, live_server, page
):
    base = live_server.url
    province, delegation = voter_site["province"], voter_site["delegation"]
    opens = timezone.localdate() + dt.timedelta(days=60)

    sign_in(page, base, "chuyenvien")
    page.goto(f"{base}/voters/")
    page.locator("details summary").click()
    page.locator("select[name=unit]").select_option(str(province.pk))
    page.locator("select[name=delegation]").select_option(str(delegation.pk))
    page.locator("input[name=term]").fill("16")
    page.locator("input[name=number]").fill("3")
    page.locator("input[name=title]").fill("Kỳ họp thứ ba, Quốc hội khóa XVI")
    page.locator("input[name=opens_on]").fill(opens.isoformat())
    page.locator("input[name=closes_on]").fill((opens + dt.timedelta(days=30)).isoformat())
    page.locator("main form button[type=submit]").click()
    session = Session.objects.get(number=3)
    expect(page).to_have_url(f"{base}/voters/sessions/{session.pk}/")

    # Plan the meeting for tomorrow morning.
    page.locator(f"a[href='/voters/sessions/{session.pk}/meetings/new/']").click()
    starts = timezone.localtime() + dt.timedelta(days=1)
    page.locator("input[name=starts_at]").fill(starts.strftime("%Y-%m-%dT08:00"))
    page.locator("input[name=place]").fill("Nhà văn hóa phường Hoàn Kiếm")
    page.get_by_label("Nguyễn Thị Đại").check()
    page.locator("main form button[type=submit]").click()
    meeting = Meeting.objects.get(session=session)
    expect(page).to_have_url(f"{base}/voters/meetings/{meeting.pk}/")
    run_step(page, "announce")
    expect(state(page)).to_have_attribute("class", re.compile("state-announced"))

    # The meeting took place yesterday, as the clock would have it by now.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts - dt.timedelta(days=2))
    page.reload()
    run_step(
        page,
        "hold",
        {
            "voters_attending": "120",
            "deputies_present": str(Meeting.objects.get(pk=meeting.pk).deputies.get().deputy_id),
        },
    )
    expect(state(page)).to_have_attribute("class", re.compile("state-held"))

    page.get_by_test_id("enter-opinions").click()
    rows = [
        "Đề nghị sửa chữa đường Nguyễn Trãi bị hư hỏng.",
        "Đường Nguyễn Trãi xuống cấp, đề nghị sửa chữa.",
    ]
    for n, text in enumerate(rows):
        page.locator(f"textarea[name='row-{n}-content']").fill(text)
        page.locator(f"select[name='row-{n}-field']").select_option("infrastructure")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/voters/meetings/{meeting.pk}/")
    for _ in rows:
        page.get_by_test_id("to-aggregate").first.click()
    run_step(page, "record_minutes", {"minutes": "Hội nghị diễn ra đúng kế hoạch."})
    run_step(page, "close")
    expect(state(page)).to_have_attribute("class", re.compile("state-closed"))

    # Merge the two opinions the workspace proposes as one group.
    page.goto(f"{base}/voters/sessions/{session.pk}/aggregate/")
    cluster = page.get_by_test_id("cluster")
    expect(cluster.locator("input[type=checkbox]")).to_have_count(2)
    cluster.locator("input[type=checkbox]").first.check()
    cluster.locator("input[type=checkbox]").nth(1).check()
    page.locator("input[name=title]").fill("Sửa chữa đường Nguyễn Trãi")
    page.locator("textarea[name=content]").fill("Cử tri đề nghị sửa chữa đường Nguyễn Trãi.")
    page.locator("button[name=draft]").click()
    item = Item.objects.get(session=session)
    assert item.voter_count() == 2
    page.goto(f"{base}/voters/items/{item.pk}/")
    agency = voter_site["province_agency"]
    run_step(
        page, "classify", {"scope": "local", "field": "infrastructure", "agencies": str(agency.pk)}
    )
    expect(state(page)).to_have_attribute("class", re.compile("state-classified"))
    sign_out(page, base)

    sign_in(page, base, "lanhdao")
    page.goto(f"{base}/voters/items/{item.pk}/")
    run_step(page, "send_report")
    expect(state(page)).to_have_attribute("class", re.compile("state-awaiting_answer"))
    sign_out(page, base)

    sign_in(page, base, "coquan")
    page.goto(f"{base}/inbox/")
    expect(page.locator("main")).to_contain_text(item.code)
    page.goto(f"{base}/voters/items/{item.pk}/")
    run_step(
        page, "answer", {"outcome": "resolved", "content": "Đã bố trí vốn, sửa xong trong quý I."}
    )
    expect(state(page)).to_have_attribute("class", re.compile("state-answered"))
    sign_out(page, base)

    sign_in(page, base, "chuyenvien")
    page.goto(f"{base}/voters/items/{item.pk}/")
    run_step(page, "inform", {"how": "meeting"})
    run_step(page, "prepare_publication")
    sign_out(page, base)

    sign_in(page, base, "lanhdao")
    page.goto(f"{base}/voters/items/{item.pk}/")
    run_step(page, "publish")
    expect(state(page)).to_have_attribute("class", re.compile("state-published"))
    item.refresh_from_db()
    assert item.published_on == timezone.localdate() and item.posted_until > item.published_on
