"""Deadlines counted on the real Vietnamese calendar.

Every expected date below was worked out by hand from the public holidays of 2025–2027:

2026  Tết Mon 16 – Fri 20 Feb; Hùng Kings Sun 26 Apr, observed Mon 27 Apr; Thu 30 Apr; Fri 1 May;
      Mon 31 Aug off in exchange for Sat 22 Aug (worked); Tue 1 and Wed 2 Sep.
2027  Tết Thu 4 – Wed 10 Feb; Hùng Kings Fri 16 Apr; Fri 30 Apr; Sat 1 May, observed Mon 3 May;
      Thu 2 and Fri 3 Sep.
2025  Fri 2 May off in exchange for Sat 26 Apr (worked).

The step lengths are the ones the casework uses: 10 working days to register a petition (Luật
Tiếp công dân, Art. 28), 5 and 7 working days (Luật Tố cáo, Art. 24), 15 working days, and periods
of 7, 20, 30, 45 and 60 calendar days, which run on to the next working day when their last day is
a day off (Bộ luật Dân sự, Art. 148).
"""

import datetime as dt

import pytest

from workdays import calendar
from workdays.calendar import WorkingCalendar
from workdays.models import CalendarOverride, DayKind

d = dt.date

WORKING_DAY_STEPS = [
    # Tết 2026
    pytest.param(d(2026, 2, 12), 1, d(2026, 2, 13), id="2026-tet-thu-12-feb+1wd-is-fri-13-feb"),
    pytest.param(d(2026, 2, 13), 1, d(2026, 2, 23), id="2026-tet-fri-13-feb+1wd-is-mon-23-feb"),
    pytest.param(d(2026, 2, 12), 2, d(2026, 2, 23), id="2026-tet-thu-12-feb+2wd-is-mon-23-feb"),
    pytest.param(d(2026, 2, 18), 1, d(2026, 2, 23), id="2026-tet-from-inside-tet+1wd-is-mon-23"),
    pytest.param(d(2026, 2, 9), 5, d(2026, 2, 23), id="2026-tet-mon-9-feb+5wd-is-mon-23-feb"),
    pytest.param(d(2026, 2, 6), 7, d(2026, 2, 24), id="2026-tet-fri-6-feb+7wd-is-tue-24-feb"),
    pytest.param(d(2026, 2, 10), 10, d(2026, 3, 3), id="2026-tet-tue-10-feb+10wd-is-tue-3-mar"),
    pytest.param(d(2026, 2, 2), 15, d(2026, 3, 2), id="2026-tet-mon-2-feb+15wd-is-mon-2-mar"),
    # Tết 2027
    pytest.param(d(2027, 2, 3), 1, d(2027, 2, 11), id="2027-tet-wed-3-feb+1wd-is-thu-11-feb"),
    pytest.param(d(2027, 1, 29), 5, d(2027, 2, 12), id="2027-tet-fri-29-jan+5wd-is-fri-12-feb"),
    pytest.param(d(2027, 2, 2), 7, d(2027, 2, 18), id="2027-tet-tue-2-feb+7wd-is-thu-18-feb"),
    pytest.param(d(2027, 2, 1), 10, d(2027, 2, 22), id="2027-tet-mon-1-feb+10wd-is-mon-22-feb"),
    pytest.param(d(2027, 1, 27), 15, d(2027, 2, 24), id="2027-tet-wed-27-jan+15wd-is-wed-24-feb"),
    # Hùng Kings, 30/4 and 1/5, 2026
    pytest.param(d(2026, 4, 24), 1, d(2026, 4, 28), id="2026-apr-fri-24-apr+1wd-is-tue-28-apr"),
    pytest.param(d(2026, 4, 29), 1, d(2026, 5, 4), id="2026-apr-wed-29-apr+1wd-is-mon-4-may"),
    pytest.param(d(2026, 4, 24), 5, d(2026, 5, 6), id="2026-apr-fri-24-apr+5wd-is-wed-6-may"),
    pytest.param(d(2026, 4, 23), 10, d(2026, 5, 12), id="2026-apr-thu-23-apr+10wd-is-tue-12-may"),
    # Hùng Kings, 30/4 and 1/5, 2027
    pytest.param(d(2027, 4, 29), 1, d(2027, 5, 4), id="2027-apr-thu-29-apr+1wd-is-tue-4-may"),
    pytest.param(d(2027, 4, 28), 2, d(2027, 5, 4), id="2027-apr-wed-28-apr+2wd-is-tue-4-may"),
    pytest.param(d(2027, 4, 28), 3, d(2027, 5, 5), id="2027-apr-wed-28-apr+3wd-is-wed-5-may"),
    pytest.param(d(2027, 4, 26), 7, d(2027, 5, 7), id="2027-apr-mon-26-apr+7wd-is-fri-7-may"),
    pytest.param(d(2027, 4, 9), 15, d(2027, 5, 5), id="2027-apr-fri-9-apr+15wd-is-wed-5-may"),
    # National Day and the make-up Saturday, 2026
    pytest.param(d(2026, 8, 21), 1, d(2026, 8, 22), id="2026-sep-fri-21-aug+1wd-is-sat-22-aug"),
    pytest.param(d(2026, 8, 28), 1, d(2026, 9, 3), id="2026-sep-fri-28-aug+1wd-is-thu-3-sep"),
    pytest.param(d(2026, 8, 24), 5, d(2026, 9, 3), id="2026-sep-mon-24-aug+5wd-is-thu-3-sep"),
    pytest.param(d(2026, 8, 20), 10, d(2026, 9, 7), id="2026-sep-thu-20-aug+10wd-is-mon-7-sep"),
    # National Day 2027
    pytest.param(d(2027, 9, 1), 1, d(2027, 9, 6), id="2027-sep-wed-1-sep+1wd-is-mon-6-sep"),
    pytest.param(d(2027, 8, 30), 5, d(2027, 9, 8), id="2027-sep-mon-30-aug+5wd-is-wed-8-sep"),
    pytest.param(d(2027, 8, 25), 15, d(2027, 9, 17), id="2027-sep-wed-25-aug+15wd-is-fri-17-sep"),
    # The 2025 make-up Saturday
    pytest.param(d(2025, 4, 25), 1, d(2025, 4, 26), id="2025-fri-25-apr+1wd-is-sat-26-apr"),
    pytest.param(d(2025, 4, 30), 1, d(2025, 5, 5), id="2025-wed-30-apr+1wd-is-mon-5-may"),
    # Ordinary weekends
    pytest.param(d(2026, 3, 6), 1, d(2026, 3, 9), id="weekend-fri-6-mar+1wd-is-mon-9-mar"),
    pytest.param(d(2026, 3, 7), 1, d(2026, 3, 9), id="weekend-sat-7-mar+1wd-is-mon-9-mar"),
    pytest.param(d(2026, 3, 11), 10, d(2026, 3, 25), id="weekend-wed-11-mar+10wd-is-wed-25-mar"),
]

