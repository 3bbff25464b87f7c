"""The table every reader returns (:class:`Table`: a header, the data rows under it and their row numbers in the
file), and how the whole-file readers of :mod:`tanlu.tabular` build one from a sheet's or file's numbered rows.
:mod:`tanlu.tabular` exports these names; callers import them from there.
"""

from __future__ import annotations

from dataclasses import dataclass

from tanlu.errors import FileFormatError, InputError
from tanlu.tabular_header import header_index, pad, refuse_missing_header, refuse_repeated_headers, row_width

__all__ = ["NO_DATA_ROWS", "Table", "build_table"]

NO_DATA_ROWS = "the file has no data rows"


@dataclass(frozen=True)
class Table:
    """One sheet (or CSV file) as text: a header and the data rows under it, all padded to the same width."""

    filename: str
    sheet: str | None
    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    encoding: str | None
    #: 1-based row (XLSX) or line (CSV) of the header in the original file
    header_row: int = 1

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[str]:
        """Every data cell under the header ``name`` (the first column of that name)."""
        try:
            index = self.headers.index(name)
        except ValueError:
            raise InputError("no such column", file=self.filename, sheet=self.sheet, column=name) from None
        return [row[index] for row in self.rows]

    def records(self) -> list[dict[str, str]]:
        """The data rows as ``{header: cell}`` dictionaries (later duplicate headers win)."""
        return [dict(zip(self.headers, row, strict=True)) for row in self.rows]


def build_table(
    numbered: list[tuple[int, list[str]]],
    name: str,
    sheet: str | None,
    *,
    encoding: str | None = None,
    max_rows: int,
    detect: bool,
    title_rows: frozenset[int] | set[int] = frozenset(),
) -> Table:
    """A table from ``numbered`` rows (each its 1-based row or line number and its cells): the header found under
    any title rows (with ``detect``; ``title_rows`` hold merged banners), blank rows dropped, every row padded to
    the widest; a missing or repeated header and more than ``max_rows`` data rows are refused."""
    numbered = [(number, row) for number, row in numbered if any(row)]
    if not numbered:
        return Table(name, sheet, [], [], [], encoding, 1)
    start = header_index(numbered, title_rows) if detect else 0
    if start is None:
        refuse_missing_header(numbered, name, sheet)
    header_number, header = numbered[start]
    refuse_repeated_headers(header, header_number, name, sheet)
    body = [(number, row) for number, row in numbered[start + 1 :] if any(row)]
    if len(body) > max_rows:
        where = f"sheet {sheet!r}" if sheet else "the file"
        raise FileFormatError(f"{where} has more than {max_rows} data rows", file=name)
    width = max([row_width(header), *(row_width(row) for _, row in body)])
    return Table(
        filename=name,
        sheet=sheet,
        headers=pad(header, width),
        rows=[pad(row, width) for _, row in body],
        row_numbers=[number for number, _ in body],
        encoding=encoding,
        header_row=header_number,
    )
