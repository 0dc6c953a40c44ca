"""What every kind's services share: the acting user and reason on the history row, and one
transition with one save."""

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from units.errors import DomainError, NotAllowed
from units.models import Unit, User
from units.permissions import has_role


def today() -> dt.date:
    return timezone.localdate()


def require_role(actor: User, unit: Unit, roles: Iterable[str]) -> None:
    """For the records that run in no flow (a session, an opinion): a step of a flow is
    guarded by its node instead."""
    if not has_role(actor, unit, roles):
        raise NotAllowed(
            _("You do not hold the role this step needs in “%(unit)s”.") % {"unit": unit}
        )


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason: it is kept in the case history."))
    return reason


def audited(instance, *, actor: User | None, reason: str):
    instance._history_user = actor
    instance._change_reason = reason
    return instance


def run_transition(record, name: str, *, actor: User | None, reason: str, **kwargs):
    """One transition, one save, one history row carrying the actor and the reason."""
    method = getattr(record, name)
    if not can_proceed(method):
        raise DomainError(
            _("This cannot be done while the %(what)s is “%(state)s”.")
            % {"what": record._meta.verbose_name, "state": record.get_state_display()}
        )
    method(**kwargs)
    audited(record, actor=actor, reason=reason)
    record.save()
    return record
