"""Deadlines of case steps from the seeded time limits, on the real Vietnamese calendar.

Every expected date was worked out by hand (see tests/workdays/test_calendar.py for the days off):
2026 Tết Mon 16 – Fri 20 Feb; Mon 27 Apr, Thu 30 Apr, Fri 1 May off; Sat 22 Aug worked in exchange
for Mon 31 Aug; Tue 1 and Wed 2 Sep off. 2027 New Year Fri 1 Jan; Tết Thu 4 – Wed 10 Feb.
A period in calendar days that ends on a day off runs to the next working day (Bộ luật Dân sự,
Art. 148.5); working days skip every day off.
"""

import datetime as dt

import pytest

from units.choices import Role
from units.errors import DomainError
from workdays.deadlines import (
    deadline_for,
    escalation_date,
    reminder_date,
    time_limit_for,
    working_days_left,
)
from workdays.models import CalendarOverride, DayCount, DayKind, TimeLimit

from ..factories import UserFactory, grant

pytestmark = pytest.mark.django_db

d = dt.date
WD, DAYS = DayCount.WORKING_DAYS, DayCount.DAYS

SEEDED = [
    # (case_kind, step, variant, count, unit, received, deadline)
    # 10 working days to register and classify (Luật Tiếp công dân, Art. 28.1), across Tết 2026
    ("complaint", "classify", "standard", 10, WD, d(2026, 2, 13), d(2026, 3, 6)),
    ("denunciation", "classify", "standard", 10, WD, d(2026, 2, 12), d(2026, 3, 5)),
    ("recommendation", "classify", "standard", 10, WD, d(2026, 2, 11), d(2026, 3, 4)),
    ("feedback", "classify", "standard", 10, WD, d(2026, 2, 9), d(2026, 3, 2)),
    # …and across Hùng Kings (Mon 27 Apr), 30/4 and 1/5
    ("mixed", "classify", "standard", 10, WD, d(2026, 4, 24), d(2026, 5, 13)),
    # forward a denunciation outside competence: across Mon 31 Aug – Wed 2 Sep
    ("denunciation", "refer", "standard", 5, WD, d(2026, 8, 28), d(2026, 9, 9)),
    # complaint, first instance (Luật Khiếu nại, Art. 28)
    ("complaint", "answer", "standard", 30, DAYS, d(2026, 3, 6), d(2026, 4, 6)),  # Sun 5 Apr
    ("complaint", "answer", "complex", 45, DAYS, d(2026, 3, 17), d(2026, 5, 4)),  # Fri 1 May
    ("complaint", "answer", "remote", 45, DAYS, d(2026, 1, 2), d(2026, 2, 23)),  # Mon 16 Feb
    ("complaint", "answer", "remote_complex", 60, DAYS, d(2026, 1, 19), d(2026, 3, 20)),
    # complaint, second instance (Art. 37)
    ("complaint", "answer", "second_instance", 45, DAYS, d(2026, 7, 16), d(2026, 9, 3)),
    ("complaint", "answer", "second_instance_complex", 60, DAYS, d(2026, 4, 1), d(2026, 6, 1)),
    ("complaint", "answer", "second_instance_remote", 60, DAYS, d(2026, 11, 2), d(2027, 1, 4)),
    # Fri 5 Feb 2027 is in Tết
    (
        "complaint",
        "answer",
        "second_instance_remote_complex",
        70,
        DAYS,
        d(2026, 11, 27),
        d(2027, 2, 11),
    ),
    # denunciation (Luật Tố cáo, Art. 30): 30 days, +30 once, +30 twice
    ("denunciation", "answer", "standard", 30, DAYS, d(2026, 1, 16), d(2026, 2, 23)),  # Sun, Tết
    ("denunciation", "answer", "complex", 60, DAYS, d(2026, 7, 3), d(2026, 9, 3)),  # Tue 1 Sep
    ("denunciation", "answer", "especially_complex", 90, DAYS, d(2026, 2, 2), d(2026, 5, 4)),
    # no limit in law: the system default of 30 days
    ("recommendation", "answer", "standard", 30, DAYS, d(2026, 7, 23), d(2026, 8, 22)),  # Sat!
    ("feedback", "answer", "standard", 30, DAYS, d(2026, 12, 31), d(2027, 2, 1)),  # Sat 30 Jan
    # publish the conclusion of a denunciation (Art. 40), across Tết 2027
    ("denunciation", "publish_conclusion", "standard", 7, WD, d(2027, 2, 3), d(2027, 2, 19)),
]


@pytest.mark.parametrize(
    ("case_kind", "step", "variant", "count", "unit", "received", "deadline"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}-{row[2]}") for row in SEEDED],
)
def test_each_seeded_time_limit_gives_its_deadline_on_the_real_calendar(
    case_kind, step, variant, count, unit, received, deadline
):
    limit = time_limit_for(case_kind=case_kind, step=step, variant=variant)

    assert (limit.variant, limit.count, limit.unit) == (variant, count, unit)
    assert limit.legal_basis
    assert deadline_for(start=received, limit=limit) == deadline


def test_every_seeded_time_limit_is_covered_above_and_none_is_missing():
    # The petitions' limits (workdays 0002); each kind above seeds and tests its own.
    petitions = {row[0] for row in SEEDED}
    seeded = set(
        TimeLimit.objects.filter(case_kind__in=petitions).values_list(
            "case_kind", "step", "variant"
        )
    )

    assert seeded == {row[:3] for row in SEEDED}


def test_seeded_time_limits_have_default_reminders_and_a_creation_history_row():
    limit = time_limit_for(case_kind="complaint", step="classify")

    assert (limit.reminder_working_days, limit.escalate_after_working_days) == (2, 5)
    assert [h.history_type for h in limit.history.all()] == ["+"]


