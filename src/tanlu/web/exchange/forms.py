"""Forms of the exchange area: export settings, a footprint file to import, a supplier's PACT endpoint."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from tanlu.web.exchange.models import Spec


class ExportSettingsForm(forms.Form):
    """The details every export needs and the calculation cannot know (the rest: docs/exchange.md)."""

    company_name = forms.CharField(label=_("Company name in the footprints"), max_length=200)
    company_ids = forms.CharField(
        label=_("Company identifiers (URNs)"),
        max_length=500,
        help_text=_("Separated by spaces, for example urn:bpn:BPNL000000000ABC"),
    )
    product_category_cpc = forms.CharField(
        label=_("UN CPC product category"),
        max_length=20,
        required=False,
        help_text=_("Required by PACT v2.3"),
    )
    country = forms.RegexField(
        label=_("Country of production"), regex=r"^[A-Z]{2}$", max_length=2, required=False,
        help_text=_("Two-letter ISO code, for example CN or DE; Catena-X needs it when the sites do not say"),
        error_messages={"invalid": _("Two capital letters, for example CN.")},
    )  # fmt: skip
    verification_provider = forms.CharField(label=_("Verified by"), max_length=200, required=False)
    comment = forms.CharField(
        label=_("Note to customers"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_company_ids(self) -> str:
        words = self.cleaned_data["company_ids"].replace(",", " ").split()
        bad = [word for word in words if not word.lower().startswith("urn:") or word.count(":") < 2]
        if bad or not words:
            raise forms.ValidationError(_("Each identifier is a URN, such as urn:bpn:BPNL000000000ABC."))
        return " ".join(words)


class ExportForm(forms.Form):
    spec = forms.ChoiceField(label=_("Format"), choices=Spec.choices)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("PACT or Catena-X JSON file"))


class UseForm(forms.Form):
    item_id = forms.CharField(label=_("Purchased item in the product model"), max_length=120)


class EndpointForm(forms.Form):
    name = forms.CharField(label=_("Supplier"), max_length=200)
    base_url = forms.URLField(
        label=_("PACT API address"), max_length=500, assume_scheme="https",
        help_text=_("The address before /3/footprints, for example https://pact.supplier.com"),
    )  # fmt: skip
    spec = forms.ChoiceField(label=_("PACT version"), choices=[("3", "v3"), ("2", "v2")])
    client_id = forms.CharField(label=_("Client id"), max_length=200)
    client_secret = forms.CharField(
        label=_("Client secret"), max_length=500, widget=forms.PasswordInput(render_value=False)
    )

    field_order: ClassVar = ["name", "base_url", "spec", "client_id", "client_secret"]

    def clean_base_url(self) -> str:
        url = str(self.cleaned_data["base_url"])
        if not url.startswith("https://"):
            raise forms.ValidationError(_("The address must start with https://"))
        return url.rstrip("/")
