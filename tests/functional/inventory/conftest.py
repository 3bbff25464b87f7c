"""Helpers of the inventory tests: upload a file through the pages, map it, accept it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanlu.web.inventory.models import ImportBatch

from .files import MESSY_MAPPING, MESSY_VALUES


def upload(client: Any, content: bytes, name: str, source: str = "Energy ledger") -> ImportBatch:
    response = client.post(
        "/inventory/upload/", {"source": source, "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def map_batch(
    client: Any, batch: ImportBatch, columns: dict[str, str], values: dict[str, str] | None = None
) -> Any:
    data = {**columns, "remember": "on", "value_count": str(len(values or {}))}
    for index, (text, key) in enumerate((values or {}).items()):
        data[f"value_text_{index}"] = text
        data[f"value_key_{index}"] = key
    return client.post(f"/inventory/imports/{batch.pk}/map/", data)


def guessed(batch: ImportBatch) -> dict[str, str]:
    from tanlu.web.inventory.importing import guess_columns  # noqa: PLC0415

    return {f"col_{k}": v for k, v in guess_columns(batch.headers).items()}


@pytest.fixture
def messy_mapping() -> tuple[dict[str, str], dict[str, str]]:
    return dict(MESSY_MAPPING), dict(MESSY_VALUES)


def import_csv(client: Any, content: bytes, name: str = "ledger.csv", source: str = "Ledger") -> ImportBatch:
    batch = upload(client, content, name, source)
    if batch.status == "uploaded":
        map_batch(client, batch, guessed(batch))
    batch.refresh_from_db()
    assert batch.status == "valid", list(batch.staged.values_list("row", "issues"))
    assert client.post(f"/inventory/imports/{batch.pk}/accept/").status_code == 302
    batch.refresh_from_db()
    assert batch.status == "accepted"
    return batch
