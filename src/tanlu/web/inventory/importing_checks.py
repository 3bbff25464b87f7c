"""What an import checks beyond the core's validation: a period crossing a year end (the inventory is yearly),
and a row equal to one the organization already imported (it would be counted twice).

Reasons are stored in English like the core's; :mod:`tanlu.web.inventory.reasons` translates them when shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from tanlu.carbon.activities import Activities
from tanlu.errors import RowIssue
from tanlu.web.inventory import reasons
from tanlu.web.inventory.models import ActivityRow, ImportBatch

#: stored rows compared at a time: an organization's imported rows are never all held as Python tuples
STORED_CHUNK = 20_000
#: what makes a new row equal to a stored one
_KEYS = ("site", "period_start", "period_end", "activity", "amount", "unit", "instrument")
_STORED_SCHEMA = {
    "site": pl.String,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "activity": pl.String,
    "amount": pl.Float64,
    "unit": pl.String,
    "instrument": pl.String,
    "stored_row": pl.Int64,
    "filename": pl.String,
}


def import_issues(activities: Activities, batch: ImportBatch) -> list[RowIssue]:
    """The issues of validated rows that only the organization's data can show, by row."""
    return [*_crossing_year_end(activities.frame), *_already_imported(activities.frame, batch)]


def _crossing_year_end(frame: pl.DataFrame) -> list[RowIssue]:
    crossing = frame.filter(pl.col("period_start").dt.year() != pl.col("period_end").dt.year())
    return [
        RowIssue(row=row, column="period_end", value=end.isoformat(), reason=reasons.CROSSES_YEAR_END)
        for row, end in crossing.select("row", "period_end").iter_rows()
    ]


def _already_imported(frame: pl.DataFrame, batch: ImportBatch) -> list[RowIssue]:
    """Rows equal to a stored row of the organization (not of the batch this one replaces), each citing the
    earliest stored one. Stored rows are read :data:`STORED_CHUNK` at a time, and only those of the period the
    new rows cover."""
    first, last = frame.get_column("period_start").min(), frame.get_column("period_end").max()
    stored = (
        ActivityRow.objects.filter(
            organization=batch.organization, period_start__gte=first, period_end__lte=last
        )
        .exclude(batch=batch.replaces_id or 0)
        .order_by("pk")
        .values_list("site__name", *_KEYS[1:], "row", "batch__filename")
    )
    texts = ("site", "activity", "unit", "instrument")
    mine: pl.DataFrame | None = None
    found: dict[int, RowIssue] = {}
    for existing in _frames(stored.iterator(chunk_size=STORED_CHUNK)):
        if mine is None:  # built only when something is stored in the period
            mine = frame.select(
                "row", *[pl.col(k).cast(pl.String) if k in texts else pl.col(k) for k in _KEYS]
            )
        matches = mine.join(existing, on=list(_KEYS), maintain_order="right_left")
        for row, filename, stored_row in matches.select("row", "filename", "stored_row").iter_rows():
            if row not in found:
                found[row] = RowIssue(
                    row=row,
                    column=None,
                    value="",
                    reason=reasons.ALREADY_IMPORTED % {"row": stored_row, "file": filename},
                )
    return [found[row] for row in sorted(found)]


def _frames(rows: Iterator[tuple[Any, ...]]) -> Iterator[pl.DataFrame]:
    """Stored rows as frames of :data:`STORED_CHUNK` rows, the earliest stored first within each frame."""
    chunk: list[tuple[Any, ...]] = []
    for values in rows:
        chunk.append(values)
        if len(chunk) >= STORED_CHUNK:
            yield pl.DataFrame(chunk, schema=_STORED_SCHEMA, orient="row")
            chunk = []
    if chunk:
        yield pl.DataFrame(chunk, schema=_STORED_SCHEMA, orient="row")
