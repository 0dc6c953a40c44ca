import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.choices import PetitionState as S
from casework.flows import PetitionFlow
from workdays.deadlines import escalation_date, reminder_date, time_limit_for
from workflows import acting, timers

from .conftest import CLASSIFICATION

SENT_ON = dt.date(2026, 1, 26)  # a Monday, three weeks before Tết Bính Ngọ


def _at(day, hour=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _awaiting_answer(receive, case_officer, leader, tree, kind="complaint"):
    petition = receive(kind)
    acting.act(case=petition, action="classify", actor=case_officer, kind=kind, **CLASSIFICATION)
    acting.act(
        case=petition, action="refer", actor=case_officer, agency=tree.agency, reason="Chuyển"
    )
    acting.act(case=petition, action="send_referral", actor=leader, reason="Ký")
    petition.refresh_from_db()
    return petition


def _timer_tasks(petition):
    return {
        task.flow_task.name: task
        for task in Task.objects.filter(
            process__in=petition.processes.all(), flow_task_type="TIMER"
        )
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "due"),
    [
        # 30 days from Mon 26/1/2026 is Wed 25/2, after the Tết break (16–20/2).
        ("complaint", dt.date(2026, 2, 25)),
        ("denunciation", dt.date(2026, 2, 25)),
        ("recommendation", dt.date(2026, 2, 25)),
        ("feedback", dt.date(2026, 2, 25)),
    ],
)
def test_sending_the_slip_schedules_reminder_follow_up_and_escalation(
    kind, due, receive, case_officer, leader, tree, monkeypatch
):
    monkeypatch.setattr("casework.services.common.today", lambda: SENT_ON)
    petition = _awaiting_answer(receive, case_officer, leader, tree, kind)
    assert petition.answer_due == due
    limit = time_limit_for(case_kind=kind, step="answer")
    scheduled = sorted(t.scheduled for t in _timer_tasks(petition).values())
    assert scheduled == [
        _at(reminder_date(deadline=due, limit=limit), 7),
        _at(due + dt.timedelta(days=1)),
        _at(escalation_date(deadline=due, limit=limit) + dt.timedelta(days=1)),
    ]


@pytest.mark.django_db
def test_a_complex_remote_complaint_gets_sixty_days(
    receive, case_officer, leader, tree, monkeypatch
):
    monkeypatch.setattr("casework.services.common.today", lambda: SENT_ON)
    petition = receive("complaint")
    acting.act(
        case=petition,
        action="classify",
        actor=case_officer,
        kind="complaint",
        complexity="complex",
        remote_area=True,
        **CLASSIFICATION,
    )
    acting.act(case=petition, action="refer", actor=case_officer, agency=tree.agency, reason="x")
    acting.act(case=petition, action="send_referral", actor=leader, reason="x")
    petition.refresh_from_db()
    # 60 days from 26/1 is Fri 27/3/2026, a working day.
    assert petition.answer_due == dt.date(2026, 3, 27)


@pytest.mark.django_db
def test_an_answer_before_the_deadline_cancels_every_timer(
    receive, case_officer, leader, agency_official, tree
):
    petition = _awaiting_answer(receive, case_officer, leader, tree)
    acting.act(
        case=petition,
        action="record_answer",
        actor=agency_official,
        reason="Trả lời",
        document_number="1/UBND",
        document_date=timezone.localdate(),
        summary="Đã giải quyết",
        outcome="resolved",
    )
    assert {t.status for t in _timer_tasks(petition).values()} == {STATUS.CANCELED}


@pytest.mark.django_db
def test_an_extension_moves_the_pending_timers_and_a_suspension_stops_them(
    receive, case_officer, leader, agency_official, tree
):
    petition = _awaiting_answer(receive, case_officer, leader, tree)
    before = {n: t.scheduled for n, t in _timer_tasks(petition).items()}
    acting.act(
        case=petition,
        action="extend",
        actor=agency_official,
        reason="Vụ việc phức tạp",
        decision_number="12/QĐ-UBND",
        days=30,
    )
    after = {n: t.scheduled for n, t in _timer_tasks(petition).items()}
    assert all(after[name] > before[name] for name in before)
    acting.act(
        case=petition,
        action="suspend",
        actor=agency_official,
        reason="Chờ giám định",
        decision_number="13/QĐ-UBND",
    )
    assert {t.scheduled for t in _timer_tasks(petition).values()} == {None}
    petition.refresh_from_db()
    assert petition.clock_changes.count() == 2


def _make_due(petition):
    past = timezone.now() - dt.timedelta(minutes=1)
    Task.objects.filter(
        process__in=petition.processes.all(),
        flow_task_type="TIMER",
        status=STATUS.SCHEDULED,
    ).update(scheduled=past)


def _fire_in_two_runners():
    barrier = threading.Barrier(2)
    fired = []

    def runner():
        try:
            barrier.wait()
            fired.append(timers.fire_due_timers())
        finally:
            connection.close()

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return fired


@pytest.mark.django_db(transaction=True)
def test_two_runners_fire_reminder_follow_up_and_escalation_exactly_once(
    postgres_only, receive, case_officer, leader, tree
):
    from notifications.models import Notification

    petition = _awaiting_answer(receive, case_officer, leader, tree)
    _make_due(petition)

    fired = _fire_in_two_runners()
    # Timers the other runner held locked are picked up by the next sweep.
    fired.append(timers.fire_due_timers())

    assert sum(fired) == len(timers.timer_nodes(PetitionFlow)) == 3
    assert {t.status for t in _timer_tasks(petition).values()} == {STATUS.DONE}
    petition.refresh_from_db()
    assert petition.state == S.AWAITING_ANSWER
    system_rows = petition.history.filter(history_user__username="he-thong")
    assert system_rows.count() == 2  # the follow-up and the escalation, once each
    assert all(row.history_change_reason for row in system_rows)
    referral = petition.current_referral()
    assert referral.followed_up_at and referral.escalated_to is not None
    for kind in ("deadline_reminder", "deadline_passed", "escalated"):
        per_user = Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True)
        assert per_user and len(per_user) == len(set(per_user)), kind
    assert timers.fire_due_timers() == 0
