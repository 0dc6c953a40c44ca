"""The petition flow: who acts next, by when, and who is told. Each human task completes through
`workflows.acting`, which calls exactly one service; timers fire as the system."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from viewflow import this
from viewflow.workflow import flow

from units.choices import Role
from units.services import system_user
from workdays.deadlines import escalation_date, reminder_date, time_limit_for
from workflows import acting
from workflows.announce import announce
from workflows.flows import CaseFlowMixin
from workflows.nodes import TASK_ARRIVED, Clock, UnitTask

from . import actions as a
from . import services
from .choices import PetitionState as S
from .models import Disclosure

REMINDER_HOUR = 7  # reminders go out before the office opens
ANSWER_STEP = gettext_noop("Answer the referred petition")


def _agency(petition):
    return petition.current_referral().agency


def _at(day: dt.date, hour: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _answer_limit(petition):
    variant = services.transitions.answer_variant(petition)
    return time_limit_for(case_kind=petition.kind, step="answer", variant=variant)


def _state_is(*states):
    return lambda activation: activation.process.artifact.state in states


def _classify_news(petition) -> str:
    return "case_reopened" if petition.reopen_count else TASK_ARRIVED


def _disclose_news(petition) -> str | None:
    # The officer who told the petitioner goes straight on; a summary sent back is news.
    return TASK_ARRIVED if Disclosure.objects.filter(petition=petition).exists() else None


# The answer step's clocks: none runs while the deadline is suspended.
def _reminder_at(petition):
    if petition.suspended_since:
        return None
    day = reminder_date(deadline=petition.answer_due, limit=_answer_limit(petition))
    return _at(day, REMINDER_HOUR)


def _follow_up_at(petition):
    # The deadline day is the agency's in full: the follow-up goes out the next morning.
    if petition.suspended_since:
        return None
    return _at(petition.answer_due + dt.timedelta(days=1))


def _escalate_at(petition):
    if petition.suspended_since:
        return None
    day = escalation_date(deadline=petition.answer_due, limit=_answer_limit(petition))
    return _at(day + dt.timedelta(days=1))


class PetitionFlow(CaseFlowMixin, flow.Flow):
    process_title = _("Petition")

    start = flow.StartHandle(this.begin).Annotation(title=_("Received")).Next(this.classify)
    reopen = flow.StartHandle(this.begin).Annotation(title=_("Reopened")).Next(this.classify)

    classify = UnitTask(
        title=gettext_noop("Classify the petition"),
        citizen_title=_("The committee is examining your petition."),
        role=Role.CASE_OFFICER,
        actions=(a.CLASSIFY, a.REFUSE),
        due=lambda p: p.classify_due,
        announce=_classify_news,
    ).Next(this.after_classify)
    after_classify = flow.Switch().Case(this.decide, _state_is(S.CLASSIFIED)).Default(this.end)

    decide = UnitTask(
        title=gettext_noop("Decide how to handle the petition"),
        citizen_title=_("The committee is deciding how your petition will be handled."),
        role=Role.CASE_OFFICER,
        actions=(a.REFER, a.GUIDE, a.RETURN, a.ARCHIVE, a.SPLIT, a.MARK_DUPLICATE),
        due=lambda p: p.classify_due,
        announce=None,  # the officer who classified goes straight on
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
        citizen_title=_("Your petition is being sent to the agency competent to resolve it."),
        role=Role.UNIT_LEADER,
        actions=(a.SEND_REFERRAL,),
    ).Next(this.answer)

    answer = (
        UnitTask(
            title=ANSWER_STEP,
            citizen_title=_("The competent agency is dealing with your petition."),
            role=Role.AGENCY_OFFICIAL,
            actions=(a.RECORD_ANSWER,),
            side_actions=(a.EXTEND, a.SUSPEND, a.RESUME),
            unit=_agency,
            due=lambda p: p.answer_due,
            extra_roles=((Role.CASE_OFFICER, lambda p: p.unit),),
        )
        .OnTimeout(Clock(_reminder_at), this.remind, interrupting=False, title=_("Reminder"))
        .OnTimeout(Clock(_follow_up_at), this.follow_up, interrupting=False, title=_("Follow-up"))
        .OnTimeout(Clock(_escalate_at), this.escalate, interrupting=False, title=_("Escalation"))
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
        citizen_title=_("The committee is examining the agency's answer."),
        role=Role.CASE_OFFICER,
        actions=(a.NOTIFY_PETITIONER, a.REQUEST_AGAIN, a.ESCALATE_TO_SUPERIOR),
        announce="agency_answered",
    ).Next(this.after_assess)
    after_assess = (
        flow.Switch()
        .Case(this.answer, _state_is(S.AWAITING_ANSWER))
        .Case(this.sign_referral, _state_is(S.REFERRED))
        .Default(this.disclose)
    )

    disclose = UnitTask(
        title=gettext_noop("Prepare the public summary or close"),
        citizen_title=_("The result is being prepared for publication."),
        role=Role.CASE_OFFICER,
        actions=(a.SUBMIT_DISCLOSURE, a.CLOSE),
        announce=_disclose_news,
    ).Next(this.after_disclose)
    after_disclose = (
        flow.Switch().Case(this.approve, _state_is(S.DISCLOSURE_PENDING)).Default(this.end)
    )

    approve = UnitTask(
        title=gettext_noop("Approve the public summary"),
        citizen_title=_("The result is being prepared for publication."),
        role=Role.UNIT_LEADER,
        actions=(a.APPROVE_DISCLOSURE, a.REJECT_DISCLOSURE),
        announce="publication_awaiting_approval",
    ).Next(this.after_approve)
    after_approve = flow.Switch().Case(this.close, _state_is(S.DISCLOSED)).Default(this.disclose)

    close = UnitTask(
        title=gettext_noop("Close the case"),
        citizen_title=_("Your case is being closed."),
        role=Role.CASE_OFFICER,
        actions=(a.CLOSE,),
        announce=None,  # the officer who published goes straight on
    ).Next(this.end)

    end = flow.End()

    # A split petition's parts each start a run of their own --------------------------------

    def start_part_flows(self, activation):
        for part in activation.process.artifact.parts.filter(state=S.RECEIVED):
            if not part.processes.exists():
                acting.start(case=part)

    # Deadline timers on the answer step: the flow tells who is concerned --------------------

    def send_reminder(self, activation):
        """A reminder before the deadline changes nothing but tells the agency and the officer."""
        petition = activation.process.artifact
        self._tell(petition, "deadline_reminder", (_agency(petition), (Role.AGENCY_OFFICIAL,)))

    def send_follow_up(self, activation):
        petition = activation.process.artifact
        services.petition_follow_up(petition=petition, actor=system_user())
        self._tell(
            petition,
            "deadline_passed",
            (_agency(petition), (Role.AGENCY_OFFICIAL,)),
            extra=(Role.UNIT_LEADER,),
        )

    def send_escalation(self, activation):
        petition = activation.process.artifact
        services.petition_escalate(petition=petition, actor=system_user())
        superior = petition.current_referral().escalated_to
        self._tell(
            petition,
            "escalated",
            (superior, (Role.AGENCY_OFFICIAL, Role.UNIT_LEADER)),
            extra=(Role.UNIT_LEADER,),
        )

    def _tell(self, petition, kind, outside, *, extra=()):
        """Tells the body outside the committee, then the committee's officers (and `extra`)."""
        for unit, roles in (outside, (petition.unit, (Role.CASE_OFFICER, *extra))):
            announce(
                petition,
                unit=unit,
                roles=roles,
                kind=kind,
                step=ANSWER_STEP,
                deadline=petition.answer_due,
            )
