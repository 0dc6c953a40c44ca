"""Who may act where: every view, API and selector of the project asks here.

A user holds roles in units (`Membership`). A role reaches its own unit, and with
`include_subtree` every unit below it. Superusers reach everything.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from .choices import Role

ALL_ROLES = frozenset(Role.values)
# Roles that let a person see a unit's work at all (auditors read everything in their scope).
STAFF_ROLES = ALL_ROLES


@dataclass(frozen=True)
class Grant:
    unit_id: int
    unit_path: str
    role: str
    include_subtree: bool

    def covers(self, unit) -> bool:
        if unit.pk == self.unit_id:
            return True
        return self.include_subtree and unit.path.startswith(self.unit_path)


def grants_of(user) -> tuple[Grant, ...]:
    """The user's roles, read once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_dn_grants", None)
    if cached is None:
        cached = tuple(
            Grant(unit_id, path, role, subtree)
            for unit_id, path, role, subtree in user.memberships.values_list(
                "unit_id", "unit__path", "role", "include_subtree"
            )
        )
        user._dn_grants = cached
    return cached


def forget_grants(user) -> None:
    user.__dict__.pop("_dn_grants", None)
    user.__dict__.pop("_dn_subtrees", None)


def _subtree_ids(user, paths: frozenset[str]) -> tuple[int, ...]:
    """The ids of the units under `paths` (their heads included), read once per request like
    the grants and cached on the user object."""
    from .models import Unit

    cache = user.__dict__.setdefault("_dn_subtrees", {})
    if paths not in cache:
        under = Q(pk__in=[])
        for path in sorted(paths):
            under |= Q(path__startswith=path)
        cache[paths] = tuple(Unit.objects.filter(under).order_by("pk").values_list("pk", flat=True))
    return cache[paths]


def has_role(user, unit, roles: Iterable[str] = ALL_ROLES) -> bool:
    """Whether the user holds one of `roles` over `unit` (directly or through a subtree role)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    wanted = frozenset(roles)
    return any(g.role in wanted and g.covers(unit) for g in grants_of(user))


def has_role_anywhere(user, roles: Iterable[str] = ALL_ROLES) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    wanted = frozenset(roles)
    return any(g.role in wanted for g in grants_of(user))


def scope_q(user, roles: Iterable[str] = ALL_ROLES, unit_field: str = "unit") -> Q:
    """A filter for querysets whose rows belong to a unit through `unit_field`.

    `unit_field=""` filters the Unit model itself. Returns a filter that matches nothing for a
    user without any of the roles.

    On other models a subtree grant becomes the list of its units' ids, read once per request
    (`<unit_field>_id IN (691, 692, …)`): the database then reads each unit's rows through the
    indexes led by the unit (migration casework 0004), and knows how many units it reads. A join
    on the path prefix, or a subquery, leaves the planner guessing how many units match and
    sends it through every open petition of the country.
    """
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    wanted = frozenset(roles)
    direct: set[int] = set()
    paths: set[str] = set()
    for grant in grants_of(user):
        if grant.role not in wanted:
            continue
        if grant.include_subtree:
            paths.add(grant.unit_path)
        else:
            direct.add(grant.unit_id)
    if not unit_field:
        units = Q(pk__in=sorted(direct))  # matches nothing when empty
        for path in sorted(paths):
            units |= Q(path__startswith=path)
        return units
    if paths:
        direct.update(_subtree_ids(user, frozenset(paths)))
    return Q(**{f"{unit_field}__in": sorted(direct)})
