"""Validating activity rows, a slice of rows at a time: the per-row checks run on each slice, what needs every
row (the categories, the distinct combinations, duplicated rows) once on the typed columns of all slices.

A large import reads its staged rows a slice at a time (:func:`validate_activity_slices`), so the text of every
row is never held at once; the result is the same as for the whole frame (tests/unit/carbon/test_activity_slices.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl

from tanlu.carbon.activities_cells import _amounts, _date_issues, _encode, _parse_dates, _row_issues
from tanlu.carbon.activities_combos import _combinations
from tanlu.carbon.activities_table import (
    _ISSUE_SCHEMA,
    ACTIVITY_COLUMNS,
    EARLIEST,
    LATEST,
    OPTIONAL_COLUMNS,
    Activities,
    _categories,
)
from tanlu.carbon.factors import FactorSet
from tanlu.errors import InputError, RowIssue, RowsRejected

#: rows validated at a time: the text of one slice is held with the typed columns of the rows before it
SLICE_ROWS = 20_000
#: the columns that become enums; their categories are those of every slice together
_ENCODED = ("site", "activity", "unit", "instrument")
#: what makes two rows duplicates
_DUPLICATE_KEYS = ("site", "period_start", "period_end", "combo", "amount")


def validate_activities(
    frame: pl.DataFrame,
    factors: FactorSet,
    *,
    file: str | None = None,
    reporting_period: tuple[dt.date, dt.date] | None = None,
    slice_rows: int | None = SLICE_ROWS,
) -> Activities:
    """Validate activity rows given as a data frame (text or typed columns); raises :class:`RowsRejected`.

    ``frame`` needs the columns of :data:`ACTIVITY_COLUMNS`; ``row`` (the row number to cite) defaults to
    the data line number under a header (2, 3, …). Rows outside ``reporting_period`` (default 1990-01-01 …
    2100-12-31) are rejected. Work per row is done on whole columns; only distinct combinations of activity,
    unit and instrument are checked one by one. The rows are checked ``slice_rows`` at a time (``None``: all
    at once), with the same result (:func:`validate_activity_slices`).
    """
    if slice_rows is not None and slice_rows < 1:
        raise ValueError("slice_rows must be at least 1")
    size = max(frame.height if slice_rows is None else slice_rows, 1)
    # an empty frame is still one slice: its columns are checked before it is found empty
    parts = (frame.slice(offset, size) for offset in range(0, max(frame.height, 1), size))
    return validate_activity_slices(parts, factors, file=file, reporting_period=reporting_period)


def validate_activity_slices(
    frames: Iterable[pl.DataFrame],
    factors: FactorSet,
    *,
    file: str | None = None,
    reporting_period: tuple[dt.date, dt.date] | None = None,
) -> Activities:
    """Validate a table given as consecutive slices of rows, each a data frame like
    :func:`validate_activities`'s: the same activities, or the same issues in the same order, as the slices
    joined into one frame, while only one slice's text is held at a time.

    Without a ``row`` column, rows are numbered on from slice to slice (2, 3, …).
    """
    first, last = reporting_period or (EARLIEST, LATEST)
    parts: list[pl.DataFrame] = []
    issue_frames: list[pl.DataFrame] = []
    hash_parts: list[pl.Series] = []
    number = 2
    for frame in frames:
        missing = [name for name in ACTIVITY_COLUMNS if name not in frame.columns]
        if missing:
            raise InputError(f"missing column(s): {', '.join(missing)}", file=file, column=missing[0])
        if frame.height == 0:
            continue
        numbered = frame if "row" in frame.columns else frame.with_row_index("row", offset=number)
        number += frame.height
        base, issues = _validate_slice(numbered.with_columns(pl.col("row").cast(pl.Int64)), file, first, last)
        parts.append(base)
        hash_parts.append(_row_hashes(base))
        issue_frames.append(issues)
        del frame, numbered
    if not parts:
        raise InputError("the activity table has no data rows", file=file)
    base = _joined(parts)
    combo, combos, combo_issues = _combinations(base, factors)
    base = base.with_columns(combo)
    issue_frames += [combo_issues, _duplicate_issues(base, pl.concat(hash_parts))]
    del hash_parts
    issues = pl.concat([f.select(_ISSUE_SCHEMA.keys()).cast(_ISSUE_SCHEMA) for f in issue_frames])  # type: ignore[arg-type]
    if issues.height:
        raise _rejected(issues, file)
    return Activities(base, combos, file)


def _duplicate_issues(base: pl.DataFrame, hashes: pl.Series) -> pl.DataFrame:
    """A row equal to an earlier one in every key is a duplicate of it. Equal rows have equal hashes
    (:func:`_row_hashes`): only the rows whose hash repeats are compared by their values, so no hash table of
    every row's keys is built."""
    ordered = hashes.sort()
    repeated = ordered.filter(ordered == ordered.shift(1)).unique()
    del ordered
    keys = list(_DUPLICATE_KEYS)
    candidates = base.filter(hashes.is_in(repeated.implode())) if repeated.len() else base.clear()
    candidates = candidates.filter(candidates.select(pl.struct(keys).is_duplicated()).to_series())
    firsts = candidates.group_by(keys).agg(pl.col("row").min().alias("first"))
    later = candidates.join(firsts, on=keys, nulls_equal=True).filter(pl.col("row") != pl.col("first"))
    return later.select(
        pl.col("row"),
        pl.lit("").alias("column"),
        pl.lit("").alias("value"),
        pl.format("duplicate of row {}", pl.col("first")).alias("reason"),
    )


