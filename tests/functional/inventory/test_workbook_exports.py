"""The web import takes a Google Sheets export (issue #11, item 13: it was refused as .xlsm) and refuses a real
.xlsm with a clear message, in the reader's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tanlu.web.inventory.models import ImportBatch

from .conftest import import_csv

WORKBOOKS = Path(__file__).resolve().parents[2] / "fixtures" / "workbooks"


def test_a_google_sheets_export_is_imported(tenant: Any) -> None:
    batch = import_csv(tenant.client, (WORKBOOKS / "google-sheets.xlsx").read_bytes(), "能耗.xlsx", "Sheets")
    assert batch.status == "accepted"
    assert batch.data_rows == 2


def test_a_macro_enabled_workbook_is_refused_on_the_page(tenant: Any) -> None:
    content = (WORKBOOKS / "excel-macros.xlsm").read_bytes()
    response = tenant.client.post(
        "/inventory/upload/",
        {"source": "Ledger", "file": SimpleUploadedFile("ledger.xlsm", content)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "macro-enabled workbooks (.xlsm) are refused; save it as .xlsx" in response.content.decode()
    assert not ImportBatch.objects.exists()
