"""Reading an activity file of any length (CSV or XLSX) a batch of rows at a time into validated activities.

:func:`tanlu.carbon.activities_read.read_activities` reads the whole file as Python strings first
(:func:`tanlu.tabular.read_table`, capped at 1,000,000 rows and 100 MiB). A year of a plant's meter data is
millions of rows, so the CLI reads activity files with :func:`read_activities_streaming` instead: the file is read
in batches (:func:`tanlu.tabular_stream.stream_table`), each batch's columns are mapped by their headers and
validated as one slice (:func:`~tanlu.carbon.activities_validate.validate_activity_slices`), so only the typed
columns of every row and the text of one batch are held at a time. The activities, and the issues with their
row numbers, are those of ``read_activities`` for any file both accept (tests/unit/carbon/test_activities_stream.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from tanlu.carbon.activities_cells import _PLAIN_DECIMAL, _PLAIN_LENGTH
from tanlu.carbon.activities_table import ACTIVITY_COLUMNS, OPTIONAL_COLUMNS, Activities
from tanlu.carbon.activities_validate import validate_activity_slices
from tanlu.carbon.factors import FactorSet
from tanlu.carbon.headers import map_headers
from tanlu.tabular_stream import CHUNK_BYTES, stream_table

__all__ = ["read_activities_streaming"]


def read_activities_streaming(
    source: Path | bytes,
    factors: FactorSet,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    reporting_period: tuple[dt.date, dt.date] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    batch_rows: int = 100_000,
) -> Activities:
    """Read and validate an activity file in batches; raises what ``read_activities`` raises.

    ``chunk_bytes`` (CSV) and ``batch_rows`` (XLSX, and CSV files with quoted cells) bound a batch; the result
    does not depend on them.
    """
    stream = stream_table(
        source, filename=filename, sheet=sheet, chunk_bytes=chunk_bytes, batch_rows=batch_rows
    )
    mapping = map_headers(
        stream.headers, required=ACTIVITY_COLUMNS, optional=OPTIONAL_COLUMNS, file=stream.filename
    )

    def frames() -> Iterator[pl.DataFrame]:
        for batch in stream.batches():
            yield _typed(
                batch.select(
                    pl.col("row"), *(pl.col(f"c{index}").alias(name) for name, index in mapping.items())
                )
            )

    return validate_activity_slices(
        frames(), factors, file=stream.filename, reporting_period=reporting_period
    )


_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _typed(frame: pl.DataFrame) -> pl.DataFrame:
    """A batch whose every date is an ISO date that exists, or whose every amount is a plain decimal of at most
    15 characters, has that column typed here: validation's grammar gives exactly these values for such cells
    (:mod:`tanlu.carbon.activities_cells`), and typing them takes a fraction of its time. A batch with any other
    cell keeps its text, so every issue is found and worded by validation."""
    typed: list[pl.Series] = []
    for name in ("period_start", "period_end"):
        column = frame.get_column(name)
        distinct = column.unique()  # a few dozen periods in a batch of many rows: judged once each
        if (
            distinct.str.contains(_ISO_DATE).all()
            and not distinct.str.to_date("%Y-%m-%d", strict=False).null_count()
        ):
            typed.append(column.str.to_date("%Y-%m-%d", strict=False))
    amounts = frame.get_column("amount")
    if (amounts.str.contains(_PLAIN_DECIMAL) & (amounts.str.len_chars() <= _PLAIN_LENGTH)).all():
        typed.append(amounts.cast(pl.Float64))
    return frame.with_columns(typed) if typed else frame
