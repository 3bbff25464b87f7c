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

The module also holds the helpers every import and export shares: :func:`neutralize_cell`
(spreadsheet formula injection) and :class:`SafeSheet` (an XLSX sheet that writes through it);
:func:`decimal_from_text` (the one grammar for decimal input, :mod:`tanlu.decimals`) is re-exported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import python_calamine

from tanlu.decimals import decimal_from_text, looks_like_a_number
from tanlu.errors import FileFormatError, InputError
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


# --------------------------------------------------------------------------------------------- helpers

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
            tables[sheet_name] = _build_table(
                numbered, name, sheet_name, max_rows=max_rows, detect=detect, title_rows=title_rows
            )
            if first and tables[sheet_name].headers:
                return {sheet_name: tables[sheet_name]}
        return dict(itertools.islice(tables.items(), 1)) if first else tables
    except _CALAMINE_ERRORS as error:
        raise FileFormatError(f"cannot read the workbook: {error}", file=name) from None


# ------------------------------------------------------------------------------------------------- CSV


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if b"\x00" in data:
        raise FileFormatError(
            "the file contains NUL bytes (binary, or UTF-16 text); save it as CSV UTF-8 or as .xlsx",
            file=name,
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise FileFormatError(f"invalid UTF-8 at byte {error.start + 3}", file=name) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in ("gbk", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible_chinese(text):
            return text, encoding
    raise FileFormatError(
        "unknown text encoding: save the file as CSV UTF-8 (or GBK/GB18030 from Excel in Chinese)", file=name
    )


_CJK_RANGES = (
    ("\u2e80", "\u2fdf"),  # radicals
    ("\u3000", "\u303f"),  # CJK punctuation
    ("\u3400", "\u4dbf"),  # extension A
    ("\u4e00", "\u9fff"),  # unified ideographs
    ("\uf900", "\ufaff"),  # compatibility ideographs
    ("\uff00", "\uffef"),  # full-width forms
    ("\U00020000", "\U0003134f"),  # extensions B to G (GB18030 four-byte)
)


def _plausible_chinese(text: str) -> bool:
    """GBK decodes many byte strings; accept it only when the non-ASCII text reads as Chinese.

    Most of it must be CJK, and most of that in the GB2312 area (both bytes 0xA1-0xFE) where common
    characters live: Latin-1 text decoded as GBK gives rare extension characters (an accented letter followed
    by an ASCII letter makes a pair whose second byte is below 0xA1).
    """
    foreign = [ch for ch in text[:200_000] if ord(ch) > 0x7F]  # a sample is enough, and keeps it fast
    if not foreign:
        return True
    cjk = sum(1 for ch in foreign if any(low <= ch <= high for low, high in _CJK_RANGES))
    common = sum(1 for ch in foreign if _in_gb2312(ch))
    return cjk / len(foreign) >= 0.9 and common / len(foreign) >= 0.6


def _in_gb2312(ch: str) -> bool:
    try:
        encoded = ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xA1 <= encoded[0] <= 0xF7 and 0xA1 <= encoded[1] <= 0xFE


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
            sum(1 for record in records[1:] if _width(record) <= width),
            sum(1 for record in records[1:] if len(record) == width),
        )
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, name: str, *, max_rows: int, detect: bool, limits: ReadLimits) -> Table:
    text, encoding = _decode(data, name)
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
    table = _build_table(numbered, name, None, encoding=encoding, max_rows=max_rows, detect=detect)
    _check_row_widths(numbered, table, name)
    return table


def _check_row_widths(numbered: list[tuple[int, list[str]]], table: Table, name: str) -> None:
    """Refuse a data line with more cells than the header line: its extra cells would have no column."""
    if not table.rows:
        return
    header = next(row for number, row in numbered if number == table.header_row)
    for number, row in numbered:
        if number > table.header_row and _width(row) > len(header):
            raise FileFormatError(
                f"line {number} has {_width(row)} cells but the header on line {table.header_row} has "
                f"{len(header)}; put a cell that holds the delimiter in double quotes",
                file=name,
                row=number,
            )


# ---------------------------------------------------------------------------------------------- header

NO_DATA_ROWS = "the file has no data rows"
_DATE_LIKE = re.compile(
    r"(?:[0-9]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4})"
    r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
)


def _is_data(cell: str) -> bool:
    """A number or a date: what a header cell never is."""
    return looks_like_a_number(cell) or _DATE_LIKE.fullmatch(cell) is not None


def _header_index(
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


def _refuse_missing_header(
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


def _refuse_repeated_headers(header: list[str], number: int, name: str, sheet: str | None) -> None:
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


def _build_table(
    numbered: list[tuple[int, list[str]]],
    name: str,
    sheet: str | None,
    *,
    encoding: str | None = None,
    max_rows: int,
    detect: bool,
    title_rows: frozenset[int] | set[int] = frozenset(),
) -> Table:
    numbered = [(number, row) for number, row in numbered if any(row)]
    if not numbered:
        return Table(name, sheet, [], [], [], encoding, 1)
    start = _header_index(numbered, title_rows) if detect else 0
    if start is None:
        _refuse_missing_header(numbered, name, sheet)
    header_number, header = numbered[start]
    _refuse_repeated_headers(header, header_number, name, sheet)
    body = [(number, row) for number, row in numbered[start + 1 :] if any(row)]
    if len(body) > max_rows:
        where = f"sheet {sheet!r}" if sheet else "the file"
        raise FileFormatError(f"{where} has more than {max_rows} data rows", file=name)
    width = max([_width(header), *(_width(row) for _, row in body)])
    return Table(
        filename=name,
        sheet=sheet,
        headers=_pad(header, width),
        rows=[_pad(row, width) for _, row in body],
        row_numbers=[number for number, _ in body],
        encoding=encoding,
        header_row=header_number,
    )


def _width(row: Iterable[str]) -> int:
    cells = list(row)
    while cells and not cells[-1]:
        cells.pop()
    return len(cells)


def _pad(row: list[str], width: int) -> list[str]:
    return (row + [""] * width)[:width]


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
