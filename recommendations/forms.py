"""The forms of the voter-contact actions. Each takes the record it acts on as `case=` and
gives the service its keyword arguments (`service_data`)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.choices import UnitKind
from units.models import Unit, User

from .choices import Field, InformedHow, Outcome, Scope, Verdict

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
TEXT = {"widget": forms.Textarea(attrs={"rows": 3})}


class ActionForm(forms.Form):
    """The kernel hands a form its case by the model's name (`workflows.steps.action_form`)."""

    def __init__(self, *args, meeting=None, item=None, agencyanswer=None, **kwargs) -> None:
        self.case = meeting or item or agencyanswer
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class ConfirmForm(ActionForm):
    """An action that needs nothing but the click (the step's button)."""


class ReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason"), help_text=_("Kept in the history and told to those concerned."), **TEXT
    )


class NoteForm(ActionForm):
    note = forms.CharField(label=_("Note"), required=False)


class HoldForm(ActionForm):
    voters_attending = forms.IntegerField(label=_("Voters attending"), min_value=1)
    deputies_present = forms.ModelMultipleChoiceField(
        label=_("Deputies present"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        case = self.case
        if case is not None:
            self.fields["deputies_present"].queryset = User.objects.filter(
                pk__in=case.deputies.values("deputy")
            )
            self.fields["deputies_present"].label_from_instance = lambda u: u.get_full_name()


class RescheduleForm(ActionForm):
    starts_at = forms.DateTimeField(
        label=_("New date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    reason = forms.CharField(label=_("Reason"), required=False)


class MinutesForm(ActionForm):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}))
    answered_on_spot = forms.CharField(
        label=_("What was answered at the meeting"), required=False, **TEXT
    )


class EditForm(ActionForm):
    title = forms.CharField(label=_("Title"), max_length=255)
    content = forms.CharField(label=_("Merged wording"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        case = self.case
        if case is not None:
            self.initial.setdefault("title", case.title)
            self.initial.setdefault("content", case.content)


def agencies():
    return Unit.objects.filter(kind=UnitKind.AGENCY).order_by("name")


class ClassifyForm(ActionForm):
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices)
    field = forms.ChoiceField(label=_("Field"), choices=Field.choices)
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies that must answer"), queryset=Unit.objects.none()
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        case = self.case
        self.fields["agencies"].queryset = agencies()
        if case is not None:
            self.initial.setdefault("field", case.field)


class InformForm(ActionForm):
    how = forms.ChoiceField(label=_("How the voters were told"), choices=InformedHow.choices)
    on = forms.DateField(label=_("Told on"), initial=timezone.localdate, **DATE)
    note = forms.CharField(label=_("Note"), required=False)


class PublicTextForm(ActionForm):
    public_text = forms.CharField(
        label=_("Text to publish"),
        help_text=_("No voter's name, address or anything personal."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        case = self.case
        if case is not None:
            from .publication import proposed_text

            self.initial.setdefault("public_text", case.public_text or proposed_text(case))


class AssessForm(ActionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    verdict = forms.ChoiceField(label=_("Assessment"), choices=Verdict.choices)
    note = forms.CharField(label=_("Note"), required=False, **TEXT)


class AnswerForm(ActionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    content = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}))
    roadmap = forms.CharField(label=_("Roadmap"), required=False, **TEXT)
    promised_on = forms.DateField(label=_("Promised by"), required=False, **DATE)
    document_number = forms.CharField(label=_("Document number"), required=False)
    document_date = forms.DateField(label=_("Document date"), required=False, **DATE)
    document = forms.FileField(label=_("Document"), required=False)
