"""No write transaction of an import holds SQLite's write lock for more than a short chunk of rows.

Survey respondents wait for that lock while a large file is imported (docs/performance.md, "Inventory import"),
so staging writes at most :data:`importing.STAGE_CHUNK` rows per transaction and accepting at most
:data:`storing.CHUNK`. Counted here at the database: every multi-row INSERT of staged or stored rows, grouped by
the outermost transaction it ran in (on top of the test's own).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from tanlu.web.accounts.models import Membership
from tanlu.web.inventory import calculation, importing, importing_accept, storing
from tanlu.web.inventory.models import ActivityRow, StagedRow

from .files import gbk_csv

pytestmark = pytest.mark.django_db

ROWS = 2_345  # several chunks of either size, and a last one that is not full


def _rows(count: int) -> list[tuple[str, ...]]:
    return [
        ("一厂", "2024-01-01", "2024-01-31", "natural_gas", f"{1000 + n}", "立方米", "", f"meter {n}")
        for n in range(count)
    ]


@pytest.fixture
def inserts() -> Iterator[dict[str, list[tuple[object, int]]]]:
    """Per table (staged, stored): (the outermost open transaction, rows) of each INSERT into it."""
    tables = {StagedRow._meta.db_table: "staged", ActivityRow._meta.db_table: "stored"}
    seen: dict[str, list[tuple[object, int]]] = {"staged": [], "stored": []}
    outer = len(connection.atomic_blocks)  # the test's own transaction

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith("INSERT"):
            for table, name in tables.items():
                if f'"{table}"' in sql:
                    block = connection.atomic_blocks[outer] if len(connection.atomic_blocks) > outer else None
                    seen[name].append((block, len(params) if many else 1))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def _per_transaction(records: list[tuple[object, int]]) -> list[int]:
    """Rows written per transaction, in order (consecutive INSERTs in the same block add up)."""
    sizes: list[int] = []
    last: object = object()
    for block, rows in records:
        assert block is not None, "every chunk is written inside a transaction of its own"
        if block is last:
            sizes[-1] += rows
        else:
            sizes.append(rows)
            last = block
    return sizes


def test_staging_and_accepting_write_short_chunks_each_in_its_own_transaction(
    tenant: Any, inserts: dict[str, list[tuple[object, int]]]
) -> None:
    membership = Membership.objects.get(organization=tenant.organization, user=tenant.owner)
    batch, repeated = importing_accept.import_file(
        membership, source="Ledger", filename="meters.csv", content=gbk_csv(_rows(ROWS))
    )
    assert not repeated
    batch.refresh_from_db()
    assert (batch.status, batch.row_count) == ("accepted", ROWS)

    staged, stored = _per_transaction(inserts["staged"]), _per_transaction(inserts["stored"])
    assert sum(staged) == sum(stored) == ROWS
    assert max(staged) == importing.STAGE_CHUNK, "no staging transaction holds more than a chunk"
    assert max(stored) == storing.CHUNK, "no accepting transaction holds more than a chunk"
    assert len(staged) == -(-ROWS // importing.STAGE_CHUNK)
    assert len(stored) == -(-ROWS // storing.CHUNK)


def test_the_chunks_stay_small_enough_for_the_survey_submission_target() -> None:
    """About 5-10 ms of the lock per chunk on an idle 2-core machine (docs/performance.md): a respondent who
    comes during a chunk waits at most that long plus one of the busy handler's short first sleeps."""
    assert importing.STAGE_CHUNK <= 1_000
    assert storing.CHUNK <= 1_000


def test_the_calculation_reads_stored_rows_a_chunk_at_a_time(
    tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frame built from chunks of 1,000 and of 7 rows is the one built from a single chunk."""
    membership = Membership.objects.get(organization=tenant.organization, user=tenant.owner)
    importing_accept.import_file(
        membership, source="Ledger", filename="meters.csv", content=gbk_csv(_rows(ROWS))
    )
    whole = calculation.load_frame(tenant.organization, 2024)
    assert whole.height == ROWS
    assert whole.get_column("row").is_sorted()
    for size in (1_000, 7):
        monkeypatch.setattr(calculation, "LOAD_CHUNK", size)
        assert calculation.load_frame(tenant.organization, 2024).equals(whole)
    assert calculation.load_frame(tenant.organization, 2023).height == 0
