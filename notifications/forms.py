from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import NotificationKind


class PreferenceForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Send me an e-mail when"),
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    daily_digest = forms.BooleanField(
        label=_("Every morning, e-mail me a digest of my overdue items"), required=False
    )
