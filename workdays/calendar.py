"""Working days in Vietnam: Monday to Friday, less public holidays (lunar Tết included, from the
`holidays` package), with the days off and make-up working days that administrators enter."""

import datetime as dt
import re
from functools import lru_cache

import holidays

from .models import CalendarOverride, DayKind

# The package names a moved holiday "Day off (substituted from MM/DD/YYYY)"; the date in it is the
# weekend day worked in exchange.
_SUBSTITUTED_FROM = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")


@lru_cache(maxsize=64)
def _statutory(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """(days off, make-up working days) for one year, as the `holidays` package knows them.

    The neighbouring years are read too: a day off around New Year may be made up on a Saturday
    in the other year (Fri 2/1/2015 for Sat 27/12/2014, Mon 31/12/2018 for Sat 5/1/2019)."""
    days = holidays.country_holidays("VN", years=range(year - 1, year + 2), language="en_US")
    make_up = set()
    for name in days.values():
        for month, day, y in _SUBSTITUTED_FROM.findall(name):
            make_up.add(dt.date(int(y), int(month), int(day)))
    return (
        frozenset(day for day in days if day.year == year),
        frozenset(day for day in make_up if day.year == year),
    )


class WorkingCalendar:
    def __init__(self, overrides: dict[dt.date, str] | None = None) -> None:
        self.overrides = overrides or {}

    def is_working_day(self, day: dt.date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override == DayKind.WORKING_DAY
        days_off, make_up = _statutory(day.year)
        if day in make_up:
            return True
        return day.weekday() < 5 and day not in days_off

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The day on which the `count`-th working day after `start` falls."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def subtract_working_days(self, start: dt.date, count: int) -> dt.date:
        """The day on which the `count`-th working day before `start` falls."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day -= dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def add_days(self, start: dt.date, count: int) -> dt.date:
        """`count` calendar days after `start`; a period that ends on a day off runs to the end
        of the next working day (Bộ luật Dân sự 2015, Art. 148.5)."""
        if count < 0:
            raise ValueError("count must not be negative")
        return self.next_working_day(start + dt.timedelta(days=count))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is earlier."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def calendar_between(start: dt.date, end: dt.date) -> WorkingCalendar:
    """A calendar holding every administrator's change between the two dates."""
    rows = CalendarOverride.objects.filter(date__range=(min(start, end), max(start, end)))
    return WorkingCalendar({row.date: row.kind for row in rows})


def _horizon(start: dt.date, count: int) -> dt.date:
    # Long Tết breaks and weekends never more than double a span; the margin covers the rest.
    return start + dt.timedelta(days=2 * count + 30)


def add_working_days(start: dt.date, count: int) -> dt.date:
    return calendar_between(start, _horizon(start, count)).add_working_days(start, count)


def add_days(start: dt.date, count: int) -> dt.date:
    return calendar_between(start, _horizon(start, count)).add_days(start, count)


def is_working_day(day: dt.date) -> bool:
    return calendar_between(day, day).is_working_day(day)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return calendar_between(start, end).working_days_between(start, end)


def subtract_working_days(start: dt.date, count: int) -> dt.date:
    # The same margin as `_horizon`, counted backwards.
    earliest = start - (_horizon(start, count) - start)
    return calendar_between(earliest, start).subtract_working_days(start, count)
