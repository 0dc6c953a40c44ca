from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .choices import Role, UnitKind, UnitLevel
from .models import User


class ReasonField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Reason for the change"))
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off"}))
        super().__init__(**kwargs)


class UnitCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    level = forms.TypedChoiceField(label=_("Level"), choices=UnitLevel.choices, coerce=int)
    admin_code = forms.CharField(label=_("Administrative code"), max_length=16, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    reason = ReasonField()


class UnitUpdateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False)
    reason = ReasonField()


class PasswordPairMixin:
    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        if first:
            try:
                password_validation.validate_password(first, getattr(self, "user", None))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PersonCreateForm(PasswordPairMixin, forms.Form):
    username = forms.RegexField(
        label=_("Login name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={
            "invalid": _("Use only letters, digits and the characters . @ + - _ in a login name.")
        },
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)
    role = forms.ChoiceField(label=_("Role in this unit"), choices=Role.choices)
    include_subtree = forms.BooleanField(label=_("Also over subordinate units"), required=False)
    reason = ReasonField()


class PersonUpdateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=User._meta.get_field("language").choices
    )
    is_active = forms.BooleanField(label=_("Account active"), required=False)
    reason = ReasonField()


class PasswordSetForm(PasswordPairMixin, forms.Form):
    password1 = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput, strip=False
    )
    reason = ReasonField()

    def __init__(self, *args, user: User | None = None, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)


class MembershipGrantForm(forms.Form):
    username = forms.CharField(label=_("Login name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    include_subtree = forms.BooleanField(label=_("Also over subordinate units"), required=False)
    reason = ReasonField()

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(_("Nobody has the login name “%s”.") % username)
        return user


class RevokeForm(forms.Form):
    reason = ReasonField()
