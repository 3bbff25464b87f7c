"""Column checks shared by every sheet of a product model: numbers, ranges, choices, flags, references.

Each check works on a whole column (polars) and returns the parsed column and an issue frame
(``row, column, value, reason``); only distinct bad values are looked at one by one (did-you-mean).
Numbers go through the one decimal grammar of :func:`tanlu.tabular.decimal_from_text`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

import polars as pl

from tanlu.carbon.activities import _amounts
from tanlu.carbon.products.sheets import SHEETS, SPECS
from tanlu.decimals import MAX_SIGNIFICANT_DIGITS
from tanlu.errors import RowIssue, RowsRejected

__all__ = [
    "ISSUE_SCHEMA",
    "Collector",
    "choice",
    "duplicates",
    "flag",
    "issues_where",
    "number",
    "reference",
    "text",
]

ISSUE_SCHEMA = {"row": pl.Int64, "column": pl.String, "value": pl.String, "reason": pl.String}
_SUGGEST_LIMIT = 50_000
#: cells converted without the full grammar: plain digits of at most 15 characters, within the grammar's bounds
#: (:mod:`tanlu.decimals`) by construction, so the float is the same
_PLAIN_DECIMAL = r"^[+]?[0-9]+(\.[0-9]+)?$"
_YES = frozenset(("yes", "y", "true", "1", "x", "是", "√"))
_REQUIRED = "a number is required but the cell is empty"
_NO = frozenset(("", "no", "n", "false", "0", "否"))


def text(frame: pl.DataFrame, column: str) -> pl.Series:
    """A text column; all empty when the sheet has no such column. The readers strip every cell already
    (:class:`~tanlu.carbon.products.model.RawSheet`), so this only fills the nulls a typed frame may hold."""
    if column not in frame.columns:
        return pl.repeat("", frame.height, dtype=pl.String, eager=True).alias(column)
    series = frame.get_column(column).cast(pl.String)
    if series.null_count():
        series = series.fill_null("")
    return series.alias(column)


def issues_where(frame: pl.DataFrame, mask: pl.Series, column: str, reason: str | pl.Series) -> pl.DataFrame:
    """One issue per row of ``mask``, citing the cell as written."""
    if not mask.any():
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    picked = frame.filter(mask)
    return pl.DataFrame(
        {
            "row": picked.get_column("row"),
            "column": column,
            "value": text(picked, column),
            "reason": reason.filter(mask) if isinstance(reason, pl.Series) else reason,
        },
        schema=ISSUE_SCHEMA,
    )


def number(
    frame: pl.DataFrame,
    column: str,
    *,
    file: str,
    required: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    positive: bool = False,
    below: str = "",
) -> tuple[pl.Series, list[pl.DataFrame]]:
    """A column of decimals (null where empty or bad) and its issues: not a number, empty when required, out of
    ``[minimum, maximum]`` (``below`` is the reason for a value under ``minimum``), zero when ``positive``."""
    if (
        column not in frame.columns
    ):  # an optional column left out: nothing to parse (a million rows of nothing)
        missing = pl.repeat(None, frame.height, dtype=pl.Float64, eager=True).alias(column)
        every = pl.repeat(True, frame.height, eager=True)
        return missing, [issues_where(frame, every, column, _REQUIRED)] if required else []
    cells = text(frame, column)
    empty = cells == ""
    plain = cells.str.contains(_PLAIN_DECIMAL) & (cells.str.len_bytes() <= MAX_SIGNIFICANT_DIGITS)
    values = cells.cast(pl.Float64, strict=False).alias(column)
    if not plain.all():  # a machine export is all plain digits: no copy of the column
        values = values.set(~plain, None)
    found: list[pl.DataFrame] = []
    others = ~plain & ~empty
    if others.any():  # everything but plain digits goes through the one decimal grammar
        probe = pl.DataFrame({"row": frame.get_column("row"), "amount": cells}).filter(others)
        parsed, bad = _amounts(probe, file)
        values = values.scatter(others.arg_true(), parsed)
        found.append(bad.with_columns(pl.lit(column).alias("column")).select(list(ISSUE_SCHEMA)))
    if required:
        found.append(issues_where(frame, empty, column, _REQUIRED))
    if minimum is not None:
        reason = below or f"must be at least {minimum:g}"
        found.append(issues_where(frame, (values < minimum).fill_null(value=False), column, reason))
    if maximum is not None:
        found.append(
            issues_where(
                frame, (values > maximum).fill_null(value=False), column, f"must be at most {maximum:g}"
            )
        )
    if positive:
        found.append(
            issues_where(frame, (values == 0).fill_null(value=False), column, "must be greater than 0")
        )
    return values, found


def choice(
    frame: pl.DataFrame, column: str, words: Mapping[str, str], *, default: str = ""
) -> tuple[pl.Series, list[pl.DataFrame]]:
    """A column of canonical choices (``words`` maps what people write, casefolded, to the choice)."""
    if column not in frame.columns:
        return pl.repeat(default, frame.height, dtype=pl.String, eager=True).alias(column), []
    cells = text(frame, column)
    lookup = {key.casefold(): value for key, value in words.items()}
    lowered = cells.str.to_lowercase()
    mapped = lowered.replace_strict(lookup, default=None, return_dtype=pl.String)
    empty = cells == ""
    bad = mapped.is_null() & ~empty
    expected = ", ".join(sorted(set(words.values())))
    found = [issues_where(frame, bad, column, f"unknown value (expected one of {expected})")]
    return mapped.set(empty, default).fill_null(default).alias(column), found


def flag(frame: pl.DataFrame, column: str) -> tuple[pl.Series, list[pl.DataFrame]]:
    """A yes/no column (empty is no)."""
    if column not in frame.columns:
        return pl.repeat(False, frame.height, eager=True).alias(column), []
    lowered = text(frame, column).str.to_lowercase()
    bad = ~lowered.is_in(list(_YES | _NO))
    found = [issues_where(frame, bad, column, "expected yes or no")]
    return lowered.is_in(list(_YES)).alias(column), found


def duplicates(frame: pl.DataFrame, column: str, *, keys: list[str] | None = None) -> pl.DataFrame:
    """Issues for every row repeating an earlier row's ``keys`` (default: ``column``)."""
    keys = keys or [column]
    if frame.select(keys).n_unique() == frame.height:  # the usual case, told without a window over every row
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    marked = frame.select("row", *keys).with_columns(pl.col("row").min().over(keys).alias("first"))
    later = marked.filter(pl.col("row") != pl.col("first"))
    return pl.DataFrame(
        {
            "row": later.get_column("row"),
            "column": column,
            "value": later.get_column(column),
            "reason": later.select(pl.format("duplicate of row {}", pl.col("first"))).to_series(),
        },
        schema=ISSUE_SCHEMA,
    )


