"""One service per transition of a petition. Each checks the actor's role, runs the transition,
records actor and reason in history, saves once, and queues its notifications in the same
transaction (they are pushed after commit)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from units.choices import Role, UnitKind
from units.errors import DomainError
from units.models import Unit, User
from units.permissions import has_role
from workdays.calendar import add_days, add_working_days, working_days_between
from workdays.deadlines import deadline_for, time_limit_for

from ..choices import AnswerOutcome, Complexity, Instance, PetitionKind, PetitionState
from ..events import tell_roles
from ..models import Answer, ClockChange, ClockChangeKind, Disclosure, Petition, Referral
from .common import audited, next_number, require_reason, require_role, run_transition, today
from .intake import AttachmentData, SignerData, attachment_add, petition_receive

CASE_OFFICER = (Role.CASE_OFFICER,)
LEADER = (Role.UNIT_LEADER,)


def answer_variant(petition: Petition) -> str:
    """Which row of the time-limit table governs the agency's answer (Luật Khiếu nại Art. 28,
    37; Luật Tố cáo Art. 30)."""
    if petition.kind == PetitionKind.DENUNCIATION:
        return petition.complexity
    if petition.kind != PetitionKind.COMPLAINT:
        return "standard"
    parts = []
    if petition.complaint_instance == Instance.SECOND:
        parts.append("second_instance")
    if petition.remote_area:
        parts.append("remote")
    if petition.complexity != Complexity.STANDARD:
        parts.append("complex")
    return "_".join(parts) or "standard"


def answer_due_from(petition: Petition, start: dt.date) -> dt.date:
    limit = time_limit_for(case_kind=petition.kind, step="answer", variant=answer_variant(petition))
    return deadline_for(start=start, limit=limit)


ANSWER_STEP = gettext_noop("Answer the referred petition")


def _tell_agency(petition: Petition, referral: Referral, *, kind: str, deadline) -> None:
    tell_roles(
        petition,
        unit=referral.agency,
        roles=(Role.AGENCY_OFFICIAL,),
        kind=kind,
        step=ANSWER_STEP,
        deadline=deadline,
    )


# Reception and classification ------------------------------------------------------------


@transaction.atomic
def petition_classify(
    *,
    petition: Petition,
    actor: User,
    reason: str,
    kind: str,
    field: str,
    processable: bool,
    complexity: str = Complexity.STANDARD,
    complaint_instance: str = Instance.FIRST,
    remote_area: bool = False,
    several_places: bool = False,
) -> Petition:
    require_role(actor, petition.unit, CASE_OFFICER)
    reason = require_reason(reason)
    return run_transition(
        petition,
        "classify",
        actor=actor,
        reason=reason,
        explanation=reason,
        kind=kind,
        field=field,
        processable=processable,
        complexity=complexity,
        complaint_instance=complaint_instance,
        remote_area=remote_area,
        several_places=several_places,
    )


@transaction.atomic
def petition_refuse(*, petition: Petition, actor: User, reason: str) -> Petition:
    require_role(actor, petition.unit, CASE_OFFICER)
    reason = require_reason(reason)
    return run_transition(petition, "refuse", actor=actor, reason=reason, explanation=reason)


def _final_outcome(name: str):
    @transaction.atomic
    def service(*, petition: Petition, actor: User, reason: str) -> Petition:
        require_role(actor, petition.unit, CASE_OFFICER)
        reason = require_reason(reason)
        return run_transition(petition, name, actor=actor, reason=reason, explanation=reason)

    service.__name__ = f"petition_{name}"
    return service


petition_guide = _final_outcome("guide")
petition_return = _final_outcome("return_to_sender")
petition_archive = _final_outcome("archive")
petition_mark_duplicate = _final_outcome("mark_duplicate")


@transaction.atomic
def petition_split(
    *, petition: Petition, actor: User, reason: str, parts: list[dict]
) -> tuple[Petition, list[Petition]]:
    """Mixed content is split: each part becomes a petition of its own kind (received, with
    the same signers), and the original ends as split. The flow starts one run per part."""
    require_role(actor, petition.unit, CASE_OFFICER)
    reason = require_reason(reason)
    if len(parts) < 2:
        raise DomainError(_("Splitting needs at least two parts."))
    run_transition(petition, "split", actor=actor, reason=reason, explanation=reason)
    signers = [
        SignerData(
            full_name=s.petitioner.full_name,
            id_number=s.petitioner.id_number,
            phone=s.petitioner.phone,
            address=s.petitioner.address,
            email=s.petitioner.email,
        )
        for s in petition.signers.select_related("petitioner")
    ]
    created = []
    for part in parts:
        receipt = petition_receive(
            actor=actor,
            unit=petition.unit,
            channel=petition.channel,
            kind=part["kind"],
            title=part["title"],
            content=part["content"],
            received_on=petition.received_on,
            letter_date=petition.letter_date,
            signers=signers,
            split_from=petition,
        )
        created.append(receipt.petition)
    return petition, created


# Referral ------------------------------------------------------------------------------


def _referral_create(*, petition: Petition, agency: Unit, actor: User, note: str, reason: str):
    if agency.kind != UnitKind.AGENCY or not agency.is_active:
        raise DomainError(_("Choose an active agency to refer the petition to."))
    year = today().year
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
    require_role(actor, petition.unit, CASE_OFFICER)
    reason = require_reason(reason)
    run_transition(petition, "refer", actor=actor, reason=reason)
    _referral_create(petition=petition, agency=agency, actor=actor, note=note, reason=reason)
    tell_roles(
        petition,
        unit=petition.unit,
        roles=LEADER,
        kind="task_arrived",
        step=gettext_noop("Sign and send the transfer slip"),
    )
    return petition


@transaction.atomic
def petition_send_referral(*, petition: Petition, actor: User, reason: str) -> Petition:
    """The leader signs the slip and sends it; the agency's clock starts today."""
    require_role(actor, petition.unit, LEADER)
    reason = require_reason(reason)
    referral = petition.current_referral()
    sent_on = today()
    due = answer_due_from(petition, sent_on)
    run_transition(petition, "send_referral", actor=actor, reason=reason, answer_due=due)
    referral.signed_by = actor
    referral.sent_on = sent_on
    referral.answer_due = due
    audited(referral, actor=actor, reason=reason)
    referral.save()
    _tell_agency(petition, referral, kind="task_arrived", deadline=due)
    return petition


