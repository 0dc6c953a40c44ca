"""Classification and the outcomes decided at it."""

from django.db import transaction
from django.utils.translation import gettext as _

from units.errors import DomainError
from units.models import User

from ...choices import Complexity, Instance
from ...models import Petition
from ..common import require_reason, run_transition
from ..intake import SignerData, petition_receive

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
    reason = require_reason(reason)
    return run_transition(petition, "refuse", actor=actor, reason=reason, explanation=reason)


def _final_outcome(name: str):
    @transaction.atomic
    def service(*, petition: Petition, actor: User, reason: str) -> Petition:
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
