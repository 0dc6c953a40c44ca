"""The forms of the voter-contact pages that are not flow actions: recording a session,
planning a meeting, entering opinions, merging them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from units.choices import Role, UnitKind
from units.models import Membership, Unit, User

from .choices import Body, Field, Medium, MeetingForm, MeetingKind, RaisedBy, SessionKind
from .forms import DATE, TEXT
from .models import Session

DATETIME = {"widget": forms.DateTimeInput(attrs={"type": "datetime-local"})}


class SessionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Organising committee"), queryset=Unit.objects.none())
    delegation = forms.ModelChoiceField(
        label=_("Deputies' delegation"),
        queryset=Unit.objects.filter(kind=UnitKind.DEPUTIES_DELEGATION),
        required=False,
    )
    body = forms.ChoiceField(label=_("Body"), choices=Body.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    term = forms.IntegerField(label=_("Term"), min_value=1, max_value=99)
    number = forms.IntegerField(label=_("Session number"), min_value=1, max_value=99)
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(label=_("Opens on"), **DATE)
    closes_on = forms.DateField(label=_("Closes on"), **DATE)
    previous = forms.ModelChoiceField(
        label=_("Previous session"), queryset=Session.objects.none(), required=False
    )

    def __init__(self, *args, units=(), sessions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if sessions is not None:
            self.fields["previous"].queryset = sessions


class MeetingPlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Meeting kind"), choices=MeetingKind.choices)
    form = forms.ChoiceField(label=_("Form"), choices=MeetingForm.choices)
    medium = forms.ChoiceField(label=_("Medium"), choices=Medium.choices)
    starts_at = forms.DateTimeField(label=_("Starts at"), **DATETIME)
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputies attending"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    chair = forms.CharField(label=_("Chair"), max_length=150, required=False)
    organisers = forms.CharField(label=_("Organising committee"), max_length=255, required=False)
    outside_province = forms.BooleanField(
        label=_("NA deputy outside their own province"), required=False
    )

    def __init__(self, *args, session=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        unit = session.delegation or session.unit
        deputies = Membership.objects.filter(unit=unit, role=Role.DEPUTY).values("user")
        self.fields["deputies"].queryset = User.objects.filter(pk__in=deputies, is_active=True)
        self.fields["deputies"].label_from_instance = lambda u: u.get_full_name()


class OpinionRowForm(forms.Form):
    """One row of the minutes' table; a row left empty is skipped."""

    content = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    field = forms.ChoiceField(label=_("Field"), choices=Field.choices, initial=Field.OTHER)
    raised_by = forms.ChoiceField(label=_("Raised by"), choices=RaisedBy.choices)
    voters = forms.IntegerField(label=_("Voters"), min_value=1, initial=1)
    voter_name = forms.CharField(label=_("Voter's name"), max_length=150, required=False)
    voter_address = forms.CharField(label=_("Address"), max_length=255, required=False)
    protect_identity = forms.BooleanField(label=_("Do not name"), required=False)
    answer_at_meeting = forms.CharField(label=_("Answered at the meeting"), required=False)


OpinionRows = forms.formset_factory(OpinionRowForm, extra=8, max_num=200)


class DraftItemForm(forms.Form):
    title = forms.CharField(label=_("Title of the item"), max_length=255)
    content = forms.CharField(label=_("Merged wording"), **TEXT)


class ConvertForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("It is a"),
        choices=[("complaint", _("Complaint")), ("denunciation", _("Denunciation"))],
    )
    title = forms.CharField(label=_("Subject"), max_length=255)