CALENDAR_DAY_STEPS = [
    # Tết 2026: every one of these periods ends during the break or the weekend around it.
    pytest.param(d(2026, 2, 10), 7, d(2026, 2, 23), id="2026-tet-tue-10-feb+7d-is-mon-23-feb"),
    pytest.param(d(2026, 2, 13), 7, d(2026, 2, 23), id="2026-tet-fri-13-feb+7d-is-mon-23-feb"),
    pytest.param(d(2026, 1, 26), 20, d(2026, 2, 23), id="2026-tet-mon-26-jan+20d-is-mon-23-feb"),
    pytest.param(d(2026, 1, 19), 30, d(2026, 2, 23), id="2026-tet-mon-19-jan+30d-is-mon-23-feb"),
    pytest.param(d(2026, 1, 5), 45, d(2026, 2, 23), id="2026-tet-mon-5-jan+45d-is-mon-23-feb"),
    pytest.param(d(2025, 12, 19), 60, d(2026, 2, 23), id="2026-tet-fri-19-dec+60d-is-mon-23-feb"),
    # Tết 2027
    pytest.param(d(2027, 1, 28), 7, d(2027, 2, 11), id="2027-tet-thu-28-jan+7d-is-thu-11-feb"),
    pytest.param(d(2027, 1, 18), 20, d(2027, 2, 11), id="2027-tet-mon-18-jan+20d-is-thu-11-feb"),
    pytest.param(d(2027, 1, 11), 30, d(2027, 2, 11), id="2027-tet-mon-11-jan+30d-is-thu-11-feb"),
    pytest.param(d(2026, 12, 22), 45, d(2027, 2, 11), id="2027-tet-tue-22-dec+45d-is-thu-11-feb"),
    pytest.param(d(2026, 12, 10), 60, d(2027, 2, 11), id="2027-tet-thu-10-dec+60d-is-thu-11-feb"),
    # Hùng Kings, 30/4 and 1/5, 2026
    pytest.param(d(2026, 4, 23), 7, d(2026, 5, 4), id="2026-apr-thu-23-apr+7d-is-mon-4-may"),
    pytest.param(d(2026, 4, 6), 20, d(2026, 4, 28), id="2026-apr-mon-6-apr+20d-is-tue-28-apr"),
    pytest.param(d(2026, 4, 1), 30, d(2026, 5, 4), id="2026-apr-wed-1-apr+30d-is-mon-4-may"),
    # Hùng Kings, 30/4 and 1/5, 2027
    pytest.param(d(2027, 4, 23), 7, d(2027, 5, 4), id="2027-apr-fri-23-apr+7d-is-tue-4-may"),
    pytest.param(d(2027, 4, 1), 30, d(2027, 5, 4), id="2027-apr-thu-1-apr+30d-is-tue-4-may"),
    pytest.param(d(2027, 3, 19), 45, d(2027, 5, 4), id="2027-apr-fri-19-mar+45d-is-tue-4-may"),
    # National Day 2026, and a period that ends on the make-up Saturday, which is worked
    pytest.param(d(2026, 8, 24), 7, d(2026, 9, 3), id="2026-sep-mon-24-aug+7d-is-thu-3-sep"),
    pytest.param(d(2026, 7, 23), 30, d(2026, 8, 22), id="2026-sep-thu-23-jul+30d-is-sat-22-aug"),
    pytest.param(d(2026, 7, 17), 45, d(2026, 9, 3), id="2026-sep-fri-17-jul+45d-is-thu-3-sep"),
    pytest.param(d(2026, 7, 3), 60, d(2026, 9, 3), id="2026-sep-fri-3-jul+60d-is-thu-3-sep"),
    # National Day 2027
    pytest.param(d(2027, 8, 26), 7, d(2027, 9, 6), id="2027-sep-thu-26-aug+7d-is-mon-6-sep"),
    pytest.param(d(2027, 8, 13), 20, d(2027, 9, 6), id="2027-sep-fri-13-aug+20d-is-mon-6-sep"),
    pytest.param(d(2027, 8, 4), 30, d(2027, 9, 6), id="2027-sep-wed-4-aug+30d-is-mon-6-sep"),
    # Ordinary weeks: a Sunday rolls to Monday, a weekday stays put.
    pytest.param(d(2026, 3, 2), 20, d(2026, 3, 23), id="weekend-mon-2-mar+20d-is-mon-23-mar"),
    pytest.param(d(2026, 3, 2), 7, d(2026, 3, 9), id="weekday-mon-2-mar+7d-is-mon-9-mar"),
]

