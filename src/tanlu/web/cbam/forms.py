"""Forms of the CBAM pages: the installation workbook upload and the communication's format."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tanlu.web.products.models import Product

MAX_UPLOAD = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Installation workbook (XLSX)"),
        help_text=_(
            "Sheets installation, processes, emissions and precursors, as docs/cbam.md describes them."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class CommunicationForm(forms.Form):
    format = forms.ChoiceField(choices=[("xlsx", "XLSX"), ("json", "JSON")], initial="xlsx")


class PartLinkForm(forms.Form):
    """Link a part of the organization's product model to a process of the installation (or unlink it)."""

    process_id = forms.ChoiceField(label=_("process"))
    part = forms.ModelChoiceField(label=_("part"), queryset=Product.objects.none())
    unlink = forms.BooleanField(required=False)

    def __init__(self, *args: Any, processes: list[str], organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process_id"].choices = [(pid, pid) for pid in processes]  # type: ignore[attr-defined]
        self.fields["part"].queryset = Product.objects.for_organization(organization)  # type: ignore[attr-defined]
