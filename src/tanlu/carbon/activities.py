"""Activity data: validated, typed rows ready for the inventory calculation.

Columns (English or Chinese headers, see :mod:`tanlu.carbon.headers`): ``site, period_start, period_end,
activity, amount, unit`` and optionally ``instrument`` (empty; ``certificate`` for an energy attribute
certificate covering the amount; ``supplier:<activity key>`` for a supplier-specific factor) and ``note``.

Validation runs over whole columns with polars (no Python loop per row; only distinct values such as units or
activity keys are looked at one by one) and collects every problem before anything is used: a table with any
bad row raises :class:`~tanlu.errors.RowsRejected` naming each row, column, value and reason.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from tanlu.carbon.factors import FactorSet
from tanlu.carbon.headers import map_headers
from tanlu.carbon.units import Conversion, convert, is_currency, parse_unit
from tanlu.decimals import (
    MAX_MAGNITUDE,
    MAX_SIGNIFICANT_DIGITS,
    OUT_OF_RANGE,
    decimal_from_text,
)
from tanlu.errors import InputError, RowIssue, RowsRejected, UnitError
from tanlu.tabular import read_table

__all__ = [
    "ACTIVITY_COLUMNS",
    "Activities",
    "activity_conversion",
    "parse_activity_rows",
    "read_activities",
    "validate_activities",
    "validate_activity_slices",
]

ACTIVITY_COLUMNS = ("site", "period_start", "period_end", "activity", "amount", "unit")
OPTIONAL_COLUMNS = ("instrument", "note")
ACTIVITY_COLUMNS_ALL = (
    "row",
    "site",
    "period_start",
    "period_end",
    "activity",
    "amount",
    "unit",
    "instrument",
    "note",
)
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)
_CERTIFICATE_WORDS = frozenset(("certificate", "eac", "rec", "gec", "go", "证书", "绿证", "绿色电力证书"))
#: text the fast path converts without the full grammar: plain digits, at most 15 characters, so within the
#: grammar's bounds (:mod:`tanlu.decimals`) by construction; everything else goes through the grammar
_PLAIN_DECIMAL = r"^[+]?[0-9]+(\.[0-9]+)?$"
_PLAIN_LENGTH = MAX_SIGNIFICANT_DIGITS
_ISSUE_SCHEMA = {"row": pl.Int64, "column": pl.String, "value": pl.String, "reason": pl.String}


@dataclass(frozen=True)
class Activities:
    """Validated activity rows.

    ``frame`` columns: ``row`` (the row number in the file), ``site`` (enum), ``period_start``, ``period_end``
    (dates), ``activity`` (enum), ``amount`` (float, ≥ 0), ``unit`` (enum, as written), ``instrument``
    (enum, as written), ``note`` and ``combo``: the id of the row's distinct (activity, unit, instrument)
    combination. ``combos`` has one row per combination: ``combo, activity, unit, instrument_text,
    instrument`` (``""``, ``certificate`` or ``supplier``) and ``supplier`` (the supplier factor's activity
    key or ``""``).
    """

    frame: pl.DataFrame
    combos: pl.DataFrame
    file: str | None = None
    _fingerprint: list[str] = field(default_factory=list, repr=False, compare=False)

    def __len__(self) -> int:
        return self.frame.height

    @property
    def fingerprint(self) -> str:
        """sha256 of the validated rows (every column, in order): equal inputs give an equal fingerprint."""
        if not self._fingerprint:
            self._fingerprint.append(_fingerprint(self.frame))
        return self._fingerprint[0]


def _fingerprint(frame: pl.DataFrame) -> str:
    digest = hashlib.sha256()
    for name in ACTIVITY_COLUMNS_ALL:
        series = frame.get_column(name)
        digest.update(name.encode() + b"\0")
        if isinstance(series.dtype, pl.Enum):
            categories = pl.Series(_categories(series), dtype=pl.String)
            digest.update(categories.str.len_bytes().cast(pl.UInt32).to_numpy().tobytes())
            digest.update(categories.str.join("").item().encode("utf-8"))
            digest.update(series.to_physical().cast(pl.UInt32).to_numpy().astype("<u4").tobytes())
        elif series.dtype == pl.String:
            digest.update(series.str.len_bytes().cast(pl.UInt32).to_numpy().tobytes())
            digest.update(series.str.join("").item().encode("utf-8"))
        elif series.dtype == pl.Date:
            digest.update(series.cast(pl.Int32).to_numpy().astype("<i4").tobytes())
        else:
            digest.update(series.cast(pl.Float64).to_numpy().astype("<f8").tobytes())
    return digest.hexdigest()


def activity_conversion(factors: FactorSet, activity: str, unit: str, factor_unit: str) -> Conversion:
    """How an amount of ``activity`` in ``unit`` becomes an amount in ``factor_unit`` (fuel and currency
    bridges)."""
    info = factors.activity(activity)
    rate = None
    if is_currency(factor_unit) and is_currency(unit):
        currency = str(parse_unit(unit).units)
        year = next((f.year for f in factors.factors_for(activity) if f.year is not None), None)
        if currency != "USD" and year is not None:
            rate = factors.exchange_rate(currency, year)
            if rate is None:
                raise UnitError(f"no exchange rate {currency}→USD for the factor's price year {year}")
    return convert(unit, factor_unit, fuel=factors.fuel(info.fuel), rate=rate)


def _date_text(column: pl.Expr) -> pl.Expr:
    """A date cell as ``Y-M-D`` text (``2025/08/01``, ``2025年8月1日`` and a midnight time accepted)."""
    return (
        column.cast(pl.String)
        .str.strip_chars()
        .str.replace(r"[ T]00:00(:00(\.0+)?)?$", "")
        .str.replace_all(r"[/.年月]", "-")
        .str.replace(r"日$", "")
    )


def _parse_dates(column: pl.Expr) -> pl.Expr:
    return _date_text(column).str.to_date("%Y-%m-%d", strict=False)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
NOT_A_DATE = "not a date (expected YYYY-MM-DD)"


def _date_reason(text: str) -> str:
    """Why a cell is no date: a date written right that does not exist says so ("there is no 31 February
    2023"), anything else expects the format."""
    found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if found is None:
        return NOT_A_DATE
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month} (expected YYYY-MM-DD)"
    if day >= 1:
        return f"there is no {day} {_MONTHS[month - 1]} {year}"
    return NOT_A_DATE


