"""Cells as a spreadsheet shows them and as Tanlu writes them: the one formula escaper for every CSV and XLSX
Tanlu writes (:func:`neutralize_cell`, :class:`SafeSheet`), and the text Excel shows for a number or a value
python-calamine reads (:func:`render_number`, :func:`render_cell`). :mod:`tanlu.tabular` re-exports them: readers
and writers share one rendering, so a file Tanlu writes reads back to the same text."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

__all__ = ["SafeSheet", "neutralize_cell", "render_cell", "render_number"]

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralize_cell(value: str) -> str:
    """Make a cell safe to open in a spreadsheet (OWASP "CSV injection").

    Text starting with ``= + - @``, tab, CR or NUL gets a leading ``'`` so that spreadsheets show it as
    text. The one escaper for every CSV and XLSX Tanlu writes, headers included. Numbers that XLSX writers
    store as numbers need no escaping; in CSV every cell is text, so ``-5`` becomes ``'-5``.
    """
    if value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def render_number(value: float) -> str:
    """A float as Excel shows it: ``12000`` not ``12000.0``, 15 significant digits (no float noise)."""
    if math.isnan(value) or math.isinf(value):
        return ""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return format(value, ".15g")


def render_cell(value: object) -> str:
    """The text Excel would show for a value python-calamine returns (no float noise, ISO dates)."""
    text: str
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = render_number(value)
    elif isinstance(value, dt.datetime):
        midnight = value.time() == dt.time(0, 0)
        text = value.date().isoformat() if midnight else value.isoformat(sep=" ", timespec="seconds")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    return text.strip()


class SafeSheet:
    """An xlsxwriter worksheet written row by row: every string neutralized and stored as text, never a formula."""

    def __init__(self, workbook: Any, name: str, headers: list[str], header_style: Any = None) -> None:
        self.sheet = workbook.add_worksheet(name)
        self.row = 0
        self.write([*headers], header_style)

    def write(self, values: list[Any], style: Any = None) -> None:
        for column, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, bool):
                self.sheet.write_boolean(self.row, column, value, style)
            elif isinstance(value, int | float):
                self.sheet.write_number(self.row, column, value, style)
            else:
                self.sheet.write_string(self.row, column, neutralize_cell(str(value)), style)
        self.row += 1
