"""One small form per workflow action on the case page. Each form's `service_data()` is exactly
the keyword arguments of the service the action runs (besides petition and actor), so the view
passes it on to `workflows.acting.act` untouched. The actions they belong to are declared in
`casework.actions`."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.choices import UnitKind
from units.models import Unit, User

from ..choices import AnswerOutcome, Complexity, Field, Instance, NotifyChannel, PetitionKind

REASON_HELP = _("Kept in the case history.")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args, petition=None, **kwargs) -> None:
        self.petition = petition
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class ClassifyForm(ReasonForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PetitionKind.choices)
    field = forms.ChoiceField(label=_("Field"), choices=Field.choices)
    processable = forms.BooleanField(label=_("Processable"), required=False, initial=True)
    complexity = forms.ChoiceField(
        label=_("Complexity"), choices=Complexity.choices, initial=Complexity.STANDARD
    )
    complaint_instance = forms.ChoiceField(
        label=_("Instance"), choices=Instance.choices, initial=Instance.FIRST
    )
    remote_area = forms.BooleanField(label=_("Remote area"), required=False)
    several_places = forms.BooleanField(label=_("Concerns several places"), required=False)
    field_order = [
        "kind",
        "field",
        "processable",
        "complexity",
        "complaint_instance",
        "remote_area",
        "several_places",
        "reason",
    ]

    def __init__(self, *args, petition=None, **kwargs) -> None:
        if petition is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {"kind": petition.kind, "field": petition.field}
        super().__init__(*args, petition=petition, **kwargs)


class ReferForm(ReasonForm):
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Unit.objects.filter(
            kind__in=(UnitKind.AGENCY, UnitKind.INSPECTION_BOARD), is_active=True
        ).order_by("path"),
    )
    note = forms.CharField(
        label=_("Note to the agency"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["agency", "note", "reason"]

    def __init__(self, *args, petition=None, **kwargs) -> None:
        super().__init__(*args, petition=petition, **kwargs)
        if petition is not None:
            # The agencies of the petition's own province: the whole country's list is too
            # long to pick from, and a commune never refers outside its province.
            province_path = petition.unit.path[: 2 * Unit.steplen]
            self.fields["agency"].queryset = self.fields["agency"].queryset.filter(
                path__startswith=province_path
            )


class EscalateForm(ReasonForm):
    note = forms.CharField(
        label=_("Note to the agency"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["note", "reason"]


class RecordAnswerForm(ReasonForm):
    document_number = forms.CharField(label=_("Document number"), max_length=60)
    document_date = forms.DateField(
        label=_("Document date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AnswerOutcome.choices)
    file = forms.FileField(label=_("Answer document"), required=False)
    field_order = ["document_number", "document_date", "summary", "outcome", "file", "reason"]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        if not data.get("file"):
            data.pop("file", None)
        return data


class ExtendForm(ReasonForm):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=90)
    field_order = ["decision_number", "days", "reason"]


class DecisionForm(ReasonForm):
    """Suspending and resuming the clock each rest on a decision."""

    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    field_order = ["decision_number", "reason"]


class NotifyPetitionerForm(ReasonForm):
    on = forms.DateField(
        label=_("Told on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    channel = forms.ChoiceField(label=_("Told by"), choices=NotifyChannel.choices)
    field_order = ["on", "channel", "reason"]


class SubmitDisclosureForm(ReasonForm):
    summary = forms.CharField(
        label=_("Public summary"),
        help_text=_("No names, ID numbers, phone numbers or addresses."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    field_order = ["summary", "reason"]


class SplitPartForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in PetitionKind.choices if c[0] != PetitionKind.MIXED],
    )
    title = forms.CharField(label=_("Subject"), max_length=255)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 2}))


SplitPartFormSet = forms.formset_factory(
    SplitPartForm, extra=2, min_num=2, validate_min=True, max_num=10, validate_max=True
)


class SplitForm(ReasonForm):
    """The reason, plus a small formset with one row per part of the mixed content."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parts = SplitPartFormSet(
            self.data if self.is_bound else None, prefix=f"{self.prefix or 'split'}-parts"
        )

    def is_valid(self) -> bool:
        # Both run, so every error shows at once.
        own = super().is_valid()
        parts = self.parts.is_valid()
        return own and parts

    def service_data(self) -> dict:
        parts = [
            {key: form.cleaned_data[key] for key in ("kind", "title", "content")}
            for form in self.parts.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        return {"reason": self.cleaned_data["reason"], "parts": parts}


class ReopenForm(ReasonForm):
    pass


class IdentityGrantForm(ReasonForm):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    field_order = ["user", "reason"]

    def __init__(self, *args, candidates=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["user"].queryset = candidates
