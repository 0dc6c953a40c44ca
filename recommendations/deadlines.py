"""The time limits of voter contact (domain.md §2), each a `workdays.TimeLimit` row seeded by
migration 0002 with the legal value as its default, so administrators follow the law when it
changes. The National Assembly side is NQLT 72/2025; the People's Council side runs "as the NA
side" until verified (a separate set of rows, `voter_council`, seeded with the same values).
"""

import datetime as dt

from workdays.deadlines import deadline_before, deadline_for, time_limit_for

from .choices import Body, MeetingForm, SessionKind

NA_SIDE = "voter_na"
COUNCIL_SIDE = "voter_council"


def side(session) -> str:
    return NA_SIDE if session.body == Body.NATIONAL_ASSEMBLY else COUNCIL_SIDE


def limit(session, step: str):
    return time_limit_for(case_kind=side(session), step=step)


def _extraordinary(session) -> bool:
    return session.kind == SessionKind.EXTRAORDINARY


def report_due_before(session) -> dt.date:
    """The latest day the aggregated report of the meetings before a session may go out
    (≥15 days before a regular opening, Art. 37.2; 2 WD before an extraordinary one, Art. 38.2)."""
    step = "extra_report_before" if _extraordinary(session) else "report_before"
    return deadline_before(anchor=session.opens_on, limit=limit(session, step))


def report_due_after(session) -> dt.date:
    """The last day for the report of the meetings after a session (≤15 days after a regular
    closing, Art. 37.2; 7 WD after an extraordinary one, Art. 38.2)."""
    step = "extra_report_after" if _extraordinary(session) else "report_after"
    return deadline_for(start=session.closes_on, limit=limit(session, step))


def results_report_due(session) -> dt.date:
    """Agencies report the results of the previous session's answers ≥20 WD before this one
    opens (Art. 49.2)."""
    return deadline_before(anchor=session.opens_on, limit=limit(session, "results_report"))


def notice_due(meeting) -> dt.date:
    """The latest day a meeting must be announced: 3 WD before a meeting with individuals or
    groups (Art. 33.5), 20 WD before an NA deputy's meeting outside their province (Art. 31.2),
    otherwise the plan goes to the press 7 WD before (Art. 6.3)."""
    step = notice_step(meeting)
    return deadline_before(anchor=meeting.meeting_day, limit=limit(meeting.session, step))


def notice_step(meeting) -> str:
    if meeting.form == MeetingForm.INDIVIDUALS:
        return "group_notice"
    return "notice_outside" if meeting.outside_province else "press_plan"


def minutes_due(meeting) -> dt.date:
    """What a meeting with individuals or groups heard is forwarded ≤5 WD after it (Art. 33.8);
    the same limit serves as the office's target for the minutes of a conference."""
    return deadline_for(start=meeting.meeting_day, limit=limit(meeting.session, "group_forward"))


def group_approval_due(session, requested_on: dt.date) -> dt.date:
    """A request to meet individuals or groups is approved ≤5 WD after it (Art. 33.4)."""
    return deadline_for(start=requested_on, limit=limit(session, "group_approval"))


def answer_due(session, received_on: dt.date) -> dt.date:
    """60 days from receipt (Art. 49.1); a period ending on a day off runs to the next working
    day (Civil Code Art. 148)."""
    return deadline_for(start=received_on, limit=limit(session, "answer"))


def inform_due(session, answered_on: dt.date) -> dt.date:
    return deadline_for(start=answered_on, limit=limit(session, "inform"))


def publish_due(session, answer_due_on: dt.date) -> dt.date:
    """Answers are published 15 WD after the answer deadline ends (Art. 51.1)."""
    return deadline_for(start=answer_due_on, limit=limit(session, "publish"))


def posted_until(session, published_on: dt.date) -> dt.date:
    """Answers stay posted at the citizen reception office for 30 days (Art. 51.2)."""
    return deadline_for(start=published_on, limit=limit(session, "post"))
