"""Telling the people who hold a role over a unit about a step of a case. Only the flow calls
this: its nodes when a task arrives, its timer handlers when a deadline comes near or passes.
A notification names the case by its kind's `label` (a reference, never a person's identity)
and carries the indexed case reference."""

from collections.abc import Iterable

from django.db.models import Q

from cases.registry import kind_of
from notifications.services import notify
from units.models import Membership, Unit


def holders_of(unit: Unit, roles: Iterable[str]) -> list[int]:
    """Active users holding one of `roles` in `unit` itself or in an ancestor with subtree."""
    ancestors = [unit.path[: i * Unit.steplen] for i in range(1, unit.depth)]
    return list(
        Membership.objects.filter(role__in=list(roles), user__is_active=True)
        .filter(Q(unit=unit) | Q(unit__path__in=ancestors, include_subtree=True))
        .values_list("user_id", flat=True)
        .distinct()
    )


def tell(case, *, user_ids: Iterable[int], kind: str, step: str, deadline=None, unit=None):
    case_kind = kind_of(case)
    return notify(
        kind=kind,
        user_ids=user_ids,
        case_label=case_kind.label(case),
        case_kind=case_kind.name,
        case_id=case.pk,
        step=step,
        url=case.get_absolute_url(),
        deadline=deadline,
        unit_name=unit.name if unit is not None else "",
    )


def announce(case, *, unit: Unit, roles: Iterable[str], kind: str, step: str, deadline=None):
    return tell(
        case, user_ids=holders_of(unit, roles), kind=kind, step=step, deadline=deadline, unit=unit
    )
