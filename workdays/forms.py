import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DayKind


class CalendarOverrideForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=DayKind.choices)
    reason = forms.CharField(
        label=_("Decision and reason"),
        max_length=255,
        help_text=_("For example: Thông báo 6150/TB-LĐTBXH, nghỉ bù Tết."),
    )


class CalendarCheckForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        initial=dt.date.today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    count = forms.IntegerField(label=_("Days"), min_value=0, max_value=3650, initial=10)


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the change"), max_length=255)
