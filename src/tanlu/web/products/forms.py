"""Forms of the product pages; every edit is validated again by the core before it is kept."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from tanlu.carbon.gwp import GWP_SET_NAMES
from tanlu.web.products.models import BomLine, Product, ProductSite, PurchasedItem

MAX_UPLOAD = 50 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (XLSX) or zip of CSV files"),
        help_text=_(
            "Sheets products, inputs, activities, sites, site_activities, production, purchased, factors; Chinese or English headers."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class CalculateForm(forms.Form):
    gwp = forms.ChoiceField(label=_("GWP set"), choices=[(n, n) for n in GWP_SET_NAMES], initial="AR6")
    samples = forms.TypedChoiceField(
        label=_("Uncertainty"),
        coerce=int,
        initial=0,
        choices=[
            (0, _("No Monte Carlo")),
            # xgettext:no-python-format  # noqa: ERA001 (a marker for makemessages)
            (1000, _("95% range from 1,000 samples")),
        ],
    )


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields: ClassVar = ["name_zh", "name", "unit", "mass_kg", "price"]


class BomLineForm(forms.ModelForm):
    class Meta:
        model = BomLine
        fields: ClassVar = ["input_id", "quantity", "unit"]


class PurchasedForm(forms.ModelForm):
    class Meta:
        model = PurchasedItem
        fields: ClassVar = ["name", "unit", "kgco2e_per_unit", "primary_data_share", "source"]


class SiteForm(forms.ModelForm):
    class Meta:
        model = ProductSite
        fields: ClassVar = ["allocation", "justification", "inventory_site", "inventory_year"]
        help_texts: ClassVar = {
            "justification": _(
                "ISO 14067 asks to avoid allocation, else to allocate by a physical relationship (mass, units, "
                "hours), and only then by economic value. Say why this key fits the site."
            ),
            "inventory_year": _("The year of the inventory whose Scope 1 and 2 rows are this site's totals."),
        }

    def __init__(self, *args: Any, organization: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["inventory_site"]
        field.queryset = field.queryset.filter(organization=organization)  # type: ignore[attr-defined]
        field.label = _("Site totals from the inventory site")