def _date_issues(frame: pl.DataFrame, parsed: pl.Series, column: str) -> pl.DataFrame:
    """Issues for the cells of ``column`` that are no date, each with its reason (:func:`_date_reason`)."""
    picked = frame.filter(parsed.is_null())
    if column not in frame.columns or picked.height == 0:
        return _row_issues(frame, parsed.is_null(), column, NOT_A_DATE)
    values = picked.get_column(column).cast(pl.String).fill_null("")
    texts = picked.select(_date_text(pl.col(column))).to_series().fill_null("")
    reasons = {text: _date_reason(text) for text in texts.unique().to_list()}
    return pl.DataFrame(
        {
            "row": picked.get_column("row").cast(pl.Int64),
            "column": column,
            "value": values,
            "reason": texts.replace_strict(reasons, return_dtype=pl.String),
        },
        schema=_ISSUE_SCHEMA,
    )


def _encode(frame: pl.DataFrame, name: str) -> pl.Series:
    """A text column as an enum with sorted categories (stripped; a missing column is all empty)."""
    if name not in frame.columns:
        return pl.Series(name, [""], dtype=pl.Enum([""])).extend_constant("", frame.height - 1)
    text = frame.get_column(name).cast(pl.String).fill_null("")
    uniques = text.unique()
    if not (uniques == uniques.str.strip_chars()).all():
        text = text.str.strip_chars()
        uniques = text.unique()
    return text.cast(pl.Enum(uniques.sort().to_list())).alias(name)


