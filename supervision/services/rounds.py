"""A community investment supervision round (domain.md §3b): the investor is told ≥45 days
before, the board checks the site against the checklist of Art. 43.1, records its findings and
either recommends (the rest is `tail`) or, finding nothing to recommend, tells the residents."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.services import audited, require_role, run_transition, today
from units.models import User
from workflows import acting

from ..access import MEMBERS
from ..choices import BoardKind, BoardState, Conformity
from ..models import Board, ChecklistEntry, InvestmentRound
from .inspections import require_not_early

OPEN_BOARD = (BoardState.COMPOSITION_NOTIFIED, BoardState.ACTIVE)


@transaction.atomic
def round_open(*, actor: User, board: Board, subject: str, starts_on: dt.date) -> InvestmentRound:
    require_role(actor, board.unit, MEMBERS)
    if board.kind != BoardKind.INVESTMENT or board.state not in OPEN_BOARD:
        raise DomainError(_("Only an established investment supervision board opens rounds."))
    if not (subject or "").strip():
        raise DomainError(_("Say what the round supervises."))
    Board.objects.select_for_update().get(pk=board.pk)
    count = InvestmentRound.objects.filter(board=board).count()
    case = InvestmentRound(
        board=board,
        unit=board.unit,
        project=board.project,
        code=f"GSĐT-{board.pk}-{count + 1:03d}",
        subject=subject.strip(),
        starts_on=starts_on,
    )
    audited(case, actor=actor, reason=_("Supervision round planned")).save()
    for item in board.project.checklist:
        entry = ChecklistEntry(round=case, item=item)
        audited(entry, actor=actor, reason=_("Checklist prepared")).save()
    acting.start(case=case)
    return case


@transaction.atomic
def round_notify(
    *, investmentround: InvestmentRound, actor: User, notice_sent_on: dt.date
) -> InvestmentRound:
    """The plan and the board's composition went to the investor (Art. 45.1b)."""
    if notice_sent_on > today():
        raise DomainError(_("It is recorded once it has been sent."))
    investmentround.notice_sent_on = notice_sent_on
    return run_transition(investmentround, "notify", actor=actor, reason=_("Investor notified"))


@transaction.atomic
def round_start(
    *, investmentround: InvestmentRound, actor: User, early_reason: str = ""
) -> InvestmentRound:
    case = investmentround
    case.early_start_reason = require_not_early(case, early_reason)
    case.site_checked_on = today()
    reason = case.early_start_reason or _("Site check started")
    return run_transition(case, "start", actor=actor, reason=reason)


@transaction.atomic
def checklist_record(
    *,
    investmentround: InvestmentRound,
    actor: User,
    item: str,
    conformity: str,
    notes: str = "",
) -> ChecklistEntry:
    """One checklist item as the board found it (a side step: the site check goes on)."""
    entry = investmentround.checklist.filter(item=item).first()
    if entry is None:
        raise DomainError(_("That item is not on this project's checklist."))
    if conformity not in Conformity.values:
        raise DomainError(_("Say whether it conforms."))
    if conformity == Conformity.NO and not (notes or "").strip():
        raise DomainError(_("Say what does not conform."))
    entry.conformity, entry.notes = conformity, (notes or "").strip()
    audited(entry, actor=actor, reason=_("Checklist item recorded")).save()
    return entry


@transaction.atomic
def round_record_findings(
    *, investmentround: InvestmentRound, actor: User, findings: str
) -> InvestmentRound:
    case = investmentround
    unobserved = case.checklist.filter(conformity=Conformity.NOT_OBSERVED).count()
    findings = (findings or "").strip()
    if not findings:
        raise DomainError(_("Write what the board found."))
    if unobserved == case.checklist.count():
        raise DomainError(_("Record at least one checklist item first."))
    case.findings = findings
    return run_transition(case, "record_findings", actor=actor, reason=_("Findings recorded"))


@transaction.atomic
def round_inform_residents(
    *, investmentround: InvestmentRound, actor: User, informed_how: str
) -> InvestmentRound:
    """The residents are told what the board found and what the answer was (Art. 43.2d;
    Decree 59 Art. 19.1)."""
    if not (informed_how or "").strip():
        raise DomainError(_("Say how the residents were informed."))
    investmentround.residents_informed_on = today()
    investmentround.residents_informed_how = informed_how.strip()[:255]
    return run_transition(
        investmentround, "inform_residents", actor=actor, reason=_("Residents informed")
    )
