"""The boards' time limits (domain.md §3), each a `workdays.TimeLimit` row seeded by migration
0002 with its legal value, so administrators follow the law when it changes."""

import datetime as dt

from workdays import calendar
from workdays.deadlines import deadline_before, deadline_for, time_limit_for

from .choices import BoardKind

INSPECTION = "board_inspection"
INVESTMENT = "board_investment"


def side(case_or_board) -> str:
    board = getattr(case_or_board, "board", case_or_board)
    return INSPECTION if board.kind == BoardKind.INSPECTION else INVESTMENT


def limit(case_or_board, step: str):
    return time_limit_for(case_kind=side(case_or_board), step=step)


def earliest_start(case) -> dt.date | None:
    """The first day the work may start once its plan is sent: ≥5 WD after the plan reached the
    commune Front, the People's Committee chair and the supervised body (Decree 59 Art. 14.1b);
    ≥45 days after the plan and composition reached the investor (THDCOCS Art. 45.1b)."""
    sent = case.plan_sent_on if side(case) == INSPECTION else case.notice_sent_on
    if sent is None:
        return None
    step = "plan_notice" if side(case) == INSPECTION else "investor_notice"
    notice = limit(case, step)
    if notice.unit == "working_days":
        return calendar.add_working_days(sent, notice.count)
    return sent + dt.timedelta(days=notice.count)


def certify_due(case, drafted_on: dt.date) -> dt.date:
    """The commune Front certifies a board's recommendation within 3 WD (setting)."""
    return deadline_for(start=drafted_on, limit=limit(case, "certify"))


def answer_due(case, sent_on: dt.date) -> dt.date:
    """15 days from sending (THDCOCS Art. 40.1c for a People's Inspection Board, Art. 45.2c and
    45.3c for an investment supervision board); a period ending on a day off runs to the next
    working day (Civil Code Art. 148)."""
    return deadline_for(start=sent_on, limit=limit(case, "answer"))


def report_due(case, since: dt.date) -> dt.date:
    return deadline_for(start=since, limit=limit(case, "report"))


def by_election_needed(board, left_on: dt.date) -> bool:
    """A seat left with ≥6 months of the term to run is filled by a by-election (Decree 59
    Art. 13)."""
    if board.term_ends is None:
        return True
    needed = limit(board, "by_election_left").count
    return (board.term_ends - left_on).days >= needed


def by_election_due(board, left_on: dt.date) -> dt.date:
    return deadline_for(start=left_on, limit=limit(board, "by_election"))


def latest_investor_notice(case) -> dt.date:
    """The last day the investor may be told for the round to start on its planned day
    (≥45 days before, Art. 45.1b)."""
    return deadline_before(anchor=case.starts_on, limit=limit(case, "investor_notice"))
