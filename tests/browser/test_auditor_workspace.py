"""The auditor opens a demo case in a real Chromium: its timeline shows who did what, when and
why (the timer's follow-up and escalation by the system included), and two versions compare
side by side. The denouncer of the demo denunciation stays hidden from the auditor."""

import pytest
from playwright.sync_api import expect

from casework.demo import DENOUNCER, load_demo_petitions
from casework.models import Petition

from .test_demo_logins import sign_in

pytestmark = [pytest.mark.browser]


def test_the_auditor_reads_a_demo_case_s_timeline_and_compares_two_versions(
    demo_site, live_server, page
):
    load_demo_petitions(demo_site)
    overdue = Petition.objects.get(title__startswith="Phản ánh tiếng ồn")
    base = live_server.url

    sign_in(page, base, "kiemtra")
    page.locator("[data-testid=audit-link]").click()
    page.goto(f"{base}/audit/cases/{overdue.pk}/")
    events = page.locator("[data-testid=audit-events]")
    expect(events.locator("tr[data-kind=transition]").first).to_be_visible()
    expect(events).to_contain_text("Trần Văn Chuyên")  # the case officer who classified it
    expect(events).to_contain_text("Hệ thống")  # the follow-up and the escalation
    expect(events).to_contain_text("Xử lý theo quy trình")  # a reason given at a step
    assert events.locator("tr[data-kind=task]").count() > 0

    compare = page.locator("[data-testid=compare-form]").first
    first_version = compare.locator("select[name=a] option").last.get_attribute("value")
    last_version = compare.locator("select[name=b] option").first.get_attribute("value")
    compare.locator("select[name=a]").select_option(first_version)
    compare.locator("select[name=b]").select_option(last_version)
    compare.locator("button[type=submit]").click()
    diff = page.locator("[data-testid=version-diff]")
    expect(diff).to_be_visible()
    assert diff.locator("tr[data-changed='1']").count() >= 2  # at least the state and due dates

    denunciation = Petition.objects.get(kind="denunciation", title__endswith="[demo]")
    page.goto(f"{base}/audit/cases/{denunciation.pk}/")
    expect(page.locator("[data-testid=audit-events]")).to_be_visible()
    for secret in (DENOUNCER.full_name, DENOUNCER.id_number, DENOUNCER.phone):
        assert secret not in page.content()
