"""The steps both board cases share, from the recommendation on: the commune Front certifies
it (Art. 40.2d, 45.1d), the board head sends it as a numbered document, the 15-day answer clock
runs (reminded, followed up, escalated through the commune Front), the answer is recorded, the
board reports to the Front, which closes the case. One transition, one save, one history row
each; the flows decide who may act."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.services import require_reason, run_transition, today
from units.choices import UnitKind
from units.models import Unit, User

from .. import deadlines
from ..choices import Answerer
from ..models import Board
from ._shared import next_doc_number, on_case


@on_case
@transaction.atomic
def draft_recommendation(
    *, case, actor: User, recommendation: str, suspension_requested: bool = False
) -> object:
    """The board's recommendation, for the commune Front to certify. An investment board may
    ask the competent level to suspend the investment (THDCOCS Art. 43.2đ)."""
    recommendation = (recommendation or "").strip()
    if not recommendation:
        raise DomainError(_("Write the recommendation."))
    case.recommendation = recommendation
    case.suspension_requested = bool(suspension_requested) and hasattr(case, "project_id")
    return run_transition(
        case, "draft_recommendation", actor=actor, reason=_("Recommendation drafted")
    )


@on_case
@transaction.atomic
def certify_recommendation(*, case, actor: User, note: str = "") -> object:
    case.certified_on = today()
    return run_transition(case, "certify", actor=actor, reason=note or _("Certified by the Front"))


@on_case
@transaction.atomic
def send_back_recommendation(*, case, actor: User, reason: str) -> object:
    """The Front does not certify it as written: back to the board with the reason."""
    case.returned_reason = require_reason(reason)
    return run_transition(case, "send_back", actor=actor, reason=case.returned_reason)


@on_case
@transaction.atomic
def send_recommendation(
    *,
    case,
    actor: User,
    answerer: str = Answerer.UBND,
    answering_agency: Unit | None = None,
    sent_on: dt.date | None = None,
) -> object:
    """Numbers the recommendation and sends it; the answer is due 15 days later."""
    sent_on = sent_on or today()
    if sent_on > today():
        raise DomainError(_("It is recorded once it has been sent."))
    if answerer not in Answerer.values:
        raise DomainError(_("Say who must answer."))
    if answerer == Answerer.UBND and (
        answering_agency is None or answering_agency.kind != UnitKind.AGENCY
    ):
        raise DomainError(_("Choose the People's Committee that must answer."))
    # The board's row lock makes the document numbers of one board a sequence.
    Board.objects.select_for_update().get(pk=case.board_id)
    case.answerer = answerer
    case.answering_agency = answering_agency if answerer == Answerer.UBND else None
    case.sent_on = sent_on
    case.doc_number = next_doc_number(case, sent_on.year)
    case.answer_due = deadlines.answer_due(case, sent_on)
    return run_transition(case, "send", actor=actor, reason=_("Recommendation sent"))


@on_case
@transaction.atomic
def start_answer_clock(*, case, actor: User) -> object:
    return run_transition(case, "await_response", actor=actor, reason=_("Answer clock started"))


@on_case
@transaction.atomic
def mark_answer_overdue(*, case, actor: User) -> object:
    return run_transition(
        case, "fall_overdue", actor=actor, reason=_("Answer overdue: followed up")
    )


@on_case
@transaction.atomic
def escalate_unanswered(*, case, actor: User) -> object:
    """Still no answer: the board asks the commune Front to raise it with the competent body
    (NQLT 403 Art. 11.1b)."""
    return run_transition(
        case, "escalate", actor=actor, reason=_("Escalated through the commune Front")
    )


@on_case
@transaction.atomic
def record_answer(
    *, case, actor: User, response: str, responded_on: dt.date | None = None
) -> object:
    response = (response or "").strip()
    if not response:
        raise DomainError(_("Write what the answer says."))
    responded_on = responded_on or today()
    if responded_on > today() or (case.sent_on and responded_on < case.sent_on):
        raise DomainError(
            _("The answer came after the recommendation was sent, not in the future.")
        )
    case.response, case.responded_on = response, responded_on
    return run_transition(case, "respond", actor=actor, reason=_("Answer recorded"))


@on_case
@transaction.atomic
def report_to_front(*, case, actor: User, report_note: str) -> object:
    report_note = (report_note or "").strip()
    if not report_note:
        raise DomainError(_("Write what the board reports to the Front."))
    case.report_note, case.reported_on = report_note, today()
    return run_transition(case, "report", actor=actor, reason=_("Reported to the Front"))


@on_case
@transaction.atomic
def close_board_case(*, case, actor: User, note: str = "") -> object:
    case.closed_on = today()
    return run_transition(case, "close", actor=actor, reason=note or _("Case closed"))
