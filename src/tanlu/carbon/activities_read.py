"""Reading activity files (CSV in UTF-8 or GBK, or XLSX) and tables of text cells into validated activities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from tanlu.carbon.activities_table import ACTIVITY_COLUMNS, OPTIONAL_COLUMNS, Activities
from tanlu.carbon.activities_validate import validate_activities
from tanlu.carbon.factors import FactorSet
from tanlu.carbon.headers import map_headers
from tanlu.errors import InputError
from tanlu.tabular import read_table


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
