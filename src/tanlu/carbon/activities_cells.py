"""Checks of one cell at a time, over whole columns: dates, amounts and text values of activity rows.

Every function takes a frame of rows (text or typed columns, and ``row``, the row number to cite) and returns
typed values and/or a frame of issues (:data:`~tanlu.carbon.activities_table._ISSUE_SCHEMA`). No check here
needs another row, so they run on any slice of a table with the same result.
"""

from __future__ import annotations

import re

import polars as pl

from tanlu.carbon.activities_table import _ISSUE_SCHEMA
from tanlu.decimals import MAX_MAGNITUDE, MAX_SIGNIFICANT_DIGITS, OUT_OF_RANGE, decimal_from_text
from tanlu.errors import InputError

#: text the fast path converts without the full grammar: plain digits, at most 15 characters, so within the
#: grammar's bounds (:mod:`tanlu.decimals`) by construction; everything else goes through the grammar
_PLAIN_DECIMAL = r"^[+]?[0-9]+(\.[0-9]+)?$"
_PLAIN_LENGTH = MAX_SIGNIFICANT_DIGITS


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


def _row_issues(frame: pl.DataFrame, mask: pl.Series, column: str, reason: str) -> pl.DataFrame:
    """Issues for the rows of ``mask``, citing the value as given in ``frame``."""
    picked = frame.filter(mask)
    value = picked.get_column(column).cast(pl.String).fill_null("") if column in frame.columns else ""
    return pl.DataFrame(
        {"row": picked.get_column("row").cast(pl.Int64), "column": column, "value": value, "reason": reason},
        schema=_ISSUE_SCHEMA,
    )
