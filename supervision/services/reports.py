"""A board's periodic report to the commune Front (Decree 59 Art. 14.3) and the Front's yearly
rating of each board."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.services import audited, require_reason, require_role, run_transition, today
from units.models import User

from ..access import HEAD, LEADER, MEMBERS
from ..choices import Grade, Period
from ..models import Board, BoardReport, Rating


def period_bounds(period: str, year: int, number: int | None, board: Board) -> tuple:
    if period == Period.QUARTER:
        if number not in (1, 2, 3, 4):
            raise DomainError(_("Say which quarter."))
        first = dt.date(year, 3 * number - 2, 1)
        last = dt.date(year + (number == 4), (3 * number) % 12 + 1, 1) - dt.timedelta(days=1)
        return first, last
    if period == Period.HALF_YEAR:
        if number not in (1, 2):
            raise DomainError(_("Say which half of the year."))
        return (
            (dt.date(year, 1, 1), dt.date(year, 6, 30))
            if number == 1
            else (
                dt.date(year, 7, 1),
                dt.date(year, 12, 31),
            )
        )
    if period == Period.YEAR:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if period == Period.TERM:
        if board.term_starts is None:
            raise DomainError(_("The board's term is not recorded."))
        return board.term_starts, board.term_ends or today()
    raise DomainError(_("Choose the report's period."))


@transaction.atomic
def report_create(
    *,
    actor: User,
    board: Board,
    period: str,
    year: int,
    number: int | None = None,
    narrative: str = "",
) -> BoardReport:
    require_role(actor, board.unit, MEMBERS)
    starts_on, ends_on = period_bounds(period, year, number, board)
    report = BoardReport(
        board=board,
        period=period,
        year=year,
        number=number if period in (Period.QUARTER, Period.HALF_YEAR) else None,
        starts_on=starts_on,
        ends_on=ends_on,
        narrative=narrative.strip(),
    )
    audited(report, actor=actor, reason=_("Report drafted")).save()
    return report


@transaction.atomic
def report_edit(*, actor: User, report: BoardReport, narrative: str) -> BoardReport:
    require_role(actor, report.board.unit, MEMBERS)
    if report.state != "drafted":
        raise DomainError(_("A submitted report is not changed."))
    report.narrative = (narrative or "").strip()
    audited(report, actor=actor, reason=_("Report edited")).save()
    return report


@transaction.atomic
def report_submit(*, actor: User, report: BoardReport) -> BoardReport:
    """The board head submits the report to the commune Front."""
    require_role(actor, report.board.unit, HEAD)
    if not report.narrative:
        raise DomainError(_("Write the report's narrative first."))
    report.submitted_on = today()
    return run_transition(report, "submit", actor=actor, reason=_("Report submitted"))


@transaction.atomic
def rating_record(*, actor: User, board: Board, year: int, grade: str, reason: str) -> Rating:
    """The commune Front rates the board for the year (tốt / khá / trung bình / yếu)."""
    require_role(actor, board.commune, LEADER)
    if grade not in Grade.values:
        raise DomainError(_("Choose the rating."))
    reason = require_reason(reason)
    if year > today().year:
        raise DomainError(_("A year is rated once it has begun."))
    rating = Rating.objects.filter(board=board, year=year).first() or Rating(board=board, year=year)
    rating.grade, rating.reason, rating.rated_by, rating.rated_on = grade, reason, actor, today()
    audited(rating, actor=actor, reason=reason).save()
    return rating
