"""Forms of the inventory pages; the services validate again whatever a form lets through."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanlu.carbon.factors import CATEGORIES, CATEGORY_NAMES
from tanlu.carbon.gwp import GWP_SET_NAMES
from tanlu.decimals import FIRST_YEAR, LAST_YEAR
from tanlu.web.inventory.models import CH4_RULE_CHOICES, ProductionMetric, ReportSettings, Site, Target
from tanlu.web.upload_limit import max_upload_bytes, too_large_message


class UploadForm(forms.Form):
    source = forms.CharField(
        label=_("Source"),
        max_length=120,
        widget=forms.TextInput(attrs={"list": "sources"}),
        required=False,
        help_text=_(
            "Where the file comes from, e.g. “Energy ledger” or “ERP purchases”. The column mapping is "
            "remembered per source. Left empty, the file's name is used."
        ),
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX)"), help_text=_("Chinese or English headers; UTF-8 or GBK.")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(too_large_message())
        return upload

    def clean(self) -> dict[str, Any]:
        """A file without a source is named by its file name (without the extension): a missing source never
        sends the user back to choose the file again."""
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if not (cleaned.get("source") or "").strip() and upload is not None:
            cleaned["source"] = PurePath(upload.name).stem.strip()[:120] or upload.name[:120]
        return cleaned


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields: ClassVar = ["name", "region", "address"]
        help_texts: ClassVar = {
            "region": _("The grid region for electricity, e.g. China East grid (华东电网).")
        }


def _year_choices() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this, 1989, -1)]


class CalculateForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)
    gwp = forms.ChoiceField(label=_("GWP set"), choices=[(n, n) for n in GWP_SET_NAMES], initial="AR6")


def _category_choices() -> list[tuple[str, str]]:
    return [(c, f"{c} · {CATEGORY_NAMES[c][0]} / {CATEGORY_NAMES[c][1]}") for c in CATEGORIES]


class FactorForm(forms.Form):
    activity = forms.CharField(
        label=_("Activity key"),
        max_length=120,
        help_text=_("A new key (e.g. steel_coil_supplier_x) or an existing one to replace."),
    )
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    name_zh = forms.CharField(label=_("Chinese name"), max_length=200, required=False)
    unit = forms.CharField(
        label=_("Unit"), max_length=40, help_text=_("The unit the factor is per: kWh, t, t*km, USD …")
    )
    gas = forms.CharField(
        label=_("Gas"), max_length=40, initial="CO2e", help_text=_("CO2, CH4, N2O, R-410A … or CO2e")
    )
    value = forms.CharField(label=_("kg of the gas per unit"), max_length=40)
    category = forms.ChoiceField(label=_("Category"), choices=_category_choices)
    method = forms.ChoiceField(
        label=_("Scope 2 method"),
        required=False,
        choices=[
            ("", _("— (Scope 1 and 3; location for Scope 2)")),
            ("location", _("Location-based")),
            ("market", _("Market-based (contract, supplier)")),
            ("residual", _("Residual mix")),
        ],
    )
    source = forms.CharField(
        label=_("Source"), max_length=300, help_text=_("Publication, supplier document or EPD.")
    )
    year = forms.CharField(label=_("Year"), max_length=4, required=False)
    gwp = forms.ChoiceField(
        label=_("GWP set of the CO2e value"),
        required=False,
        choices=[("", _("— (not stated, or not a CO2e value)")), *((n, n) for n in GWP_SET_NAMES)],
        help_text=_(
            "The GWP set the source weighted a CO2e value with (an EPD states it). Totals say which share uses "
            "another set than the inventory's."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class FactorFileForm(forms.Form):
    file = forms.FileField(label=_("Factor file (CSV or XLSX)"))
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class Ch4RuleForm(forms.Form):
    """The CH4 rule of a new factor-set version (the current factors kept)."""

    ch4_rule = forms.ChoiceField(
        label=_("GWP of fossil methane"),
        choices=CH4_RULE_CHOICES,
        widget=forms.RadioSelect,  # labels a sentence long: a select cuts them off on a phone
        help_text=_(
            "By category follows the GHG Protocol: methane from burnt fuel takes the non-fossil GWP (its "
            "carbon is already in the CO2 factor), leaked and process methane the fossil GWP (AR6 29.8, AR5 30)."
        ),
    )


class ReportSettingsForm(forms.ModelForm):
    gwp = forms.ChoiceField(label=_("GWP set"), choices=[(n, n) for n in GWP_SET_NAMES])

    class Meta:
        model = ReportSettings
        fields: ClassVar = [
            "consolidation",
            "organizational_boundary",
            "operational_boundary",
            "base_year",
            "base_year_policy",
            "exclusions",
            "gwp",
            "radiative_forcing",
        ]
        widgets: ClassVar = {
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "organizational_boundary",
                    "operational_boundary",
                    "base_year_policy",
                    "exclusions",
                )
            },
            # the shared field template shows no hint beside a checkbox: the page adds it under this id
            "radiative_forcing": forms.CheckboxInput(attrs={"aria-describedby": "id_radiative_forcing_hint"}),
        }


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields: ClassVar = [
            "name",
            "kind",
            "coverage",
            "basis",
            "base_year",
            "target_year",
            "reduction_percent",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in (
            "base_year",
            "target_year",
        ):  # the bounds of every year (tanlu.decimals, docs/formats.md)
            if data.get(name) is not None and not FIRST_YEAR <= data[name] <= LAST_YEAR:
                message = _("Enter a year from %(first)s to %(last)s.") % {
                    "first": FIRST_YEAR,
                    "last": LAST_YEAR,
                }
                self.add_error(name, message)
        if data.get("base_year") and data.get("target_year") and data["target_year"] <= data["base_year"]:
            self.add_error("target_year", _("The target year must come after the base year."))
        percent = data.get("reduction_percent")
        if percent is not None and not 0 < percent <= 100:
            self.add_error("reduction_percent", _("Between 0 and 100."))
        return data


class MetricForm(forms.ModelForm):
    class Meta:
        model = ProductionMetric
        fields: ClassVar = ["year", "value", "unit"]
        help_texts: ClassVar = {"unit": _("e.g. pieces, t of parts, million CNY revenue")}

    def clean_value(self) -> float:
        value = self.cleaned_data["value"]
        if not value > 0:
            raise forms.ValidationError(_("Enter a positive number."))
        return value