def _rejected(issues: pl.DataFrame, file: str | None) -> RowsRejected:
    """The issues by row, and within a row by column in table order; a stable sort, so a row's issues of one
    column keep the order of the checks, however the rows were sliced."""
    order = {name: index for index, name in enumerate(("", *ACTIVITY_COLUMNS, *OPTIONAL_COLUMNS))}
    ordered = issues.with_columns(pl.col("column").replace_strict(order, default=99).alias("order")).sort(
        "row", "order", maintain_order=True
    )
    return RowsRejected(
        [
            RowIssue(row=row, column=column or None, value=value, reason=reason, file=file)
            for row, column, value, reason, _ in ordered.iter_rows()
        ],
        file=file,
    )


def _row_hashes(base: pl.DataFrame) -> pl.Series:
    """A hash of what makes two rows duplicates (site, period, activity, unit, instrument, amount), equal for
    equal rows of any two slices (text, not the slice's enum codes; -0.0 hashed as 0.0)."""
    return base.select(
        pl.col("site", "activity", "unit", "instrument").cast(pl.String),
        "period_start",
        "period_end",
        pl.col("amount") + 0.0,
    ).hash_rows(seed=0)


def _joined(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """The slices' typed rows as one frame: each text column an enum of every slice's categories, sorted (what
    :func:`_encode` makes of the whole column). Each slice is recoded and dropped in turn (``parts`` is left
    empty)."""
    if len(parts) == 1:
        return parts.pop()
    categories = {
        name: pl.concat([pl.Series(_categories(part.get_column(name)), dtype=pl.String) for part in parts])
        .unique()
        .sort()
        .to_list()
        for name in _ENCODED
    }
    recoded: list[pl.DataFrame] = []
    parts.reverse()
    while parts:
        part = parts.pop()
        recoded.append(
            part.with_columns(
                pl.col(name).cast(pl.String).cast(pl.Enum(categories[name])) for name in _ENCODED
            )
        )
        del part
    return pl.concat(recoded, rechunk=False)  # a rechunked copy would hold every column twice


def _validate_slice(
    frame: pl.DataFrame, file: str | None, first: dt.date, last: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One slice's typed columns (text columns as enums of the slice's own values) and the issues of its rows
    that need no other row."""

    def dates(name: str) -> pl.Series:
        column = frame.get_column(name)
        if column.dtype == pl.Date:
            return column
        return frame.select(_parse_dates(pl.col(name))).to_series()

    amounts, amount_issues = _amounts(frame, file)
    base = pl.DataFrame(
        [
            frame.get_column("row"),
            _encode(frame, "site"),
            dates("period_start"),
            dates("period_end"),
            _encode(frame, "activity"),
            amounts.alias("amount"),
            _encode(frame, "unit"),
            _encode(frame, "instrument"),
            frame.get_column("note").cast(pl.String).fill_null("")
            if "note" in frame.columns
            else pl.Series("note", [""], dtype=pl.String).extend_constant("", frame.height - 1),
        ]
    )
    start, end = base.get_column("period_start"), base.get_column("period_end")
    out_of_range = f"period out of range ({first.isoformat()} … {last.isoformat()})"
    issue_frames = [
        _row_issues(frame, base.get_column("site") == "", "site", "a site is required"),
        _date_issues(frame, start, "period_start"),
        _date_issues(frame, end, "period_end"),
        _row_issues(
            frame, (end < start).fill_null(value=False), "period_end", "the period ends before it starts"
        ),
        _row_issues(
            frame, ((start < first) | (start > last)).fill_null(value=False), "period_start", out_of_range
        ),
        _row_issues(frame, ((end < first) | (end > last)).fill_null(value=False), "period_end", out_of_range),
        amount_issues,
        _row_issues(
            frame,
            (base.get_column("amount") < 0).fill_null(value=False),
            "amount",
            "negative amount (record returns or corrections as a separate, documented adjustment)",
        ),
    ]
    issues = pl.concat([f.select(_ISSUE_SCHEMA.keys()).cast(_ISSUE_SCHEMA) for f in issue_frames])  # type: ignore[arg-type]
    return base, issues
