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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from tanlu.carbon.factors import FactorSet
from tanlu.carbon.headers import map_headers
from tanlu.carbon.units import Conversion, convert, is_currency, parse_unit
from tanlu.errors import InputError, RowIssue, RowsRejected, UnitError
from tanlu.tabular import decimal_from_text, read_table

__all__ = [
    "ACTIVITY_COLUMNS",
    "Activities",
    "activity_conversion",
    "parse_activity_rows",
    "read_activities",
    "validate_activities",
]

ACTIVITY_COLUMNS = ("site", "period_start", "period_end", "activity", "amount", "unit")
OPTIONAL_COLUMNS = ("instrument", "note")
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)
_CERTIFICATE_WORDS = ("certificate", "eac", "rec", "gec", "go", "证书", "绿证", "绿色电力证书")
_PLAIN_DECIMAL = r"^[+]?[0-9]{1,15}(\.[0-9]{1,15})?$"
_ISSUE_SCHEMA = {"row": pl.Int64, "column": pl.String, "value": pl.String, "reason": pl.String}


@dataclass(frozen=True)
class Activities:
    """Validated activity rows.

    ``frame`` columns: ``row`` (the row number in the file), ``site``, ``period_start``, ``period_end``
    (dates), ``activity``, ``amount`` (float, ≥ 0), ``unit`` (as written), ``instrument`` (``""``,
    ``certificate`` or ``supplier``), ``supplier`` (the supplier factor's activity key or ``""``) and
    ``note``.
    """

    frame: pl.DataFrame
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
    for name in (
        "row",
        "site",
        "period_start",
        "period_end",
        "activity",
        "amount",
        "unit",
        "instrument",
        "supplier",
        "note",
    ):
        series = frame.get_column(name)
        digest.update(name.encode() + b"\0")
        if series.dtype == pl.String:
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


def _issues(frame: pl.DataFrame, mask: pl.Expr, column: str, reason: pl.Expr | str) -> pl.DataFrame:
    value = pl.col(column).cast(pl.String) if column in frame.columns else pl.lit("")
    return frame.filter(mask).select(
        pl.col("row").cast(pl.Int64),
        pl.lit(column).alias("column"),
        value.fill_null("").alias("value"),
        (pl.lit(reason) if isinstance(reason, str) else reason).cast(pl.String).alias("reason"),
    )


def _parse_dates(column: pl.Expr) -> pl.Expr:
    text = (
        column.cast(pl.String)
        .str.strip_chars()
        .str.replace(r"[ T]00:00(:00(\.0+)?)?$", "")
        .str.replace_all(r"[/.年月]", "-")
        .str.replace(r"日$", "")
    )
    return text.str.to_date("%Y-%m-%d", strict=False)


def _as_strings(frame: pl.DataFrame, name: str) -> pl.Expr:
    if name not in frame.columns:
        return pl.lit("", dtype=pl.String).alias(name)
    return pl.col(name).cast(pl.String).fill_null("").str.strip_chars().alias(name)


def _amounts(frame: pl.DataFrame, file: str | None) -> tuple[pl.Series, pl.DataFrame]:
    """Amounts as floats (null where invalid) and the issues; text goes through the one decimal grammar."""
    column = frame.get_column("amount")
    rows = frame.get_column("row")
    if column.dtype.is_numeric():
        values = column.cast(pl.Float64)
        bad = values.is_null() | ~values.is_finite()
        issues = pl.DataFrame(
            {"row": rows.filter(bad), "value": values.filter(bad).cast(pl.String).fill_null("")}
        )
        issues = issues.with_columns(pl.lit("amount").alias("column"), pl.lit("not a number").alias("reason"))
        return values.set(bad, None), issues.select(_ISSUE_SCHEMA.keys()).cast(_ISSUE_SCHEMA)  # type: ignore[arg-type]
    text = column.cast(pl.String).fill_null("").str.strip_chars()
    plain = text.str.contains(_PLAIN_DECIMAL)
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
        pl.col("row").cast(pl.Int64),
        pl.lit("amount").alias("column"),
        pl.col("text").alias("value"),
        pl.col("text").replace_strict(reasons, return_dtype=pl.String).alias("reason"),
    )
    return values, issues