def _suggestion(value: str, known: Sequence[str]) -> str:
    if len(known) > _SUGGEST_LIMIT:
        return ""
    close = difflib.get_close_matches(value, known, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def reference(
    frame: pl.DataFrame, column: str, known: pl.Series, what: str, *, matched: pl.Series | None = None
) -> list[pl.DataFrame]:
    """Issues for cells of ``column`` that are empty or not in ``known`` (with a did-you-mean); ``matched`` (which
    cells are in ``known``) saves the lookup when the caller has made it already."""
    cells = text(frame, column)
    empty = cells == ""
    unknown = ~(cells.is_in(known.implode()) if matched is None else matched) & ~empty
    found = [issues_where(frame, empty, column, f"a {what} is required")]
    if unknown.any():
        values = cells.filter(unknown).unique().sort().to_list()
        known_list = known.unique().sort().to_list()
        reasons = {value: f"unknown {what}{_suggestion(value, known_list)}" for value in values[:200]}
        reason = cells.replace_strict(reasons, default=f"unknown {what}", return_dtype=pl.String)
        found.append(issues_where(frame, unknown, column, reason))
    return found


class Collector:
    """Issue frames per sheet (and issues found elsewhere), raised together in sheet and row order."""

    def __init__(self, sources: Mapping[str, str], issues: list[RowIssue]) -> None:
        self.sources = sources
        self.frames: dict[str, list[pl.DataFrame]] = {sheet: [] for sheet in SHEETS}
        self.extra = list(issues)

    def add(self, sheet: str, frames: list[pl.DataFrame]) -> None:
        """Keep the issue frames of ``sheet`` that hold any issue."""
        self.frames[sheet].extend(frame for frame in frames if frame.height)

    def raise_if_any(self, source: str) -> None:
        """Raise :class:`RowsRejected` with every issue collected, if there is one."""
        found = list(self.extra)
        for sheet in SHEETS:
            if not self.frames[sheet]:
                continue
            frame = pl.concat([f.cast(ISSUE_SCHEMA) for f in self.frames[sheet]]).unique(maintain_order=True)  # type: ignore[arg-type]
            order = {name: index for index, name in enumerate(SPECS[sheet].columns if sheet in SPECS else ())}
            frame = frame.with_columns(pl.col("column").replace_strict(order, default=99).alias("order"))
            file = self.sources.get(sheet, source)
            found.extend(
                RowIssue(row, column or None, value, reason, file, sheet)
                for row, column, value, reason, _ in frame.sort("row", "order").iter_rows()
            )
        if found:
            raise RowsRejected(found, file=source or None)
