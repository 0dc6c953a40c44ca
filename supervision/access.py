"""Who may read and act on a board's records. A board's members act in the board's unit (board
head / board member); the commune committee's officers and leaders oversee it, certify its
recommendations and rate it; auditors read everything in their scope."""

from django.db.models import Q

from units.choices import Role
from units.permissions import has_role, scope_q

from .models import Board

MEMBERS = (Role.BOARD_HEAD, Role.BOARD_MEMBER)
HEAD = (Role.BOARD_HEAD,)
COMMITTEE = (Role.CASE_OFFICER, Role.UNIT_LEADER)
LEADER = (Role.UNIT_LEADER,)
READERS = (Role.CASE_OFFICER, Role.UNIT_LEADER, Role.AUDITOR)


def board_q(user, prefix: str = "") -> Q:
    """Rows reached through a board (`prefix` = the path to it, "" for Board itself) that
    `user` may read: the board's members, and the commune committee above it."""
    return scope_q(user, MEMBERS, unit_field=f"{prefix}unit") | scope_q(
        user, READERS, unit_field=f"{prefix}commune"
    )


def visible_boards(user):
    return Board.objects.filter(board_q(user)).select_related("unit", "commune", "project")


def can_read(user, board: Board) -> bool:
    return has_role(user, board.unit, MEMBERS) or has_role(user, board.commune, READERS)


def is_member(user, board: Board) -> bool:
    return has_role(user, board.unit, MEMBERS)


def is_head(user, board: Board) -> bool:
    return has_role(user, board.unit, HEAD)


def is_committee(user, board: Board, roles=COMMITTEE) -> bool:
    return has_role(user, board.commune, roles)
