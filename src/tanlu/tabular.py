"""Reading CSV and XLSX files safely, with row numbers that errors can cite.

Everything a user uploads goes through :func:`read_table` (one sheet) or :func:`read_workbook_sheets`
(every sheet, e.g. an XLSForm's ``survey``/``choices``/``settings``). The file type is decided by content,
never by extension:

* XLSX: a zip holding ``[Content_Types].xml`` and ``xl/workbook.xml``, checked by
  :mod:`tanlu.xlsx_package` before it is opened (zip bombs, entity declarations; macro-enabled and binary
  workbooks are refused, judged by the workbook part's content type and the parts present). Cells are read
  with python-calamine.
* CSV: UTF-8 with or without BOM, else GBK/GB18030 (what Excel writes on Chinese Windows); anything else is
  a :class:`~tanlu.errors.FileFormatError`. NUL bytes, HTML/SVG/XML markup and known binary formats are
  refused. The delimiter (``,`` ``;`` or tab) is decided from the header line and confirmed on the rows: a
  delimiter that does not split the first non-blank line is not the file's (``site`` over ``Plant;1`` is
  one column holding ``Plant;1``), and a row with more cells than the header is refused, never cut.

Cells come back as the text a user sees in Excel: surrounding whitespace stripped, ``12000`` not
``12000.0``, dates as ISO ``2024-01-05``, booleans as ``TRUE``/``FALSE``. Entirely blank rows are dropped;
``Table.row_numbers`` keeps the 1-based row (XLSX) or line (CSV) of every data row in the original file.

Header detection skips title rows above the table (a merged ``2024年能源消耗台账`` banner, a ``单位：吨``
note, blank rows): the header is the first of the first 30 rows that has at least 60% as many non-empty
cells as the widest of them (and at least two) and holds no number or date. A file where no such row
exists has no header row and is refused (its first data row would otherwise become the header). Without
detection the first non-blank row is the header. Either way a header naming one column twice is refused,
and :func:`read_table` refuses a table without data rows.

The helpers every import and export shares are re-exported here: :func:`neutralize_cell` (spreadsheet formula
injection), :class:`SafeSheet` (an XLSX sheet that writes through it) and the cell rendering, from
:mod:`tanlu.cells`; :func:`decimal_from_text` (the one grammar for decimal input) from :mod:`tanlu.decimals`. The
text decoding is :mod:`tanlu.tabular_decode`, the header detection :mod:`tanlu.tabular_header`, the
:class:`Table` record and its building from numbered rows :mod:`tanlu.tabular_table`.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from tanlu.cells import SafeSheet, neutralize_cell, render_cell, render_number
from tanlu.decimals import decimal_from_text
from tanlu.errors import FileFormatError
from tanlu.tabular_decode import decode
from tanlu.tabular_header import row_width
from tanlu.tabular_table import NO_DATA_ROWS, Table, build_table
from tanlu.xlsx_package import check_workbook_package

__all__ = [
    "DEFAULT_LIMITS",
    "NO_DATA_ROWS",
    "ReadLimits",
    "SafeSheet",
    "Table",
    "decimal_from_text",
    "neutralize_cell",
    "read_table",
    "read_workbook_sheets",
    "render_cell",
    "render_number",
]


@dataclass(frozen=True)
class ReadLimits:
    """Caps that keep a hostile or accidental upload from exhausting memory."""

    max_file_bytes: int = 100 * 1024 * 1024
    max_columns: int = 1_000
    max_zip_members: int = 2_000
    max_uncompressed_bytes: int = 400 * 1024 * 1024
    #: uncompressed:compressed size, checked per member over ``ratio_floor_bytes`` and for the whole archive
    max_compression_ratio: float = 150.0
    ratio_floor_bytes: int = 1024 * 1024


DEFAULT_LIMITS = ReadLimits()


# ---------------------------------------------------------------------------------------- entry points


def read_table(
    source: Path | bytes,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    max_rows: int = 1_000_000,
    header_detection: bool = True,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Table:
    """Read one table from CSV or XLSX bytes or a path: the named ``sheet``, else the first with data.

    A table without data rows (an empty sheet, a header alone) is refused: every caller needs rows.
    """
    data, name = _load(source, filename, limits)
    if _is_zip(data):
        wanted = [sheet] if sheet else None
        sheets = _read_xlsx(
            data, name, wanted, max_rows=max_rows, detect=header_detection, limits=limits, first=not sheet
        )
        table = sheets[sheet] if sheet else next(iter(sheets.values()))
    elif sheet:
        raise FileFormatError(f"sheet {sheet!r} was asked for, but a CSV file has no sheets", file=name)
    else:
        table = _read_csv(data, name, max_rows=max_rows, detect=header_detection, limits=limits)
    if not table.rows:
        raise FileFormatError(NO_DATA_ROWS, file=name, sheet=table.sheet)
    return table


def read_workbook_sheets(
    source: Path | bytes,
    *,
    filename: str | None = None,
    sheets: Sequence[str] | None = None,
    max_rows: int = 1_000_000,
    header_detection: bool = True,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> dict[str, Table]:
    """Read every sheet (or the named ``sheets``, which must exist) of a workbook, in workbook order.

    A CSV file is one sheet named after the file's stem (``survey.csv`` -> ``survey``), or ``Sheet1``.
    """
    data, name = _load(source, filename, limits)
    if _is_zip(data):
        wanted = list(sheets) if sheets else None
        return _read_xlsx(data, name, wanted, max_rows=max_rows, detect=header_detection, limits=limits)
    table = _read_csv(data, name, max_rows=max_rows, detect=header_detection, limits=limits)
    stem = Path(name).stem if filename or isinstance(source, Path) else "Sheet1"
    if sheets and list(sheets) != [stem]:
        raise FileFormatError(f"a CSV file holds one sheet ({stem!r}), not {list(sheets)!r}", file=name)
    return {stem: table}


# -------------------------------------------------------------------------------------------- sniffing

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0", "an old binary Excel (.xls) or Office file; save it as .xlsx or CSV"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
_MARKUP = re.compile(rb"\s*(?:<\?xml|<!doctype|<html|<svg|<head|<body|<table|<script|<!--)", re.IGNORECASE)


def _load(source: Path | bytes, filename: str | None, limits: ReadLimits) -> tuple[bytes, str]:
    if isinstance(source, Path):
        name = filename or source.name
        try:
            size = source.stat().st_size
            if size > limits.max_file_bytes:
                raise FileFormatError(f"file is larger than {limits.max_file_bytes} bytes", file=name)
            data = source.read_bytes()
        except OSError as error:
            raise FileFormatError(f"cannot read the file: {error.strerror}", file=name) from None
    elif isinstance(source, bytes | bytearray | memoryview):
        name = filename or "upload"
        data = bytes(source)
    else:
        raise TypeError("source must be a pathlib.Path or bytes")
    if len(data) > limits.max_file_bytes:
        raise FileFormatError(f"file is larger than {limits.max_file_bytes} bytes", file=name)
    if not data.strip():
        raise FileFormatError("the file is empty", file=name)
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise FileFormatError(f"not a CSV or XLSX file: this is {what}", file=name)
    if _MARKUP.match(data.removeprefix(b"\xef\xbb\xbf")):
        raise FileFormatError("not a CSV or XLSX file: this is HTML, SVG or XML markup", file=name)
    return data, name


def _is_zip(data: bytes) -> bool:
    return data.startswith((b"PK\x03\x04", b"PK\x05\x06"))


# ------------------------------------------------------------------------------------------------ XLSX

_CALAMINE_ERRORS: tuple[type[Exception], ...] = (
    python_calamine.CalamineError,
    python_calamine.ZipError,
    python_calamine.XmlError,
    python_calamine.PasswordError,
    python_calamine.WorksheetNotFound,
)


def _read_xlsx(
    data: bytes,
    name: str,
    wanted: list[str] | None,
    *,
    max_rows: int,
    detect: bool,
    limits: ReadLimits,
    first: bool = False,
) -> dict[str, Table]:
    """The sheets asked for (all when ``wanted`` is None), or with ``first`` the first sheet with data."""
    check_workbook_package(data, name, limits)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        worksheet = python_calamine.SheetTypeEnum.WorkSheet
        names = [meta.name for meta in workbook.sheets_metadata if meta.typ == worksheet]
        if not names:
            raise FileFormatError("the workbook has no worksheets", file=name)
        if wanted:
            missing = [sheet for sheet in wanted if sheet not in names]
            if missing:
                present = ", ".join(repr(n) for n in names)
                raise FileFormatError(f"no sheet named {missing[0]!r}; the workbook has {present}", file=name)
            names = list(wanted)
        tables: dict[str, Table] = {}
        for sheet_name in names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            if sheet.height > max_rows + 50:
                raise FileFormatError(f"sheet {sheet_name!r} has more than {max_rows} rows", file=name)
            if sheet.width > limits.max_columns:
                cap = limits.max_columns
                raise FileFormatError(f"sheet {sheet_name!r} has more than {cap} columns", file=name)
            first_row = (sheet.start or (0, 0))[0]
            merged = sheet.merged_cell_ranges or []
            title_rows = {r + 1 for (r0, c0), (r1, c1) in merged if c1 > c0 for r in range(r0, r1 + 1)}
            numbered = [
                (first_row + index + 1, [render_cell(value) for value in row])
                for index, row in enumerate(sheet.to_python())
            ]
            tables[sheet_name] = build_table(
                numbered, name, sheet_name, max_rows=max_rows, detect=detect, title_rows=title_rows
            )
            if first and tables[sheet_name].headers:
                return {sheet_name: tables[sheet_name]}
        return dict(itertools.islice(tables.items(), 1)) if first else tables
    except _CALAMINE_ERRORS as error:
        raise FileFormatError(f"cannot read the workbook: {error}", file=name) from None


# ------------------------------------------------------------------------------------------------- CSV


_DELIMITERS = (",", ";", "\t")
#: the delimiter of a one-column file: NUL, which a decoded CSV never holds (it is refused), so every line is
#: one cell whatever it contains (``Plant;1``, ``;``), and a quoted cell still loses its quotes
_ONE_COLUMN = "\0"
_SAMPLE_RECORDS = 50


def _records(text: str, delimiter: str) -> list[list[str]]:
    """The first records of ``text`` split by ``delimiter`` (quotes respected), skipping empty lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records: list[list[str]] = []
    try:
        for record in reader:
            if len(record) > 1 or (record and record[0].strip()):  # a line of delimiters counts
                records.append(record)
                if len(records) == _SAMPLE_RECORDS:
                    break
    except csv.Error:
        pass  # the full read reports it with its line
    return records