DAY_STATUS = [
    pytest.param(d(2026, 2, 13), True, id="2026-fri-13-feb-before-tet-is-worked"),
    pytest.param(d(2026, 2, 16), False, id="2026-mon-16-feb-tet-is-off"),
    pytest.param(d(2026, 2, 20), False, id="2026-fri-20-feb-tet-is-off"),
    pytest.param(d(2026, 2, 23), True, id="2026-mon-23-feb-after-tet-is-worked"),
    pytest.param(d(2027, 2, 3), True, id="2027-wed-3-feb-before-tet-is-worked"),
    pytest.param(d(2027, 2, 4), False, id="2027-thu-4-feb-tet-is-off"),
    pytest.param(d(2027, 2, 10), False, id="2027-wed-10-feb-tet-is-off"),
    pytest.param(d(2027, 2, 11), True, id="2027-thu-11-feb-after-tet-is-worked"),
    pytest.param(d(2026, 4, 27), False, id="2026-mon-27-apr-hung-kings-observed-is-off"),
    pytest.param(d(2026, 4, 28), True, id="2026-tue-28-apr-is-worked"),
    pytest.param(d(2026, 4, 30), False, id="2026-thu-30-apr-is-off"),
    pytest.param(d(2026, 5, 1), False, id="2026-fri-1-may-is-off"),
    pytest.param(d(2027, 4, 16), False, id="2027-fri-16-apr-hung-kings-is-off"),
    pytest.param(d(2027, 4, 29), True, id="2027-thu-29-apr-is-worked"),
    pytest.param(d(2027, 4, 30), False, id="2027-fri-30-apr-is-off"),
    pytest.param(d(2027, 5, 3), False, id="2027-mon-3-may-labour-day-observed-is-off"),
    pytest.param(d(2026, 8, 22), True, id="2026-sat-22-aug-make-up-is-worked"),
    pytest.param(d(2026, 8, 23), False, id="2026-sun-23-aug-is-off"),
    pytest.param(d(2026, 8, 31), False, id="2026-mon-31-aug-exchanged-is-off"),
    pytest.param(d(2026, 9, 1), False, id="2026-tue-1-sep-is-off"),
    pytest.param(d(2026, 9, 2), False, id="2026-wed-2-sep-is-off"),
    pytest.param(d(2026, 9, 3), True, id="2026-thu-3-sep-is-worked"),
    pytest.param(d(2027, 9, 1), True, id="2027-wed-1-sep-is-worked"),
    pytest.param(d(2027, 9, 3), False, id="2027-fri-3-sep-is-off"),
    pytest.param(d(2025, 4, 26), True, id="2025-sat-26-apr-make-up-is-worked"),
    pytest.param(d(2025, 5, 2), False, id="2025-fri-2-may-exchanged-is-off"),
    pytest.param(d(2026, 3, 7), False, id="ordinary-saturday-is-off"),
    pytest.param(d(2026, 3, 8), False, id="ordinary-sunday-is-off"),
    pytest.param(d(2026, 3, 9), True, id="ordinary-monday-is-worked"),
]


