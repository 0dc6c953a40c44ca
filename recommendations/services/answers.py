from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.files import file_written
from cases.services import audited, run_transition, today
from units.choices import Role
from units.models import User
from units.permissions import has_role

from ..choices import Outcome
from ..models import AgencyAnswer


@transaction.atomic
def answer_record(
    *,
    agencyanswer: AgencyAnswer,
    actor: User,
    outcome: str,
    content: str,
    roadmap: str = "",
    promised_on=None,
    document_number: str = "",
    document_date=None,
    document=None,
) -> AgencyAnswer:
    """The agency's answer, given in the system by its official or recorded from the paper
    answer by the committee's officer (then its number and date are required)."""
    answer = agencyanswer
    if outcome not in Outcome.values:
        raise DomainError(_("Choose the outcome: resolved, in progress or explained."))
    if not (content or "").strip():
        raise DomainError(_("Write the answer."))
    if outcome == Outcome.IN_PROGRESS and (not (roadmap or "").strip() or not promised_on):
        raise DomainError(_("An answer in progress gives its roadmap and the promised date."))
    on_paper = not has_role(actor, answer.agency, (Role.AGENCY_OFFICIAL,))
    if on_paper and (not (document_number or "").strip() or not document_date):
        raise DomainError(_("Give the number and the date of the agency's paper answer."))
    if document_date and document_date > today():
        raise DomainError(_("The answer cannot be dated on a day still to come."))
    answer.outcome = outcome
    answer.content = content.strip()
    answer.roadmap = (roadmap or "").strip()
    answer.promised_on = promised_on if outcome == Outcome.IN_PROGRESS else None
    answer.document_number = (document_number or "").strip()
    answer.document_date = document_date
    answer.on_paper = on_paper
    answer.answered_on = today()
    if document:
        answer.document.save(document.name, document, save=False)
        file_written(answer.document.name)
    reason = _("Paper answer recorded") if on_paper else _("Agency answered")
    return run_transition(answer, "record", actor=actor, reason=reason)


@transaction.atomic
def answer_follow_up(*, agencyanswer: AgencyAnswer, actor: User) -> AgencyAnswer:
    """The answer deadline passed without an answer: the follow-up is recorded (the flow tells
    the agency)."""
    agencyanswer.followed_up_on = today()
    audited(agencyanswer, actor=actor, reason=_("Follow-up: the answer is overdue"))
    agencyanswer.save()
    return agencyanswer


@transaction.atomic
def answer_escalate(*, agencyanswer: AgencyAnswer, actor: User) -> AgencyAnswer:
    """Still no answer some working days after the follow-up: escalated to the agency's
    superior and the committee's leaders."""
    agencyanswer.escalated_on = today()
    audited(agencyanswer, actor=actor, reason=_("Escalated: the answer is still overdue"))
    agencyanswer.save()
    return agencyanswer
