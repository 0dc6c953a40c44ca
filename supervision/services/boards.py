"""The registry of boards: setting a board up, its members and elections, recognition,
establishment and the end of its life. Boards run in no flow: each service checks the role
itself (`cases.services.require_role`)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.services import audited, require_reason, require_role, run_transition, today
from units.choices import UnitKind
from units.models import Unit, User
from workflows import acting

from .. import composition, conflicts, deadlines, notices
from ..access import COMMITTEE, LEADER
from ..choices import BoardKind, BoardState, ElectionKind, MemberRole, MemberSource
from ..models import Board, ConflictFlag, Election, Member, Project, Vacancy

TERM_YEARS_DEFAULT = 5  # THDCOCS Art. 36.2: the village head's term (setting)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def board_create(
    *,
    actor: User,
    commune: Unit,
    kind: str,
    name: str = "",
    project: Project | None = None,
    villages: int | None = None,
    plan_year: int | None = None,
    reason: str = "",
    unit: Unit | None = None,
) -> Board:
    """Registers a board of the commune, with its own unit in the organisation tree (`unit`:
    a board unit an administrator already made under the commune)."""
    require_role(actor, commune, COMMITTEE)
    if commune.kind != UnitKind.COMMITTEE:
        raise DomainError(_("A board is set up by a commune Fatherland Front committee."))
    if kind == BoardKind.INSPECTION:
        if (
            Board.objects.filter(commune=commune, kind=kind)
            .exclude(state=BoardState.TERM_ENDED)
            .exists()
        ):
            raise DomainError(_("This commune already has a People's Inspection Board."))
        unit_kind, state = UnitKind.INSPECTION_BOARD, BoardState.FORMING
        name = name or f"Ban Thanh tra nhân dân {commune.area_name or commune.name}"
    elif kind == BoardKind.INVESTMENT:
        if project is None or project.unit_id != commune.pk:
            raise DomainError(_("Choose one of the commune's projects."))
        if Board.objects.filter(project=project).exists():
            raise DomainError(_("This project already has a supervision board."))
        unit_kind, state = UnitKind.INVESTMENT_SUPERVISION_BOARD, BoardState.PROPOSED
        name = name or f"Ban giám sát đầu tư của cộng đồng — {project.name}"
    else:
        raise DomainError(_("Choose the kind of board."))
    reason = reason or _("Board set up")
    if unit is not None:
        under = unit.path.startswith(commune.path) and unit.depth == commune.depth + 1
        if unit.kind != unit_kind or not under or hasattr(unit, "board"):
            raise DomainError(_("That unit is not a free board unit of this commune."))
    else:
        unit = Unit(
            name=name[:255], kind=unit_kind, level=commune.level, area_name=commune.area_name
        )
        audited(unit, actor=actor, reason=reason)
        unit = Unit.objects.add_child(commune, instance=unit)
    board = Board(
        unit=unit,
        commune=commune,
        kind=kind,
        project=project,
        villages=villages,
        plan_year=plan_year or today().year,
        state=state,
    )
    audited(board, actor=actor, reason=reason).save()
    return board


@transaction.atomic
def election_record(
    *, actor: User, board: Board, kind: str, held_on: dt.date, where: str = "", minutes: str = ""
) -> Election:
    require_role(actor, board.commune, COMMITTEE)
    if kind not in ElectionKind.values:
        raise DomainError(_("Choose election or by-election."))
    if held_on > today():
        raise DomainError(_("An election is recorded once it has been held."))
    election = Election(board=board, kind=kind, held_on=held_on, where=where, minutes=minutes)
    audited(election, actor=actor, reason=_("Election recorded")).save()
    return election


@transaction.atomic
def member_add(
    *,
    actor: User,
    board: Board,
    full_name: str,
    village: str = "",
    role: str = MemberRole.MEMBER,
    source: str = MemberSource.RESIDENT,
    seated_by: Election | None = None,
    term_starts: dt.date | None = None,
    phone: str = "",
    lives_here: bool = True,
    commune_official: bool = False,
    village_staff: bool = False,
    user: User | None = None,
) -> Member:
    """Seats a member. Who may not sit (Art. 37) is refused at once; the board-wide rules
    (numbers, deputies) are checked when the board is recognised or established."""
    require_role(actor, board.commune, COMMITTEE)
    if board.state in (BoardState.TERM_ENDED, BoardState.DISSOLVED):
        raise DomainError(_("This board's term has ended."))
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise DomainError(_("Give the member's full name."))
    if role not in MemberRole.values or source not in MemberSource.values:
        raise DomainError(_("Choose the member's role."))
    if seated_by is not None and seated_by.board_id != board.pk:
        raise DomainError(_("That election is another board's."))
    member = Member(
        board=board,
        full_name=full_name,
        village=village.strip(),
        role=role,
        source=source,
        seated_by=seated_by,
        term_starts=term_starts or (seated_by.held_on if seated_by else today()),
        term_ends=board.term_ends,
        phone=phone,
        lives_here=lives_here,
        commune_official=commune_official,
        village_staff=village_staff,
        user=user,
    )
    found = composition.member_problems(member)
    if found:
        raise DomainError(" ".join(found))
    if role == MemberRole.HEAD and board.current_members().filter(role=MemberRole.HEAD).exists():
        raise DomainError(_("The board already has a head."))
    audited(member, actor=actor, reason=_("Member seated")).save()
    if not board.is_inspection:
        conflicts.check(board, actor=actor, reason=_("Names checked against the project's parties"))
    return member


@transaction.atomic
def member_declare(*, actor: User, member: Member, declared_on: dt.date | None = None) -> Member:
    """The member's declaration that they have no relatives among the project's parties
    (Art. 42.2), recorded by the commune Front from the signed form."""
    require_role(actor, member.board.commune, COMMITTEE)
    member.declared_no_relatives = True
    member.declared_on = declared_on or today()
    audited(member, actor=actor, reason=_("No-relatives declaration recorded")).save()
    return member


@transaction.atomic
def member_leave(*, actor: User, member: Member, left_on: dt.date, reason: str):
    """A member leaves the board. A People's Inspection Board seat left with ≥6 months of the
    term to run opens a by-election case for the commune Front (Decree 59 Art. 13)."""
    require_role(actor, member.board.commune, COMMITTEE)
    reason = require_reason(reason)
    if member.left_on is not None:
        raise DomainError(_("This member has already left."))
    if left_on > today() or left_on < member.term_starts:
        raise DomainError(_("The day they left must be within their term and not in the future."))
    member.left_on, member.left_reason = left_on, reason[:255]
    audited(member, actor=actor, reason=reason).save()
    board = member.board
    if (
        board.is_inspection
        and board.state == BoardState.ACTIVE
        and deadlines.by_election_needed(board, left_on)
    ):
        return vacancy_open(board=board, member=member, actor=actor)
    return None


def _require_composition(board: Board) -> None:
    found = composition.problems(board)
    if found:
        raise DomainError(" ".join(found))


@transaction.atomic
def board_recognise(
    *,
    actor: User,
    board: Board,
    term_starts: dt.date,
    term_ends: dt.date | None = None,
    notice_to: str,
) -> Board:
    """The commune Front confirms the election of a People's Inspection Board; the board has
    elected its head, and the People's Council, the People's Committee and the residents are
    told (THDCOCS Art. 40.2b)."""
    require_role(actor, board.commune, LEADER)
    if not board.is_inspection:
        raise DomainError(_("Only a People's Inspection Board is recognised."))
    _require_composition(board)
    if not board.current_members().filter(role=MemberRole.HEAD).exists():
        raise DomainError(_("The board must elect its head first."))
    if not (notice_to or "").strip():
        raise DomainError(
            _("Say who was told of the board: People's Council, People's Committee, residents.")
        )
    board.term_starts = term_starts
    board.term_ends = term_ends or _add_years(term_starts, TERM_YEARS_DEFAULT)
    board.recognised_on = today()
    board.notice_to = notice_to.strip()
    run_transition(board, "recognise", actor=actor, reason=_("Board recognised"))
    board.current_members().filter(term_ends__isnull=True).update(term_ends=board.term_ends)
    notices.board_announced(board, notices.RECOGNISED)
    return board


@transaction.atomic
def board_elect(*, actor: User, board: Board) -> Board:
    """The members of an investment supervision board have been elected (Art. 42.1)."""
    require_role(actor, board.commune, COMMITTEE)
    if not board.elections.exists():
        raise DomainError(_("Record the election first."))
    return run_transition(board, "elect", actor=actor, reason=_("Members elected"))


@transaction.atomic
def board_establish(*, actor: User, board: Board) -> Board:
    """The commune Front establishes the investment supervision board (Art. 42.1): composition
    right, every member's declaration in, no conflict flag left to review."""
    require_role(actor, board.commune, LEADER)
    conflicts.check(board, actor=actor, reason=_("Names checked against the project's parties"))
    _require_composition(board)
    board.established_on = today()
    return run_transition(board, "establish", actor=actor, reason=_("Board established"))


