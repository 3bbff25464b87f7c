"""Storing an accepted import's rows without holding the database's write lock: all or nothing for the reader,
short transactions for the database.

SQLite has one writer at a time, and survey respondents wait for it, so 200,000 rows are not inserted in one
transaction. They are written :data:`CHUNK` at a time, each chunk its own transaction (about ten
milliseconds), under a batch that is not accepted yet; :attr:`ActivityRow.objects` shows only the rows of accepted
batches, so nobody sees them. The one tiny UPDATE that marks the batch accepted (:func:`publish`) makes every row
visible at once. If the work stops midway (an error, a kill), nothing was ever visible: the rows are deleted at
once after an error (:func:`release`), and after a kill by the next accept or cancel of any import of the
organization (:func:`purge`), once the stopped work's claim is :data:`STALE_AFTER` old.

A batch is stored by one worker at a time: :func:`claim` takes it with a conditional UPDATE that sets a random
token, every chunk's transaction first renews the claim (and stops if another worker took a stale claim over),
and only the claim's holder can publish.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.carbon.activities import ACTIVITY_COLUMNS_ALL
from tanlu.errors import InputError
from tanlu.web import turns
from tanlu.web.inventory.models import ActivityRow, ImportBatch, ImportStatus

#: rows written (or deleted) per transaction: about 10 ms of SQLite's write lock on an idle machine. A survey
#: respondent who comes while a chunk is written waits for it in SQLite's busy handler, whose sleeps grow the
#: longer it waits (1, 2, 5, 10 … 100 ms), so a short hold keeps that wait short too (docs/performance.md)
CHUNK = 1_000
#: a claim not renewed for this long belongs to work that stopped (a chunk renews it every fraction of a second)
STALE_AFTER = dt.timedelta(seconds=60)

ROW_COLUMNS = (
    "organization_id",
    "batch_id",
    "row",
    "site_id",
    "period_start",
    "period_end",
    "activity",
    "amount",
    "unit",
    "instrument",
    "note",
)


class Superseded(InputError):
    """The claim was taken over (this work had stalled for longer than :data:`STALE_AFTER`): stop writing."""


def _busy() -> InputError:
    return InputError(
        _(
            "This import is being stored right now. Wait for it to finish; if nothing happens within a minute, try again."
        )
    )


def _take(batches: models.QuerySet[ImportBatch]) -> str | None:
    """Claim the one batch of ``batches`` unless someone else's claim on it is fresh; returns the token or None."""
    token = secrets.token_hex(16)
    now = timezone.now()
    taken = batches.filter(
        Q(storing_token="") | Q(storing_at__isnull=True) | Q(storing_at__lt=now - STALE_AFTER)
    ).update(storing_token=token, storing_at=now)
    return token if taken else None


def claim(batch: ImportBatch) -> str:
    """Take the batch for storing (refused while someone else's claim is fresh); returns the claim's token.

    The rows a stopped earlier attempt left are deleted before any row is written.
    """
    token = _take(ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.VALID))
    if token is None:
        raise _busy()
    delete_in_chunks(ActivityRow.stored.filter(batch_id=batch.pk), renew=(batch.pk, token))
    return token


def _renew(batch_id: int, token: str) -> None:
    """Inside a chunk's transaction: keep the claim fresh, or stop if it was taken over."""
    if not ImportBatch.objects.filter(pk=batch_id, storing_token=token).update(storing_at=timezone.now()):
        raise Superseded(_("This import was taken over by another attempt to store it; nothing was changed."))


def insert(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``executemany`` of prepared tuples: a tenth of the time ``bulk_create`` spends building model objects."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 - constants
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def write(batch: ImportBatch, token: str, rows: Iterable[Sequence[Any]], progress: Any = None) -> int:
    """Insert ``rows`` (tuples in :data:`ROW_COLUMNS` order), :data:`CHUNK` per transaction; returns how many."""
    written = 0
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        with turns.chunk_atomic():
            _renew(batch.pk, token)
            insert(ActivityRow, ROW_COLUMNS, chunk)
        written += len(chunk)
        if progress is not None:
            progress(written)
    return written


def publish(batch: ImportBatch, token: str, *, row_count: int) -> bool:
    """Inside the caller's transaction: mark the batch accepted (its rows visible), if the claim is still ours."""
    return bool(
        ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.VALID, storing_token=token).update(
            status=ImportStatus.ACCEPTED,
            row_count=row_count,
            accepted_at=timezone.now(),
            storing_token="",
            storing_at=None,
        )
    )


def release(batch: ImportBatch, token: str) -> None:
    """After an error: delete what this attempt wrote and give the claim up (nothing if it was taken over)."""
    if not ImportBatch.objects.filter(pk=batch.pk, storing_token=token).exists():
        return
    try:
        delete_in_chunks(ActivityRow.stored.filter(batch_id=batch.pk), renew=(batch.pk, token))
    except Superseded:
        return
    ImportBatch.objects.filter(pk=batch.pk, storing_token=token).update(storing_token="", storing_at=None)


def purge(organization: Any) -> int:
    """Delete the rows no accepted batch owns: those of stopped attempts (stale claims) and of replaced imports.

    Each such batch is claimed first, so work that only stalled cannot write or publish while its rows go.
    """
    orphaned = (
        ImportBatch.objects.for_organization(organization)
        .exclude(status=ImportStatus.ACCEPTED)
        .filter(pk__in=ActivityRow.stored.filter(organization=organization).values("batch_id"))
        .values_list("pk", flat=True)
    )
    deleted = 0
    for batch_id in list(orphaned):
        token = _take(ImportBatch.objects.filter(pk=batch_id).exclude(status=ImportStatus.ACCEPTED))
        if token is None:  # being stored right now
            continue
        deleted += delete_in_chunks(ActivityRow.stored.filter(batch_id=batch_id), renew=(batch_id, token))
        ImportBatch.objects.filter(pk=batch_id, storing_token=token).update(storing_token="", storing_at=None)
    return deleted


def delete_in_chunks(rows: models.QuerySet[Any], renew: tuple[int, str] | None = None) -> int:
    """Delete ``rows`` :data:`CHUNK` at a time (by primary-key range), each chunk its own short transaction."""
    deleted = 0
    while True:
        edge = rows.order_by("pk").values_list("pk", flat=True)[CHUNK - 1 : CHUNK].first()
        with turns.chunk_atomic():
            if renew is not None:
                _renew(*renew)
            count, _by_model = (rows if edge is None else rows.filter(pk__lte=edge)).order_by().delete()
        deleted += count
        if edge is None:
            return deleted


def row_tuples(batch: ImportBatch, frame: Any, sites: dict[str, int]) -> Iterator[tuple[Any, ...]]:
    """The validated rows as tuples in :data:`ROW_COLUMNS` order, built :data:`CHUNK` rows at a time."""
    import polars as pl  # noqa: PLC0415 - only the import's job needs it

    date = connection.ops.adapt_datefield_value
    columns = ACTIVITY_COLUMNS_ALL
    texts = pl.col("site", "activity", "unit", "instrument").cast(pl.String)
    for offset in range(0, frame.height, CHUNK):  # a slice at a time: no cast copy of the whole frame is held
        part = frame.slice(offset, CHUNK).select(*columns).with_columns(texts)
        for row, site, start, end, activity, amount, unit, instrument, note in part.iter_rows():
            yield (
                batch.organization_id,
                batch.pk,
                row,
                sites[site],
                date(start),
                date(end),
                activity,
                amount,
                unit,
                instrument,
                note[:300],
            )
