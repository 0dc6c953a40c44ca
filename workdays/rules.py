import rules

from units.choices import Role, UnitLevel
from units.permissions import grants_of


@rules.predicate
def can_edit_calendar(user) -> bool:
    """Days off are decided nationally, so only administrators of the central level set them."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    from units.models import Unit

    central_ids = set(Unit.objects.filter(level=UnitLevel.CENTRAL).values_list("pk", flat=True))
    return any(g.role == Role.ADMINISTRATOR and g.unit_id in central_ids for g in grants_of(user))


rules.add_perm("workdays.change_calendaroverride", can_edit_calendar)
# Time limits follow national law, so the same central administrators keep them.
rules.add_perm("workdays.change_timelimit", can_edit_calendar)
