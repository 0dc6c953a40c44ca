"""Reads of the organisation, always narrowed to what the asking user may see."""

from django.db.models import Prefetch, QuerySet

from .choices import Role, UnitLevel
from .models import Membership, Unit, User
from .permissions import has_role_anywhere, scope_q
from .search import search_folded


def unit_list(*, user: User, term: str = "", kind: str = "", level: str = "") -> QuerySet[Unit]:
    units = Unit.objects.filter(scope_q(user, unit_field=""))
    if term:
        units = search_folded(units, "search_name", term)
    if kind:
        units = units.filter(kind=kind)
    # The level arrives as typed in a query string: anything but a level's number is ignored.
    if str(level) in {str(value) for value in UnitLevel.values}:
        units = units.filter(level=int(level))
    return units.order_by("path")


def unit_children(*, unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by(
        "kind", "name"
    )


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    paths = [unit.path[: i * Unit.steplen] for i in range(1, unit.depth)]
    return list(Unit.objects.filter(path__in=paths).order_by("depth"))


def unit_memberships(*, unit: Unit) -> QuerySet[Membership]:
    return unit.memberships.select_related("user").order_by("role", "user__username")


def user_memberships(*, user: User) -> QuerySet[Membership]:
    return user.memberships.select_related("unit").order_by("unit__path", "role")


def people_list(*, user: User, term: str = "") -> QuerySet[User]:
    """People holding a role in a unit the user administers."""
    if user.is_superuser:
        people = User.objects.all()
    elif has_role_anywhere(user, (Role.ADMINISTRATOR,)):
        scoped = Membership.objects.filter(scope_q(user, (Role.ADMINISTRATOR,), unit_field="unit"))
        people = User.objects.filter(pk__in=scoped.values("user_id"))
    else:
        people = User.objects.none()
    if term:
        people = people.filter(username__icontains=term) | people.filter(full_name__icontains=term)
    return people.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
    ).order_by("username")
