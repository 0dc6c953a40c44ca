"""The conflict-of-interest check of an investment supervision board (THDCOCS Art. 42.2): no
member may be a relative of the project's investment decision-maker, investor, consultants,
contractors, supervisors or managers. Each member declares it; the engine also compares each
member's name with every name of the project's parties, diacritics and case ignored, and
flags matches for the commune Front to look into (a shared name is a reason to ask, not
proof)."""

import re

from cases.services import audited
from units.search import fold

from .choices import FlagState
from .models import ConflictFlag
from .notices import conflict_flagged


def _words(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", fold(name)))


def matches(member_name: str, party_name: str) -> bool:
    """The same person's name: every word alike, in order ("Nguyễn Văn An" = "NGUYEN VAN AN"),
    or the member's full name inside a longer line ("Ông Nguyễn Văn An, giám đốc")."""
    member, party = _words(member_name), _words(party_name)
    if len(member) < 2 or not party:
        return False
    size = len(member)
    return any(party[i : i + size] == member for i in range(len(party) - size + 1))


def check(board, *, actor, reason: str) -> list[ConflictFlag]:
    """Raises a flag for each match not flagged before; returns the new flags. A flag once
    cleared by the Front is not raised again for the same name."""
    if board.project is None:
        return []
    new = []
    parties = list(board.project.parties.all())
    members = list(board.current_members())
    # The flags raised before, read once: a match already flagged (or cleared) is not raised again.
    known = set(
        ConflictFlag.objects.filter(member__in=members).values_list(
            "member_id", "party_id", "matched_name"
        )
    )
    for member in members:
        for party in parties:
            for name in party.names():
                if not matches(member.full_name, name):
                    continue
                if (member.pk, party.pk, name[:255]) in known:
                    continue
                flag = ConflictFlag(member=member, party=party, matched_name=name[:255])
                audited(flag, actor=actor, reason=reason).save()
                new.append(flag)
    if new:
        conflict_flagged(board)
    return new


def open_flags(board):
    return ConflictFlag.objects.filter(
        member__board=board, member__left_on__isnull=True, state=FlagState.OPEN
    ).select_related("member", "party")
