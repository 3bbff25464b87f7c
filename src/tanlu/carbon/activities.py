"""Activity data: validated, typed rows ready for the inventory calculation.

Columns (English or Chinese headers, see :mod:`tanlu.carbon.headers`): ``site, period_start, period_end,
activity, amount, unit`` and optionally ``instrument`` (empty; ``certificate`` for an energy attribute
certificate covering the amount; ``supplier:<activity key>`` for a supplier-specific factor) and ``note``.

Validation runs over whole columns with polars (no Python loop per row; only distinct values such as units or
activity keys are looked at one by one) and collects every problem before anything is used: a table with any
bad row raises :class:`~tanlu.errors.RowsRejected` naming each row, column, value and reason.

This module is the entry point; the work is done by modules named for what they hold:

* :mod:`~tanlu.carbon.activities_table` — the columns and :class:`Activities`;
* :mod:`~tanlu.carbon.activities_cells` — checks of one cell (dates, amounts, text);
* :mod:`~tanlu.carbon.activities_combos` — checks of activity, unit and instrument against the factors;
* :mod:`~tanlu.carbon.activities_validate` — validation of a frame, or of a table in slices;
* :mod:`~tanlu.carbon.activities_read` — reading files and tables of text cells.
"""

from __future__ import annotations

from tanlu.carbon.activities_cells import _amounts
from tanlu.carbon.activities_combos import _combo_problems, _instrument, activity_conversion
from tanlu.carbon.activities_read import parse_activity_rows, read_activities
from tanlu.carbon.activities_table import (
    ACTIVITY_COLUMNS,
    ACTIVITY_COLUMNS_ALL,
    EARLIEST,
    LATEST,
    OPTIONAL_COLUMNS,
    Activities,
)
from tanlu.carbon.activities_validate import SLICE_ROWS, validate_activities, validate_activity_slices

__all__ = [
    "ACTIVITY_COLUMNS",
    "ACTIVITY_COLUMNS_ALL",
    "EARLIEST",
    "LATEST",
    "OPTIONAL_COLUMNS",
    "SLICE_ROWS",
    "Activities",
    # the product model's readers (tanlu.carbon.products) check their activity rows with the same cell and
    # combination checks
    "_amounts",
    "_combo_problems",
    "_instrument",
    "activity_conversion",
    "parse_activity_rows",
    "read_activities",
    "validate_activities",
    "validate_activity_slices",
]
