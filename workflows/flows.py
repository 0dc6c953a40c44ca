"""The petition flow: who acts next, by when. Each human task completes through
`workflows.actions`, which calls exactly one casework service; timers fire as the system."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from viewflow import this
from viewflow.workflow import flow, lock

from casework import services
from casework.choices import PetitionState as S
from casework.events import tell_roles
from units.choices import Role
from units.services import system_user
from workdays.deadlines import escalation_date, reminder_date, time_limit_for

from .models import PetitionProcess
from .nodes import UnitTask

REMINDER_HOUR = 7  # reminders go out before the office opens


def _agency(petition):
    return petition.current_referral().agency


def _at(day: dt.date, hour: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _answer_limit(petition):
    from casework.services.transitions import answer_variant

    return time_limit_for(case_kind=petition.kind, step="answer", variant=answer_variant(petition))


def _state_is(*states):
    return lambda activation: activation.process.petition.state in states


class PetitionFlow(flow.Flow):
    process_class = PetitionProcess
    # Row lock on the process: two officers completing one task serialise, and the second
    # finds the task done (PostgreSQL; SQLite serialises writers anyway).
    lock_impl = lock.select_for_update_lock
    process_title = _("Petition")

    start = flow.StartHandle(this.begin).Annotation(title=_("Received")).Next(this.classify)
    reopen = flow.StartHandle(this.begin).Annotation(title=_("Reopened")).Next(this.classify)

    classify = UnitTask(
        title=gettext_noop("Classify the petition"),
        role=Role.CASE_OFFICER,
        actions=("classify", "refuse"),
        due=lambda p: p.classify_due,
    ).Next(this.after_classify)
    after_classify = flow.Switch().Case(this.decide, _state_is(S.CLASSIFIED)).Default(this.end)

    decide = UnitTask(
        title=gettext_noop("Decide how to handle the petition"),
        role=Role.CASE_OFFICER,
        actions=("refer", "guide", "return", "archive", "split", "mark_duplicate"),
        due=lambda p: p.classify_due,
    ).Next(this.after_decide)
    after_decide = (
        flow.Switch()
        .Case(this.sign_referral, _state_is(S.REFERRED))
        .Case(this.start_parts, _state_is(S.SPLIT))
        .Default(this.end)
    )
    start_parts = (
        flow.Function(this.start_part_flows)
        .Annotation(title=_("Register the parts"))
        .Next(this.end)
    )

    sign_referral = UnitTask(
        title=gettext_noop("Sign and send the transfer slip"),
        role=Role.UNIT_LEADER,
        actions=("send_referral",),
    ).Next(this.answer)

    answer = (
        UnitTask(
            title=gettext_noop("Answer the referred petition"),
            role=Role.AGENCY_OFFICIAL,
            actions=("record_answer",),
            side_actions=("extend", "suspend", "resume"),
            unit=_agency,
            due=lambda p: p.answer_due,
            extra_roles=((Role.CASE_OFFICER, lambda p: p.unit),),
        )
        .OnTimeout(this.reminder_at, this.remind, interrupting=False, title=_("Reminder"))
        .OnTimeout(this.follow_up_at, this.follow_up, interrupting=False, title=_("Follow-up"))
        .OnTimeout(this.escalate_at, this.escalate, interrupting=False, title=_("Escalation"))
        .Next(this.assess)
    )
    remind = flow.Function(this.send_reminder).Annotation(title=_("Reminder")).Next(this.timer_done)
    follow_up = (
        flow.Function(this.send_follow_up).Annotation(title=_("Follow-up")).Next(this.timer_done)
    )
    escalate = (
        flow.Function(this.send_escalation).Annotation(title=_("Escalation")).Next(this.timer_done)
    )
    timer_done = flow.End()

    assess = UnitTask(
        title=gettext_noop("Assess the answer"),
        role=Role.CASE_OFFICER,
        actions=("notify_petitioner", "request_again", "escalate_to_superior"),
    ).Next(this.after_assess)
    after_assess = (
        flow.Switch()
        .Case(this.answer, _state_is(S.AWAITING_ANSWER))
        .Case(this.sign_referral, _state_is(S.REFERRED))
        .Default(this.disclose)
    )

    disclose = UnitTask(
        title=gettext_noop("Prepare the public summary or close"),
        role=Role.CASE_OFFICER,
        actions=("submit_disclosure", "close"),
    ).Next(this.after_disclose)
    after_disclose = (
        flow.Switch().Case(this.approve, _state_is(S.DISCLOSURE_PENDING)).Default(this.end)
    )

    approve = UnitTask(
        title=gettext_noop("Approve the public summary"),
        role=Role.UNIT_LEADER,
        actions=("approve_disclosure", "reject_disclosure"),
    ).Next(this.after_approve)
    after_approve = flow.Switch().Case(this.close, _state_is(S.DISCLOSED)).Default(this.disclose)

    close = UnitTask(
        title=gettext_noop("Close the case"), role=Role.CASE_OFFICER, actions=("close",)
    ).Next(this.end)

    end = flow.End()

    # Start ------------------------------------------------------------------------------

    def begin(self, activation, *, petition):
        activation.process.petition = petition
        return petition

    def start_part_flows(self, activation):
        for part in activation.process.petition.parts.filter(state=S.RECEIVED):
            if not part.processes.exists():
                self.start.run(petition=part)
                tell_roles(
                    part,
                    unit=part.unit,
                    roles=(Role.CASE_OFFICER,),
                    kind="task_arrived",
                    step=self.classify.step_msgid,
                    deadline=part.classify_due,
                )

    # Deadline timers on the answer step ---------------------------------------------------

    def reminder_at(self, activation):
        petition = activation.process.petition
        day = reminder_date(deadline=petition.answer_due, limit=_answer_limit(petition))
        return _at(day, REMINDER_HOUR)

    def follow_up_at(self, activation):
        # The deadline day is the agency's in full: the follow-up goes out the next morning.
        return _at(activation.process.petition.answer_due + dt.timedelta(days=1))

    def escalate_at(self, activation):
        petition = activation.process.petition
        day = escalation_date(deadline=petition.answer_due, limit=_answer_limit(petition))
        return _at(day + dt.timedelta(days=1))

    def send_reminder(self, activation):
        services.petition_remind(petition=activation.process.petition)

    def send_follow_up(self, activation):
        services.petition_follow_up(petition=activation.process.petition, actor=system_user())

    def send_escalation(self, activation):
        services.petition_escalate(petition=activation.process.petition, actor=system_user())