def _amounts(frame: pl.DataFrame, file: str | None) -> tuple[pl.Series, pl.DataFrame]:
    """Amounts as floats (null where invalid) and the issues; text goes through the one decimal grammar."""
    column = frame.get_column("amount")
    rows = frame.get_column("row").cast(pl.Int64)
    if column.dtype.is_numeric():
        values = column.cast(pl.Float64)
        # a typed float is already a float: only the grammar's upper bound applies (1e39 is no amount)
        missing = values.is_null() | values.is_nan()
        out_of_range = ~missing & (values.abs() >= MAX_MAGNITUDE)
        bad = missing | out_of_range
        issues = pl.DataFrame(
            {
                "row": rows.filter(bad),
                "column": "amount",
                "value": values.filter(bad).cast(pl.String).fill_null(""),
                "reason": pl.Series(["not a number", OUT_OF_RANGE]).gather(
                    out_of_range.filter(bad).cast(pl.UInt32)
                ),
            },
            schema=_ISSUE_SCHEMA,
        )
        return values.set(bad, None), issues
    text = column.cast(pl.String).fill_null("").str.strip_chars()
    plain = text.str.contains(_PLAIN_DECIMAL) & (text.str.len_chars() <= _PLAIN_LENGTH)
    values = text.cast(pl.Float64, strict=False).set(~plain, None)
    others = pl.DataFrame({"row": rows, "text": text}).filter(~plain)
    parsed: dict[str, float | None] = {}
    reasons: dict[str, str] = {}
    for value in others.get_column("text").unique().to_list():
        try:
            parsed[value] = decimal_from_text(value, file=file, column="amount")
        except InputError as error:
            parsed[value] = None
            reasons[value] = error.issue.reason
    if parsed:
        lookup = pl.DataFrame(
            {"text": list(parsed), "parsed": list(parsed.values())},
            schema={"text": pl.String, "parsed": pl.Float64},
        )
        joined = pl.DataFrame({"text": text}).join(lookup, on="text", how="left", maintain_order="left")
        values = values.fill_null(joined.get_column("parsed"))
    issues = others.filter(pl.col("text").is_in(list(reasons))).select(
        pl.col("row"),
        pl.lit("amount").alias("column"),
        pl.col("text").alias("value"),
        pl.col("text").replace_strict(reasons, return_dtype=pl.String).alias("reason"),
    )
    return values, issues


def _instrument(text: str) -> tuple[str, str]:
    """(kind, supplier key) of an instrument cell: ``("", "")``, ``("certificate", "")``, ``("supplier",
    key)``."""
    lowered = text.casefold()
    if not lowered:
        return "", ""
    if lowered in _CERTIFICATE_WORDS:
        return "certificate", ""
    for prefix in ("supplier:", "supplier：", "供应商:", "供应商："):
        if lowered.startswith(prefix):
            return "supplier", text[len(prefix) :].strip()
    return "invalid", ""


def _unit_problem(factors: FactorSet, activity: str, unit: str) -> str:
    if not unit:
        return "a unit is required"
    info = factors.activity(activity)
    try:
        for method in sorted(info.methods):
            for_method = factors.factors_for(activity, method)
            if for_method:
                activity_conversion(factors, activity, unit, for_method[0].unit)
    except UnitError as error:
        text = str(error)
        return (
            f"{text} (activity {activity} is measured in {info.unit})" if "cannot convert" in text else text
        )
    return ""


def _combo_problems(
    factors: FactorSet, activity: str, unit: str, kind: str, supplier: str
) -> list[tuple[str, str]]:
    """Every (column, reason) wrong with one distinct combination of activity, unit and instrument."""
    known = factors.activities()
    problems: list[tuple[str, str]] = []
    if not activity:
        problems.append(("activity", "an activity key is required"))
    elif activity not in known:
        close = difflib.get_close_matches(activity, list(known), n=1)
        problems.append(
            ("activity", f"unknown activity; did you mean {close[0]!r}?" if close else "unknown activity")
        )
    elif known[activity].scope == 2 and not factors.factors_for(activity, "location"):
        problems.append(
            (
                "activity",
                "has no location-based factor; write the grid as activity and this key as supplier:<key>",
            )
        )
    elif reason := _unit_problem(factors, activity, unit):
        problems.append(("unit", reason))
    if kind == "invalid":
        problems.append(
            ("instrument", "unknown instrument (expected empty, certificate or supplier:<activity key>)")
        )
    elif kind == "certificate" and activity in known and known[activity].scope != 2:
        problems.append(
            ("instrument", "a certificate applies to purchased electricity or heat (Scope 2) only")
        )
    elif kind == "supplier":
        if supplier not in known:
            problems.append(("instrument", f"unknown supplier factor {supplier!r} (add it in a factor file)"))
        elif activity in known and known[supplier].scope != known[activity].scope:
            problems.append(
                (
                    "instrument",
                    (
                        f"supplier factor {supplier} is for Scope {known[supplier].scope}, "
                        f"activity {activity} is in Scope {known[activity].scope}"
                    ),
                )
            )
        elif unit and (reason := _unit_problem(factors, supplier, unit)):
            problems.append(("instrument", f"{reason} (supplier factor)"))
    return problems


