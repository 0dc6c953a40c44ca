"""The flows of the boards: who acts next, by when, and who is told. Each human task completes
through `workflows.acting`, which calls exactly one service; timers and Function nodes act as
the system. The board's members work their own cases; the commune Front certifies and closes;
the People's Committee (or the board, for an answer on paper or the investor's) answers."""

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
from .choices import InspectionState, RoundState

REMINDER_HOUR = 7  # reminders go out before the office opens
ANSWER_STEP = gettext_noop("Answer the board's recommendation")


def _at(day: dt.date, hour: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _state_is(*states):
    return lambda activation: activation.process.artifact.state in states


def _board(case):
    return case.board.unit


def _commune(case):
    return case.board.commune


def _answerer(case):
    """The People's Committee answers in its own queue; an investor's answer (or one on
    paper) is recorded by the board."""
    return case.answering_agency or case.board.unit


BOARD = ((Role.BOARD_HEAD, _board),)  # the head does whatever a member may
PAPER = ((Role.BOARD_MEMBER, _board), (Role.BOARD_HEAD, _board))


def _certify_due(case):
    return deadlines.certify_due(case, timezone.localdate())


def _report_due(case):
    since = case.responded_on or case.sent_on or case.starts_on
    return deadlines.report_due(case, since)


def _answer_limit(case):
    return deadlines.limit(case, "answer")


def _reminder_at(case):
    return _at(reminder_date(deadline=case.answer_due, limit=_answer_limit(case)), REMINDER_HOUR)


def _follow_up_at(case):
    # The deadline day is the answerer's in full: the follow-up goes out the next morning.
    return _at(case.answer_due + dt.timedelta(days=1))


def _escalate_at(case):
    day = escalation_date(deadline=case.answer_due, limit=_answer_limit(case))
    return _at(day + dt.timedelta(days=1))


class AnswerClock:
    """The 15-day answer clock's handlers, shared by both flows: remind the answerer, follow
    up the day after the deadline (the case is overdue), escalate through the commune Front
    (NQLT 403 Art. 11.1b)."""

    def await_answer(self, activation):
        services.start_answer_clock(
            **{type(activation.process.artifact)._meta.model_name: activation.process.artifact},
            actor=system_user(),
        )

    def send_reminder(self, activation):
        self._tell(activation.process.artifact, "deadline_reminder")

    def send_follow_up(self, activation):
        case = activation.process.artifact
        if case.state != "awaiting_response":
            return
        services.mark_answer_overdue(**{type(case)._meta.model_name: case}, actor=system_user())
        self._tell(case, "deadline_passed")

    def send_escalation(self, activation):
        case = activation.process.artifact
        if case.state != "overdue":
            return
        services.escalate_unanswered(**{type(case)._meta.model_name: case}, actor=system_user())
        announce(
            case,
            unit=case.board.commune,
            roles=(Role.UNIT_LEADER, Role.CASE_OFFICER),
            kind="escalated",
            step=ANSWER_STEP,
            deadline=case.answer_due,
        )
        self._tell(case, "escalated")

    def _tell(self, case, kind):
        """Tells the answering agency (if it is one), then the board."""
        if case.answering_agency is not None:
            announce(
                case,
                unit=case.answering_agency,
                roles=(Role.AGENCY_OFFICIAL,),
                kind=kind,
                step=ANSWER_STEP,
                deadline=case.answer_due,
            )
        announce(
            case,
            unit=case.board.unit,
            roles=(Role.BOARD_HEAD, Role.BOARD_MEMBER),
            kind=kind,
            step=ANSWER_STEP,
            deadline=case.answer_due,
        )


def _answer_task():
    return (
        UnitTask(
            title=ANSWER_STEP,
            role=Role.AGENCY_OFFICIAL,
            actions=(a.RESPOND,),
            unit=_answerer,
            due=lambda case: case.answer_due,
            extra_roles=PAPER,
        )
        .OnTimeout(Clock(_reminder_at), this.remind, interrupting=False, title=_("Reminder"))
        .OnTimeout(Clock(_follow_up_at), this.follow_up, interrupting=False, title=_("Follow-up"))
        .OnTimeout(Clock(_escalate_at), this.escalate, interrupting=False, title=_("Escalation"))
    )


def _certify_task():
    return UnitTask(
        title=gettext_noop("Certify the board's recommendation"),
        role=Role.UNIT_LEADER,
        actions=(a.CERTIFY, a.SEND_BACK),
        unit=_commune,
        due=_certify_due,
    )


def _send_task():
    return UnitTask(
        title=gettext_noop("Number and send the recommendation"),
        role=Role.BOARD_HEAD,
        actions=(a.SEND,),
        unit=_board,
    )


def _report_task():
    return UnitTask(
        title=gettext_noop("Report to the Front"),
        role=Role.BOARD_HEAD,
        actions=(a.REPORT,),
        unit=_board,
        due=_report_due,
    )


def _close_task():
    return UnitTask(
        title=gettext_noop("Acknowledge the report and close the case"),
        role=Role.CASE_OFFICER,
        actions=(a.CLOSE,),
        unit=_commune,
    )


class CertifiedTail(AnswerClock):
    """The steps both board cases share from the recommendation on, declared once: the
    Front certifies (or sends it back to `conclude`), the head sends it, the 15-day answer
    clock runs with its reminder, follow-up and escalation, then `answered` (each flow's own
    next step), the report and the Front's closing. viewflow copies every node into each flow
    class that inherits them (`Flow.__init_subclass__`), so the two flows share no node."""

    certify = _certify_task().Next(this.after_certify)
    after_certify = flow.Switch().Case(this.send, _state_is("certified")).Default(this.conclude)
    send = _send_task().Next(this.wait)
    wait = flow.Function(this.await_answer).Annotation(title=_("Answer clock")).Next(this.answer)
    answer = _answer_task().Next(this.answered)
    remind = flow.Function(this.send_reminder).Annotation(title=_("Reminder")).Next(this.timer_done)
    follow_up = (
        flow.Function(this.send_follow_up).Annotation(title=_("Follow-up")).Next(this.timer_done)
    )
    escalate = (
        flow.Function(this.send_escalation).Annotation(title=_("Escalation")).Next(this.timer_done)
    )
    timer_done = flow.End()
    report = _report_task().Next(this.close)
    close = _close_task().Next(this.end)
    end = flow.End()


class InspectionFlow(CertifiedTail, CaseFlowMixin, flow.Flow):
    process_title = _("People's Inspection Board case")

    start = flow.StartHandle(this.begin).Annotation(title=_("Planned")).Next(this.send_plan)

    send_plan = UnitTask(
        title=gettext_noop("Send the plan before the work starts"),
        role=Role.BOARD_MEMBER,
        actions=(a.PLAN_SENT,),
        extra_roles=BOARD,
        due=lambda case: case.starts_on,
    ).Next(this.begin_work)
    begin_work = UnitTask(
        title=gettext_noop("Start the supervision"),
        role=Role.BOARD_MEMBER,
        actions=(a.START,),
        extra_roles=BOARD,
        due=lambda case: deadlines.earliest_start(case),
        announce=None,
    ).Next(this.investigate)
    investigate = UnitTask(
        title=gettext_noop("Investigate and record the findings"),
        role=Role.BOARD_MEMBER,
        actions=(a.FINDINGS,),
        side_actions=(a.EVIDENCE,),
        extra_roles=BOARD,
        announce=None,
    ).Next(this.conclude)
    conclude = UnitTask(
        title=gettext_noop("Conclude: no issue, or a recommendation"),
        role=Role.BOARD_MEMBER,
        actions=(a.NO_ISSUE, a.RECOMMEND),
        side_actions=(a.EVIDENCE,),
        extra_roles=BOARD,
        announce=None,
    ).Next(this.after_conclude)
    after_conclude = (
        flow.Switch()
        .Case(this.certify, _state_is(InspectionState.RECOMMENDATION_DRAFTED))
        .Default(this.answered)
    )
    answered = (
        flow.Switch()
        .Case(this.tell_requester, lambda act: act.process.artifact.has_requester)
        .Default(this.report)
    )
    tell_requester = UnitTask(
        title=gettext_noop("Tell the requester the outcome"),
        role=Role.BOARD_MEMBER,
        actions=(a.TELL_REQUESTER,),
        extra_roles=BOARD,
        announce="agency_answered",
    ).Next(this.report)


class RoundFlow(CertifiedTail, CaseFlowMixin, flow.Flow):
    process_title = _("Community investment supervision round")

    start = flow.StartHandle(this.begin).Annotation(title=_("Planned")).Next(this.notify)

    notify = UnitTask(
        title=gettext_noop("Send the plan and composition to the investor"),
        role=Role.BOARD_MEMBER,
        actions=(a.INVESTOR_NOTIFIED,),
        extra_roles=BOARD,
        due=lambda case: deadlines.latest_investor_notice(case),
    ).Next(this.site_check)
    site_check = UnitTask(
        title=gettext_noop("Start the site check"),
        role=Role.BOARD_MEMBER,
        actions=(a.SITE_CHECK,),
        extra_roles=BOARD,
        due=lambda case: deadlines.earliest_start(case),
        announce=None,
    ).Next(this.checklist)
    checklist = UnitTask(
        title=gettext_noop("Go through the checklist and record the findings"),
        role=Role.BOARD_MEMBER,
        actions=(a.ROUND_FINDINGS,),
        side_actions=(a.CHECK_ITEM, a.EVIDENCE),
        extra_roles=BOARD,
        announce=None,
    ).Next(this.conclude)
    conclude = UnitTask(
        title=gettext_noop("Recommend, or inform the residents"),
        role=Role.BOARD_MEMBER,
        actions=(a.RECOMMEND, a.NOTHING_TO_RECOMMEND),
        side_actions=(a.EVIDENCE,),
        extra_roles=BOARD,
        announce=None,
    ).Next(this.after_conclude)
    after_conclude = (
        flow.Switch().Case(this.certify, _state_is(RoundState.RECOMMENDATION)).Default(this.report)
    )
    answered = flow.Switch().Default(this.inform)
    inform = UnitTask(
        title=gettext_noop("Inform the residents"),
        role=Role.BOARD_MEMBER,
        actions=(a.INFORM_RESIDENTS,),
        extra_roles=BOARD,
        announce="agency_answered",
    ).Next(this.report)


class VacancyFlow(CaseFlowMixin, flow.Flow):
    process_title = _("By-election for a vacant seat")

    start = flow.StartHandle(this.begin).Annotation(title=_("Seat vacant")).Next(this.hold)
    hold = UnitTask(
        title=gettext_noop("Hold the by-election for the vacant seat"),
        role=Role.CASE_OFFICER,
        actions=(a.FILL, a.WAIVE),
        due=lambda vacancy: vacancy.due,
    ).Next(this.end)
    end = flow.End()