@transaction.atomic
def board_notify_composition(*, actor: User, board: Board, notice_to: str) -> Board:
    """The board's composition and plan are sent to the investor and the commune People's
    Committee (Art. 45.1b)."""
    require_role(actor, board.commune, COMMITTEE)
    if not (notice_to or "").strip():
        raise DomainError(_("Say to whom the composition was sent."))
    board.notified_on, board.notice_to = today(), notice_to.strip()
    run_transition(board, "notify_composition", actor=actor, reason=_("Composition sent"))
    notices.board_announced(board, notices.COMPOSITION_SENT)
    return board


@transaction.atomic
def board_activate(*, actor: User, board: Board) -> Board:
    require_role(actor, board.commune, COMMITTEE)
    return run_transition(board, "activate", actor=actor, reason=_("Board at work"))


@transaction.atomic
def board_end(*, actor: User, board: Board, reason: str) -> Board:
    """A People's Inspection Board's term ends; an investment board dissolves when its task
    ends (Art. 41.1)."""
    require_role(actor, board.commune, LEADER)
    reason = require_reason(reason)
    board.ended_on = today()
    name = "end_term" if board.is_inspection else "dissolve"
    return run_transition(board, name, actor=actor, reason=reason)


@transaction.atomic
def flag_resolve(*, actor: User, flag: ConflictFlag, upheld: bool, finding: str) -> ConflictFlag:
    """The commune Front looks into a name match: cleared (not a relative), or upheld (the
    member stands down)."""
    board = flag.member.board
    require_role(actor, board.commune, COMMITTEE)
    finding = require_reason(finding)
    flag.resolution, flag.resolved_on = finding, today()
    run_transition(flag, "uphold" if upheld else "clear", actor=actor, reason=finding)
    if upheld and flag.member.left_on is None:
        member = flag.member
        member.left_on, member.left_reason = today(), finding[:255]
        audited(member, actor=actor, reason=finding).save()
    return flag


def vacancy_open(*, board: Board, member: Member, actor: User) -> Vacancy:
    """Called by `member_leave` inside its transaction; starts the by-election's flow."""
    vacancy = Vacancy(
        board=board,
        unit=board.commune,
        code=f"BC-{board.pk}-{member.pk}",
        left=member,
        village=member.village,
        opened_on=member.left_on,
        due=deadlines.by_election_due(board, member.left_on),
    )
    audited(vacancy, actor=actor, reason=_("Seat left vacant: a by-election is due")).save()
    acting.start(case=vacancy)
    return vacancy