def _pair_issues(frame: pl.DataFrame, factors: FactorSet) -> pl.DataFrame:
    """Unit and instrument checks, done once per distinct (activity, unit, instrument, supplier)."""
    known = factors.activities()
    records: list[dict[str, str]] = []
    pairs = (
        frame.filter(pl.col("activity").is_in(list(known)))
        .select("activity", "unit", "instrument", "supplier")
        .unique()
    )
    for activity, unit, instrument, supplier in pairs.iter_rows():
        info = known[activity]
        reason_unit = ""
        try:
            for method in sorted(info.methods):
                for_method = factors.factors_for(activity, method)
                if for_method:
                    activity_conversion(factors, activity, unit, for_method[0].unit)
        except UnitError as error:
            reason_unit = (
                f"{error} (activity {activity} is measured in {info.unit})"
                if "cannot convert" in str(error)
                else str(error)
            )
        if reason_unit:
            records.append(
                {
                    "activity": activity,
                    "unit": unit,
                    "instrument": instrument,
                    "supplier": supplier,
                    "column": "unit",
                    "reason": reason_unit if unit else "a unit is required",
                }
            )
            continue
        reason = ""
        if instrument == "certificate" and info.scope != 2:
            reason = "a certificate applies to purchased electricity or heat (Scope 2) only"
        elif instrument == "supplier":
            if supplier not in known:
                reason = f"unknown supplier factor {supplier!r} (add it in a factor file)"
            else:
                try:
                    activity_conversion(factors, supplier, unit, factors.activity(supplier).unit)
                except UnitError as error:
                    reason = f"{error} (supplier factor {supplier})"
        if reason:
            records.append(
                {
                    "activity": activity,
                    "unit": unit,
                    "instrument": instrument,
                    "supplier": supplier,
                    "column": "instrument",
                    "reason": reason,
                }
            )
    if not records:
        return pl.DataFrame(schema=_ISSUE_SCHEMA)
    bad = pl.DataFrame(records)
    joined = frame.join(bad, on=["activity", "unit", "instrument", "supplier"], how="inner")
    return joined.select(
        pl.col("row").cast(pl.Int64),
        pl.col("column"),
        pl.when(pl.col("column") == "unit")
        .then(pl.col("unit"))
        .otherwise(pl.col("instrument_text"))
        .alias("value"),
        pl.col("reason"),
    )


def _unknown_activities(frame: pl.DataFrame, factors: FactorSet) -> pl.DataFrame:
    known = factors.activities()
    unknown = frame.filter(~pl.col("activity").is_in(list(known)) & (pl.col("activity") != ""))
    hints: dict[str, str] = {}
    for key in unknown.get_column("activity").unique().to_list():
        close = difflib.get_close_matches(key, list(known), n=1)
        hints[key] = f"unknown activity; did you mean {close[0]!r}?" if close else "unknown activity"
    missing = _issues(frame, pl.col("activity") == "", "activity", "an activity key is required")
    return pl.concat(
        [
            missing,
            _issues(
                unknown,
                pl.lit(value=True),
                "activity",
                pl.col("activity").replace_strict(hints, return_dtype=pl.String),
            ),
        ]
    )


