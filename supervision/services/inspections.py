"""A People's Inspection Board case (domain.md §3a): opened from a plan item, a citizen's
request or a petition referred to the board, then its own first steps; the rest is
`tail`."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.services import audited, require_reason, require_role, run_transition, today
from units.models import User
from workflows import acting

from .. import deadlines
from ..access import MEMBERS
from ..choices import BoardKind, BoardState, CaseSource
from ..models import Board, InspectionCase, PlanItem

OPEN_BOARD = (BoardState.RECOGNISED, BoardState.ACTIVE)


def _code(board: Board) -> str:
    year = today().year
    count = InspectionCase.objects.filter(board=board, created_at__year=year).count()
    return f"TTND-{board.pk}-{year}-{count + 1:03d}"


@transaction.atomic
def case_open(
    *,
    actor: User | None,
    board: Board,
    subject: str,
    supervised_body: str,
    starts_on: dt.date,
    source: str = CaseSource.PLAN,
    plan_item: PlanItem | None = None,
    requester_name: str = "",
    requester_address: str = "",
    requester_phone: str = "",
    protect_identity: bool = False,
    source_case=None,
    check_role: bool = True,
) -> InspectionCase:
    """Opens a case and starts its flow. From the plan, the item says what and when; a
    citizen's request names the requester (Art. 38.4, 38.7)."""
    if check_role:
        require_role(actor, board.unit, MEMBERS)
    if board.kind != BoardKind.INSPECTION or board.state not in OPEN_BOARD:
        raise DomainError(_("Only a recognised People's Inspection Board opens cases."))
    # The board's row lock keeps the case numbers of one board a sequence.
    Board.objects.select_for_update().get(pk=board.pk)
    if source not in CaseSource.values:
        raise DomainError(_("Say where the case comes from."))
    if source == CaseSource.PLAN:
        if plan_item is None or plan_item.plan.board_id != board.pk:
            raise DomainError(_("Choose an item of the board's approved plan."))
        if plan_item.plan.state == "drafted":
            raise DomainError(_("The plan must be approved first."))
        subject = subject or plan_item.subject
        supervised_body = supervised_body or plan_item.supervised_body
    elif source == CaseSource.PETITION:
        supervised_body = supervised_body or _("To be determined by the board")
    elif not (requester_name or "").strip():
        raise DomainError(_("Give the requester's name (they may ask not to be named)."))
    if not (subject or "").strip() or not (supervised_body or "").strip():
        raise DomainError(_("Say what is supervised and which body."))
    case = InspectionCase(
        board=board,
        unit=board.unit,
        code=_code(board),
        source=source,
        plan_item=plan_item,
        subject=subject.strip(),
        supervised_body=supervised_body.strip(),
        starts_on=starts_on,
        requester_name=requester_name.strip(),
        requester_address=requester_address.strip(),
        requester_phone=requester_phone.strip(),
        protect_identity=protect_identity,
        source_case=source_case,
    )
    audited(case, actor=actor, reason=_("Case opened")).save()
    acting.start(case=case)
    return case


@transaction.atomic
def inspection_notify(
    *, inspectioncase: InspectionCase, actor: User, plan_sent_on: dt.date, sent_to: str
) -> InspectionCase:
    """The plan went to the commune Front, the People's Committee chair and the supervised
    body (Decree 59 Art. 14.1b); work may start 5 WD later."""
    case = inspectioncase
    if plan_sent_on > today():
        raise DomainError(_("It is recorded once it has been sent."))
    if not (sent_to or "").strip():
        raise DomainError(_("Say to whom the plan was sent."))
    case.plan_sent_on, case.plan_sent_to = plan_sent_on, sent_to.strip()
    return run_transition(case, "notify", actor=actor, reason=_("Plan sent"))


def require_not_early(case, early_reason: str) -> str:
    """Starting before the earliest lawful day needs a reason, kept in the history."""
    earliest = deadlines.earliest_start(case)
    if earliest is not None and today() < earliest:
        if not (early_reason or "").strip():
            raise DomainError(
                _(
                    "The plan must reach them %(limit)s before the work starts: the earliest "
                    "start is %(day)s. To start earlier, give the reason."
                )
                % {"limit": _limit_text(case), "day": f"{earliest:%d/%m/%Y}"}
            )
        return require_reason(early_reason)
    return ""


def _limit_text(case) -> str:
    step = "plan_notice" if deadlines.side(case) == deadlines.INSPECTION else "investor_notice"
    limit = deadlines.limit(case, step)
    return f"{limit.count} {limit.get_unit_display()}"


@transaction.atomic
def inspection_start(
    *, inspectioncase: InspectionCase, actor: User, early_reason: str = ""
) -> InspectionCase:
    case = inspectioncase
    case.early_start_reason = require_not_early(case, early_reason)
    reason = case.early_start_reason or _("Supervision started")
    return run_transition(case, "start", actor=actor, reason=reason)


@transaction.atomic
def inspection_record_findings(
    *, inspectioncase: InspectionCase, actor: User, findings: str
) -> InspectionCase:
    case = inspectioncase
    findings = (findings or "").strip()
    if not findings:
        raise DomainError(_("Write what the board found."))
    case.findings = findings
    return run_transition(case, "record_findings", actor=actor, reason=_("Findings recorded"))


@transaction.atomic
def inspection_no_issue(
    *, inspectioncase: InspectionCase, actor: User, note: str = ""
) -> InspectionCase:
    return run_transition(
        inspectioncase, "conclude_no_issue", actor=actor, reason=note or _("No issue found")
    )


@transaction.atomic
def inspection_tell_requester(
    *, inspectioncase: InspectionCase, actor: User, told_how: str, told_on: dt.date | None = None
) -> InspectionCase:
    """The requester is told how their request was dealt with (Decree 59 Art. 14.2c)."""
    case = inspectioncase
    if not (told_how or "").strip():
        raise DomainError(_("Say how the requester was told."))
    case.requester_told_on = told_on or today()
    case.requester_told_how = told_how.strip()[:255]
    return run_transition(case, "tell_requester", actor=actor, reason=_("Requester told"))


def case_from_petition(
    *,
    actor: User,
    unit,
    kind: str,
    title: str,
    content: str,
    received_on: dt.date,
    full_name: str,
    address: str = "",
    protect_identity: bool = False,
    source=None,
) -> InspectionCase:
    """A petition the commune Front referred to its People's Inspection Board (THDCOCS Art.
    38.7) becomes a board case; the kernel's registry hands it over (`CaseKind.receive`), so
    petitions do not import this app. The signer is the requester, protected as on the
    petition."""
    board = Board.objects.filter(unit=unit, kind=BoardKind.INSPECTION).first()
    if board is None:
        raise DomainError(_("That unit is not a People's Inspection Board."))
    return case_open(
        actor=actor,
        board=board,
        source=CaseSource.PETITION,
        subject=title,
        supervised_body="",
        starts_on=received_on,
        requester_name=full_name,
        requester_address=address,
        protect_identity=protect_identity,
        source_case=source,
        check_role=False,
    )
