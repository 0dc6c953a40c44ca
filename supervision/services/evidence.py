"""Photos and documents gathered for a board case, uploaded from the case page (often from a
phone on site). A photo is resized and keeps only its time and place (`supervision.photos`);
a document passes the petitions' file checks. The file follows its transaction."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.attachments import safe_attachment_name, validate_attachment
from cases.errors import DomainError
from cases.files import file_written
from cases.services import audited
from units.models import User

from ..choices import EvidenceKind
from ..models import Evidence
from ._shared import on_case


@on_case
@transaction.atomic
def evidence_add(*, case, actor: User, file, caption: str = "", item: str = "") -> Evidence:
    from .. import photos

    if file is None:
        raise DomainError(_("Choose a photo or a document."))
    entry = None
    if item:
        entry = getattr(case, "checklist", None) and case.checklist.filter(item=item).first()
        if entry is None:
            raise DomainError(_("That item is not on this project's checklist."))
    evidence = Evidence(
        case_type=ContentType.objects.get_for_model(type(case)),
        case_id=case.pk,
        entry=entry,
        caption=(caption or "").strip()[:255],
        original_name=(getattr(file, "name", "") or "file")[:255],
        uploaded_by=actor,
    )
    file.seek(0)
    head = file.read(32)
    file.seek(0)
    if photos.photo_format(head) is not None:
        prepared = photos.photo_prepare(upload=file)
        evidence.kind = EvidenceKind.PHOTO
        evidence.taken_at = prepared.taken_at
        evidence.latitude, evidence.longitude = prepared.latitude, prepared.longitude
        evidence.file.save(prepared.content.name, prepared.content, save=False)
    else:
        try:
            extension = validate_attachment(file)
        except ValidationError as error:
            raise DomainError(" ".join(error.messages)) from error
        evidence.kind = EvidenceKind.DOCUMENT
        evidence.file.save(safe_attachment_name(extension), file, save=False)
    file_written(evidence.file.name)
    audited(evidence, actor=actor, reason=_("Photo or document added")).save()
    return evidence
