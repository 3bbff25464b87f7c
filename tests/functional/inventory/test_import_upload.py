"""The uploaded file is a file of the data directory, recorded by a row of its own (``ImportUpload``): loading or
updating a batch never reads or rewrites it, and it is deleted once the batch is accepted or cancelled
(tests/functional/inventory/test_upload_files.py: the file itself, refusals, the migration, tenants)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tanlu.web.accounts.models import Membership
from tanlu.web.inventory import importing, importing_accept, importing_grid, storing, uploads
from tanlu.web.inventory.models import ImportBatch, ImportUpload

from .conftest import upload
from .files import gbk_csv

pytestmark = pytest.mark.django_db

UPLOAD_TABLE = ImportUpload._meta.db_table


def _membership(tenant: Any) -> Membership:
    return Membership.objects.get(organization=tenant.organization, user=tenant.owner)


def _batch_queries(queries: list[dict[str, str]]) -> list[str]:
    return [q["sql"] for q in queries if ImportBatch._meta.db_table in q["sql"]]


def test_the_batch_row_holds_no_file_and_its_updates_are_small(tenant: Any) -> None:
    batch = upload(tenant.client, gbk_csv(), "ledger.csv", "Ledger")
    assert uploads.path(batch).read_bytes() == gbk_csv()
    assert "content" not in {f.name for f in ImportBatch._meta.concrete_fields}
    with CaptureQueriesContext(connection) as captured:
        loaded = ImportBatch.objects.get(pk=batch.pk)
        importing.reload(loaded)
        loaded.status = "rejected"
        loaded.save(update_fields=["status"])
        token = storing._take(ImportBatch.objects.filter(pk=batch.pk))
        assert token is not None
        storing._renew(batch.pk, token)
    sql = [q["sql"] for q in captured.captured_queries]
    assert sql, "the batch was loaded and updated"
    assert not [s for s in sql if UPLOAD_TABLE in s], "the file was read or written with the batch"
    updates = [
        s for s in _batch_queries(captured.captured_queries) if s.lstrip().upper().startswith("UPDATE")
    ]
    assert len(updates) == 3
    written = {
        column.split("=")[0].strip().strip('"')
        for s in updates
        for column in s.split(" SET ", 1)[1].split(" WHERE ", 1)[0].split(", ")
    }
    assert written == {"status", "storing_token", "storing_at"}  # a few bytes, never the file


def test_the_file_is_deleted_once_accepted(tenant: Any) -> None:
    batch = upload(tenant.client, gbk_csv(), "ledger.csv", "Ledger")
    membership = _membership(tenant)
    importing_accept.complete(membership, batch)
    assert batch.status == "accepted"
    assert not ImportUpload.objects.filter(batch_id=batch.pk).exists()


def test_the_file_is_deleted_once_cancelled(tenant: Any) -> None:
    batch = upload(tenant.client, gbk_csv(), "ledger.csv", "Ledger")
    importing_accept.cancel(_membership(tenant), batch)
    assert not ImportUpload.objects.filter(batch_id=batch.pk).exists()


def test_a_replaced_grid_import_loses_its_file(tenant: Any) -> None:
    membership = _membership(tenant)
    row = {
        "site": "Plant A",
        "period_start": "2024-01-01",
        "period_end": "2024-01-31",
        "activity": "natural_gas",
        "amount": "10",
        "unit": "m3",
    }
    first, _repeated = importing_grid.grid_batch(membership, source="Typed", rows=[row])
    importing_accept.accept(membership, first)
    second, _repeated = importing_grid.grid_batch(
        membership, source="Typed", rows=[{**row, "amount": "12"}], replaces=first
    )
    assert ImportUpload.objects.filter(batch_id=second.pk).exists()
    importing_accept.accept(membership, second)
    assert not ImportUpload.objects.filter(batch_id__in=[first.pk, second.pk]).exists()
