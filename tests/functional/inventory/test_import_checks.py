"""Rows already imported are found however the stored rows are chunked: they are compared a chunk at a time, so an
organization's imported rows are never all held at once."""

from __future__ import annotations

from typing import Any

import pytest

from tanlu.web.inventory import importing_checks
from tanlu.web.inventory.models import Site, StagedRow

from .conftest import import_csv, upload
from .files import GOOD_CSV_ROWS, gbk_csv


@pytest.mark.parametrize("chunk", [1, 2, 20_000])
def test_a_row_already_imported_is_found_in_any_chunk(tenant: Any, monkeypatch: Any, chunk: int) -> None:
    monkeypatch.setattr(importing_checks, "STORED_CHUNK", chunk)
    import_csv(tenant.client, gbk_csv(), name="first.csv", source="First")
    other = gbk_csv(
        [*GOOD_CSV_ROWS[1:2], ("三厂", "2024-05-01", "2024-05-31", "natural_gas", "10", "m3", "", "")]
    )
    Site.objects.create(organization=tenant.organization, name="三厂")  # a new site is added, not imported
    batch = upload(tenant.client, other, "third.csv", source="First")  # its mapping is reused
    batch.refresh_from_db()
    assert batch.status == "rejected"
    issues = dict(StagedRow.objects.filter(batch=batch).values_list("row", "issues"))
    assert len(issues[2]) == 1
    assert issues[2][0]["reason"] == "duplicate of row 3 of first.csv, which is already imported"
    assert issues[3] == []
