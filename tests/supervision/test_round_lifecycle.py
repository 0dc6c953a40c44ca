"""A community investment supervision round: the investor told 45 days ahead, the checklist of
Art. 43.1 for the project's type, a recommendation that asks to suspend the investment,
certified, sent, answered by the investor (recorded by the board), residents informed,
reported, closed."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.errors import DomainError, NotAllowed
from supervision import services
from supervision.choices import Checklist
from supervision.models import InvestmentRound
from workflows import acting

from .conftest import act, steps


@pytest.fixture
def planned(boards, investment_board):
    return services.round_open(
        actor=boards.investment_member,
        board=investment_board,
        subject="Giám sát thi công nền đường",
        starts_on=timezone.localdate() + dt.timedelta(days=50),
    )


def test_the_checklist_follows_the_projects_type(planned):
    items = set(planned.checklist.values_list("item", flat=True))
    # A commune-budget project adds technical standards and final settlement (Art. 43.1).
    assert items == set(Checklist.values)
    planned.project.commune_budget = False
    assert Checklist.STANDARDS not in planned.project.checklist


def test_a_round_runs_from_planning_to_closing(boards, planned):
    member, head = boards.investment_member, boards.investment_head
    case = planned
    assert steps(case) == ["notify"]
    # The investor must be told ≥45 days before the planned site check (Art. 45.1b).
    assert acting.open_tasks(case)[0].route.due <= case.starts_on - dt.timedelta(days=45)
    case = act(
        case, "notify_investor", member, notice_sent_on=timezone.localdate() - dt.timedelta(days=46)
    )
    case = act(case, "start_site_check", member)
    assert case.state == "site_check" and steps(case) == ["checklist"]
    with pytest.raises(DomainError, match="at least one checklist item"):
        acting.act(case=case, action="record_findings", actor=member, findings="…")
    with pytest.raises(DomainError, match="what does not conform"):
        acting.act(case=case, action="check_item", actor=member, item="harm", conformity="no")
    case = act(case, "check_item", member, item="harm", conformity="no", notes="Nứt tường nhà dân")
    case = act(case, "check_item", member, item="land", conformity="yes")
    assert case.state == "site_check"  # a checklist item leaves the step open
    case = act(case, "record_findings", member, findings="Thi công gây nứt tường hai hộ dân.")
    case = act(
        case,
        "draft_recommendation",
        member,
        recommendation="Đề nghị tạm dừng thi công đoạn qua khu dân cư.",
        suspension_requested=True,
    )
    assert case.state == "recommendation" and case.suspension_requested
    case = act(case, "certify", boards.leader)
    case = act(case, "send", head, answerer="investor")
    assert case.state == "awaiting_response" and case.doc_number == "01/KN-GSĐTCĐ"
    # The investor answers on paper: the board records it in its own queue.
    assert acting.open_tasks(case)[0].route.unit == case.board.unit
    with pytest.raises(NotAllowed):
        acting.act(case=case, action="respond", actor=boards.official, response="…")
    case = act(case, "respond", member, response="Chủ đầu tư đã tạm dừng thi công.")
    case = act(case, "inform_residents", member, informed_how="Họp tổ dân phố")
    case = act(case, "report", head, report_note="Đã báo cáo.")
    case = act(case, "close", boards.officer)
    assert case.state == "closed"
    assert list(case.history.order_by("history_id").values_list("state", flat=True))[-8:] == [
        "recommendation",
        "certified",
        "sent",
        "awaiting_response",
        "responded",
        "residents_informed",
        "reported",
        "closed",
    ]


def test_nothing_to_recommend_goes_to_the_residents(boards, planned):
    member = boards.investment_member
    case = act(
        planned,
        "notify_investor",
        member,
        notice_sent_on=timezone.localdate() - dt.timedelta(days=50),
    )
    case = act(case, "start_site_check", member)
    case = act(case, "check_item", member, item="progress", conformity="yes")
    case = act(case, "record_findings", member, findings="Đúng tiến độ.")
    case = act(case, "inform_residents", member, informed_how="Niêm yết")
    assert case.state == "residents_informed" and steps(case) == ["report"]


def test_a_site_check_before_45_days_needs_a_reason(boards, planned):
    member = boards.investment_member
    case = act(
        planned,
        "notify_investor",
        member,
        notice_sent_on=timezone.localdate() - dt.timedelta(days=10),
    )
    with pytest.raises(DomainError, match="earliest start"):
        acting.act(case=case, action="start_site_check", actor=member)
    assert InvestmentRound.objects.get(pk=case.pk).state == "notified"


@pytest.mark.parametrize("who", ["member", "official", "stranger", "auditor"])
def test_only_the_projects_board_plans_a_round(boards, investment_board, who):
    with pytest.raises(NotAllowed):
        services.round_open(
            actor=getattr(boards, who),
            board=investment_board,
            subject="X",
            starts_on=timezone.localdate(),
        )


def test_an_inspection_case_cannot_ask_to_suspend(boards):
    from supervision.forms import RecommendationForm

    case = services.case_open(
        actor=boards.member,
        board=boards.board,
        source="request",
        subject="X",
        supervised_body="Y",
        starts_on=timezone.localdate(),
        requester_name="Ai Đó",
    )
    assert "suspension_requested" not in RecommendationForm(inspectioncase=case).fields
