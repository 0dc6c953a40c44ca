"""Telling the petitioner, the public summary, closing and reopening."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases import identity
from units.errors import DomainError
from units.models import User
from workdays.deadlines import deadline_for, time_limit_for

from ...models import Disclosure, Petition
from .. import common
from ..common import audited, require_reason, require_role, run_transition
from ._shared import (
    LEADER,
)


@transaction.atomic
def petition_notify_petitioner(
    *, petition: Petition, actor: User, reason: str, on: dt.date, channel: str
) -> Petition:
    reason = require_reason(reason)
    if on > common.today():
        raise DomainError(_("The petitioner cannot have been told in the future."))
    return run_transition(
        petition, "notify_petitioner", actor=actor, reason=reason, on=on, channel=channel
    )


LEAK_LABELS = {
    "name": gettext_noop("a name"),
    "number": gettext_noop("an ID or phone number"),
    "address": gettext_noop("an address"),
    "e-mail": gettext_noop("an e-mail address"),
}


def _refuse_identity(petition: Petition, summary: str) -> None:
    """Personal data is removed before publication (domain.md section 4): a summary carrying a
    name, number, address or e-mail of the case's people, or anyone's, is refused."""
    leaks = identity.leaks(petition, summary)
    if leaks:
        raise DomainError(
            _("The public summary still identifies a person (%(found)s): remove it.")
            % {"found": ", ".join(_(LEAK_LABELS[kind]) for kind in leaks)}
        )


@transaction.atomic
def petition_submit_disclosure(
    *, petition: Petition, actor: User, reason: str, summary: str
) -> Petition:
    reason = require_reason(reason)
    summary = (summary or "").strip()
    if len(summary) < 20:
        raise DomainError(_("Write a public summary of at least 20 characters."))
    _refuse_identity(petition, summary)
    run_transition(petition, "submit_disclosure", actor=actor, reason=reason)
    disclosure = getattr(petition, "disclosure", None) or Disclosure(petition=petition)
    disclosure.summary = summary
    disclosure.prepared_by = actor
    disclosure.approved_by = None
    disclosure.published_at = None
    # A reopened case's new summary starts clean: an earlier withdrawal concerned the old text.
    disclosure.withdrawn_at = None
    disclosure.withdrawn_by = None
    disclosure.withdrawal_reason = ""
    audited(disclosure, actor=actor, reason=reason)
    disclosure.save()
    return petition


@transaction.atomic
def petition_approve_disclosure(*, petition: Petition, actor: User, reason: str) -> Petition:
    reason = require_reason(reason)
    # Checked again at approval: the people of the case may have been corrected since.
    _refuse_identity(petition, petition.disclosure.summary)
    run_transition(petition, "approve_disclosure", actor=actor, reason=reason)
    disclosure = petition.disclosure
    disclosure.approved_by = actor
    disclosure.published_at = timezone.now()
    audited(disclosure, actor=actor, reason=reason)
    disclosure.save()
    return petition


@transaction.atomic
def petition_reject_disclosure(*, petition: Petition, actor: User, reason: str) -> Petition:
    reason = require_reason(reason)
    run_transition(petition, "reject_disclosure", actor=actor, reason=reason)
    return petition


@transaction.atomic
def petition_close(*, petition: Petition, actor: User, reason: str) -> Petition:
    reason = require_reason(reason)
    return run_transition(petition, "close", actor=actor, reason=reason)


@transaction.atomic
def petition_reopen(*, petition: Petition, actor: User, reason: str) -> Petition:
    require_role(actor, petition.unit, LEADER)
    reason = require_reason(reason)
    due = deadline_for(
        start=common.today(), limit=time_limit_for(case_kind=petition.kind, step="classify")
    )
    run_transition(petition, "reopen", actor=actor, reason=reason, classify_due=due)
    return petition
