"""An agency's answer clock: sending the report schedules the reminder, the follow-up the
morning after the 60th day and the escalation; when they come due the runner fires each once,
records the follow-up and the escalation on the answer and tells the agency and the committee."""

import datetime as dt

from django.utils import timezone
from viewflow.workflow.models import Task

from notifications.models import Notification
from recommendations import services
from workflows import acting, timers

from .conftest import ROWS, held_meeting


def _timers(answer):
    return {
        t.flow_task.name: t
        for t in Task.objects.filter(process__in=answer.processes.all(), flow_task_type="TIMER")
    }


def _routed(voters, plan):
    meeting = held_meeting(voters, plan())
    opinions = services.opinions_capture(meeting=meeting, actor=voters.officer, rows=ROWS)
    for opinion in opinions:
        services.opinion_to_aggregate(opinion=opinion, actor=voters.officer)
    item = services.item_draft(
        actor=voters.officer, session=voters.session, opinions=opinions, title="T", content="C"
    )
    acting.act(
        case=item,
        action="classify",
        actor=voters.officer,
        scope="local",
        field="land",
        agencies=[voters.works],
    )
    acting.act(case=item, action="send_report", actor=voters.leader)
    return item.answers.get()


def test_the_answer_clock_is_scheduled_and_fires_each_timer_once(voters, plan):
    answer = _routed(voters, plan)
    scheduled = {name: t.scheduled for name, t in _timers(answer).items()}
    assert len(scheduled) == 3
    follow_up = timezone.make_aware(
        dt.datetime.combine(answer.answer_due + dt.timedelta(days=1), dt.time(0))
    )
    assert follow_up in scheduled.values()
    reminder, _follow, escalation = sorted(scheduled.values())
    assert reminder < follow_up < escalation

    Task.objects.filter(pk__in=[t.pk for t in _timers(answer).values()]).update(
        scheduled=timezone.now() - dt.timedelta(minutes=1)
    )
    told = Notification.objects.count()
    assert timers.fire_due_timers() == 3
    assert timers.fire_due_timers() == 0
    answer.refresh_from_db()
    assert answer.followed_up_on == timezone.localdate()
    assert answer.escalated_on == timezone.localdate()
    assert answer.state == "awaiting"  # the agency still owes the answer
    kinds = set(Notification.objects.order_by("pk").values_list("kind", flat=True)[told:])
    assert {"deadline_reminder", "deadline_passed", "escalated"} <= kinds
    reasons = list(answer.history.values_list("history_change_reason", flat=True))
    assert any("Follow-up" in r for r in reasons if r) and any(
        "Escalated" in r for r in reasons if r
    )


def test_an_answer_given_in_time_stops_its_clock(voters, plan):
    answer = _routed(voters, plan)
    acting.act(
        case=answer,
        action="answer",
        actor=voters.works_official,
        outcome="resolved",
        content="Đã giải quyết",
    )
    Task.objects.filter(process__in=answer.processes.all(), flow_task_type="TIMER").update(
        scheduled=timezone.now() - dt.timedelta(minutes=1)
    )
    timers.fire_due_timers()
    answer.refresh_from_db()
    assert answer.followed_up_on is None and answer.escalated_on is None
