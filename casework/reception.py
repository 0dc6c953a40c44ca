"""Registering a petition at reception and starting its flow, in one transaction. With a
registration key, a second submission of the same registration returns the first one's
petition (`Receipt.repeated`) instead of registering it again."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.files import files_removed_on_failure
from units.models import User
from workflows import acting

from . import services
from .models import Petition, RegistrationKey
from .services.intake import Receipt


def petition_start(*, actor: User, registration_key: str | None = None, **receipt_data) -> Receipt:
    with files_removed_on_failure(), transaction.atomic():
        if registration_key:
            earlier = _claim_registration(registration_key, actor)
            if earlier is not None:
                return Receipt(petition=earlier, secret="", repeated=True)
        receipt = services.petition_receive(actor=actor, **receipt_data)
        acting.start(case=receipt.petition)
        if registration_key:
            RegistrationKey.objects.filter(key=registration_key).update(petition=receipt.petition)
        return receipt


def _claim_registration(key: str, actor: User) -> Petition | None:
    """Claims the key, or returns the petition the submission that claimed it registered. The
    unique index is the lock: a second submission at the same moment waits on it until the
    first commits (then finds its petition) or rolls back (then claims the key itself)."""
    try:
        # A savepoint, so that losing the race leaves the outer transaction usable.
        with transaction.atomic():
            RegistrationKey.objects.create(key=key, user=actor)
    except IntegrityError:
        earlier = RegistrationKey.objects.filter(key=key, user=actor).first()
        if earlier is None or earlier.petition_id is None:
            raise DomainError(
                _("This registration was already submitted. Reload the form and try again.")
            ) from None
        return earlier.petition
    return None


def petition_from_another_case(
    *,
    actor: User,
    unit,
    kind: str,
    title: str,
    content: str,
    received_on,
    full_name: str,
    address: str = "",
    protect_identity: bool = False,
    source=None,
) -> Petition:
    """A complaint or a denunciation raised in another kind's record (an opinion at a voter
    meeting, NQLT 72 Art. 37.4) registered as a petition, its flow started; the kernel's
    registry hands it over (`CaseKind.receive`), so that kind does not import this one."""
    from .choices import Channel
    from .services.intake import SignerData

    receipt = petition_start(
        actor=actor,
        unit=unit,
        channel=Channel.VOTER_MEETING,
        kind=kind,
        title=title or _("Raised at a voter meeting"),
        content=content,
        received_on=received_on,
        signers=[SignerData(full_name=full_name, address=address)],
        protect_identity=protect_identity,
        source=source,
    )
    return receipt.petition
