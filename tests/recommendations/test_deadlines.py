"""Each row of the domain.md §2 deadline table, counted on the working calendar of the
`holidays` package (weekends are days off)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from recommendations import deadlines
from workdays.models import TimeLimit

D = dt.date
NA = SimpleNamespace(body="national_assembly", kind="regular")


def _session(**extra):
    data = dict(
        body="national_assembly",
        kind="regular",
        opens_on=D(2026, 10, 20),
        closes_on=D(2026, 12, 11),
    )
    data.update(extra)
    return SimpleNamespace(**data)


def _meeting(day, **extra):
    data = dict(form="conference", outside_province=False, session=_session(), meeting_day=day)
    data.update(extra)
    return SimpleNamespace(**data)


pytestmark = pytest.mark.usefixtures("voter_limits")


def test_the_meeting_plan_reaches_the_press_7_working_days_before(db):
    # Art. 6.3: Thursday 24/9 minus 7 working days is Tuesday 15/9.
    assert deadlines.notice_due(_meeting(D(2026, 9, 24))) == D(2026, 9, 15)


def test_a_deputy_outside_their_province_gives_20_working_days_notice(db):
    # Art. 31.2: 20 working days before Friday 30/10/2026 is Friday 2/10.
    meeting = _meeting(D(2026, 10, 30), outside_province=True)
    assert deadlines.notice_due(meeting) == D(2026, 10, 2)


def test_meetings_with_individuals_or_groups(db):
    session = _session()
    meeting = _meeting(D(2026, 9, 10), form="individuals")
    # Art. 33.5: notice 3 WD before Thursday 10/9 is Monday 7/9.
    assert deadlines.notice_due(meeting) == D(2026, 9, 7)
    # Art. 33.4: approval within 5 WD of the request.
    assert deadlines.group_approval_due(session, D(2026, 10, 12)) == D(2026, 10, 19)
    # Art. 33.8: forwarding what was raised within 5 WD after the meeting.
    assert deadlines.minutes_due(meeting) == D(2026, 9, 17)


def test_the_aggregated_report_of_a_regular_session(db):
    session = _session()
    # Art. 37.2: ≥15 days before opening (Tue 20/10 → Mon 5/10), ≤15 after closing.
    assert deadlines.report_due_before(session) == D(2026, 10, 5)
    assert deadlines.report_due_after(session) == D(2026, 12, 28)  # 26/12 is a Saturday


def test_a_report_due_on_a_day_off_moves_earlier_when_counted_back(db):
    # 15 days before Monday 16/11 is Sunday 1/11: the report is due Friday 30/10.
    assert deadlines.report_due_before(_session(opens_on=D(2026, 11, 16))) == D(2026, 10, 30)


def test_the_aggregated_report_of_an_extraordinary_session(db):
    session = _session(kind="extraordinary", opens_on=D(2026, 11, 16), closes_on=D(2026, 11, 18))
    # Art. 38.2: 2 WD before the opening, 7 WD after the closing.
    assert deadlines.report_due_before(session) == D(2026, 11, 12)
    # 24/11, Vietnamese Culture Day, is a public holiday from 2026: 7 WD after 18/11 is 30/11.
    assert deadlines.report_due_after(session) == D(2026, 11, 30)


def test_agencies_answer_within_60_days_of_receipt(db):
    # Art. 49.1: 30/9 + 60 days is Sunday 29/11, which runs to Monday 30/11 (Civil Code 148).
    assert deadlines.answer_due(_session(), D(2026, 9, 30)) == D(2026, 11, 30)


def test_voters_are_told_of_the_answer_within_5_working_days(db):
    assert deadlines.inform_due(_session(), D(2026, 11, 27)) == D(2026, 12, 4)


def test_agencies_report_results_20_working_days_before_the_next_session(db):
    # Art. 49.2: 20 WD before Tuesday 20/10 is Tuesday 22/9.
    assert deadlines.results_report_due(_session()) == D(2026, 9, 22)


def test_answers_are_published_15_working_days_after_the_deadline_and_posted_30_days(db):
    session = _session()
    # Art. 51.1, 51.2.
    assert deadlines.publish_due(session, D(2026, 11, 30)) == D(2026, 12, 21)
    assert deadlines.posted_until(session, D(2026, 12, 21)) == D(2027, 1, 20)


def test_the_peoples_council_side_runs_on_its_own_settings(db):
    council = _session(body="provincial_council")
    assert deadlines.answer_due(council, D(2026, 9, 30)) == D(2026, 11, 30)
    TimeLimit.objects.filter(case_kind="voter_council", step="answer").update(count=30)
    assert deadlines.answer_due(council, D(2026, 9, 30)) == D(2026, 10, 30)
    assert deadlines.answer_due(_session(), D(2026, 9, 30)) == D(2026, 11, 30)


def test_an_administrator_changes_a_limit_and_the_deadline_follows(db):
    TimeLimit.objects.filter(case_kind="voter_na", step="press_plan").update(count=10)
    assert deadlines.notice_due(_meeting(D(2026, 9, 24))) == D(2026, 9, 10)
