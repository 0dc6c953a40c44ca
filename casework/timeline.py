"""What a petition adds to the kernel's case timeline (`cases.timeline`): the tables hanging
off it, which of them are a person's identity, how a record is named, publication, and the
views of a protected identity."""

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from cases.timeline.events import Event, EventKind

from .models import (
    Answer,
    Attachment,
    AttachmentKind,
    ClockChange,
    Disclosure,
    IdentityGrant,
    IdentityView,
    Petition,
    Petitioner,
    Referral,
    Signer,
)

# Rows of these tables are a person's identity: on a denunciation their values are shown only
# to users allowed on the case (Luật Tố cáo Art. 8.3, 47, 56).
IDENTITY_MODELS = (Signer, Petitioner)
# The number or name that tells one record of a table from its siblings on the same case.
RECORD_NAMES = {
    Referral: "slip_number",
    Answer: "document_number",
    ClockChange: "decision_number",
    Attachment: "original_name",
}


# Every history table hanging off a petition, with the path from its rows to the petition's id
# (the audit search reads them across cases).
HISTORY_LINKS = {
    Referral: "petition_id",
    Answer: "referral__petition_id",
    ClockChange: "petition_id",
    Disclosure: "petition_id",
    Attachment: "petition_id",
    IdentityGrant: "petition_id",
    Signer: "petition_id",
}
IDENTITY_VIEWS = (IdentityView, "petition_id")


def identity_row(model, row) -> bool:
    """A file that shows the sender (Attachment.shows_identity): hidden like the signers."""
    if model is not Attachment:
        return False
    return bool(row.identifies_petitioner) or row.kind == AttachmentKind.PETITION_SCAN


def histories(petition: Petition) -> list[tuple[type[Model], QuerySet]]:
    referrals = Referral.history.filter(petition_id=petition.pk).values("id")
    petitioners = Signer.history.filter(petition_id=petition.pk).values("petitioner_id")
    by_petition = {"petition_id": petition.pk}
    return [
        (Petition, petition.history.all()),
        (Referral, Referral.history.filter(**by_petition)),
        (Answer, Answer.history.filter(referral_id__in=referrals)),
        (ClockChange, ClockChange.history.filter(**by_petition)),
        (Disclosure, Disclosure.history.filter(**by_petition)),
        (Attachment, Attachment.history.filter(**by_petition)),
        (IdentityGrant, IdentityGrant.history.filter(**by_petition)),
        (Signer, Signer.history.filter(**by_petition)),
        (Petitioner, Petitioner.history.filter(id__in=petitioners)),
    ]


def describe(model, row, before) -> tuple[str, str] | None:
    if model is Disclosure:
        if row.published_at and not before.published_at:
            return EventKind.PUBLICATION, _("Public summary published")
        if getattr(row, "withdrawn_at", None) and not getattr(before, "withdrawn_at", None):
            return EventKind.PUBLICATION, _("Public summary withdrawn")
    return None


def identity_views(petition: Petition) -> list[Event]:
    return [
        Event(
            view.viewed_at,
            view.user.get_full_name(),
            EventKind.IDENTITY_VIEW,
            _("Protected identity shown (%(where)s)") % {"where": view.where},
        )
        for view in IdentityView.objects.filter(petition=petition).select_related("user")
    ]
