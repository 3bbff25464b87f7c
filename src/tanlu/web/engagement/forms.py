"""Forms of the footprint requests: what a customer asks, how a supplier answers, how the customer decides."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanlu.carbon.gwp import GWP_SET_NAMES
from tanlu.errors import InputError
from tanlu.web.accounts.models import Organization, SupplierRelationship
from tanlu.web.engagement import services
from tanlu.web.engagement.answering import MAX_FILE_BYTES
from tanlu.web.engagement.models import DECLARED_UNITS, SupplierTarget, TargetKind
from tanlu.web.params import MAX_ID

STANDARDS = (
    ("ISO14067", "ISO 14067"),
    ("GHGP-Product", "GHG Protocol Product Standard"),
    ("PACT-3.0", "PACT Methodology 3.0"),
    ("ISO14040-44", "ISO 14040/14044"),
)


class SupplierChoice(forms.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        """An id beyond the database's integer range is no supplier of the organization: say so, never query it
        (SQLite raises OverflowError on it)."""
        for item in value or ():
            if not (str(item).isascii() and str(item).isdigit()) or int(item) > MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super().clean(value)

    def label_from_instance(self, obj: Any) -> str:
        code = f" ({obj.supplier_code})" if obj.supplier_code else ""
        return f"{obj.supplier.name}{code}"


class RequestForm(forms.Form):
    suppliers = SupplierChoice(
        label=_("Suppliers"),
        queryset=SupplierRelationship.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    parts = forms.CharField(
        label=_("Parts"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One part per line: your part number; the supplier's part number; a name (the last two optional)."
        ),
    )
    declared_unit = forms.ChoiceField(label=_("Declared unit"), choices=DECLARED_UNITS, initial="piece")
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    gwp = forms.ChoiceField(label=_("GWP set"), choices=[(n, n) for n in GWP_SET_NAMES], initial="AR6")
    standards = forms.MultipleChoiceField(
        label=_("Standards (one of them)"),
        choices=STANDARDS,
        required=False,
        initial=["ISO14067"],
        widget=forms.CheckboxSelectMultiple,
    )
    max_age_months = forms.IntegerField(
        label=_("Oldest reference period accepted (months since it ended)"),
        min_value=1,
        max_value=120,
        initial=24,
    )
    min_primary_data_share = forms.FloatField(
        label=_("Minimum primary data share (%)"), min_value=0, max_value=100, required=False
    )
    max_dqr = forms.FloatField(
        label=_("Worst data quality rating accepted (1 best, 3 worst)"),
        min_value=1,
        max_value=3,
        required=False,
    )
    verification_required = forms.BooleanField(label=_("Verification required"), required=False)
    message = forms.CharField(
        label=_("Message to the supplier"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["suppliers"]
        field.queryset = SupplierRelationship.objects.for_organization(organization).select_related(
            "supplier"
        )  # type: ignore[attr-defined]
        self.fields["due_date"].initial = timezone.localdate() + timedelta(days=30)

    def clean_parts(self) -> list[services.Part]:
        try:
            return services.parse_parts(self.cleaned_data["parts"])
        except InputError as error:
            raise forms.ValidationError(error.issue.reason) from None

    def clean_due_date(self) -> Any:
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date is in the past."))
        return due


class UploadForm(forms.Form):
    file = forms.FileField(label=_("PACT footprint (JSON, v3.0 or v2.3)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (the supplier sees it; required to reject)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class TemplateUploadForm(forms.Form):
    prefix = "template"  # beside the PACT file's form on the same page
    file = forms.FileField(
        label=_("Filled Excel template (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


#: the fields each kind of target needs (the others are cleared when it is saved)
TARGET_FIELDS = {
    TargetKind.INTENSITY: ("base_year", "target_year", "annual_reduction_percent"),
    TargetKind.RENEWABLE: ("base_year", "target_year", "base_share", "target_share"),
    TargetKind.DISCLOSURE: ("deadline",),
}
_KIND_FIELDS = {name for names in TARGET_FIELDS.values() for name in names} | {
    "reported_share",
    "reported_year",
    "part_family",
}


class SupplierTargetForm(forms.ModelForm):
    """A target for one supplier; the fields its kind needs are required, the others are left empty."""

    class Meta:
        model = SupplierTarget
        fields = (
            "kind",
            "part_family",
            "base_year",
            "target_year",
            "annual_reduction_percent",
            "base_share",
            "target_share",
            "reported_share",
            "reported_year",
            "deadline",
            "note",
        )
        widgets: ClassVar = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts: ClassVar = {
            "part_family": _("The start of your part numbers, e.g. HD-BRK-; empty for every part."),
            "annual_reduction_percent": _("For a footprint intensity target, compounded each year."),
            "reported_share": _("For a renewable electricity target: the share the supplier last reported."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("base_year", "target_year", "reported_year"):
            field = self.fields[name]
            field.min_value, field.max_value = 2000, 2100  # type: ignore[attr-defined]
            field.validators = [*field.validators, MinValueValidator(2000), MaxValueValidator(2100)]
        for name in ("annual_reduction_percent", "base_share", "target_share", "reported_share"):
            field = self.fields[name]
            field.validators = [*field.validators, MinValueValidator(0), MaxValueValidator(100)]
        self.fields["note"].widget.attrs["maxlength"] = 2000
        self.fields["kind"].initial = self.fields["kind"].initial or TargetKind.INTENSITY
        self.fields["kind"].choices = TargetKind.choices  # type: ignore[attr-defined]  # no empty choice

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind not in TARGET_FIELDS:
            return data
        for name in TARGET_FIELDS[TargetKind(kind)]:
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, _("This kind of target needs it."))
        base, target = data.get("base_year"), data.get("target_year")
        if kind != TargetKind.DISCLOSURE and base and target and target <= base:
            self.add_error("target_year", _("The target year has to be after the base year."))
        if kind == TargetKind.RENEWABLE and (data.get("reported_share") is None) != (
            data.get("reported_year") is None
        ):
            self.add_error("reported_year", _("Give the reported share and its year together."))
        keep = set(TARGET_FIELDS[TargetKind(kind)]) | (
            {"reported_share", "reported_year"} if kind == TargetKind.RENEWABLE else {"part_family"}
        )
        for name in _KIND_FIELDS - keep:
            data[name] = "" if name == "part_family" else None
        if len(data.get("note", "")) > 2000:
            self.add_error("note", _("At most 2000 characters."))
        return data
