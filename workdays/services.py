import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from units.errors import DomainError, NotAllowed
from units.models import User

from .models import CalendarOverride, DayKind
from .rules import can_edit_calendar


@transaction.atomic
def calendar_override_set(
    *, actor: User, date: dt.date, kind: str, reason: str
) -> CalendarOverride:
    if not can_edit_calendar(actor):
        raise NotAllowed(_("Only national administrators change the working-day calendar."))
    if kind not in DayKind.values:
        raise DomainError(_("Unknown kind of day: %s") % kind)
    override = CalendarOverride.objects.select_for_update().filter(date=date).first()
    if override is None:
        override = CalendarOverride(date=date)
    override.kind = kind
    override.reason = reason
    override._history_user = actor
    override._change_reason = reason
    override.save()
    return override


@transaction.atomic
def calendar_override_remove(*, actor: User, override: CalendarOverride, reason: str) -> None:
    if not can_edit_calendar(actor):
        raise NotAllowed(_("Only national administrators change the working-day calendar."))
    override._history_user = actor
    override._change_reason = reason
    override.delete()
