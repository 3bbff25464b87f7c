"""Forms of the CBAM pages: the installation workbook upload and the communication's format."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
