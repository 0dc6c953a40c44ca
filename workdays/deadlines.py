"""Deadlines of case steps: the limit an administrator set for the step, counted on the working
calendar, and the reminder and escalation dates around it."""

import datetime as dt

from django.utils.translation import gettext as _

from units.errors import DomainError

from . import calendar
from .models import DayCount, TimeLimit, TimeLimitVariant


def time_limit_for(
    *, case_kind: str, step: str, variant: str = TimeLimitVariant.STANDARD
) -> TimeLimit:
    """The limit for the variant asked for, or the standard one when that variant has none (a
    remote-area denunciation, say, runs on the ordinary limit)."""
    candidates = {
        limit.variant: limit
        for limit in TimeLimit.objects.filter(
            case_kind=case_kind, step=step, variant__in={variant, TimeLimitVariant.STANDARD}
        )
    }
    limit = candidates.get(variant) or candidates.get(TimeLimitVariant.STANDARD)
    if limit is None:
        raise DomainError(
            _("No time limit is set for %(kind)s / %(step)s.") % {"kind": case_kind, "step": step}
        )
    return limit


def deadline_for(*, start: dt.date, limit: TimeLimit) -> dt.date:
    """The last day of the period starting the day after `start`. A period in calendar days that
    ends on a day off runs to the next working day (Bộ luật Dân sự 2015, Art. 148.5)."""
    if limit.unit == DayCount.WORKING_DAYS:
        return calendar.add_working_days(start, limit.count)
    return calendar.add_days(start, limit.count)


def deadline_before(*, anchor: dt.date, limit: TimeLimit) -> dt.date:
    """The last day something must happen to be `limit` ahead of `anchor` (a notice "at least
    7 working days before the meeting"). Counted back on the working calendar; a latest day
    that falls on a day off moves to the working day before it, so the notice is never late."""
    if limit.unit == DayCount.WORKING_DAYS:
        return calendar.subtract_working_days(anchor, limit.count)
    day = anchor - dt.timedelta(days=limit.count)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def reminder_date(*, deadline: dt.date, limit: TimeLimit) -> dt.date:
    return calendar.subtract_working_days(deadline, limit.reminder_working_days)


def escalation_date(*, deadline: dt.date, limit: TimeLimit) -> dt.date:
    """The day a follow-up sent at the deadline counts as ignored and goes to the superior."""
    return calendar.add_working_days(deadline, limit.escalate_after_working_days)


def working_days_left(*, today: dt.date, deadline: dt.date) -> int:
    """Working days from `today` to `deadline`: 0 on the deadline itself, negative once it has
    passed (at least -1 on the day after, even when that day is not a working day)."""
    left = calendar.working_days_between(today, deadline)
    return min(left, -1) if today > deadline else left
