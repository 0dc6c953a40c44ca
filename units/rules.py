import rules

from .choices import Role
from .permissions import has_role, has_role_anywhere

ADMINISTRATOR = (Role.ADMINISTRATOR,)


@rules.predicate
def can_view_unit(user, unit) -> bool:
    if unit is None:
        return has_role_anywhere(user)
    return has_role(user, unit)


@rules.predicate
def can_administer_unit(user, unit) -> bool:
    if unit is None:
        return has_role_anywhere(user, ADMINISTRATOR)
    return has_role(user, unit, ADMINISTRATOR)


@rules.predicate
def can_administer_user(user, person) -> bool:
    """Administrators manage people holding a role in a unit they administer, and themselves."""
    if person is None:
        return has_role_anywhere(user, ADMINISTRATOR)
    if user.is_superuser or person.pk == user.pk:
        return has_role_anywhere(user, ADMINISTRATOR)
    return any(
        has_role(user, membership.unit, ADMINISTRATOR)
        for membership in person.memberships.select_related("unit")
    )


rules.add_perm("units.view_unit", rules.is_authenticated & can_view_unit)
rules.add_perm("units.add_unit", rules.is_authenticated & can_administer_unit)
rules.add_perm("units.change_unit", rules.is_authenticated & can_administer_unit)
rules.add_perm("units.view_user", rules.is_authenticated & can_administer_user)
rules.add_perm("units.add_user", rules.is_authenticated & can_administer_user)
rules.add_perm("units.change_user", rules.is_authenticated & can_administer_user)