def _categories(series: pl.Series) -> list[str]:
    dtype = series.dtype
    if not isinstance(dtype, pl.Enum):
        raise TypeError(series.name)
    return [str(value) for value in dtype.categories.to_list()]


def _combinations(base: pl.DataFrame, factors: FactorSet) -> tuple[pl.Series, pl.DataFrame, pl.DataFrame]:
    """Per-row combination ids, the combination table and the issues of bad combinations (per row)."""
    codes = [
        base.get_column(name).to_physical().cast(pl.UInt64) for name in ("activity", "unit", "instrument")
    ]
    categories = [_categories(base.get_column(name)) for name in ("activity", "unit", "instrument")]
    sizes = [len(values) for values in categories]
    key = (codes[0] * (sizes[1] * sizes[2]) + codes[1] * sizes[2] + codes[2]).alias("key")
    ordered = key.sort()  # distinct keys by sorting: a hash table of every row would cost more memory
    keys = ordered.filter((ordered != ordered.shift(1)).fill_null(value=True))
    del ordered
    combo = keys.search_sorted(key).cast(pl.UInt32).alias("combo")
    records: list[dict[str, object]] = []
    problems: list[dict[str, object]] = []
    for index, value in enumerate(keys.to_list()):
        activity = categories[0][value // (sizes[1] * sizes[2])]
        unit = categories[1][(value // sizes[2]) % sizes[1]]
        text = categories[2][value % sizes[2]]
        kind, supplier = _instrument(text)
        records.append(
            {
                "combo": index,
                "activity": activity,
                "unit": unit,
                "instrument_text": text,
                "instrument": kind,
                "supplier": supplier,
            }
        )
        for column, reason in _combo_problems(factors, activity, unit, kind, supplier):
            problems.append({"combo": index, "column": column, "reason": reason})
    combos = pl.DataFrame(records, schema_overrides={"combo": pl.UInt32})
    if not problems:
        return combo, combos, pl.DataFrame(schema=_ISSUE_SCHEMA)
    bad = pl.DataFrame(problems, schema_overrides={"combo": pl.UInt32})
    rows = (
        base.select("row", "activity", "unit", "instrument")
        .with_columns(combo)
        .filter(pl.col("combo").is_in(bad.get_column("combo").implode()))
    )
    issues = rows.join(bad, on="combo").select(
        pl.col("row").cast(pl.Int64),
        "column",
        pl.when(pl.col("column") == "activity")
        .then(pl.col("activity").cast(pl.String))
        .when(pl.col("column") == "unit")
        .then(pl.col("unit").cast(pl.String))
        .otherwise(pl.col("instrument").cast(pl.String))
        .alias("value"),
        "reason",
    )
    return combo, combos, issues


def _row_issues(frame: pl.DataFrame, mask: pl.Series, column: str, reason: str) -> pl.DataFrame:
    """Issues for the rows of ``mask``, citing the value as given in ``frame``."""
    picked = frame.filter(mask)
    value = picked.get_column(column).cast(pl.String).fill_null("") if column in frame.columns else ""
    return pl.DataFrame(
        {"row": picked.get_column("row").cast(pl.Int64), "column": column, "value": value, "reason": reason},
        schema=_ISSUE_SCHEMA,
    )


#: rows validated at a time: the text of one slice is held with the typed columns of the rows before it
SLICE_ROWS = 20_000


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
    size = frame.height if slice_rows is None else slice_rows
    parts = (frame.slice(offset, size) for offset in range(0, max(frame.height, 1), max(size, 1)))
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
    joined into one frame, while only one slice's text is held at a time (a large import reads its staged rows
    a slice at a time).

    Every check of one row is done per slice; what needs every row (the categories of site, activity, unit and
    instrument, the distinct combinations and their problems, duplicated rows) is done once on the typed
    columns at the end. Without a ``row`` column, rows are numbered on from slice to slice (2, 3, …).
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
    del parts
    combo, combos, combo_issues = _combinations(base, factors)
    base = base.with_columns(combo)
    issue_frames.append(combo_issues)
    keys = ["site", "period_start", "period_end", "combo", "amount"]
    # equal rows have equal hashes: only rows whose hash repeats are compared by their values
    hashes = pl.concat(hash_parts)
    del hash_parts
    ordered = hashes.sort()
    repeated = ordered.filter(ordered == ordered.shift(1)).unique()
    del ordered
    candidates = base.filter(hashes.is_in(repeated.implode())) if repeated.len() else base.clear()
    del hashes
    duplicated = candidates.select(pl.struct(keys).is_duplicated()).to_series()
    if duplicated.any():
        candidates = candidates.filter(duplicated)
        firsts = candidates.group_by(keys).agg(pl.col("row").min().alias("first"))
        later = candidates.join(firsts, on=keys, nulls_equal=True).filter(pl.col("row") != pl.col("first"))
        issue_frames.append(
            later.select(
                pl.col("row"),
                pl.lit("").alias("column"),
                pl.lit("").alias("value"),
                pl.format("duplicate of row {}", pl.col("first")).alias("reason"),
            )
        )
    issues = pl.concat([f.select(_ISSUE_SCHEMA.keys()).cast(_ISSUE_SCHEMA) for f in issue_frames])  # type: ignore[arg-type]
    if issues.height:
        order = {name: index for index, name in enumerate(("", *ACTIVITY_COLUMNS, *OPTIONAL_COLUMNS))}
        issues = issues.with_columns(pl.col("column").replace_strict(order, default=99).alias("order"))
        raise RowsRejected(
            [
                RowIssue(row=row, column=column or None, value=value, reason=reason, file=file)
                # a stable sort: a row's issues keep the order of the checks, however the rows were sliced
                for row, column, value, reason, _ in issues.sort(
                    "row", "order", maintain_order=True
                ).iter_rows()
            ],
            file=file,
        )
    return Activities(base, combos, file)


_ENCODED = ("site", "activity", "unit", "instrument")


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
    :func:`_encode` makes of the whole column). Each slice is recoded and dropped in turn."""
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


def parse_activity_rows(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    row_numbers: Sequence[int],
    factors: FactorSet,
    *,
    file: str | None = None,
    reporting_period: tuple[dt.date, dt.date] | None = None,
) -> Activities:
    """Validate a table of text cells (what :func:`tanlu.tabular.read_table` returns)."""
    mapping = map_headers(headers, required=ACTIVITY_COLUMNS, optional=OPTIONAL_COLUMNS, file=file)
    columns: dict[str, list[str]] = {
        name: [row[index] if index < len(row) else "" for row in rows] for name, index in mapping.items()
    }
    frame = pl.DataFrame(
        {"row": list(row_numbers), **columns}, schema_overrides=dict.fromkeys(columns, pl.String)
    )
    if not rows:
        raise InputError("the activity file has no data rows", file=file)
    return validate_activities(frame, factors, file=file, reporting_period=reporting_period)


def read_activities(
    source: Path | bytes,
    factors: FactorSet,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    reporting_period: tuple[dt.date, dt.date] | None = None,
) -> Activities:
    """Read and validate an activity file (CSV in UTF-8 or GBK, or XLSX) with
    :func:`tanlu.tabular.read_table`."""
    table = read_table(source, filename=filename, sheet=sheet)
    return parse_activity_rows(
        table.headers,
        table.rows,
        table.row_numbers,
        factors,
        file=table.filename,
        reporting_period=reporting_period,
    )
