"""A petition taken from reception to close by the demo users in a real Chromium: the
reception officer registers it and prints the receipt, the case officer classifies and refers
it, the leader signs the transfer slip, the agency official answers, and the case is disclosed
and closed."""

import re

import pytest
from playwright.sync_api import expect

from casework.models import Petition

from .test_demo_logins import sign_in, sign_out

pytestmark = [pytest.mark.browser]

SUBJECT = "Đề nghị sửa đường ngõ 42 phố Hàng Bạc"


def act(page, base_url, petition, action, fields):
    """Opens the action's own form on the case, fills it and submits it."""
    page.goto(f"{base_url}/cases/petitions/{petition.pk}/act/{action}/")
    form = page.locator("main form[method=post]").first
    for name, value in fields.items():
        # Action forms are prefixed with the action's name, so several fit on the case page.
        field = form.locator(f"[name='{action}-{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/cases/petitions/{petition.pk}/$"))


def test_a_petition_goes_from_reception_to_close_in_the_browser(demo_site, live_server, page):
    base = live_server.url

    sign_in(page, base, "tiepdan")
    page.goto(f"{base}/cases/petitions/new/")
    page.locator("select[name=unit]").select_option(str(demo_site["commune0"].pk))
    page.locator("select[name=channel]").select_option("in_person")
    page.locator("select[name=kind]").select_option("recommendation")
    page.locator("input[name=title]").fill(SUBJECT)
    page.locator("textarea[name=content]").fill("Mặt đường ngõ 42 hư hỏng nặng, đọng nước.")
    page.locator("input[name='signers-0-full_name']").fill("Nguyễn Thị Hoa")
    page.locator("input[name='signers-0-id_number']").fill("001190012345")
    page.locator("input[name='signers-0-phone']").fill("0912000111")
    page.locator("#intake-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/receipt/$"))
    petition = Petition.objects.get(title=SUBJECT)
    expect(page.locator("main")).to_contain_text(petition.tracking_code)
    page.emulate_media(media="print")
    expect(page.locator("main")).to_contain_text("Nguyễn Thị Hoa")
    page.emulate_media(media="screen")
    sign_out(page, base)

    sign_in(page, base, "chuyenvien")
    page.goto(f"{base}/inbox/")
    expect(page.locator("main")).to_contain_text(petition.tracking_code)
    act(
        page,
        base,
        petition,
        "classify",
        {"kind": "recommendation", "field": "construction", "reason": "Đủ điều kiện xử lý"},
    )
    act(
        page,
        base,
        petition,
        "refer",
        {"agency": str(demo_site["agency"].pk), "reason": "Thuộc thẩm quyền UBND phường"},
    )
    sign_out(page, base)

    sign_in(page, base, "lanhdao")
    act(page, base, petition, "send_referral", {"reason": "Đã ký"})
    referral = petition.referrals.get()
    page.goto(f"{base}/cases/referrals/{referral.pk}/slip/")
    expect(page.locator("main")).to_contain_text(referral.slip_number)
    expect(page.locator("main")).to_contain_text(SUBJECT)
    sign_out(page, base)

    sign_in(page, base, "coquan")
    page.goto(f"{base}/inbox/")
    expect(page.locator("main")).to_contain_text(petition.tracking_code)
    act(
        page,
        base,
        petition,
        "record_answer",
        {
            "document_number": "88/UBND-QLĐT",
            "document_date": "2026-11-20",
            "summary": "UBND phường đã đưa tuyến ngõ vào kế hoạch sửa chữa quý I/2027.",
            "outcome": "in_progress",
            "reason": "Trả lời kiến nghị",
        },
    )
    sign_out(page, base)

    sign_in(page, base, "chuyenvien")
    act(
        page,
        base,
        petition,
        "notify_petitioner",
        {"on": "2026-11-21", "channel": "phone", "reason": "Đã gọi điện báo"},
    )
    act(
        page,
        base,
        petition,
        "submit_disclosure",
        {
            "summary": "Kiến nghị sửa đường ngõ 42 được UBND phường đưa vào kế hoạch quý I/2027.",
            "reason": "Công khai kết quả",
        },
    )
    sign_out(page, base)

    sign_in(page, base, "lanhdao")
    act(page, base, petition, "approve_disclosure", {"reason": "Đồng ý công khai"})
    sign_out(page, base)

    sign_in(page, base, "chuyenvien")
    act(page, base, petition, "close", {"reason": "Hoàn thành"})
    expect(page.locator("[data-testid=state]")).to_have_text(
        str(Petition.objects.get(pk=petition.pk).get_state_display())
    )
    petition.refresh_from_db()
    assert petition.state == "closed"
