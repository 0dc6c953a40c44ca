"""The commune boards in a real Chromium, mostly on a 390 px phone: a People's Inspection Board
case from the board's plan to the Front's closing (plan drafted, approved, case opened, plan
sent, findings, recommendation certified, numbered and sent, answered, reported, closed), and
a community investment supervision round through its checklist with a photo from the phone and
a recommendation to suspend the works. Every page is checked for sideways scrolling."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .test_demo_logins import sign_in, sign_out
from .test_voter_recommendation_end_to_end import run_step, state

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def board_site(demo_site):
    from importlib import import_module

    from django.apps import apps

    from supervision.demo import load_demo
    from workdays.models import TimeLimit

    if not TimeLimit.objects.filter(case_kind="board_inspection").exists():
        import_module("supervision.migrations.0002_time_limits").seed(apps, None)
    load_demo(demo_site)
    return demo_site


def fits(page):
    """No sideways scrolling at the current width."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def as_user(page, base, username, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, base, username)


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1600), (120, 80, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_board_case_from_plan_to_report_and_a_round_through_its_checklist(
    board_site, live_server, page, tmp_path, settings
):
    from supervision.models import Board, InspectionCase, InvestmentRound

    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    board = Board.objects.get(unit=board_site["board"])
    today = timezone.localdate()
    past = (today - dt.timedelta(days=10)).isoformat()

    # The board member drafts next quarter's plan on the phone.
    as_user(page, base, "bttnd", PHONE)
    expect(page.get_by_test_id("board-panel")).to_contain_text(board.unit.name)
    fits(page)
    page.goto(f"{base}/boards/{board.pk}/plans/new/")
    fits(page)
    page.locator("[name=period]").select_option("year")
    page.locator("[name=year]").fill(str(today.year + 1))
    page.locator("form button.primary").click()
    expect(state(page)).to_be_visible()
    page.locator("[name=subject]").fill("Quản lý chợ dân sinh phường")
    page.locator("[name=supervised_body]").fill("Ban quản lý chợ")
    page.locator("[name=starts_on]").fill(today.isoformat())
    page.get_by_test_id("add-item").click()
    expect(page.locator(".board-list")).to_contain_text("Quản lý chợ dân sinh phường")
    fits(page)
    plan_url = page.url
    sign_out(page, base)

    # The Front's leader approves it at the desk.
    as_user(page, base, "lanhdao", DESKTOP)
    page.goto(plan_url)
    page.get_by_test_id("approve-plan").click()
    expect(state(page)).to_contain_text("Đã duyệt")
    sign_out(page, base)

    # Back on the phone: a case from the plan item, taken through the board's steps.
    as_user(page, base, "bttnd", PHONE)
    page.goto(f"{base}/boards/{board.pk}/cases/new/")
    fits(page)
    page.locator("[name=plan_item]").select_option(label="Quản lý chợ dân sinh phường")
    page.get_by_test_id("open-case").click()
    expect(state(page)).to_contain_text("Đã lên kế hoạch")
    fits(page)
    case = InspectionCase.objects.get(subject="Quản lý chợ dân sinh phường")
    run_step(page, "send_plan", {"plan_sent_on": past})
    run_step(page, "start")
    run_step(page, "record_findings", {"findings": "Ban quản lý thu phí vượt mức quy định."})
    fits(page)
    run_step(page, "draft_recommendation", {"recommendation": "Đề nghị hoàn trả phí thu vượt."})
    expect(state(page)).to_contain_text("Đã dự thảo kiến nghị")
    sign_out(page, base)

    as_user(page, base, "lanhdao", DESKTOP)
    page.goto(f"{base}{case.get_absolute_url()}")
    run_step(page, "certify")
    sign_out(page, base)

    as_user(page, base, "truongban", PHONE)
    page.goto(f"{base}{case.get_absolute_url()}")
    run_step(page, "send", {"answering_agency": str(board_site["agency"].pk)})
    expect(page.get_by_test_id("answer-due")).to_be_visible()
    fits(page)
    sign_out(page, base)

    as_user(page, base, "coquan", DESKTOP)
    page.goto(f"{base}{case.get_absolute_url()}")
    run_step(page, "respond", {"response": "Ban quản lý chợ đã hoàn trả."})
    sign_out(page, base)

    as_user(page, base, "truongban", PHONE)
    page.goto(f"{base}{case.get_absolute_url()}")
    run_step(page, "report", {"report_note": "Đã xong."})
    fits(page)
    sign_out(page, base)

    as_user(page, base, "chuyenvien", DESKTOP)
    page.goto(f"{base}{case.get_absolute_url()}")
    run_step(page, "close")
    expect(state(page)).to_contain_text("Đã kết thúc")
    case.refresh_from_db()
    assert case.state == "closed" and case.doc_number
    sign_out(page, base)

    # A supervision round on site, on the phone of a member of the project's board.
    project_board = Board.objects.get(unit=board_site["project_board"])
    as_user(page, base, "bgsdt", PHONE)
    page.goto(f"{base}/boards/{project_board.pk}/rounds/new/")
    fits(page)
    page.locator("[name=subject]").fill("Giám sát hoàn trả mặt bằng vỉa hè")
    page.locator("[name=starts_on]").fill(today.isoformat())
    page.get_by_test_id("open-round").click()
    expect(state(page)).to_be_visible()
    fits(page)
    run_step(
        page, "notify_investor", {"notice_sent_on": (today - dt.timedelta(days=50)).isoformat()}
    )
    run_step(page, "start_site_check")
    form = page.locator("details:has(button[data-action=check_item])")
    form.locator("summary").click()
    form.locator("[name=check_item-item]").select_option("harm")
    form.locator("[name=check_item-conformity][value=no]").check()
    form.locator("[name=check_item-notes]").fill("Hố đào không có rào chắn.")
    form.locator("button[data-action=check_item]").click()
    expect(page.locator("[data-item=harm]")).to_contain_text("Hố đào không có rào chắn")
    upload = page.locator("details:has(button[data-action=add_evidence])")
    upload.locator("summary").click()
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(_photo())
    upload.locator("[name=add_evidence-file]").set_input_files(str(photo))
    upload.locator("[name=add_evidence-caption]").fill("Hố đào trước nhà số 30")
    upload.locator("button[data-action=add_evidence]").click()
    expect(page.locator("#evidence img")).to_have_count(1)
    fits(page)
    run_step(page, "record_findings", {"findings": "Hố đào không rào chắn, nguy hiểm."})
    form = page.locator("details:has(button[data-action=draft_recommendation])")
    form.locator("summary").click()
    form.locator("[name=draft_recommendation-recommendation]").fill("Đề nghị tạm dừng thi công.")
    form.locator("[name=draft_recommendation-suspension_requested]").check()
    form.locator("button[data-action=draft_recommendation]").click()
    expect(page.get_by_test_id("suspension")).to_be_visible()
    fits(page)
    round_ = InvestmentRound.objects.get(subject="Giám sát hoàn trả mặt bằng vỉa hè")
    assert round_.state == "recommendation" and round_.suspension_requested
    assert round_.checklist.get(item="harm").conformity == "no"


def test_every_board_screen_fits_a_390_px_phone(board_site, live_server, page):
    """Each screen of the boards, as the people who use it, on a phone: nothing scrolls
    sideways."""
    from supervision.models import (
        Board,
        BoardReport,
        InspectionCase,
        InvestmentRound,
        Plan,
        Project,
    )

    base = live_server.url
    board = Board.objects.get(unit=board_site["board"])
    project_board = Board.objects.get(unit=board_site["project_board"])
    commune = board_site["commune0"]
    screens = {
        "bttnd": [
            "/",
            "/boards/",
            board.get_absolute_url(),
            f"/boards/{board.pk}/cases/new/",
            f"/boards/{board.pk}/plans/new/",
            f"/boards/{board.pk}/reports/new/",
            Plan.objects.filter(board=board).first().get_absolute_url(),
            BoardReport.objects.filter(board=board).first().get_absolute_url(),
            *(c.get_absolute_url() for c in InspectionCase.objects.filter(board=board)),
        ],
        "bgsdt": [
            "/",
            project_board.get_absolute_url(),
            f"/boards/{project_board.pk}/rounds/new/",
            *(c.get_absolute_url() for c in InvestmentRound.objects.all()),
        ],
        "chuyenvien": [
            "/boards/",
            board.get_absolute_url(),
            project_board.get_absolute_url(),
            Board.objects.get(state="proposed").get_absolute_url(),
            "/boards/projects/",
            f"/boards/communes/{commune.pk}/projects/new/",
            f"/boards/communes/{commune.pk}/projects/import/",
            *(p.get_absolute_url() for p in Project.objects.all()),
        ],
    }
    for username, paths in screens.items():
        as_user(page, base, username, PHONE)
        for path in paths:
            response = page.goto(f"{base}{path}")
            assert response.status == 200, path
            fits(page)
        sign_out(page, base)
