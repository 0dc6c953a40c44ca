"""The answer deadline: what the timers do as the system, and extensions and suspensions."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.errors import DomainError
from units.models import User
from workdays.calendar import add_days, add_working_days, working_days_between

from ...choices import PetitionState
from ...models import ClockChange, ClockChangeKind, Petition
from .. import common
from ..common import audited, require_reason, run_transition
from .referral import superior_of

# Deadlines: the timer runner calls these as the system; the flow tells who is concerned --


@transaction.atomic
def petition_follow_up(*, petition: Petition, actor: User) -> Petition:
    """The deadline passed without an answer: a follow-up (đôn đốc) goes to the agency."""
    reason = _("The answer deadline %(due)s passed: follow-up sent to the agency.") % {
        "due": petition.answer_due.strftime("%d/%m/%Y")
    }
    run_transition(petition, "follow_up", actor=actor, reason=reason)
    referral = petition.current_referral()
    referral.followed_up_at = timezone.now()
    audited(referral, actor=actor, reason=reason)
    referral.save()
    return petition


@transaction.atomic
def petition_escalate(*, petition: Petition, actor: User) -> Petition:
    """The follow-up was ignored: the referee's superior is told."""
    referral = petition.current_referral()
    superior = superior_of(referral.agency)
    reason = _("No answer after the follow-up: escalated to %(unit)s.") % {"unit": superior}
    run_transition(petition, "escalate", actor=actor, reason=reason)
    referral.escalated_at = timezone.now()
    referral.escalated_to = superior
    audited(referral, actor=actor, reason=reason)
    referral.save()
    return petition


def _shift_answer_due(petition: Petition, new_due: dt.date, *, actor: User, reason: str):
    referral = petition.current_referral()
    petition.answer_due = new_due
    referral.answer_due = new_due
    audited(referral, actor=actor, reason=reason)
    referral.save()


def _clock_change(petition, *, kind, actor, decision_number, reason, days, previous, new):
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise DomainError(_("Give the number of the decision."))
    change = ClockChange(
        petition=petition,
        kind=kind,
        decision_number=decision_number,
        reason=reason,
        days=days,
        previous_due=previous,
        new_due=new,
        made_by=actor,
    )
    audited(change, actor=actor, reason=reason)
    change.save()
    return change


def _save_petition(petition: Petition, *, actor: User, reason: str) -> Petition:
    audited(petition, actor=actor, reason=reason)
    petition.save()
    return petition


@transaction.atomic
def petition_extend(
    *, petition: Petition, actor: User, reason: str, decision_number: str, days: int
) -> Petition:
    """An extension by the resolving body's decision (e.g. Luật Tố cáo Art. 30: +30 days)."""
    reason = require_reason(reason)
    if petition.state != PetitionState.AWAITING_ANSWER or petition.suspended_since:
        raise DomainError(_("Only a running answer deadline can be extended."))
    if not 1 <= days <= 90:
        raise DomainError(_("An extension is between 1 and 90 days."))
    previous = petition.answer_due
    new_due = add_days(previous, days)
    _clock_change(
        petition,
        kind=ClockChangeKind.EXTENSION,
        actor=actor,
        decision_number=decision_number,
        reason=reason,
        days=days,
        previous=previous,
        new=new_due,
    )
    _shift_answer_due(petition, new_due, actor=actor, reason=reason)
    return _save_petition(petition, actor=actor, reason=reason)


@transaction.atomic
def petition_suspend(
    *, petition: Petition, actor: User, reason: str, decision_number: str
) -> Petition:
    """A suspension stops the clock until it is lifted."""
    reason = require_reason(reason)
    if petition.state != PetitionState.AWAITING_ANSWER or petition.suspended_since:
        raise DomainError(_("Only a running answer deadline can be suspended."))
    _clock_change(
        petition,
        kind=ClockChangeKind.SUSPENSION,
        actor=actor,
        decision_number=decision_number,
        reason=reason,
        days=0,
        previous=petition.answer_due,
        new=None,
    )
    petition.suspended_since = common.today()
    return _save_petition(petition, actor=actor, reason=reason)


@transaction.atomic
def petition_resume(
    *, petition: Petition, actor: User, reason: str, decision_number: str
) -> Petition:
    """Lifting a suspension gives back the working days the clock stood still."""
    reason = require_reason(reason)
    if not petition.suspended_since:
        raise DomainError(_("The deadline is not suspended."))
    stood_still = max(working_days_between(petition.suspended_since, common.today()), 0)
    previous = petition.answer_due
    new_due = add_working_days(previous, stood_still)
    _clock_change(
        petition,
        kind=ClockChangeKind.RESUMPTION,
        actor=actor,
        decision_number=decision_number,
        reason=reason,
        days=stood_still,
        previous=previous,
        new=new_due,
    )
    petition.suspended_since = None
    _shift_answer_due(petition, new_due, actor=actor, reason=reason)
    return _save_petition(petition, actor=actor, reason=reason)
