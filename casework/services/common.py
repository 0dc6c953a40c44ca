import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from units.errors import DomainError, NotAllowed
from units.models import Unit, User
from units.permissions import has_role

from ..models import NumberSequence, Petition


def today() -> dt.date:
    return timezone.localdate()


def require_role(actor: User, unit: Unit, roles: Iterable[str]) -> None:
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


def run_transition(
    petition: Petition, name: str, *, actor: User | None, reason: str, **kwargs
) -> Petition:
    """One transition, one save, one history row carrying the actor and the reason."""
    method = getattr(petition, name)
    if not can_proceed(method):
        raise DomainError(
            _("This cannot be done while the petition is “%(state)s”.")
            % {"state": petition.get_state_display()}
        )
    method(**kwargs)
    audited(petition, actor=actor, reason=reason)
    petition.save()
    return petition


def next_number(*, unit: Unit, name: str, year: int) -> int:
    """The next number of a per-unit yearly series; the row lock serialises two officers
    numbering at the same moment so no number is issued twice."""
    sequence, _created = NumberSequence.objects.get_or_create(unit=unit, name=name, year=year)
    sequence = NumberSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last
