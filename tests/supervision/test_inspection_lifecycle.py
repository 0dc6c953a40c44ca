"""A People's Inspection Board case from the board's plan to the Front's closing, and from a
citizen's request: each step by the role its node names, every other role refused."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.errors import DomainError, NotAllowed
from supervision import services
from supervision.models import InspectionCase
from workflows import acting

from .conftest import act, steps


@pytest.fixture
def plan_item(boards):
    plan = services.plan_create(
        actor=boards.member, board=boards.board, period="quarter", year=2026, number=4
    )
    item = services.plan_item_add(
        actor=boards.member,
        plan=plan,
        subject="Việc thu, chi quỹ phòng chống thiên tai năm 2026",
        supervised_body="UBND xã An Bình",
        starts_on=timezone.localdate() + dt.timedelta(days=10),
    )
    services.plan_approve(actor=boards.leader, plan=plan)
    return item


@pytest.fixture
def opened(boards, plan_item):
    return services.case_open(
        actor=boards.member,
        board=boards.board,
        subject="",
        supervised_body="",
        starts_on=plan_item.starts_on,
        plan_item=plan_item,
    )


def _to_findings(boards, case):
    today = timezone.localdate()
    act(
        case, "send_plan", boards.member, plan_sent_on=today - dt.timedelta(days=14), sent_to="UBND"
    )
    act(case, "start", boards.member)
    return act(case, "record_findings", boards.member, findings="Chi sai mục đích 12 triệu đồng.")


def test_a_case_from_the_plan_runs_to_its_closing(boards, opened):
    case = opened
    assert case.state == "planned" and steps(case) == ["send_plan"]
    assert case.subject.startswith("Việc thu, chi")  # from the plan item
    case = _to_findings(boards, case)
    assert case.state == "findings_recorded" and steps(case) == ["conclude"]
    act(case, "draft_recommendation", boards.member, recommendation="Đề nghị thu hồi khoản chi.")
    assert case.state == "recommendation_drafted" and steps(case) == ["certify"]
    route = acting.open_tasks(case)[0].route
    assert route.unit == boards.commune and route.role == "unit_leader"
    act(case, "certify", boards.leader)
    assert case.state == "certified" and steps(case) == ["send"]
    act(case, "send", boards.head, answerer="ubnd", answering_agency=boards.agency)
    assert case.state == "awaiting_response" and steps(case) == ["answer"]
    assert case.doc_number == "01/KN-BTTND"
    # 15 days from sending (THDCOCS Art. 40.1c), run on to a working day.
    assert (case.answer_due - case.sent_on).days >= 15
    assert acting.open_tasks(case)[0].route.unit == boards.agency
    act(case, "respond", boards.official, response="UBND xã đã thu hồi 12 triệu đồng.")
    assert case.state == "responded" and steps(case) == ["report"]  # from the plan: no requester
    act(case, "report", boards.head, report_note="Đã hoàn thành.")
    assert case.state == "reported" and steps(case) == ["close"]
    act(case, "close", boards.officer)
    assert case.state == "closed" and steps(case) == []
    states = list(case.history.order_by("history_id").values_list("state", flat=True))
    assert states == [
        "planned",
        "notified",
        "investigating",
        "findings_recorded",
        "recommendation_drafted",
        "certified",
        "sent",
        "awaiting_response",
        "responded",
        "reported",
        "closed",
    ]


def test_a_citizens_request_ends_with_the_requester_told(boards):
    case = services.case_open(
        actor=boards.member,
        board=boards.board,
        source="request",
        subject="Đổ đất lấn chiếm hành lang kênh tưới",
        supervised_body="UBND xã An Bình",
        starts_on=timezone.localdate(),
        requester_name="Nguyễn Văn Tố",
        protect_identity=True,
    )
    case = _to_findings(boards, case)
    act(case, "no_issue", boards.member)
    assert case.state == "no_issue" and steps(case) == ["tell_requester"]
    act(case, "tell_requester", boards.member, told_how="Gặp trực tiếp")
    assert case.state == "requester_notified" and steps(case) == ["report"]


def test_the_front_sends_a_recommendation_back(boards, opened):
    case = _to_findings(boards, opened)
    act(case, "draft_recommendation", boards.member, recommendation="Đề nghị …")
    with pytest.raises(DomainError, match="reason"):
        acting.act(case=case, action="send_back", actor=boards.leader, reason=" ")
    act(case, "send_back", boards.leader, reason="Cần nêu rõ căn cứ pháp lý.")
    assert case.state == "findings_recorded" and steps(case) == ["conclude"]
    assert case.returned_reason == "Cần nêu rõ căn cứ pháp lý."


def test_starting_before_the_plan_has_been_out_five_working_days_needs_a_reason(boards, opened):
    case = opened
    act(case, "send_plan", boards.member, plan_sent_on=timezone.localdate(), sent_to="UBND xã")
    with pytest.raises(DomainError, match="earliest start"):
        acting.act(case=case, action="start", actor=boards.member)
    assert InspectionCase.objects.get(pk=case.pk).state == "notified"
    act(case, "start", boards.member, early_reason="Sự việc cấp bách, có nguy cơ mất chứng cứ.")
    assert case.state == "investigating"
    assert "cấp bách" in case.history.latest().history_change_reason


@pytest.mark.parametrize("who", ["official", "auditor", "stranger", "officer"])
def test_only_the_board_works_its_case(boards, opened, who):
    with pytest.raises(NotAllowed):
        acting.act(
            case=opened,
            action="send_plan",
            actor=getattr(boards, who),
            plan_sent_on=timezone.localdate(),
            sent_to="UBND",
        )
    assert InspectionCase.objects.get(pk=opened.pk).state == "planned"


@pytest.mark.parametrize("who", ["member", "head", "officer", "official", "auditor"])
def test_only_the_fronts_leader_certifies(boards, opened, who):
    case = _to_findings(boards, opened)
    act(case, "draft_recommendation", boards.member, recommendation="Đề nghị …")
    with pytest.raises(NotAllowed):
        acting.act(case=case, action="certify", actor=getattr(boards, who))
    assert InspectionCase.objects.get(pk=case.pk).state == "recommendation_drafted"


@pytest.mark.parametrize("who", ["member", "officer", "leader", "official"])
def test_only_the_board_head_sends(boards, opened, who):
    case = _to_findings(boards, opened)
    act(case, "draft_recommendation", boards.member, recommendation="Đề nghị …")
    act(case, "certify", boards.leader)
    with pytest.raises(NotAllowed):
        acting.act(
            case=case,
            action="send",
            actor=getattr(boards, who),
            answerer="ubnd",
            answering_agency=boards.agency,
        )
    assert InspectionCase.objects.get(pk=case.pk).state == "certified"


def test_a_plan_case_needs_an_approved_plan_and_a_board_member(boards, plan_item):
    with pytest.raises(NotAllowed):
        services.case_open(
            actor=boards.officer,
            board=boards.board,
            subject="",
            supervised_body="",
            starts_on=plan_item.starts_on,
            plan_item=plan_item,
        )
    draft = services.plan_create(actor=boards.member, board=boards.board, period="year", year=2027)
    item = services.plan_item_add(
        actor=boards.member,
        plan=draft,
        subject="X",
        supervised_body="Y",
        starts_on=timezone.localdate(),
    )
    with pytest.raises(DomainError, match="approved"):
        services.case_open(
            actor=boards.member,
            board=boards.board,
            subject="",
            supervised_body="",
            starts_on=item.starts_on,
            plan_item=item,
        )
    with pytest.raises(DomainError, match="requester"):
        services.case_open(
            actor=boards.member,
            board=boards.board,
            source="request",
            subject="X",
            supervised_body="Y",
            starts_on=timezone.localdate(),
        )


def test_a_petition_referred_to_the_board_becomes_its_case(boards, tree):
    """THDCOCS Art. 38.7: the commune Front refers a citizen's petition to its board; the board
    supervises it as its own case, the signer its requester, protected as on the petition."""
    from casework import reception
    from casework.services.intake import SignerData
    from units.choices import Role

    from ..conftest import _person

    reception_officer = _person("tiepdan_xa", boards.commune, Role.RECEPTION_OFFICER)
    petition = reception.petition_start(
        actor=reception_officer,
        unit=boards.commune,
        channel="in_person",
        kind="denunciation",
        title="Tố cáo thu sai quỹ thôn",
        content="Trưởng thôn thu quỹ không có phiếu thu.",
        received_on=timezone.localdate(),
        signers=[SignerData(full_name="Trịnh Thị Tố", address="Thôn Đông")],
    ).petition
    acting.act(
        case=petition,
        action="classify",
        actor=boards.officer,
        kind="denunciation",
        field="officials",
        processable=True,
        reason="Đủ điều kiện",
    )
    acting.act(
        case=petition,
        action="refer",
        actor=boards.officer,
        agency=boards.board.unit,
        reason="Giao Ban Thanh tra nhân dân giám sát",
    )
    acting.act(case=petition, action="send_referral", actor=boards.leader, reason="Ký")
    case = InspectionCase.objects.get(source="petition")
    assert case.source_case == petition and case.requester_name == "Trịnh Thị Tố"
    assert case.protect_identity  # a denunciation's signer is always protected
    assert steps(case) == ["send_plan"] and case.board == boards.board