# Deadlines: the timer runner calls these as the system ----------------------------------


@transaction.atomic
def petition_remind(*, petition: Petition) -> Petition:
    """A reminder before the deadline changes nothing but tells the agency and the officer."""
    referral = petition.current_referral()
    _tell_agency(petition, referral, kind="deadline_reminder", deadline=petition.answer_due)
    tell_roles(
        petition,
        unit=petition.unit,
        roles=CASE_OFFICER,
        kind="deadline_reminder",
        step=ANSWER_STEP,
        deadline=petition.answer_due,
    )
    return petition


@transaction.atomic
def petition_follow_up(*, petition: Petition, actor: User) -> Petition:
    """The deadline passed without an answer: a follow-up (đôn đốc) goes to the agency."""
    reason = _("The answer deadline %(due)s passed: follow-up sent to the agency.") % {
        "due": petition.answer_due.strftime("%d/%m/%Y")
    }
    run_transition(petition, "follow_up", actor=actor, reason=reason)
    referral = petition.current_referral()
    referral.followed_up_at = timezone.now()
    audited(referral, actor=actor, reason=reason)
    referral.save()
    _tell_agency(petition, referral, kind="deadline_passed", deadline=petition.answer_due)
    tell_roles(
        petition,
        unit=petition.unit,
        roles=CASE_OFFICER + LEADER,
        kind="deadline_passed",
        step=ANSWER_STEP,
        deadline=petition.answer_due,
    )
    return petition


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


@transaction.atomic
def petition_escalate(*, petition: Petition, actor: User) -> Petition:
    """The follow-up was ignored: the referee's superior is told."""
    referral = petition.current_referral()
    superior = superior_of(referral.agency)
    reason = _("No answer after the follow-up: escalated to %(unit)s.") % {"unit": superior}
    run_transition(petition, "escalate", actor=actor, reason=reason)
    referral.escalated_at = timezone.now()
    referral.escalated_to = superior
    audited(referral, actor=actor, reason=reason)
    referral.save()
    for unit, roles in (
        (superior, (Role.AGENCY_OFFICIAL, Role.UNIT_LEADER)),
        (petition.unit, LEADER + CASE_OFFICER),
    ):
        tell_roles(
            petition,
            unit=unit,
            roles=roles,
            kind="escalated",
            step=ANSWER_STEP,
            deadline=petition.answer_due,
        )
    return petition


def _shift_answer_due(petition: Petition, new_due: dt.date, *, actor: User, reason: str):
    referral = petition.current_referral()
    petition.answer_due = new_due
    referral.answer_due = new_due
    audited(referral, actor=actor, reason=reason)
    referral.save()


