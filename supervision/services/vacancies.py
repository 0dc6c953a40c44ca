"""A vacant seat's by-election (Decree 59 Art. 13): opened when a member leaves with ≥6 months
of the term to run; the commune Front holds the by-election and seats the new member, or
records why none is held."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.services import audited, require_reason, run_transition, today
from units.models import User

from ..choices import ElectionKind
from ..models import Election, Vacancy
from .boards import member_add


@transaction.atomic
def vacancy_fill(
    *,
    vacancy: Vacancy,
    actor: User,
    held_on: dt.date,
    full_name: str,
    village: str = "",
    minutes: str = "",
) -> Vacancy:
    """The by-election seats a new member for the rest of the term."""
    board = vacancy.board
    if held_on < vacancy.opened_on or held_on > today():
        raise DomainError(
            _("The by-election is held after the seat fell vacant, not in the future.")
        )
    election = Election(
        board=board, kind=ElectionKind.BY_ELECTION, held_on=held_on, minutes=minutes
    )
    audited(election, actor=actor, reason=_("By-election recorded")).save()
    member_add(
        actor=actor,
        board=board,
        full_name=full_name,
        village=village or vacancy.village,
        seated_by=election,
        term_starts=held_on,
    )
    vacancy.election = election
    return run_transition(vacancy, "fill", actor=actor, reason=_("Seat filled by a by-election"))


@transaction.atomic
def vacancy_waive(*, vacancy: Vacancy, actor: User, reason: str) -> Vacancy:
    reason = require_reason(reason)
    vacancy.waived_reason = reason
    return run_transition(vacancy, "waive", actor=actor, reason=reason)