def validate_activities(
    frame: pl.DataFrame,
    factors: FactorSet,
    *,
    file: str | None = None,
    reporting_period: tuple[dt.date, dt.date] | None = None,
) -> Activities:
    """Validate activity rows given as a data frame (text or typed columns); raises :class:`RowsRejected`.

    ``frame`` needs the columns of :data:`ACTIVITY_COLUMNS`; ``row`` (the row number to cite) defaults to
    the data line number under a header (2, 3, …). Rows outside ``reporting_period`` (default 1990-01-01 …
    2100-12-31) are rejected.
    """
    missing = [name for name in ACTIVITY_COLUMNS if name not in frame.columns]
    if missing:
        raise InputError(f"missing column(s): {', '.join(missing)}", file=file, column=missing[0])
    if "row" not in frame.columns:
        frame = frame.with_row_index("row", offset=2)
    first, last = reporting_period or (EARLIEST, LATEST)
    instrument_text = _as_strings(frame, "instrument")
    base = frame.select(
        pl.col("row").cast(pl.Int64),
        _as_strings(frame, "site"),
        _as_strings(frame, "period_start").alias("start_text"),
        _as_strings(frame, "period_end").alias("end_text"),
        (
            pl.col("period_start")
            if frame.schema["period_start"] == pl.Date
            else _parse_dates(pl.col("period_start"))
        ).alias("period_start"),
        (
            pl.col("period_end")
            if frame.schema["period_end"] == pl.Date
            else _parse_dates(pl.col("period_end"))
        ).alias("period_end"),
        _as_strings(frame, "activity"),
        pl.col("amount"),
        _as_strings(frame, "amount").alias("amount_text"),
        _as_strings(frame, "unit"),
        instrument_text.alias("instrument_text"),
        _as_strings(frame, "note"),
    )
    lowered = pl.col("instrument_text").str.to_lowercase()
    base = base.with_columns(
        pl.when(lowered == "")
        .then(pl.lit(""))
        .when(lowered.is_in(_CERTIFICATE_WORDS))
        .then(pl.lit("certificate"))
        .when(
            lowered.str.starts_with("supplier:")
            | lowered.str.starts_with("供应商:")
            | lowered.str.starts_with("供应商：")
        )
        .then(pl.lit("supplier"))
        .otherwise(pl.lit("invalid"))
        .alias("instrument"),
        pl.when(lowered.str.contains("^(supplier|供应商)[:：]"))
        .then(pl.col("instrument_text").str.replace(r"^[^:：]*[:：]\s*", ""))
        .otherwise(pl.lit(""))
        .alias("supplier"),
    )
    amounts, amount_issues = _amounts(base, file)
    base = base.with_columns(amount=amounts)
    start, end = pl.col("period_start"), pl.col("period_end")
    issue_frames = [
        _issues(base, pl.col("site") == "", "site", "a site is required"),
        _issues(base, start.is_null(), "period_start", "not a date (expected YYYY-MM-DD)").with_columns(
            value=base.filter(start.is_null()).get_column("start_text")
        ),
        _issues(base, end.is_null(), "period_end", "not a date (expected YYYY-MM-DD)").with_columns(
            value=base.filter(end.is_null()).get_column("end_text")
        ),
        _issues(
            base,
            start.is_not_null() & end.is_not_null() & (end < start),
            "period_end",
            "the period ends before it starts",
        ),
        _issues(
            base,
            start.is_not_null() & ((start < first) | (start > last)),
            "period_start",
            f"period out of range ({first.isoformat()} … {last.isoformat()})",
        ),
        _issues(
            base,
            end.is_not_null() & ((end < first) | (end > last)),
            "period_end",
            f"period out of range ({first.isoformat()} … {last.isoformat()})",
        ),
        amount_issues,
        _issues(
            base,
            pl.col("amount") < 0,
            "amount",
            "negative amount (record returns or corrections as a separate, documented adjustment)",
        ).with_columns(value=base.filter(pl.col("amount") < 0).get_column("amount_text")),
        _issues(
            base,
            pl.col("instrument") == "invalid",
            "instrument",
            "unknown instrument (expected empty, certificate or supplier:<activity key>)",
        ).with_columns(value=base.filter(pl.col("instrument") == "invalid").get_column("instrument_text")),
        _unknown_activities(base, factors),
        _pair_issues(base, factors),
    ]
    keys = ["site", "period_start", "period_end", "activity", "amount", "unit", "instrument", "supplier"]
    duplicated = base.filter(pl.struct(keys).is_duplicated())
    if duplicated.height:
        firsts = duplicated.group_by(keys).agg(pl.col("row").min().alias("first"))
        later = duplicated.join(firsts, on=keys, nulls_equal=True).filter(pl.col("row") != pl.col("first"))
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
        order = {name: index for index, name in enumerate(("row", *ACTIVITY_COLUMNS, *OPTIONAL_COLUMNS))}
        issues = issues.with_columns(pl.col("column").replace_strict(order, default=99).alias("order")).sort(
            "row", "order"
        )
        raise RowsRejected(
            [
                RowIssue(row=r, column=c or None, value=v, reason=why, file=file)
                for r, c, v, why, _ in issues.iter_rows()
            ],
            file=file,
        )
    result = base.select(
        "row",
        "site",
        "period_start",
        "period_end",
        "activity",
        "amount",
        "unit",
        "instrument",
        "supplier",
        "note",
    )
    return Activities(result, file)


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
