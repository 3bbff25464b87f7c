"""Finding the header row of a sheet under its title rows, and refusing a sheet without one or with a column
named twice; shared by the whole-file reader (:mod:`tanlu.tabular`) and the batch readers (:mod:`tanlu.tabular_csv`,
:mod:`tanlu.tabular_xlsx`), so that both find the same header and give the same errors."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import NoReturn

from tanlu.decimals import looks_like_a_number
from tanlu.errors import FileFormatError

__all__ = ["header_index", "pad", "refuse_missing_header", "refuse_repeated_headers", "row_width"]

_DATE_LIKE = re.compile(
    r"(?:[0-9]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4})"
    r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
)


def _is_data(cell: str) -> bool:
    """A number or a date: what a header cell never is."""
    return looks_like_a_number(cell) or _DATE_LIKE.fullmatch(cell) is not None


def header_index(
    numbered: Sequence[tuple[int, list[str]]], title_rows: frozenset[int] | set[int]
) -> int | None:
    """Index of the first row that looks like a header (nearly as wide as the widest, no number or date),
    or ``None`` when no row of the first 30 does."""
    window = numbered[:30]
    widths = [sum(1 for cell in row if cell) for _, row in window]
    widest = max(widths, default=0)
    for index, ((number, row), width) in enumerate(zip(window, widths, strict=True)):
        if number in title_rows and width <= 1:
            continue
        if width >= max(min(2, widest), math.ceil(widest * 0.6)) and not any(map(_is_data, row)):
            return index
    return None


def refuse_missing_header(
    numbered: Sequence[tuple[int, list[str]]], name: str, sheet: str | None
) -> NoReturn:
    number, row = numbered[0]
    raise FileFormatError(
        "no header row: the first rows hold numbers or dates, not column names; "
        "add a row with the column names above the data",
        file=name,
        sheet=sheet,
        row=number,
        value=", ".join(cell for cell in row if cell)[:200],
    )


def refuse_repeated_headers(header: list[str], number: int, name: str, sheet: str | None) -> None:
    seen: dict[str, int] = {}
    for index, cell in enumerate(header, start=1):
        if not cell:
            continue
        if cell in seen:
            raise FileFormatError(
                f"the header names {cell!r} twice (columns {seen[cell]} and {index}); "
                "give each column its own name",
                file=name,
                sheet=sheet,
                row=number,
                column=cell,
            )
        seen[cell] = index


def row_width(row: Iterable[str]) -> int:
    cells = list(row)
    while cells and not cells[-1]:
        cells.pop()
    return len(cells)


def pad(row: list[str], width: int) -> list[str]:
    return (row + [""] * width)[:width]
