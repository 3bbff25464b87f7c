"""Forms of a declared installation: the installation at an inventory site, a production process and a precursor.

Every bad input is a field error in the reader's language: a CN code outside CBAM's Annex I or of a category the
installation does not declare, a process with no production, shares over 100 %, a purchased precursor without the
supplier's SEE, a default-value precursor whose CN code has no shipped default value, an own precursor from a
process of another CN code.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tanlu.carbon.cbam.defaults import default_value
from tanlu.carbon.cbam.goods import (
    AGGREGATED_CATEGORIES,
    SUPPLY_CHAIN_GOODS,
    aggregated_category,
    check_cbam_good,
)
from tanlu.carbon.cbam.model import CarbonPrice, PrecursorKind
from tanlu.carbon.cbam.price import FIELDS as PRICE_FIELDS
from tanlu.carbon.cbam.price import parse_cn_codes
from tanlu.errors import InputError, NotFound
from tanlu.web.cbam.models import CATEGORY_NAMES, DeclaredProcess, Installation, category_label
from tanlu.web.cbam.reasons import localize_reason
from tanlu.web.inventory.calculation import latest_runs_by_year
from tanlu.web.inventory.models import Site

UNLOCODE = re.compile(r"([A-Z]{2}) ?([A-Z2-9]{3})")
#: the carbon price's fields besides its instrument: any of them given needs the instrument named
PRICE_DETAILS = PRICE_FIELDS[1:]  # the first is the instrument itself


def goods_choices() -> list[tuple[str, str]]:
    """The supply chain's CBAM goods as the reader names them (for the CN code's suggestions)."""
    chinese = (get_language() or "").startswith("zh")
    return [(code, name_zh if chinese else name_en) for code, name_en, name_zh in SUPPLY_CHAIN_GOODS]


def _cbam_code(text: str) -> str:
    try:
        return check_cbam_good(text)
    except InputError as error:
        raise forms.ValidationError(localize_reason(error.issue.reason)) from None


class DeclareForm(forms.Form):
    """An installation at one of the organization's inventory sites, for one calculated inventory year."""

    site = forms.ModelChoiceField(label=_("Inventory site"), queryset=Site.objects.none())
    inventory_year = forms.TypedChoiceField(label=_("Inventory year"), coerce=int)
    name = forms.CharField(label=_("Installation name"), max_length=200)
    operator = forms.CharField(label=_("Operator"), max_length=200, required=False)
    unlocode = forms.CharField(
        label="UN/LOCODE", max_length=6, help_text=_("Country and place, e.g. CN SZV (Suzhou) or CN NGB.")
    )
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    categories = forms.MultipleChoiceField(
        label=_("Aggregated goods categories"), widget=forms.CheckboxSelectMultiple
    )
    carbon_price_scheme = forms.CharField(
        label=_("Carbon pricing instrument"),
        max_length=200,
        required=False,
        help_text=_("E.g. China national ETS, or a carbon tax. Empty: no carbon price is paid."),
    )
    carbon_price_legal_act = forms.CharField(
        label=_("Legal act providing for it"), max_length=300, required=False
    )
    carbon_price_cn_codes = forms.CharField(
        label=_("Goods covered (CN codes)"),
        max_length=200,
        required=False,
        help_text=_("Separated by semicolons, e.g. 7318 15. Empty: every good of the installation."),
    )
    carbon_price_per_tco2e = forms.FloatField(label=_("Carbon price per t CO2e"), required=False, min_value=0)
    carbon_price_currency = forms.CharField(
        label=_("Currency"), max_length=3, required=False, help_text=_("Three letters, e.g. CNY.")
    )
    carbon_price_covered_tco2e = forms.FloatField(
        label=_("Emissions covered (t CO2e)"), required=False, min_value=0
    )
    carbon_price_rebate_form = forms.CharField(
        label=_("Rebate or other compensation"),
        max_length=200,
        required=False,
        help_text=_("E.g. free allocation. Empty: none."),
    )
    carbon_price_rebate_per_tco2e = forms.FloatField(
        label=_("Rebate per t CO2e (same currency)"), required=False, min_value=0
    )
    carbon_price_rebate_covered_tco2e = forms.FloatField(
        label=_("Emissions covered by the rebate (t CO2e)"), required=False, min_value=0
    )

    def __init__(
        self, *args: Any, organization: Any, installation: Installation | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.organization, self.installation = organization, installation
        self.fields["site"].queryset = Site.objects.for_organization(organization)  # type: ignore[attr-defined]
        years = sorted(latest_runs_by_year(organization), reverse=True)
        self.fields["inventory_year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["categories"].choices = [  # type: ignore[attr-defined]
            (name, category_label(name)) for name in AGGREGATED_CATEGORIES if name in CATEGORY_NAMES
        ]

    def clean_unlocode(self) -> str:
        text = self.cleaned_data["unlocode"].strip().upper()
        found = UNLOCODE.fullmatch(text)
        if found is None:
            raise forms.ValidationError(
                _("A UN/LOCODE is two letters of the country and three of the place.")
            )
        return f"{found.group(1)} {found.group(2)}"

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = Installation.objects.for_organization(self.organization).filter(name=name)
        if self.installation is not None:
            others = others.exclude(pk=self.installation.pk)
        if others.exists():
            raise forms.ValidationError(_("An installation of this name is already here."))
        return name

    def clean_carbon_price_cn_codes(self) -> tuple[str, ...]:
        try:
            return parse_cn_codes(self.cleaned_data["carbon_price_cn_codes"])
        except InputError as error:
            raise forms.ValidationError(localize_reason(error.issue.reason)) from None

    def clean_carbon_price_currency(self) -> str:
        text = self.cleaned_data["carbon_price_currency"].strip().upper()
        if text and not (len(text) == 3 and text.isascii() and text.isalpha()):
            raise forms.ValidationError(_("A currency is three letters, e.g. CNY or EUR."))
        return text

    def clean(self) -> dict[str, Any]:
        """A carbon price needs its instrument, amount and currency; a rebate cannot exceed the price."""
        data = super().clean() or {}
        given = [name for name in PRICE_DETAILS if data.get(name) not in (None, "", ())]
        if not data.get("carbon_price_scheme"):
            if given and "carbon_price_scheme" not in self.errors:
                self.add_error("carbon_price_scheme", _("Name the instrument of this carbon price."))
            return data
        amount, rebate = data.get("carbon_price_per_tco2e"), data.get("carbon_price_rebate_per_tco2e")
        if amount is None and "carbon_price_per_tco2e" not in self.errors:
            self.add_error(
                "carbon_price_per_tco2e", _("Give the carbon price per t CO2e (0 if none is paid).")
            )
        if not data.get("carbon_price_currency") and "carbon_price_currency" not in self.errors:
            self.add_error("carbon_price_currency", _("Give the currency of the carbon price, e.g. CNY."))
        if amount is not None and rebate is not None and rebate > amount:
            self.add_error(
                "carbon_price_rebate_per_tco2e",
                _("The rebate is larger than the carbon price it reduces."),
            )
        return data

    def carbon_price(self) -> CarbonPrice | None:
        """The cleaned carbon price as the core's record; ``None`` when no instrument is named."""
        data = self.cleaned_data
        if not data.get("carbon_price_scheme"):
            return None
        return CarbonPrice(
            scheme=data["carbon_price_scheme"].strip(),
            amount_per_tco2e=float(data["carbon_price_per_tco2e"]),
            currency=data["carbon_price_currency"],
            covered_tco2e=data.get("carbon_price_covered_tco2e"),
            legal_act=data.get("carbon_price_legal_act", "").strip(),
            cn_codes=data.get("carbon_price_cn_codes") or (),
            rebate_form=data.get("carbon_price_rebate_form", "").strip(),
            rebate_per_tco2e=data.get("carbon_price_rebate_per_tco2e") or 0.0,
            rebate_covered_tco2e=data.get("carbon_price_rebate_covered_tco2e"),
        )


class ProcessForm(forms.Form):
    """A production process: goods of one CN code and their annual production."""

    process_id = forms.SlugField(
        label=_("Process id"), max_length=60, help_text=_("Short and unique, e.g. BOLT.")
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    cn_code = forms.CharField(
        label=_("CN code"),
        max_length=12,
        widget=forms.TextInput(attrs={"list": "cbam-goods", "autocomplete": "off"}),
        help_text=_("4, 6 or 8 digits of a good in CBAM's annex I, e.g. 7318 15 for bolts."),
    )
    production_t = forms.FloatField(label=_("Annual production (t)"))
    share = forms.FloatField(
        label=_("Share of the site's emissions and electricity (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Empty: the process's share of the production mass of the processes without a share."),
    )

    def __init__(self, *args: Any, installation: Installation, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.installation = installation

    def clean_process_id(self) -> str:
        return str(self.cleaned_data["process_id"]).upper()

    def clean_cn_code(self) -> str:
        code = _cbam_code(self.cleaned_data["cn_code"])
        category = aggregated_category(code)
        if category not in [c.strip() for c in self.installation.categories.split(";")]:
            raise forms.ValidationError(
                _("CN %(code)s is of the category %(category)s, which the installation does not declare.")
                % {"code": code, "category": category_label(category)}
            )
        return code

    def clean_production_t(self) -> float:
        value = self.cleaned_data["production_t"]
        if value <= 0:
            raise forms.ValidationError(
                _("A process with no production: give its annual production in tonnes.")
            )
        return float(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        share, pid = data.get("share"), data.get("process_id")
        if share is not None and pid:
            others = DeclaredProcess.objects.filter(installation=self.installation, share__isnull=False)
            total = share + sum(p.share or 0 for p in others.exclude(process_id=pid))
            if total > 100 + 1e-9:
                self.add_error(
                    "share",
                    _("The shares of the processes add up to %(total)s %%; they can be 100 %% at most.")
                    % {"total": f"{total:g}"},
                )
        return data


class PrecursorForm(forms.Form):
    """A precursor a process consumes: own, purchased with the supplier's SEE, or on the default value."""

    KINDS = (
        (PrecursorKind.PURCHASED.value, _("purchased, with the supplier's actual SEE")),
        (PrecursorKind.DEFAULT.value, _("purchased, on the Commission's default value")),
        (PrecursorKind.OWN.value, _("own, made by another process here")),
    )
    process = forms.ModelChoiceField(label=_("Consuming process"), queryset=DeclaredProcess.objects.none())
    cn_code = forms.CharField(label=_("CN code of the precursor"), max_length=12)
    kind = forms.ChoiceField(label=_("Source"), choices=KINDS)
    quantity_t = forms.FloatField(label=_("Mass consumed (t)"))
    from_process = forms.ModelChoiceField(
        label=_("Made by process (own)"), queryset=DeclaredProcess.objects.none(), required=False
    )
    supplier = forms.CharField(label=_("Supplier"), max_length=200, required=False)
    country = forms.ChoiceField(
        label=_("Country of origin (default value)"),
        choices=(("", "—"), ("CN", _("China")), ("OTHER", _("Other countries and territories"))),
        required=False,
    )
    see_direct = forms.FloatField(label=_("Supplier's SEE direct (t CO2e/t)"), required=False, min_value=0)
    see_indirect = forms.FloatField(
        label=_("Supplier's SEE indirect (t CO2e/t)"), required=False, min_value=0
    )

    def __init__(self, *args: Any, installation: Installation, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.installation = installation
        processes = DeclaredProcess.objects.filter(installation=installation)
        self.fields["process"].queryset = processes  # type: ignore[attr-defined]
        self.fields["from_process"].queryset = processes  # type: ignore[attr-defined]
        self.fields["process"].label_from_instance = self.fields["from_process"].label_from_instance = (  # type: ignore[attr-defined]
            lambda p: f"{p.process_id} · CN {p.cn_code}"
        )

    def clean_cn_code(self) -> str:
        return _cbam_code(self.cleaned_data["cn_code"])

    def clean_quantity_t(self) -> float:
        value = self.cleaned_data["quantity_t"]
        if value <= 0:
            raise forms.ValidationError(_("Give the mass consumed in tonnes, greater than 0."))
        return float(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, code = data.get("kind"), data.get("cn_code")
        if kind == PrecursorKind.PURCHASED and data.get("see_direct") is None:
            self.add_error(
                "see_direct",
                _(
                    "A precursor without emissions: give the supplier's SEE direct, or choose the default value."
                ),
            )
        if kind == PrecursorKind.DEFAULT and code:
            country = data.get("country") or ("CN" if self.installation.country == "CN" else "")
            if not country:
                self.add_error("country", _("Choose the precursor's country of origin."))
            else:
                try:
                    default_value(code, country)
                except NotFound:
                    self.add_error(
                        "cn_code",
                        _(
                            "A precursor without emissions or default: no default value is shipped for CN "
                            "%(code)s; give the supplier's SEE instead."
                        )
                        % {"code": code},
                    )
        if kind == PrecursorKind.OWN:
            made_by = data.get("from_process")
            if made_by is None:
                self.add_error("from_process", _("Choose the process that makes this precursor."))
            elif code and made_by.cn_code != code:
                self.add_error(
                    "from_process",
                    _("Process %(process)s makes CN %(made)s, not CN %(code)s.")
                    % {"process": made_by.process_id, "made": made_by.cn_code, "code": code},
                )
            elif made_by == data.get("process"):
                self.add_error("from_process", _("A process cannot consume its own goods as a precursor."))
        return data
