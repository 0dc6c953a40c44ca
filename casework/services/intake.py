import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from cases.attachments import safe_attachment_name, validate_attachment
from units.choices import Role, UnitKind
from units.errors import DomainError
from units.models import Unit, User
from workdays.deadlines import deadline_for, time_limit_for

from .. import uploads
from ..choices import Channel, PetitionKind
from ..models import Attachment, IdentityGrant, Petition, Petitioner, Signer
from ..receipt_secret import digest, new_secret
from ..validators import normalise_person_name, validate_id_number, validate_phone
from .common import audited, require_role

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
    # True when an earlier submission with the same registration key made the petition.
    repeated: bool = False


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
    """A new person row for one signer of the petition being registered, never an existing one.

    Matching an earlier row by ID number or phone merged people across cases: whoever typed a
    denouncer's ID number on another petition got the denouncer's phone, address and e-mail on
    it, and renamed the denunciation's signer (Luật Tố cáo Art. 8.3, 47). Reusing a row only
    when the officer picked it from a lookup would still let one case's form change another
    case's person, so every petition keeps its own rows, and each row is written by the one
    registration it belongs to. Finding someone again is the lookup's job: it copies what the
    officer may see into the form, and the new row is made from the form."""
    full_name = normalise_person_name(data.full_name or "")
    if not full_name:
        raise DomainError(_("Every signer needs a full name."))
    person = Petitioner(
        full_name=full_name,
        id_number=_clean(validate_id_number, data.id_number) if data.id_number else "",
        phone=_clean(validate_phone, data.phone) if data.phone else "",
        address=(data.address or "").strip(),
        email=(data.email or "").strip(),
    )
    audited(person, actor=actor, reason=reason)
    person.save()
    return person


def _same_person_twice(people: list[Petitioner]) -> bool:
    """Two rows of one registration for one person: the same ID number, or the same name and
    phone (what used to make them one row)."""
    seen: set = set()
    for person in people:
        keys = []
        if person.id_number:
            keys.append(("id", person.id_number))
        if person.phone:
            keys.append(("phone", person.phone, person.full_name))
        if seen.intersection(keys):
            return True
        seen.update(keys)
    return False


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
    # Staged until the transaction commits (casework.uploads).
    final = attachment.file.field.generate_filename(attachment, safe_attachment_name(extension))
    attachment.file.name = uploads.stage(final, data.file)
    audited(attachment, actor=actor, reason=reason)
    attachment.save()
    return attachment


def _first_grants(petition: Petition, *, actor: User, split_from: Petition | None):
    """Who may see the identity of a protected petition as it is registered."""
    if split_from is not None and split_from.identity_protected:
        # A part of a protected petition: whoever was allowed on it, and nobody else. The case
        # officer splitting it may never have been allowed.
        return [
            IdentityGrant(
                petition=petition,
                user_id=allowed.user_id,
                granted_by_id=allowed.granted_by_id,
                reason=_("Allowed on the petition this part was split from"),
            )
            for allowed in split_from.identity_grants.all()
        ]
    # The officer who took the petition (or split an unprotected one) has seen the identity
    # already; nobody else has until a leader allows them (Luật Tố cáo Art. 47).
    reason = (
        _("Received the denunciation")
        if petition.kind == PetitionKind.DENUNCIATION
        else _("Received the petition")
    )
    return [IdentityGrant(petition=petition, user=actor, granted_by=actor, reason=reason)]


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
    protect_identity: bool = False,
    source=None,
) -> Receipt:
    """Registers a petition at reception; returns it with the secret for the citizen's
    receipt (only its hash is stored). `protect_identity`: the petitioner asked for their
    identity to be kept confidential (a denunciation's always is)."""
    # A case officer registers the parts of a split petition on reception's behalf, and a
    # complaint or denunciation raised at a voter meeting the officer recorded (Art. 37.4).
    on_behalf = split_from is not None or channel == Channel.VOTER_MEETING
    require_role(
        actor,
        unit,
        (Role.CASE_OFFICER,) if on_behalf else (Role.RECEPTION_OFFICER,),
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
        source=source,
        # A part of a split petition keeps the protection of the petition it came from: its
        # signers are the same people.
        protect_identity=bool(
            protect_identity or (split_from is not None and split_from.identity_protected)
        ),
        classify_due=deadline_for(
            start=received_on, limit=time_limit_for(case_kind=kind, step="classify")
        ),
    )
    audited(petition, actor=actor, reason=reason)
    petition.save()
    people = [_petitioner_for(data, actor=actor, reason=reason) for data in signers]
    if _same_person_twice(people):
        raise DomainError(_("The same person is listed twice as a signer."))
    for position, person in enumerate(people):
        signer = Signer(
            petition=petition, petitioner=person, is_primary=position == 0, position=position
        )
        audited(signer, actor=actor, reason=reason)
        signer.save()
    for data in attachments:
        attachment_add(petition=petition, data=data, actor=actor, reason=reason)
    if petition.identity_protected:
        for grant in _first_grants(petition, actor=actor, split_from=split_from):
            audited(grant, actor=actor, reason=reason)
            grant.save()
        # The search document was written before the signers existed: now their names can be
        # left out of it too (not a change of the case, so no history row).
        Petition.objects.filter(pk=petition.pk).update(search_text=petition.search_document())
    return Receipt(petition=petition, secret=secret)
