"""Every row of the §3 table that concerns the boards, read from its TimeLimit setting: the
plan 5 WD before (Decree 59 Art. 14.1b), the investor 45 days before (Art. 45.1b), the Front's
certification in 3 WD (setting), the 15-day answer (Art. 40.1c, 45.2c) with its reminder
5 WD before, the follow-up the day after and the escalation 5 WD after; a changed setting is
followed."""

import datetime as dt

import pytest
from django.utils import timezone

from supervision import deadlines, services
from supervision.models import InspectionCase
from workdays import calendar
from workdays.models import TimeLimit
from workflows import acting
from workflows.tasks import fire_due_timers


@pytest.mark.parametrize(
    "kind, step, count, unit",
    [
        ("board_inspection", "plan_notice", 5, "working_days"),
        ("board_inspection", "certify", 3, "working_days"),
        ("board_inspection", "answer", 15, "days"),
        ("board_investment", "investor_notice", 45, "days"),
        ("board_investment", "certify", 3, "working_days"),
        ("board_investment", "answer", 15, "days"),
    ],
)
def test_each_limit_is_seeded_with_its_legal_value(board_limits, kind, step, count, unit):
    limit = TimeLimit.objects.get(case_kind=kind, step=step)
    assert (limit.count, limit.unit) == (count, unit)
    assert limit.legal_basis
    if step == "answer":
        assert (limit.reminder_working_days, limit.escalate_after_working_days) == (5, 5)


def _request(boards):
    return services.case_open(
        actor=boards.member,
        board=boards.board,
        source="request",
        subject="Lấn chiếm đất công",
        supervised_body="UBND xã",
        starts_on=timezone.localdate(),
        requester_name="Hà Văn Dân",
    )


def test_the_earliest_start_is_five_working_days_after_the_plan(boards):
    case = _request(boards)
    monday = dt.date(2026, 11, 2)
    case.plan_sent_on = monday
    assert deadlines.earliest_start(case) == calendar.add_working_days(monday, 5)
    TimeLimit.objects.filter(case_kind="board_inspection", step="plan_notice").update(count=7)
    assert deadlines.earliest_start(case) == calendar.add_working_days(monday, 7)


def test_the_investor_is_told_45_days_before(boards, investment_board):
    case = services.round_open(
        actor=boards.investment_member,
        board=investment_board,
        subject="X",
        starts_on=dt.date(2027, 3, 1),
    )
    assert deadlines.latest_investor_notice(case) <= dt.date(2027, 1, 15)
    case.notice_sent_on = dt.date(2027, 1, 1)
    assert deadlines.earliest_start(case) == dt.date(2027, 2, 15)


def _sent(boards, days_ago: int):
    case = _request(boards)
    past = timezone.localdate() - dt.timedelta(days=days_ago)
    for action, who, data in (
        (
            "send_plan",
            boards.member,
            {"plan_sent_on": past - dt.timedelta(days=10), "sent_to": "UBND"},
        ),
        ("start", boards.member, {}),
        ("record_findings", boards.member, {"findings": "…"}),
        ("draft_recommendation", boards.member, {"recommendation": "Đề nghị …"}),
        ("certify", boards.leader, {}),
        (
            "send",
            boards.head,
            {"answerer": "ubnd", "answering_agency": boards.agency, "sent_on": past},
        ),
    ):
        acting.act(case=case, action=action, actor=who, **data)
    case.refresh_from_db()
    return case


def test_the_answer_is_due_fifteen_days_after_sending(boards):
    case = _sent(boards, 0)
    limit = TimeLimit.objects.get(case_kind="board_inspection", step="answer")
    assert case.answer_due == calendar.add_days(case.sent_on, 15)
    assert limit.count == 15
    assert acting.open_tasks(case)[0].route.due == case.answer_due


def test_the_certification_step_is_due_in_three_working_days(boards):
    case = _request(boards)
    for action, data in (
        (
            "send_plan",
            {"plan_sent_on": timezone.localdate() - dt.timedelta(days=10), "sent_to": "UBND"},
        ),
        ("start", {}),
        ("record_findings", {"findings": "…"}),
        ("draft_recommendation", {"recommendation": "Đề nghị …"}),
    ):
        acting.act(case=case, action=action, actor=boards.member, **data)
    route = acting.open_tasks(case)[0].route
    assert route.due == calendar.add_working_days(timezone.localdate(), 3)


def test_an_unanswered_recommendation_is_followed_up_then_escalated(boards):
    case = _sent(boards, 30)  # due 15 days ago, escalation 5 WD after it has passed
    fire_due_timers()
    case.refresh_from_db()
    assert case.state == "escalated"
    reasons = list(case.history.values_list("history_change_reason", flat=True))
    assert (
        "Answer overdue: followed up" in reasons
        and "Escalated through the commune Front" in reasons
    )
    from notifications.models import Notification

    kinds = set(Notification.objects.filter(case_id=case.pk).values_list("kind", flat=True))
    assert {"deadline_passed", "escalated"} <= kinds
    # The answer still comes, and the case goes on.
    acting.act(case=case, action="respond", actor=boards.official, response="Đã xử lý.")
    assert InspectionCase.objects.get(pk=case.pk).state == "responded"


def test_a_recommendation_just_past_due_is_overdue_not_yet_escalated(boards):
    case = _sent(boards, 17)
    fire_due_timers()
    case.refresh_from_db()
    assert case.state == "overdue"


def test_an_answer_in_time_stops_the_clock(boards):
    case = _sent(boards, 1)
    acting.act(case=case, action="respond", actor=boards.official, response="Đã xử lý.")
    fire_due_timers()
    case.refresh_from_db()
    assert case.state == "responded"


def test_the_reminder_goes_five_working_days_before_the_answer_is_due(boards):
    case = _sent(boards, 12)  # due in three days: the reminder day has come
    fire_due_timers()
    case.refresh_from_db()
    assert case.state == "awaiting_response"
    from notifications.models import Notification

    reminded = Notification.objects.filter(case_id=case.pk, kind="deadline_reminder")
    assert {boards.official.pk, boards.head.pk} <= set(reminded.values_list("recipient", flat=True))
    limit = TimeLimit.objects.get(case_kind="board_inspection", step="answer")
    assert calendar.subtract_working_days(case.answer_due, limit.reminder_working_days) <= (
        timezone.localdate()
    )