def _require_answerer(petition: Petition, actor: User) -> None:
    referral = petition.current_referral()
    if not (
        has_role(actor, referral.agency, (Role.AGENCY_OFFICIAL,))
        or has_role(actor, petition.unit, CASE_OFFICER)
    ):
        require_role(actor, referral.agency, (Role.AGENCY_OFFICIAL,))


def _clock_change(petition, *, kind, actor, decision_number, reason, days, previous, new):
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise DomainError(_("Give the number of the decision."))
    change = ClockChange(
        petition=petition,
        kind=kind,
        decision_number=decision_number,
        reason=reason,
        days=days,
        previous_due=previous,
        new_due=new,
        made_by=actor,
    )
    audited(change, actor=actor, reason=reason)
    change.save()
    return change


def _save_petition(petition: Petition, *, actor: User, reason: str) -> Petition:
    audited(petition, actor=actor, reason=reason)
    petition.save()
    return petition


@transaction.atomic
def petition_extend(
    *, petition: Petition, actor: User, reason: str, decision_number: str, days: int
) -> Petition:
    """An extension by the resolving body's decision (e.g. Luật Tố cáo Art. 30: +30 days)."""
    _require_answerer(petition, actor)
    reason = require_reason(reason)
    if petition.state != PetitionState.AWAITING_ANSWER or petition.suspended_since:
        raise DomainError(_("Only a running answer deadline can be extended."))
    if not 1 <= days <= 90:
        raise DomainError(_("An extension is between 1 and 90 days."))
    previous = petition.answer_due
    new_due = add_days(previous, days)
    _clock_change(
        petition,
        kind=ClockChangeKind.EXTENSION,
        actor=actor,
        decision_number=decision_number,
        reason=reason,
        days=days,
        previous=previous,
        new=new_due,
    )
    _shift_answer_due(petition, new_due, actor=actor, reason=reason)
    return _save_petition(petition, actor=actor, reason=reason)


@transaction.atomic
def petition_suspend(
    *, petition: Petition, actor: User, reason: str, decision_number: str
) -> Petition:
    """A suspension stops the clock until it is lifted."""
    _require_answerer(petition, actor)
    reason = require_reason(reason)
    if petition.state != PetitionState.AWAITING_ANSWER or petition.suspended_since:
        raise DomainError(_("Only a running answer deadline can be suspended."))
    _clock_change(
        petition,
        kind=ClockChangeKind.SUSPENSION,
        actor=actor,
        decision_number=decision_number,
        reason=reason,
        days=0,
        previous=petition.answer_due,
        new=None,
    )
    petition.suspended_since = today()
    return _save_petition(petition, actor=actor, reason=reason)


@transaction.atomic
def petition_resume(
    *, petition: Petition, actor: User, reason: str, decision_number: str
) -> Petition:
    """Lifting a suspension gives back the working days the clock stood still."""
    _require_answerer(petition, actor)
    reason = require_reason(reason)
    if not petition.suspended_since:
        raise DomainError(_("The deadline is not suspended."))
    stood_still = max(working_days_between(petition.suspended_since, today()), 0)
    previous = petition.answer_due
    new_due = add_working_days(previous, stood_still)
    _clock_change(
        petition,
        kind=ClockChangeKind.RESUMPTION,
        actor=actor,
        decision_number=decision_number,
        reason=reason,
        days=stood_still,
        previous=previous,
        new=new_due,
    )
    petition.suspended_since = None
    _shift_answer_due(petition, new_due, actor=actor, reason=reason)
    return _save_petition(petition, actor=actor, reason=reason)


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
    if not by_agency:
        require_role(actor, petition.unit, CASE_OFFICER)
    reason = require_reason(reason)
    if not (document_number or "").strip() or not (summary or "").strip():
        raise DomainError(_("Give the number and a summary of the answer."))
    if outcome not in AnswerOutcome.values:
        raise DomainError(_("Choose the outcome the answer reports."))
    if document_date > today():
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
    tell_roles(
        petition,
        unit=petition.unit,
        roles=CASE_OFFICER,
        kind="agency_answered",
        step=gettext_noop("Assess the answer"),
    )
    return petition


@transaction.atomic
def petition_request_again(*, petition: Petition, actor: User, reason: str) -> Petition:
    """An unsatisfactory answer: the same agency is asked again, with a fresh deadline."""
    require_role(actor, petition.unit, CASE_OFFICER)
    reason = require_reason(reason)
    due = answer_due_from(petition, today())
    run_transition(petition, "request_again", actor=actor, reason=reason, answer_due=due)
    referral = petition.current_referral()
    referral.answer_due = due
    audited(referral, actor=actor, reason=reason)
    referral.save()
    _tell_agency(petition, referral, kind="task_arrived", deadline=due)
    return petition