def _choose_delimiter(text: str) -> str:
    """The delimiter that splits the header line (the first non-blank line) and fits the rows under it.

    Only a delimiter that splits the header line can be the file's. When several do, the one under which
    most of the first rows fit the header's width wins (then the one most rows match exactly, then ``,``
    before ``;`` before tab). When none does, the file has one column.
    """
    sample = text[: 1 << 20]
    best, best_score = _ONE_COLUMN, (-1, -1)
    for delimiter in _DELIMITERS:
        if delimiter not in sample:
            continue
        records = _records(sample, delimiter)
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        score = (
            sum(1 for record in records[1:] if row_width(record) <= width),
            sum(1 for record in records[1:] if len(record) == width),
        )
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, name: str, *, max_rows: int, detect: bool, limits: ReadLimits) -> Table:
    text, encoding = decode(data, name)
    if any(ord(ch) < 32 and ch not in "\t\r\n\x0c" for ch in text[:65536]):
        raise FileFormatError("the file contains control characters: not a text CSV file", file=name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_choose_delimiter(text), strict=False)
    numbered: list[tuple[int, list[str]]] = []
    previous_line = 0
    try:
        for record in reader:
            line = previous_line + 1
            previous_line = reader.line_num
            if len(record) > limits.max_columns:
                raise FileFormatError(f"line {line} has more than {limits.max_columns} columns", file=name)
            if len(numbered) > max_rows + 50:
                raise FileFormatError(f"the file has more than {max_rows} rows", file=name)
            cells = [cell.strip() for cell in record]
            if any(cells):
                numbered.append((line, cells))
    except csv.Error as error:
        raise FileFormatError(f"malformed CSV near line {previous_line + 1}: {error}", file=name) from None
    table = build_table(numbered, name, None, encoding=encoding, max_rows=max_rows, detect=detect)
    _check_row_widths(numbered, table, name)
    return table


def _check_row_widths(numbered: list[tuple[int, list[str]]], table: Table, name: str) -> None:
    """Refuse a data line with more cells than the header line: its extra cells would have no column."""
    if not table.rows:
        return
    header = next(row for number, row in numbered if number == table.header_row)
    for number, row in numbered:
        if number > table.header_row and row_width(row) > len(header):
            raise FileFormatError(
                f"line {number} has {row_width(row)} cells but the header on line {table.header_row} has "
                f"{len(header)}; put a cell that holds the delimiter in double quotes",
                file=name,
                row=number,
            )
