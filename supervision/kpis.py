"""The committee's targets for its boards (domain.md §5, seed 002): every People's Inspection
Board supervises at least one matter a year, every project has a community investment
supervision board, and at least 80% of boards are rated "khá" or better, none weak. The share
is a setting."""

from dataclasses import dataclass, field

from django.conf import settings

from .choices import BoardKind, BoardState, Grade
from .models import Board, InspectionCase, Project, Rating

GOOD = (Grade.GOOD, Grade.FAIR)
NOT_YET = (BoardState.FORMING, BoardState.PROPOSED, BoardState.MEMBERS_ELECTED)


def good_share_target() -> float:
    return getattr(settings, "SUPERVISION_GOOD_RATING_SHARE", 0.8)


@dataclass
class Figures:
    year: int
    inspection_boards: int = 0
    boards_with_a_matter: int = 0
    idle_boards: list = field(default_factory=list)
    projects: int = 0
    projects_with_a_board: int = 0
    projects_without: list = field(default_factory=list)
    boards_rated: int = 0
    boards_total: int = 0
    rated_good: int = 0
    rated_weak: int = 0

    @property
    def every_board_supervised(self) -> bool:
        return self.inspection_boards > 0 and not self.idle_boards

    @property
    def every_project_covered(self) -> bool:
        return not self.projects_without

    @property
    def good_share(self) -> float:
        return self.rated_good / self.boards_total if self.boards_total else 0.0

    @property
    def ratings_met(self) -> bool:
        return (
            self.boards_total > 0
            and self.good_share >= good_share_target()
            and self.rated_weak == 0
        )


def figures(communes, year: int) -> Figures:
    """The figures over the boards of `communes` (a queryset or list of committee units)."""
    result = Figures(year=year)
    boards = Board.objects.filter(commune__in=communes).exclude(state__in=NOT_YET)
    busy = set(
        InspectionCase.objects.filter(board__in=boards, starts_on__year=year).values_list(
            "board_id", flat=True
        )
    )
    for board in boards.filter(kind=BoardKind.INSPECTION).select_related("unit"):
        result.inspection_boards += 1
        if board.pk in busy:
            result.boards_with_a_matter += 1
        else:
            result.idle_boards.append(board)
    projects = Project.objects.filter(unit__in=communes).select_related("board")
    for project in projects:
        result.projects += 1
        if getattr(project, "board", None) is not None:
            result.projects_with_a_board += 1
        else:
            result.projects_without.append(project)
    result.boards_total = boards.count()
    ratings = Rating.objects.filter(board__in=boards, year=year)
    result.boards_rated = ratings.count()
    result.rated_good = ratings.filter(grade__in=GOOD).count()
    result.rated_weak = ratings.filter(grade=Grade.WEAK).count()
    return result
