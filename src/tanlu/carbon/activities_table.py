"""The validated activity table: its columns, the reporting period's bounds and :class:`Activities` itself.

Kept apart from the checks (:mod:`tanlu.carbon.activities_validate`) so every part of validation, the
inventory and the reports can name the columns without importing the checks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import polars as pl

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
#: the columns of a frame of row issues, before they become :class:`~tanlu.errors.RowIssue` objects
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


def _categories(series: pl.Series) -> list[str]:
    dtype = series.dtype
    if not isinstance(dtype, pl.Enum):
        raise TypeError(series.name)
    return [str(value) for value in dtype.categories.to_list()]
