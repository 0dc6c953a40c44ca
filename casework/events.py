"""Who is told about a petition's step: the people holding a role over a unit. Notifications
carry the tracking code and subject only, never a person's identity."""

from collections.abc import Iterable

from django.db.models import Q

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


def case_label(petition) -> str:
    return f"{petition.tracking_code} · {petition.get_kind_display()}"


def tell_roles(petition, *, unit: Unit, roles, kind: str, step: str, deadline=None) -> None:
    from notifications.services import notify

    notify(
        kind=kind,
        user_ids=holders_of(unit, roles),
        case_label=case_label(petition),
        step=step,
        url=petition.get_absolute_url(),
        deadline=deadline,
        unit_name=unit.name,
    )
