"""Forms of the accounts area. Labels and errors go through gettext; widgets get autocomplete hints."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from tanlu.web.accounts import throttle
from tanlu.web.accounts.models import OrganizationKind, Role, SupplierRelationship, User


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing further attempts after too many failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed sign-in attempts. Please wait a few minutes and try again."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        if throttle.is_blocked(self.request, username):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(self.request, username)
            raise
        throttle.clear(self.request, username)
        return cleaned


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password2(self) -> str:
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords differ."))
        return second or ""

    def validate_password_for(self, user: User) -> None:
        password = self.cleaned_data.get("password2")
        if password:
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class FirstRunForm(PasswordPairMixin):
    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    organization_name = forms.CharField(label=_("Your organization"), max_length=200)
    organization_kind = forms.ChoiceField(label=_("Kind of organization"), choices=OrganizationKind.choices)
    load_demo = forms.BooleanField(
        label=_("Also load demonstration data (sample organizations and suppliers)"), required=False
    )

    field_order = [
        "username",
        "email",
        "password1",
        "password2",
        "organization_name",
        "organization_kind",
        "load_demo",
    ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.validate_password_for(User(username=cleaned.get("username", ""), email=cleaned.get("email", "")))
        return cleaned


class InvitationSignupForm(PasswordPairMixin):
    display_name = forms.CharField(label=_("Your name"), max_length=150)
    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )

    field_order = ["display_name", "username", "password1", "password2"]

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.validate_password_for(User(username=cleaned.get("username", ""), email=self.email))
        return cleaned


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("display_name", "email", "language")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Follow my browser")), *settings.LANGUAGES]


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind of organization"), choices=OrganizationKind.choices)
    country = forms.CharField(label=_("Country or region"), max_length=100, required=False)


class OrganizationDetailsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    country = forms.CharField(label=_("Country or region"), max_length=100, required=False)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)
    language = forms.ChoiceField(label=_("Language of the email"), choices=settings.LANGUAGES)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class SupplierForm(forms.ModelForm):  # type: ignore[type-arg]
    name = forms.CharField(label=_("Supplier name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    invite = forms.BooleanField(
        label=_("Invite the contact to set up the supplier's own account"), required=False
    )
    language = forms.ChoiceField(label=_("Language of the email"), choices=settings.LANGUAGES, required=False)

    class Meta:
        model = SupplierRelationship
        fields = ("supplier_code", "contact_name", "contact_email", "category", "region", "tier")

    field_order = [
        "name",
        "name_en",
        "supplier_code",
        "contact_name",
        "contact_email",
        "category",
        "region",
        "tier",
        "invite",
        "language",
    ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("invite") and not cleaned.get("contact_email"):
            self.add_error("contact_email", _("An invitation needs the contact's email address."))
        return cleaned


class SupplierEditForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SupplierRelationship
        fields = ("supplier_code", "contact_name", "contact_email", "category", "region", "tier")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("For example: ERP export script, survey dashboard."),
    )
