from django import forms
from django.utils.translation import gettext_lazy as _


class CitizenLookupForm(forms.Form):
    tracking_code = forms.CharField(
        label=_("Tracking code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=16,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_tracking_code(self) -> str:
        # People read the code off paper: accept lower case, spaces and a missing dash.
        raw = "".join(self.cleaned_data["tracking_code"].upper().split()).replace("-", "")
        return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw

    def clean_secret(self) -> str:
        return "".join(self.cleaned_data["secret"].split())
