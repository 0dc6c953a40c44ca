"""Who may do each step, refused to everyone else of the cast: every step of a People's
Inspection Board case, of an investment supervision round and of a by-election, and the
records that run in no flow (plans, reports, ratings, board changes)."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.errors import NotAllowed
from supervision import services
from workflows import acting

from .conftest import act, steps

CAST = ("member", "head", "officer", "leader", "official", "auditor", "stranger")


def _refused_to_all_but(boards, case, action, allowed, **data):
    for name in CAST:
        if name in allowed:
            continue
        with pytest.raises(NotAllowed):
            acting.act(case=case, action=action, actor=getattr(boards, name), **data)
    return act(case, action, getattr(boards, allowed[0]), **data)


def test_every_step_of_an_inspection_case_by_its_role_only(boards):
    case = services.case_open(
        actor=boards.member,
        board=boards.board,
        source="request",
        subject="Lấn chiếm",
        supervised_body="UBND xã",
        starts_on=timezone.localdate(),
        requester_name="Hà Văn Dân",
    )
    past = timezone.localdate() - dt.timedelta(days=10)
    board_work = ("member", "head")
    for action, allowed, data in (
        ("send_plan", board_work, {"plan_sent_on": past, "sent_to": "UBND"}),
        ("start", board_work, {}),
        ("record_findings", board_work, {"findings": "Có vi phạm."}),
        ("draft_recommendation", board_work, {"recommendation": "Đề nghị xử lý."}),
        ("certify", ("leader",), {}),
        ("send", ("head",), {"answerer": "ubnd", "answering_agency": boards.agency}),
        ("respond", ("official", "member", "head"), {"response": "Đã xử lý."}),
        ("tell_requester", board_work, {"told_how": "Gặp trực tiếp"}),
        ("report", ("head",), {"report_note": "Xong."}),
        ("close", ("officer",), {}),
    ):
        case = _refused_to_all_but(boards, case, action, allowed, **data)
    assert case.state == "closed" and steps(case) == []


def test_every_step_of_a_round_by_its_role_only(boards, investment_board):
    boards.member, boards.head = boards.investment_member, boards.investment_head
    case = services.round_open(
        actor=boards.member,
        board=investment_board,
        subject="Nền đường",
        starts_on=timezone.localdate(),
    )
    board_work = ("member", "head")
    sent = timezone.localdate() - dt.timedelta(days=50)
    for action, allowed, data in (
        ("notify_investor", board_work, {"notice_sent_on": sent}),
        ("start_site_check", board_work, {}),
        ("check_item", board_work, {"item": "land", "conformity": "yes"}),
        ("record_findings", board_work, {"findings": "Đúng thiết kế."}),
        ("draft_recommendation", board_work, {"recommendation": "Đề nghị công khai."}),
        ("certify", ("leader",), {}),
        ("send", ("head",), {"answerer": "ubnd", "answering_agency": boards.agency}),
        ("respond", ("official", "member", "head"), {"response": "Đã công khai."}),
        ("inform_residents", board_work, {"informed_how": "Họp dân"}),
        ("report", ("head",), {"report_note": "Xong."}),
        ("close", ("officer",), {}),
    ):
        case = _refused_to_all_but(boards, case, action, allowed, **data)
    assert case.state == "closed"
    assert (case.answer_due - case.sent_on).days >= 15  # THDCOCS Art. 45.2c


def test_a_by_election_by_the_fronts_officer_only(boards):
    member = boards.board.members.get(full_name="Vũ Thị Lan")
    vacancy = services.member_leave(
        actor=boards.officer, member=member, left_on=timezone.localdate(), reason="Chuyển đi"
    )
    _refused_to_all_but(
        boards, vacancy, "waive", ("officer",), reason="Đã có thành viên kiêm nhiệm"
    )
    vacancy.refresh_from_db()
    assert vacancy.state == "waived"


@pytest.mark.parametrize("who", ["member", "head", "official", "stranger", "auditor"])
def test_only_the_front_changes_a_board(boards, who):
    with pytest.raises(NotAllowed):
        services.member_add(actor=getattr(boards, who), board=boards.board, full_name="X Văn Y")
    with pytest.raises(NotAllowed):
        services.board_end(actor=getattr(boards, who), board=boards.board, reason="Hết nhiệm kỳ")


@pytest.mark.parametrize("who", ["officer", "member", "head", "official"])
def test_only_the_fronts_leader_approves_a_plan_and_rates_a_board(boards, who):
    plan = services.plan_create(actor=boards.member, board=boards.board, period="year", year=2026)
    services.plan_item_add(
        actor=boards.member,
        plan=plan,
        subject="X",
        supervised_body="Y",
        starts_on=timezone.localdate(),
    )
    with pytest.raises(NotAllowed):
        services.plan_approve(actor=getattr(boards, who), plan=plan)
    with pytest.raises(NotAllowed):
        services.rating_record(
            actor=getattr(boards, who), board=boards.board, year=2026, grade="tot", reason="R"
        )


def test_the_board_drafts_its_report_and_only_its_head_submits_it(boards):
    report = services.report_create(
        actor=boards.member,
        board=boards.board,
        period="quarter",
        year=2026,
        number=4,
        narrative="Ban đã giám sát hai nội dung.",
    )
    assert (report.starts_on, report.ends_on) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    for who in ("member", "officer", "leader"):
        with pytest.raises(NotAllowed):
            services.report_submit(actor=getattr(boards, who), report=report)
    services.report_submit(actor=boards.head, report=report)
    report.refresh_from_db()
    assert report.state == "submitted" and report.submitted_on == timezone.localdate()
    with pytest.raises(NotAllowed):
        services.report_create(actor=boards.stranger, board=boards.board, period="year", year=2026)