def test_a_period_in_calendar_days_ending_on_a_sunday_runs_to_the_monday():
    limit = time_limit_for(case_kind="complaint", step="answer")

    assert (d(2026, 3, 6) + dt.timedelta(days=30)).weekday() == 6
    assert deadline_for(start=d(2026, 3, 6), limit=limit) == d(2026, 4, 6)


def test_a_period_in_calendar_days_ending_on_a_make_up_saturday_ends_that_saturday():
    limit = time_limit_for(case_kind="recommendation", step="answer")

    assert deadline_for(start=d(2026, 7, 23), limit=limit) == d(2026, 8, 22)


@pytest.mark.parametrize(
    ("deadline", "reminder"),
    [
        pytest.param(d(2026, 4, 6), d(2026, 4, 2), id="monday-deadline-reminded-the-thursday"),
        pytest.param(d(2026, 2, 23), d(2026, 2, 12), id="after-tet-2026-reminded-before-tet"),
        pytest.param(d(2026, 5, 4), d(2026, 4, 28), id="after-30-4-and-1-5-reminded-tue-28-apr"),
        pytest.param(d(2026, 8, 24), d(2026, 8, 21), id="make-up-saturday-counts-as-working"),
    ],
)
def test_the_reminder_fires_two_working_days_before_the_deadline(deadline, reminder):
    limit = time_limit_for(case_kind="complaint", step="answer")

    assert reminder_date(deadline=deadline, limit=limit) == reminder


@pytest.mark.parametrize(
    ("deadline", "escalation"),
    [
        pytest.param(d(2026, 4, 6), d(2026, 4, 13), id="mon-6-apr+5wd-is-mon-13-apr"),
        pytest.param(d(2026, 2, 13), d(2026, 2, 27), id="fri-13-feb+5wd-over-tet-is-fri-27-feb"),
        pytest.param(d(2026, 8, 28), d(2026, 9, 9), id="fri-28-aug+5wd-over-2-9-is-wed-9-sep"),
    ],
)
def test_an_ignored_follow_up_is_escalated_five_working_days_after_the_deadline(
    deadline, escalation
):
    limit = time_limit_for(case_kind="denunciation", step="answer")

    assert escalation_date(deadline=deadline, limit=limit) == escalation


def test_the_reminder_and_escalation_follow_the_limits_own_settings():
    limit = time_limit_for(case_kind="complaint", step="classify")
    limit.reminder_working_days, limit.escalate_after_working_days = 3, 1

    assert reminder_date(deadline=d(2026, 4, 6), limit=limit) == d(2026, 4, 1)
    assert escalation_date(deadline=d(2026, 4, 3), limit=limit) == d(2026, 4, 6)


@pytest.mark.parametrize(
    ("today", "deadline", "left"),
    [
        pytest.param(d(2026, 2, 13), d(2026, 2, 23), 1, id="over-tet-one-working-day-left"),
        pytest.param(d(2026, 2, 23), d(2026, 2, 23), 0, id="on-the-deadline-none-left"),
        pytest.param(d(2026, 2, 25), d(2026, 2, 23), -2, id="two-working-days-overdue"),
        pytest.param(d(2026, 2, 23), d(2026, 2, 12), -2, id="overdue-across-tet"),
    ],
)
def test_working_days_left_counts_down_and_goes_negative_when_overdue(today, deadline, left):
    assert working_days_left(today=today, deadline=deadline) == left


def test_a_variant_without_its_own_row_falls_back_to_the_standard_limit():
    limit = time_limit_for(case_kind="denunciation", step="answer", variant="remote")

    assert (limit.variant, limit.count) == ("standard", 30)


def test_a_step_without_any_limit_is_refused_with_a_domain_error():
    with pytest.raises(DomainError, match="mixed / answer"):
        time_limit_for(case_kind="mixed", step="answer", variant="complex")


def test_an_extra_day_off_set_by_an_administrator_moves_a_working_day_deadline():
    limit = time_limit_for(case_kind="denunciation", step="refer")
    assert deadline_for(start=d(2026, 3, 2), limit=limit) == d(2026, 3, 9)

    CalendarOverride.objects.create(date=d(2026, 3, 4), kind=DayKind.DAY_OFF, reason="Thử")

    assert deadline_for(start=d(2026, 3, 2), limit=limit) == d(2026, 3, 10)


def test_an_extra_day_off_on_the_last_calendar_day_runs_the_period_to_the_next_working_day():
    limit = time_limit_for(case_kind="complaint", step="answer", variant="remote_complex")
    CalendarOverride.objects.create(date=d(2026, 3, 20), kind=DayKind.DAY_OFF, reason="Thử")

    assert deadline_for(start=d(2026, 1, 19), limit=limit) == d(2026, 3, 23)


def test_an_administrator_changing_a_limit_changes_the_deadlines_from_then_on():
    limit = time_limit_for(case_kind="feedback", step="answer")
    limit.count, limit.unit = 15, DayCount.WORKING_DAYS
    limit.save()

    limit = time_limit_for(case_kind="feedback", step="answer")
    assert deadline_for(start=d(2026, 2, 13), limit=limit) == d(2026, 3, 13)


def test_only_national_administrators_may_change_time_limits(tree, province_admin, outsider):
    central_admin = UserFactory(username="quantritw")
    grant(central_admin, tree.central, Role.ADMINISTRATOR)

    assert central_admin.has_perm("workdays.change_timelimit")
    assert not province_admin.has_perm("workdays.change_timelimit")
    assert not outsider.has_perm("workdays.change_timelimit")