@pytest.mark.parametrize(("start", "count", "expected"), WORKING_DAY_STEPS)
def test_adding_working_days_skips_weekends_and_public_holidays(start, count, expected):
    assert WorkingCalendar().add_working_days(start, count) == expected


@pytest.mark.parametrize(("start", "count", "expected"), CALENDAR_DAY_STEPS)
def test_a_calendar_day_period_ending_on_a_day_off_runs_to_the_next_working_day(
    start, count, expected
):
    assert WorkingCalendar().add_days(start, count) == expected


@pytest.mark.parametrize(("day", "expected"), DAY_STATUS)
def test_a_day_is_worked_unless_it_is_a_weekend_or_a_holiday_or_a_make_up_day(day, expected):
    assert WorkingCalendar().is_working_day(day) is expected


@pytest.mark.parametrize(("start", "count", "expected"), WORKING_DAY_STEPS)
def test_working_days_between_counts_back_the_working_days_that_were_added(start, count, expected):
    assert WorkingCalendar().working_days_between(start, expected) == count
    assert WorkingCalendar().working_days_between(expected, start) == -count


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(d(2026, 2, 13), d(2026, 2, 23), 1, id="fri-before-to-mon-after-tet-is-1"),
        pytest.param(d(2026, 2, 2), d(2026, 3, 2), 15, id="a-month-across-tet-is-15"),
        pytest.param(d(2027, 2, 3), d(2027, 2, 11), 1, id="2027-wed-before-to-thu-after-is-1"),
        pytest.param(d(2026, 2, 13), d(2026, 2, 22), 0, id="fri-before-to-sun-after-tet-is-0"),
        pytest.param(d(2026, 2, 16), d(2026, 2, 20), 0, id="first-to-last-day-of-tet-is-0"),
        pytest.param(d(2026, 2, 23), d(2026, 2, 23), 0, id="same-day-is-0"),
        pytest.param(d(2026, 2, 23), d(2026, 2, 13), -1, id="mon-after-back-to-fri-before-is-1"),
        pytest.param(d(2026, 3, 2), d(2026, 2, 2), -15, id="a-month-back-across-tet-is-15"),
    ],
)
def test_working_days_between_two_dates_across_tet(start, end, expected):
    assert WorkingCalendar().working_days_between(start, end) == expected


