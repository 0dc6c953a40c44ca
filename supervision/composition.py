"""The composition rules of a board (Decree 59/2023 Art. 13 for a People's Inspection Board;
THDCOCS 2022 Art. 42 for an investment supervision board). The numbers are settings, with
the legal values as defaults.

`problems(board)` lists what is wrong with the board's current members; recognising or
establishing a board is refused while the list is not empty, and the board page shows it as
members are added."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import FlagState, MemberRole, MemberSource
from .models import ConflictFlag


def _setting(name: str, default: int) -> int:
    return getattr(settings, name, default)


def min_members() -> int:
    return _setting("SUPERVISION_MIN_MEMBERS", 5)


def max_deputies() -> int:
    return _setting("SUPERVISION_MAX_DEPUTIES", 2)


def max_residents() -> int:
    """Residents on an investment supervision board: at most 5 (Art. 42.1)."""
    return _setting("SUPERVISION_MAX_RESIDENTS", 5)


def member_problems(member) -> list[str]:
    """Who may not sit on a board (Art. 37): a member lives in the commune and is neither a
    commune official or civil servant nor commune or village non-specialised staff."""
    found = []
    if not member.lives_here:
        found.append(_("%(name)s does not live in the commune.") % {"name": member.full_name})
    if member.commune_official:
        found.append(_("%(name)s is a commune official.") % {"name": member.full_name})
    if member.village_staff:
        found.append(_("%(name)s is commune or village staff.") % {"name": member.full_name})
    return found


def problems(board, members=None) -> list[str]:
    members = list(board.current_members() if members is None else members)
    found = []
    for member in members:
        found += member_problems(member)
    count = len(members)
    deputies = sum(m.role == MemberRole.DEPUTY for m in members)
    heads = sum(m.role == MemberRole.HEAD for m in members)
    if deputies > max_deputies():
        found.append(
            ngettext(
                "A board has at most %(max)d deputy head.",
                "A board has at most %(max)d deputy heads.",
                max_deputies(),
            )
            % {"max": max_deputies()}
        )
    if heads > 1:
        found.append(_("A board has one head."))
    if board.is_inspection:
        found += _inspection_problems(board, members)
    else:
        found += _investment_problems(board, members)
    if count < min_members() and not (board.is_inspection and board.villages):
        found.append(
            _("A board has at least %(min)d members; it has %(count)d.")
            % {"min": min_members(), "count": count}
        )
    return found


def _inspection_problems(board, members) -> list[str]:
    """One member elected per village or residential group, at least 5; a commune with fewer
    than 5 villages elects at most 5 (Decree 59 Art. 13)."""
    found = []
    villages = board.villages
    if not villages:
        return found
    count = len(members)
    least = villages
    if villages >= min_members():
        seats: dict[str, list] = {}
        for member in members:
            key = member.village.strip().casefold()
            seats.setdefault(key, []).append(member.village.strip())
        doubled = sorted(names[0] for key, names in seats.items() if key and len(names) > 1)
        if doubled:
            found.append(
                _("One member per village or residential group: %(v)s has more.")
                % {"v": ", ".join(doubled)}
            )
        if count < least:
            found.append(
                _("%(villages)d villages or groups elect %(least)d members; %(count)d are seated.")
                % {"villages": villages, "least": least, "count": count}
            )
    else:
        if count != min_members():
            found.append(
                _(
                    "A commune with fewer than %(min)d villages elects %(min)d members; "
                    "%(count)d are seated."
                )
                % {"min": min_members(), "count": count}
            )
    return found


def _investment_problems(board, members) -> list[str]:
    found = []
    residents = sum(m.source == MemberSource.RESIDENT for m in members)
    if residents > max_residents():
        found.append(
            _("At most %(max)d members come from the residents; %(count)d do.")
            % {"max": max_residents(), "count": residents}
        )
    undeclared = [m.full_name for m in members if not m.declared_no_relatives]
    if undeclared:
        found.append(
            _("Not yet declared free of relatives among the project's parties: %(names)s.")
            % {"names": ", ".join(undeclared)}
        )
    # One query for the whole board, not one per member.
    open_flags = ConflictFlag.objects.filter(
        member__in=[m.pk for m in members], state=FlagState.OPEN
    ).count()
    if open_flags:
        found.append(
            ngettext(
                "%(count)d conflict-of-interest flag is still to be reviewed.",
                "%(count)d conflict-of-interest flags are still to be reviewed.",
                open_flags,
            )
            % {"count": open_flags}
        )
    return found
