import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from units.choices import Role, UnitKind
from units.errors import DomainError
from units.models import Unit, User
from workdays.deadlines import deadline_for, time_limit_for

from ..choices import Channel, PetitionKind
from ..models import Attachment, IdentityGrant, Petition, Petitioner, Signer
from ..receipt_secret import digest, new_secret
from ..validators import (
    normalise_person_name,
    safe_attachment_name,
    validate_attachment,
    validate_id_number,
    validate_phone,
)
from .common import audited, file_written, require_role

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


@dataclass
class SignerData:
    full_name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""


@dataclass
class AttachmentData:
    file: UploadedFile
    kind: str
    identifies_petitioner: bool = False


@dataclass
class Receipt:
    petition: Petition
    secret: str
    duplicates: list = field(default_factory=list)


def _tracking_code() -> str:
    while True:
        raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        if not Petition.objects.filter(tracking_code=code).exists():
            return code


def _clean(callable_, value: str) -> str:
    try:
        return callable_(value)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


def _petitioner_for(data: SignerData, *, actor: User, reason: str) -> Petitioner:
    full_name = normalise_person_name(data.full_name or "")
    if not full_name:
        raise DomainError(_("Every signer needs a full name."))
    id_number = _clean(validate_id_number, data.id_number) if data.id_number else ""
    phone = _clean(validate_phone, data.phone) if data.phone else ""
    existing = None
    if id_number:
        existing = Petitioner.objects.filter(id_number=id_number).first()
    if existing is None and phone:
        existing = Petitioner.objects.filter(phone=phone, full_name=full_name).first()
    person = existing or Petitioner()
    person.full_name = full_name
    person.id_number = id_number or person.id_number
    person.phone = phone or person.phone
    person.address = data.address.strip() or person.address
    person.email = data.email.strip() or person.email
    audited(person, actor=actor, reason=reason)
    person.save()
    return person


def _check_attachment(file) -> str:
    try:
        return validate_attachment(file)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


def attachment_add(
    *, petition: Petition, data: AttachmentData, actor: User, reason: str
) -> Attachment:
    """Stores an uploaded file under a random name after checking its type and size."""
    extension = _check_attachment(data.file)
    attachment = Attachment(
        petition=petition,
        kind=data.kind,
        original_name=data.file.name[:255],
        size=data.file.size,
        identifies_petitioner=data.identifies_petitioner,
        uploaded_by=actor,
    )
    attachment.file.save(safe_attachment_name(extension), data.file, save=False)
    file_written(attachment.file.name)
    audited(attachment, actor=actor, reason=reason)
    attachment.save()
    return attachment


@transaction.atomic
def petition_receive(
    *,
    actor: User,
    unit: Unit,
    channel: str,
    kind: str,
    title: str,
    content: str,
    received_on,
    signers: list[SignerData],
    request: str = "",
    letter_date=None,
    attachments: list[AttachmentData] = (),
    duplicate_of: Petition | None = None,
    split_from: Petition | None = None,
) -> Receipt:
    """Registers a petition at reception; returns it with the secret for the citizen's
    receipt (only its hash is stored)."""
    # A case officer registers the parts of a split petition on reception's behalf.
    require_role(
        actor, unit, (Role.RECEPTION_OFFICER,) if split_from is None else (Role.CASE_OFFICER,)
    )
    if unit.kind != UnitKind.COMMITTEE:
        raise DomainError(_("Petitions are received by a Fatherland Front committee."))
    if not signers:
        raise DomainError(_("A petition needs at least one signer."))
    if not (title or "").strip() or not (content or "").strip():
        raise DomainError(_("Give the subject and the content of the petition."))
    if kind not in PetitionKind.values or channel not in Channel.values:
        raise DomainError(_("Choose the kind of petition and the channel it came by."))
    for data in attachments:
        # Checked before anything is written, so a bad file leaves no half-registered case.
        _check_attachment(data.file)
    reason = _("Received at reception")
    secret = new_secret()
    tracking_code = _tracking_code()
    petition = Petition(
        unit=unit,
        tracking_code=tracking_code,
        secret_hash=digest(tracking_code, secret),
        channel=channel,
        kind=kind,
        title=title.strip(),
        content=content.strip(),
        request=(request or "").strip(),
        letter_date=letter_date,
        received_on=received_on,
        received_by=actor,
        signer_count=len(signers),
        duplicate_of=duplicate_of,
        split_from=split_from,
        classify_due=deadline_for(
            start=received_on, limit=time_limit_for(case_kind=kind, step="classify")
        ),
    )
    audited(petition, actor=actor, reason=reason)
    petition.save()
    for position, data in enumerate(signers):
        person = _petitioner_for(data, actor=actor, reason=reason)
        if Signer.objects.filter(petition=petition, petitioner=person).exists():
            raise DomainError(_("The same person is listed twice as a signer."))
        signer = Signer(
            petition=petition, petitioner=person, is_primary=position == 0, position=position
        )
        audited(signer, actor=actor, reason=reason)
        signer.save()
    for data in attachments:
        attachment_add(petition=petition, data=data, actor=actor, reason=reason)
    if petition.identity_protected:
        # The officer who took the denunciation has seen the identity already; nobody else
        # has until a leader allows them (Luật Tố cáo Art. 47).
        grant = IdentityGrant(
            petition=petition, user=actor, granted_by=actor, reason=_("Received the denunciation")
        )
        audited(grant, actor=actor, reason=reason)
        grant.save()
    return Receipt(petition=petition, secret=secret)
