"""Referral to an agency, its answer, and what the officer does with an unsatisfactory one."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from cases import registry
from units.choices import Role, UnitKind
from units.errors import DomainError
from units.models import Unit, User
from units.permissions import has_role

from ...choices import AnswerOutcome
from ...models import Answer, Petition, Referral
from .. import common
from ..common import audited, next_number, require_reason, run_transition
from ..intake import AttachmentData, attachment_add
from ._shared import (
    answer_due_from,
)

# Referral ------------------------------------------------------------------------------

# A petition goes to the competent agency, or to the commune's People's Inspection Board,
# which supervises it as a case of its own (THDCOCS Art. 38.7).
REFERRAL_TARGETS = (UnitKind.AGENCY, UnitKind.INSPECTION_BOARD)


def _referral_create(*, petition: Petition, agency: Unit, actor: User, note: str, reason: str):
    if agency.kind not in REFERRAL_TARGETS or not agency.is_active:
        raise DomainError(_("Choose an active agency to refer the petition to."))
    year = common.today().year
    number = next_number(unit=petition.unit, name="referral", year=year)
    referral = Referral(
        petition=petition,
        agency=agency,
        slip_number=f"{number}/PC-MTTQ-{petition.unit.admin_code or petition.unit.pk}/{year}",
        note=note,
        drafted_by=actor,
    )
    audited(referral, actor=actor, reason=reason)
    referral.save()
    return referral


@transaction.atomic
def petition_refer(
    *, petition: Petition, actor: User, agency: Unit, reason: str, note: str = ""
) -> Petition:
    reason = require_reason(reason)
    run_transition(petition, "refer", actor=actor, reason=reason)
    _referral_create(petition=petition, agency=agency, actor=actor, note=note, reason=reason)
    return petition


@transaction.atomic
def petition_send_referral(*, petition: Petition, actor: User, reason: str) -> Petition:
    """The leader signs the slip and sends it; the agency's clock starts today."""
    reason = require_reason(reason)
    referral = petition.current_referral()
    sent_on = common.today()
    due = answer_due_from(petition, sent_on)
    run_transition(petition, "send_referral", actor=actor, reason=reason, answer_due=due)
    referral.signed_by = actor
    referral.sent_on = sent_on
    referral.answer_due = due
    audited(referral, actor=actor, reason=reason)
    referral.save()
    if referral.agency.kind == UnitKind.INSPECTION_BOARD:
        _hand_to_board(petition, referral, actor, sent_on)
    return petition


def _hand_to_board(petition: Petition, referral, actor: User, sent_on) -> None:
    """The board opens its case through the kernel's registry (this app imports no other kind);
    the petition waits for the board's answer like an agency's."""
    board_cases = registry.get("inspection_case")
    if board_cases is None or board_cases.receive is None:
        raise DomainError(_("The People's Inspection Boards are not installed."))
    signer = petition.signers.select_related("petitioner").order_by("-is_primary", "pk").first()
    person = signer.petitioner if signer is not None else None
    board_cases.receive(
        actor=actor,
        unit=referral.agency,
        kind=petition.kind,
        title=petition.title,
        content=petition.content,
        received_on=sent_on,
        full_name=person.full_name if person else "",
        address=person.address if person else "",
        protect_identity=petition.identity_protected,
        source=petition,
    )


def superior_of(agency: Unit) -> Unit:
    """The body above the referee: the agency of the same name pattern under the next
    committee up, or that committee itself when it lists no agency."""
    parent_committee = agency.get_parent()
    grand = parent_committee.get_parent() if parent_committee is not None else None
    if grand is None:
        return parent_committee
    above = (
        Unit.objects.filter(
            path__startswith=grand.path, depth=grand.depth + 1, kind=UnitKind.AGENCY
        )
        .order_by("path")
        .first()
    )
    return above or grand


# Answer and what follows ----------------------------------------------------------------


@transaction.atomic
def petition_record_answer(
    *,
    petition: Petition,
    actor: User,
    reason: str,
    document_number: str,
    document_date: dt.date,
    summary: str,
    outcome: str,
    file=None,
) -> Petition:
    """The agency answers in the system, or the case officer records its paper answer."""
    referral = petition.current_referral()
    by_agency = has_role(actor, referral.agency, (Role.AGENCY_OFFICIAL,))
    reason = require_reason(reason)
    if not (document_number or "").strip() or not (summary or "").strip():
        raise DomainError(_("Give the number and a summary of the answer."))
    if outcome not in AnswerOutcome.values:
        raise DomainError(_("Choose the outcome the answer reports."))
    if document_date > common.today():
        raise DomainError(_("The answer cannot be dated in the future."))
    run_transition(petition, "record_answer", actor=actor, reason=reason)
    attachment = None
    if file is not None:
        attachment = attachment_add(
            petition=petition,
            data=AttachmentData(file=file, kind="answer"),
            actor=actor,
            reason=reason,
        )
    answer = Answer(
        referral=referral,
        document_number=document_number.strip(),
        document_date=document_date,
        summary=summary.strip(),
        outcome=outcome,
        attachment=attachment,
        recorded_by=actor,
        on_paper=not by_agency,
    )
    audited(answer, actor=actor, reason=reason)
    answer.save()
    return petition


@transaction.atomic
def petition_request_again(*, petition: Petition, actor: User, reason: str) -> Petition:
    """An unsatisfactory answer: the same agency is asked again, with a fresh deadline."""
    reason = require_reason(reason)
    due = answer_due_from(petition, common.today())
    run_transition(petition, "request_again", actor=actor, reason=reason, answer_due=due)
    referral = petition.current_referral()
    referral.answer_due = due
    audited(referral, actor=actor, reason=reason)
    referral.save()
    return petition


@transaction.atomic
def petition_escalate_to_superior(
    *, petition: Petition, actor: User, reason: str, note: str = ""
) -> Petition:
    """An unsatisfactory answer goes up to the referee's superior on a new slip."""
    reason = require_reason(reason)
    superior = superior_of(petition.current_referral().agency)
    if superior.kind != UnitKind.AGENCY:
        raise DomainError(_("No superior agency is registered above this agency."))
    run_transition(petition, "escalate_to_superior", actor=actor, reason=reason)
    _referral_create(petition=petition, agency=superior, actor=actor, note=note, reason=reason)
    return petition
