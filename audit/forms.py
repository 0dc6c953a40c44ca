from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases import registry
from cases.timeline.events import EventKind
from units.choices import UnitKind
from units.models import Membership, Unit, User
from units.permissions import scope_q
from units.services import SYSTEM_USERNAME

from .choices import AUDIT_ROLES, ExportFormat
from .selectors import EventFilters


class _Person(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_full_name()} ({obj.username})"


class EventFilterForm(forms.Form):
    user = _Person(label=_("Person"), queryset=User.objects.none(), required=False)
    unit = forms.ModelChoiceField(
        label=_("Committee"), queryset=Unit.objects.none(), required=False
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    case_kind = forms.ChoiceField(
        label=_("Case kind"),
        required=False,
        choices=[("", _("All kinds"))],
    )
    event_kind = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All events")), *EventKind.choices]
    )

    def __init__(self, *args, viewer: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_kind"].choices = [("", _("All kinds")), *registry.kind_choices()]
        members = Membership.objects.filter(scope_q(viewer, AUDIT_ROLES)).values("user_id")
        self.fields["user"].queryset = User.objects.filter(
            Q(pk__in=members) | Q(username=SYSTEM_USERNAME)
        ).order_by("full_name", "username")
        self.fields["unit"].queryset = Unit.objects.filter(
            scope_q(viewer, AUDIT_ROLES, unit_field=""), kind=UnitKind.COMMITTEE
        ).order_by("path")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> EventFilters:
        data = self.cleaned_data
        return EventFilters(
            user_id=data["user"].pk if data.get("user") else None,
            unit_id=data["unit"].pk if data.get("unit") else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            case_kind=data.get("case_kind") or "",
            event_kind=data.get("event_kind") or "",
        )


class ExportForm(EventFilterForm):
    format = forms.ChoiceField(choices=ExportFormat.choices)