@transaction.atomic
def petition_escalate_to_superior(
    *, petition: Petition, actor: User, reason: str, note: str = ""
) -> Petition:
    """An unsatisfactory answer goes up to the referee's superior on a new slip."""
    require_role(actor, petition.unit, CASE_OFFICER)
    reason = require_reason(reason)
    superior = superior_of(petition.current_referral().agency)
    if superior.kind != UnitKind.AGENCY:
        raise DomainError(_("No superior agency is registered above this agency."))
    run_transition(petition, "escalate_to_superior", actor=actor, reason=reason)
    _referral_create(petition=petition, agency=superior, actor=actor, note=note, reason=reason)
    tell_roles(
        petition,
        unit=petition.unit,
        roles=LEADER,
        kind="task_arrived",
        step=gettext_noop("Sign and send the transfer slip"),
    )
    return petition


@transaction.atomic
def petition_notify_petitioner(
    *, petition: Petition, actor: User, reason: str, on: dt.date, channel: str
) -> Petition:
    require_role(actor, petition.unit, CASE_OFFICER)
    reason = require_reason(reason)
    if on > today():
        raise DomainError(_("The petitioner cannot have been told in the future."))
    return run_transition(
        petition, "notify_petitioner", actor=actor, reason=reason, on=on, channel=channel
    )


@transaction.atomic
def petition_submit_disclosure(
    *, petition: Petition, actor: User, reason: str, summary: str
) -> Petition:
    require_role(actor, petition.unit, CASE_OFFICER)
    reason = require_reason(reason)
    summary = (summary or "").strip()
    if len(summary) < 20:
        raise DomainError(_("Write a public summary of at least 20 characters."))
    from ..redaction import identity_leaks

    leaks = identity_leaks(petition, summary)
    if leaks:
        raise DomainError(
            _("The public summary still names the petitioner (%(found)s): remove it.")
            % {"found": ", ".join(leaks)}
        )
    run_transition(petition, "submit_disclosure", actor=actor, reason=reason)
    disclosure = getattr(petition, "disclosure", None) or Disclosure(petition=petition)
    disclosure.summary = summary
    disclosure.prepared_by = actor
    disclosure.approved_by = None
    disclosure.published_at = None
    # A reopened case's new summary starts clean: an earlier withdrawal concerned the old text.
    disclosure.withdrawn_at = None
    disclosure.withdrawn_by = None
    disclosure.withdrawal_reason = ""
    audited(disclosure, actor=actor, reason=reason)
    disclosure.save()
    tell_roles(
        petition,
        unit=petition.unit,
        roles=LEADER,
        kind="publication_awaiting_approval",
        step=gettext_noop("Approve the public summary"),
    )
    return petition


@transaction.atomic
def petition_approve_disclosure(*, petition: Petition, actor: User, reason: str) -> Petition:
    require_role(actor, petition.unit, LEADER)
    reason = require_reason(reason)
    run_transition(petition, "approve_disclosure", actor=actor, reason=reason)
    disclosure = petition.disclosure
    disclosure.approved_by = actor
    disclosure.published_at = timezone.now()
    audited(disclosure, actor=actor, reason=reason)
    disclosure.save()
    return petition


@transaction.atomic
def petition_reject_disclosure(*, petition: Petition, actor: User, reason: str) -> Petition:
    require_role(actor, petition.unit, LEADER)
    reason = require_reason(reason)
    run_transition(petition, "reject_disclosure", actor=actor, reason=reason)
    tell_roles(
        petition,
        unit=petition.unit,
        roles=CASE_OFFICER,
        kind="task_arrived",
        step=gettext_noop("Prepare the public summary or close"),
    )
    return petition


@transaction.atomic
def petition_close(*, petition: Petition, actor: User, reason: str) -> Petition:
    require_role(actor, petition.unit, CASE_OFFICER)
    reason = require_reason(reason)
    return run_transition(petition, "close", actor=actor, reason=reason)


@transaction.atomic
def petition_reopen(*, petition: Petition, actor: User, reason: str) -> Petition:
    require_role(actor, petition.unit, LEADER)
    reason = require_reason(reason)
    due = deadline_for(
        start=today(), limit=time_limit_for(case_kind=petition.kind, step="classify")
    )
    run_transition(petition, "reopen", actor=actor, reason=reason, classify_due=due)
    tell_roles(
        petition,
        unit=petition.unit,
        roles=CASE_OFFICER,
        kind="case_reopened",
        step=gettext_noop("Classify the petition"),
        deadline=due,
    )
    return petition
