"""The flows of voter contact: who acts next, by when, and who is told. Each human task
completes through `workflows.acting`, which calls exactly one service; timers and the
Function nodes below act as the system."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from viewflow import this
from viewflow.workflow import flow

from units.choices import Role
from units.services import system_user
from workdays.deadlines import escalation_date, reminder_date
from workflows.announce import announce
from workflows.flows import CaseFlowMixin
from workflows.nodes import Clock, UnitTask

from . import actions as a
from . import deadlines, services
from .choices import AnswerState, ItemState, MeetingState, Verdict

REMINDER_HOUR = 7  # reminders go out before the office opens


def _at(day: dt.date, hour: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _state_is(*states):
    return lambda activation: activation.process.artifact.state in states


def _delegation(case):
    """The deputies' office that takes the minutes and tells the voters (the delegation, or the
    committee itself where the session names none)."""
    session = case.session
    return session.delegation or session.unit


# A meeting ------------------------------------------------------------------------------


def _notice_reminder_at(meeting):
    # As every reminder: the limit's own working days before its deadline (a setting).
    limit = deadlines.limit(meeting.session, deadlines.notice_step(meeting))
    return _at(reminder_date(deadline=deadlines.notice_due(meeting), limit=limit), REMINDER_HOUR)


class MeetingFlow(CaseFlowMixin, flow.Flow):
    process_title = _("Voter meeting")

    start = flow.StartHandle(this.begin).Annotation(title=_("Planned")).Next(this.announce)

    announce = (
        UnitTask(
            title=gettext_noop("Announce the voter meeting"),
            role=Role.CASE_OFFICER,
            actions=(a.ANNOUNCE, a.POSTPONE, a.CANCEL),
            due=deadlines.notice_due,
        )
        .OnTimeout(Clock(_notice_reminder_at), this.remind, interrupting=False, title=_("Reminder"))
        .Next(this.after_announce)
    )
    remind = flow.Function(this.send_reminder).Annotation(title=_("Reminder")).Next(this.timer_done)
    timer_done = flow.End()
    after_announce = (
        flow.Switch()
        .Case(this.hold, _state_is(MeetingState.ANNOUNCED))
        .Case(this.reschedule, _state_is(MeetingState.POSTPONED))
        .Default(this.end)
    )

    hold = UnitTask(
        title=gettext_noop("Hold the meeting and record attendance"),
        role=Role.CASE_OFFICER,
        actions=(a.HOLD, a.POSTPONE, a.CANCEL),
        due=lambda meeting: meeting.meeting_day,
        announce=None,  # the officer who announced it goes on with it
    ).Next(this.after_hold)
    after_hold = (
        flow.Switch()
        .Case(this.minutes, _state_is(MeetingState.HELD))
        .Case(this.reschedule, _state_is(MeetingState.POSTPONED))
        .Default(this.end)
    )

    reschedule = UnitTask(
        title=gettext_noop("Set a new date for the postponed meeting"),
        role=Role.CASE_OFFICER,
        actions=(a.RESCHEDULE, a.CANCEL),
    ).Next(this.after_reschedule)
    after_reschedule = (
        flow.Switch().Case(this.announce, _state_is(MeetingState.PLANNED)).Default(this.end)
    )

    minutes = UnitTask(
        title=gettext_noop("Record the opinions and the minutes"),
        role=Role.CASE_OFFICER,
        actions=(a.RECORD_MINUTES,),
        due=deadlines.minutes_due,
        extra_roles=((Role.DEPUTIES_OFFICE, _delegation),),
        announce=None,
    ).Next(this.close)

    close = UnitTask(
        title=gettext_noop("Sort every opinion and close the meeting"),
        role=Role.CASE_OFFICER,
        actions=(a.CLOSE_MEETING,),
        due=deadlines.minutes_due,
        announce=None,
    ).Next(this.end)

    end = flow.End()

    def send_reminder(self, activation):
        meeting = activation.process.artifact
        announce(
            meeting,
            unit=meeting.unit,
            roles=(Role.CASE_OFFICER,),
            kind="deadline_reminder",
            step=gettext_noop("Announce the voter meeting"),
            deadline=deadlines.notice_due(meeting),
        )


# An aggregated item ---------------------------------------------------------------------


def _answer_due(item):
    return max((p.answer_due for p in item.answers.all() if p.answer_due), default=None)


def _inform_due(item):
    answered = max((p.answered_on for p in item.answers.all() if p.answered_on), default=None)
    return deadlines.inform_due(item.session, answered) if answered else None


def _publish_due(item):
    due = _answer_due(item)
    return deadlines.publish_due(item.session, due) if due else None


def _report_due(item):
    return deadlines.report_due_before(item.session)


class ItemFlow(CaseFlowMixin, flow.Flow):
    process_title = _("Voter recommendation")

    start = flow.StartHandle(this.begin).Annotation(title=_("Drafted")).Next(this.classify)
    # The last agency's answer starts the second run (see AnswerFlow.collect).
    answers_in = (
        flow.StartHandle(this.begin).Annotation(title=_("Answers received")).Next(this.inform)
    )

    classify = UnitTask(
        title=gettext_noop("Classify the recommendation and route it to agencies"),
        role=Role.CASE_OFFICER,
        actions=(a.CLASSIFY,),
        side_actions=(a.EDIT,),
        due=_report_due,
        announce=None,  # the officer who merged it goes on with it
    ).Next(this.sign)

    sign = UnitTask(
        title=gettext_noop("Sign and send the aggregated report"),
        role=Role.UNIT_LEADER,
        actions=(a.SEND_REPORT,),
        due=_report_due,
    ).Next(this.deliver)
    deliver = (
        flow.Function(this.start_answers)
        .Annotation(title=_("The agencies' answer clocks start"))
        .Next(this.end)
    )

    inform = UnitTask(
        title=gettext_noop("Tell the voters the answers"),
        role=Role.CASE_OFFICER,
        actions=(a.INFORM,),
        due=_inform_due,
        extra_roles=((Role.DEPUTIES_OFFICE, _delegation),),
        announce="agency_answered",
    ).Next(this.prepare)

    prepare = UnitTask(
        title=gettext_noop("Prepare the answers for publication"),
        role=Role.CASE_OFFICER,
        actions=(a.PREPARE,),
        due=_publish_due,
        announce=None,
    ).Next(this.approve)

    approve = UnitTask(
        title=gettext_noop("Approve and publish the answers"),
        role=Role.UNIT_LEADER,
        actions=(a.PUBLISH,),
        due=_publish_due,
        announce="publication_awaiting_approval",
    ).Next(this.assess)

    assess = UnitTask(
        title=gettext_noop("Assess the answers"),
        role=Role.CASE_OFFICER,
        actions=(a.ASSESS,),
    ).Next(this.after_assess)
    after_assess = (
        flow.Switch()
        .Case(this.finish, lambda act: act.process.artifact.verdict == Verdict.SATISFACTORY)
        .Default(this.carry)
    )
    finish = flow.Function(this.close_item).Annotation(title=_("Closed")).Next(this.end)
    carry = (
        flow.Function(this.carry_item)
        .Annotation(title=_("Carried over to the next session"))
        .Next(this.end)
    )

    end = flow.End()

    def start_answers(self, activation):
        services.item_await_answers(item=activation.process.artifact, actor=system_user())

    def close_item(self, activation):
        services.item_close(item=activation.process.artifact, actor=system_user())

    def carry_item(self, activation):
        services.item_carry_over(item=activation.process.artifact, actor=system_user())


# An agency's answer ---------------------------------------------------------------------

ANSWER_STEP = gettext_noop("Answer the voter recommendation")


def _answer_limit(answer):
    return deadlines.limit(answer.item.session, "answer")


def _answer_reminder_at(answer):
    return _at(
        reminder_date(deadline=answer.answer_due, limit=_answer_limit(answer)), REMINDER_HOUR
    )


def _answer_follow_up_at(answer):
    # The deadline day is the agency's in full: the follow-up goes out the next morning.
    return _at(answer.answer_due + dt.timedelta(days=1))


def _answer_escalate_at(answer):
    day = escalation_date(deadline=answer.answer_due, limit=_answer_limit(answer))
    return _at(day + dt.timedelta(days=1))


class AnswerFlow(CaseFlowMixin, flow.Flow):
    process_title = _("Agency answer")

    start = flow.StartHandle(this.begin).Annotation(title=_("Received")).Next(this.answer)

    answer = (
        UnitTask(
            title=ANSWER_STEP,
            role=Role.AGENCY_OFFICIAL,
            actions=(a.ANSWER,),
            unit=lambda answer: answer.agency,
            due=lambda answer: answer.answer_due,
            # The committee's officer records an answer that came on paper.
            extra_roles=((Role.CASE_OFFICER, lambda answer: answer.item.unit),),
        )
        .OnTimeout(Clock(_answer_reminder_at), this.remind, interrupting=False, title=_("Reminder"))
        .OnTimeout(
            Clock(_answer_follow_up_at), this.follow_up, interrupting=False, title=_("Follow-up")
        )
        .OnTimeout(
            Clock(_answer_escalate_at), this.escalate, interrupting=False, title=_("Escalation")
        )
        .Next(this.collect)
    )
    remind = flow.Function(this.send_reminder).Annotation(title=_("Reminder")).Next(this.timer_done)
    follow_up = (
        flow.Function(this.send_follow_up).Annotation(title=_("Follow-up")).Next(this.timer_done)
    )
    escalate = (
        flow.Function(this.send_escalation).Annotation(title=_("Escalation")).Next(this.timer_done)
    )
    timer_done = flow.End()
    collect = (
        flow.Function(this.collect_answers).Annotation(title=_("Answers collected")).Next(this.end)
    )
    end = flow.End()

    def collect_answers(self, activation):
        """When the last agency has answered, the item moves on in a new run of its flow."""
        answer = activation.process.artifact
        item = answer.item
        if item.answers.exclude(state=AnswerState.ANSWERED).exists():
            return
        if item.state == ItemState.AWAITING_ANSWER:
            services.item_answers_in(item=item, actor=system_user())
            ItemFlow.answers_in.run(case=item)

    def send_reminder(self, activation):
        self._tell(activation.process.artifact, "deadline_reminder")

    def send_follow_up(self, activation):
        answer = activation.process.artifact
        services.answer_follow_up(agencyanswer=answer, actor=system_user())
        self._tell(answer, "deadline_passed", extra=(Role.UNIT_LEADER,))

    def send_escalation(self, activation):
        answer = activation.process.artifact
        services.answer_escalate(agencyanswer=answer, actor=system_user())
        superior = answer.agency.get_parent() or answer.agency
        announce(
            answer,
            unit=superior,
            roles=(Role.AGENCY_OFFICIAL, Role.UNIT_LEADER),
            kind="escalated",
            step=ANSWER_STEP,
            deadline=answer.answer_due,
        )
        self._tell(answer, "escalated", extra=(Role.UNIT_LEADER,))

    def _tell(self, answer, kind, *, extra=()):
        """Tells the agency, then the committee's officers (and `extra`)."""
        outside = (answer.agency, (Role.AGENCY_OFFICIAL,))
        for unit, roles in (outside, (answer.item.unit, (Role.CASE_OFFICER, *extra))):
            announce(
                answer,
                unit=unit,
                roles=roles,
                kind=kind,
                step=ANSWER_STEP,
                deadline=answer.answer_due,
            )