@pytest.mark.parametrize(
    "day",
    [
        # Fri 2 Jan 2015 was given off in exchange for Sat 27 Dec 2014.
        pytest.param(d(2014, 12, 27), id="sat-27-dec-2014-for-fri-2-jan-2015"),
        # Mon 31 Dec 2018 was given off in exchange for Sat 5 Jan 2019.
        pytest.param(d(2019, 1, 5), id="sat-5-jan-2019-for-mon-31-dec-2018"),
    ],
)
def test_a_saturday_worked_for_a_day_off_in_another_year_is_a_working_day(day):
    assert WorkingCalendar().is_working_day(day)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        WorkingCalendar().add_working_days(d(2026, 3, 2), -1)
    with pytest.raises(ValueError):
        WorkingCalendar().add_days(d(2026, 3, 2), -1)


# Administrators' changes, read from the database by the module-level functions.


def _override(day: dt.date, kind: str) -> CalendarOverride:
    return CalendarOverride.objects.create(date=day, kind=kind, reason="Thông báo thử nghiệm")


@pytest.mark.django_db
def test_an_extra_day_off_entered_by_an_administrator_is_skipped():
    _override(d(2026, 3, 9), DayKind.DAY_OFF)
    assert not calendar.is_working_day(d(2026, 3, 9))
    assert calendar.add_working_days(d(2026, 3, 6), 1) == d(2026, 3, 10)
    assert calendar.add_days(d(2026, 3, 2), 7) == d(2026, 3, 10)
    assert calendar.working_days_between(d(2026, 3, 6), d(2026, 3, 10)) == 1


@pytest.mark.django_db
def test_a_make_up_saturday_entered_by_an_administrator_counts_as_a_working_day():
    _override(d(2026, 3, 7), DayKind.WORKING_DAY)
    assert calendar.is_working_day(d(2026, 3, 7))
    assert calendar.add_working_days(d(2026, 3, 6), 1) == d(2026, 3, 7)
    assert calendar.add_days(d(2026, 2, 28), 7) == d(2026, 3, 7)
    assert calendar.working_days_between(d(2026, 3, 6), d(2026, 3, 9)) == 2


@pytest.mark.django_db
def test_an_administrators_change_wins_over_the_statutory_holidays():
    _override(d(2026, 2, 20), DayKind.WORKING_DAY)  # the last day of Tết 2026
    _override(d(2026, 8, 22), DayKind.DAY_OFF)  # the package's make-up Saturday
    assert calendar.add_working_days(d(2026, 2, 13), 1) == d(2026, 2, 20)
    assert calendar.add_working_days(d(2026, 8, 21), 1) == d(2026, 8, 24)
    assert not calendar.is_working_day(d(2026, 8, 22))
