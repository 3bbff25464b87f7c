"""Accepting writes rows in short transactions and is still all or nothing for anyone reading: the rows of an
import being stored are invisible until one UPDATE accepts it; an error midway deletes them, a kill midway leaves
them invisible until the next accept or cancel cleans them up, and work that only stalled cannot publish."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from tanlu.errors import InputError
from tanlu.web.accounts.models import Membership
from tanlu.web.inventory import calculation, importing, importing_accept, storing
from tanlu.web.inventory.models import ActivityRow, ImportBatch, Site, StagedRow

from .conftest import import_csv, upload
from .files import GOOD_CSV_ROWS, gbk_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows are written two per transaction, so six rows take three chunks."""
    monkeypatch.setattr(storing, "CHUNK", 2)


def _valid(tenant: Any, name: str = "ledger.csv") -> tuple[Membership, ImportBatch]:
    batch = upload(tenant.client, gbk_csv(), name, "Ledger")
    membership = Membership.objects.get(organization=tenant.organization, user=tenant.owner)
    if batch.status == "uploaded":
        importing.save_mapping(membership, batch, importing.guess_columns(batch.headers))
    batch.refresh_from_db()
    assert batch.status == "valid"
    return membership, batch


def _visible(tenant: Any) -> int:
    return ActivityRow.objects.filter(organization=tenant.organization).count()


def test_rows_are_written_in_chunks_outside_any_transaction_and_appear_at_once(tenant: Any) -> None:
    membership, batch = _valid(tenant)
    seen: list[tuple[int, int, bool]] = []
    outer = len(connection.atomic_blocks)  # the test's own transaction

    def progress(done: int, total: int, message: str = "") -> None:
        stored = ActivityRow.stored.filter(batch=batch).count()
        seen.append((stored, _visible(tenant), len(connection.atomic_blocks) > outer))

    assert importing_accept.accept(membership, batch, progress) == len(GOOD_CSV_ROWS)
    between_chunks = [(stored, visible, atomic) for stored, visible, atomic in seen if 0 < stored < 6]
    assert [stored for stored, _v, _a in between_chunks] == [2, 4], "two rows per transaction"
    assert all(visible == 0 for _s, visible, _a in between_chunks), "nobody sees a row before the end"
    assert not any(atomic for _s, _v, atomic in seen), "no transaction stays open between chunks"
    assert _visible(tenant) == 6
    assert not StagedRow.objects.filter(batch=batch).exists()
    batch.refresh_from_db()
    assert (batch.status, batch.row_count, batch.storing_token) == ("accepted", 6, "")


def test_an_error_midway_leaves_nothing_stored_and_the_import_can_be_accepted_again(tenant: Any) -> None:
    membership, batch = _valid(tenant)

    def failing(done: int, total: int, message: str = "") -> None:
        if ActivityRow.stored.filter(batch=batch).count() == 4:
            raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError):
        importing_accept.accept(membership, batch, failing)
    assert not ActivityRow.stored.filter(batch=batch).exists(), "what was written is deleted"
    batch.refresh_from_db()
    assert (batch.status, batch.storing_token) == ("valid", "")
    assert importing_accept.accept(membership, batch) == 6
    assert _visible(tenant) == 6


def _killed_midway(batch: ImportBatch) -> None:
    """What a process killed after its second chunk leaves behind: two committed chunks and its claim."""
    activities = importing.check(batch)[0]
    assert activities is not None
    sites = dict(Site.objects.filter(organization=batch.organization).values_list("name", "pk"))
    sites |= {
        name: Site.objects.create(organization=batch.organization, name=name).pk
        for name in ("一厂", "二厂")
        if name not in sites
    }
    token = storing.claim(batch)
    rows = list(storing.row_tuples(batch, activities.frame, sites))[:4]
    storing.write(batch, token, rows)


def _age_claim(batch: ImportBatch) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(storing_at=timezone.now() - dt.timedelta(minutes=2))


def test_a_kill_midway_leaves_nothing_visible_and_the_next_accept_cleans_up(tenant: Any) -> None:
    membership, batch = _valid(tenant)
    _killed_midway(batch)
    assert ActivityRow.stored.filter(batch=batch).count() == 4
    assert _visible(tenant) == 0, "the rows of the stopped work are invisible"
    assert calculation.years_with_data(tenant.organization) == [], "and the inventory reads none of them"
    assert "2024" not in tenant.client.get("/inventory/data/").content.decode()

    with pytest.raises(InputError, match="being stored right now"):
        importing_accept.accept(membership, batch)  # while the claim is fresh, it may still be working
    _age_claim(batch)
    assert importing_accept.accept(membership, batch) == 6
    assert ActivityRow.stored.filter(batch=batch).count() == _visible(tenant) == 6, "exactly once"


def test_a_stopped_attempt_is_cleaned_up_by_the_next_accept_of_another_import(tenant: Any) -> None:
    _membership, stopped = _valid(tenant)
    _killed_midway(stopped)
    _age_claim(stopped)
    import_csv(tenant.client, gbk_csv([GOOD_CSV_ROWS[0]]), "other.csv", "Other")
    assert not ActivityRow.stored.filter(batch=stopped).exists()
    stopped.refresh_from_db()
    assert (stopped.status, stopped.storing_token) == ("valid", "")


def test_cancelling_a_stopped_import_deletes_its_rows(tenant: Any) -> None:
    membership, batch = _valid(tenant)
    _killed_midway(batch)
    _age_claim(batch)
    importing_accept.cancel(membership, batch)
    assert not ActivityRow.stored.filter(batch=batch).exists()


def test_work_that_stalled_and_was_taken_over_can_neither_write_nor_publish(tenant: Any) -> None:
    _membership, batch = _valid(tenant)
    stalled = storing.claim(batch)
    _age_claim(batch)
    assert storing.purge(tenant.organization) == 0  # nothing written yet, nothing to purge
    taker = storing.claim(batch)
    with pytest.raises(storing.Superseded):
        storing.write(batch, stalled, [(0,) * len(storing.ROW_COLUMNS)])
    assert not storing.publish(batch, stalled, row_count=0)
    storing.release(batch, stalled)  # gives up nothing that is not its own
    batch.refresh_from_db()
    assert batch.storing_token == taker
