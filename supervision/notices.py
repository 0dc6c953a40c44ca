"""Telling people about a board (not a case): its recognition or establishment and its
composition (THDCOCS Art. 40.2b, 45.1b), and a conflict-of-interest flag for the Front to look
into (Art. 42.2). The People's Council, the People's Committee and the residents are told
outside the system; `Board.notice_to` records how. Here the board's own members who log in and
the commune Front's officers and leaders are told, in the change's transaction."""

from django.utils.translation import gettext_noop

from notifications.services import notify
from units.choices import Role
from workflows.announce import holders_of

from .access import COMMITTEE

RECOGNISED = gettext_noop("The board was recognised and announced")
COMPOSITION_SENT = gettext_noop("The board's composition was sent to the investor")
FLAGGED = gettext_noop("Look into a name that matches a project's party")


def _members(board) -> list[int]:
    return list(
        board.current_members().exclude(user=None).values_list("user_id", flat=True)
    ) + holders_of(board.unit, (Role.BOARD_HEAD, Role.BOARD_MEMBER))


def board_announced(board, step: str) -> None:
    notify(
        kind="board_announced",
        user_ids=_members(board) + holders_of(board.commune, COMMITTEE),
        case_label=board.unit.name,
        step=step,
        url=board.get_absolute_url(),
        unit_name=board.commune.name,
    )


def conflict_flagged(board) -> None:
    notify(
        kind="conflict_flagged",
        user_ids=holders_of(board.commune, COMMITTEE),
        case_label=board.unit.name,
        step=FLAGGED,
        url=board.get_absolute_url(),
        unit_name=board.commune.name,
    )
