"""The reception form: the petition, its signers and its attachments.

Field checks reuse `casework.validators`, so a bad ID number, phone or file is reported next to
the field that holds it; the rules that need the database stay in `petition_receive`.
"""

import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.attachments import validate_attachment
from units.choices import Role, UnitKind
from units.models import Unit, User
from units.permissions import scope_q

from ..choices import Channel, PetitionKind
from ..models import AttachmentKind, Petition
from ..selectors import petition_get
from ..services.intake import AttachmentData, SignerData
from ..validators import ID_NUMBER_INPUT_MAX_LENGTH, id_number_or_blank, validate_phone

MAX_SIGNER_ROWS = 50
MAX_ATTACHMENT_ROWS = 20


def reception_committees(user: User) -> QuerySet[Unit]:
    """The committees where the user takes in petitions."""
    return Unit.objects.filter(
        scope_q(user, (Role.RECEPTION_OFFICER,), unit_field=""),
        kind=UnitKind.COMMITTEE,
        is_active=True,
    ).order_by("path")


def _date_input():
    # type=date sends ISO dates whatever the page language; render them the same way back.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PetitionForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Committee"), queryset=Unit.objects.none(), empty_label=None
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=PetitionKind.choices)
    title = forms.CharField(label=_("Subject"), max_length=255)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}))
    request = forms.CharField(
        label=_("Request"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    letter_date = forms.DateField(
        label=_("Date on the petition"), required=False, widget=_date_input()
    )
    received_on = forms.DateField(label=_("Received on"), widget=_date_input())
    protect_identity = forms.BooleanField(
        label=_("Keep the petitioner's identity confidential"),
        required=False,
        help_text=_("Always on for a denunciation; on request for any other petition."),
    )
    duplicate_of = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Made when the form is shown; a second submission of the same form (a double click, a
    # resent request) finds the petition the first one registered.
    registration_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, user: User, committees: QuerySet[Unit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["registration_key"].initial = secrets.token_urlsafe(24)
        self.fields["unit"].queryset = committees
        self.fields["received_on"].initial = timezone.localdate
        # Keyboard first: with one committee it is chosen and typing starts at the subject.
        if len(committees) == 1:
            self.fields["unit"].initial = committees[0].pk
            self.fields["title"].widget.attrs["autofocus"] = True
        else:
            self.fields["unit"].widget.attrs["autofocus"] = True

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise ValidationError(_("The date of receipt cannot be in the future."), code="future")
        return received_on

    def clean(self):
        data = super().clean()
        letter_date, received_on = data.get("letter_date"), data.get("received_on")
        if letter_date and received_on and letter_date > received_on:
            self.add_error(
                "letter_date",
                ValidationError(
                    _("The petition cannot be dated after the day it was received."),
                    code="after_receipt",
                ),
            )
        original_pk = data.get("duplicate_of")
        data["original"] = None
        if original_pk:
            original = petition_get(user=self.user, pk=original_pk)
            unit = data.get("unit")
            if original is None or (unit is not None and original.unit_id != unit.pk):
                self.add_error(
                    None,
                    ValidationError(
                        _("The petition chosen as the original is not one of this committee's."),
                        code="bad_original",
                    ),
                )
            else:
                data["original"] = original
        return data

    @property
    def original(self) -> Petition | None:
        return self.cleaned_data.get("original")


class SignerForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    id_number = forms.CharField(
        label=_("ID number"), max_length=ID_NUMBER_INPUT_MAX_LENGTH, required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=25, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean_id_number(self) -> str:
        return id_number_or_blank(self.cleaned_data["id_number"])

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        return validate_phone(value) if value.strip() else ""

    def clean(self):
        data = super().clean()
        if self.has_changed() and not (data.get("full_name") or "").strip():
            self.add_error(
                "full_name",
                ValidationError(_("Every signer needs a full name."), code="required"),
            )
        return data

    def signer_data(self) -> SignerData:
        data = self.cleaned_data
        return SignerData(
            full_name=data["full_name"],
            id_number=data["id_number"],
            phone=data["phone"],
            address=data["address"],
            email=data["email"],
        )


class BaseSignerFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed()]
        if not filled:
            raise ValidationError(_("A petition needs at least one signer."), code="no_signer")
        seen: set[str] = set()
        for form in filled:
            number = form.cleaned_data.get("id_number")
            if number and number in seen:
                form.add_error(
                    "id_number",
                    ValidationError(
                        _("The same person is listed twice as a signer."), code="twice"
                    ),
                )
            seen.add(number)

    def signers(self) -> list[SignerData]:
        return [f.signer_data() for f in self.forms if f.has_changed()]


def signer_formset(data=None, *, rows: int = 1) -> BaseSignerFormSet:
    """`rows` blank rows on a fresh form (the "add rows" link works without JavaScript)."""
    formset_class = forms.formset_factory(
        SignerForm,
        formset=BaseSignerFormSet,
        extra=max(1, min(rows, MAX_SIGNER_ROWS)),
        max_num=MAX_SIGNER_ROWS,
        absolute_max=MAX_SIGNER_ROWS,
        validate_max=True,
    )
    return formset_class(data, prefix="signers")


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (AttachmentKind.PETITION_SCAN, AttachmentKind.PETITION_SCAN.label),
            (AttachmentKind.EVIDENCE, AttachmentKind.EVIDENCE.label),
        ],
        initial=AttachmentKind.PETITION_SCAN,
    )
    identifies_petitioner = forms.BooleanField(label=_("Identifies the petitioner"), required=False)

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            validate_attachment(uploaded)
        return uploaded

    def attachment_data(self) -> AttachmentData | None:
        uploaded = self.cleaned_data.get("file")
        if not uploaded:
            return None
        return AttachmentData(
            file=uploaded,
            kind=self.cleaned_data["kind"],
            identifies_petitioner=self.cleaned_data["identifies_petitioner"],
        )


class BaseAttachmentFormSet(forms.BaseFormSet):
    def attachments(self) -> list[AttachmentData]:
        found = (f.attachment_data() for f in self.forms)
        return [data for data in found if data is not None]


def attachment_formset(data=None, files=None, *, rows: int = 2) -> BaseAttachmentFormSet:
    formset_class = forms.formset_factory(
        AttachmentForm,
        formset=BaseAttachmentFormSet,
        extra=max(1, min(rows, MAX_ATTACHMENT_ROWS)),
        max_num=MAX_ATTACHMENT_ROWS,
        absolute_max=MAX_ATTACHMENT_ROWS,
        validate_max=True,
    )
    return formset_class(data, files, prefix="attachments")
