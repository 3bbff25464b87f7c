"""Reading CSV and XLSX files safely, with row numbers that errors can cite.

Everything a user uploads goes through :func:`read_table` (one sheet) or :func:`read_workbook_sheets`
(every sheet, e.g. an XLSForm's ``survey``/``choices``/``settings``). The file type is decided by content,
never by extension:

* XLSX: a zip holding ``[Content_Types].xml`` and ``xl/workbook.xml``. Before the workbook is opened its
  members are counted, their uncompressed size summed and their compression ratio checked (zip bombs), and
  every XML member is streamed once looking for ``<!DOCTYPE``/``<!ENTITY`` (entity expansion attacks); the
  small manifest parts are parsed with :mod:`defusedxml`. Macro-enabled (``.xlsm``) and binary (``.xlsb``)
  workbooks are refused. Cells are read with python-calamine.
* CSV: UTF-8 with or without BOM, else GBK/GB18030 (what Excel writes on Chinese Windows); anything else is
  a :class:`~tanlu.errors.FileFormatError`. NUL bytes, HTML/SVG/XML markup and known binary formats are
  refused; the delimiter is the most frequent of ``,`` ``;`` and tab in the first lines.

Cells come back as the text a user sees in Excel: surrounding whitespace stripped, ``12000`` not
``12000.0``, dates as ISO ``2024-01-05``, booleans as ``TRUE``/``FALSE``. Entirely blank rows are dropped;
``Table.row_numbers`` keeps the 1-based row (XLSX) or line (CSV) of every data row in the original file.

Header detection skips title rows above the table (a merged ``2024年能源消耗台账`` banner, a ``单位：吨``
note, blank rows): the header is the first of the first 30 rows that has at least 60% as many non-empty
cells as the widest of them (and at least two) and is mostly text rather than numbers. Without detection
the first non-blank row is the header.

The module also holds the helpers every import and export shares: :func:`neutralize_cell`
(spreadsheet formula injection), :class:`SafeSheet` (an XLSX sheet that writes through it) and
:func:`decimal_from_text` (the one grammar for decimal input).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine
from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from tanlu.errors import FileFormatError, InputError

__all__ = [
    "DEFAULT_LIMITS",
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


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:[,，'’ _][0-9]{3})+(?:\.[0-9]*)?")
_NOT_A_NUMBER = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_BOOLEANS = {"true", "false", "yes", "no"}


def decimal_from_text(
    text: str,
    *,
    file: str | None = None,
    row: int | None = None,
    column: str | None = None,
    sheet: str | None = None,
) -> float:
    """Parse decimal input with Tanlu's one grammar: ``[+-] digits [. digits] [e|E [+-] digits]``.

    Surrounding whitespace is ignored. Refused with an :class:`InputError` naming file, row, column and
    value: empty text, NaN, Infinity, booleans, thousands separators (``1,234``), full-width or other
    non-ASCII digits, and exponents out of the float range (``1e400``, or ``1e-400`` which would silently
    become 0).
    """

    def refuse(reason: str) -> InputError:
        return InputError(reason, file=file, sheet=sheet, row=row, column=column, value=str(text))

    if not isinstance(text, str) or isinstance(text, bool):
        raise refuse(f"a number must be given as text, not {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise refuse("a number is required but the cell is empty")
    lowered = stripped.lower()
    if lowered in _NOT_A_NUMBER:
        raise refuse("not a number: NaN and Infinity are not accepted")
    if lowered in _BOOLEANS:
        raise refuse("a number is required, not a yes/no value")
    if _DECIMAL.fullmatch(stripped) is None:
        if _THOUSANDS.fullmatch(stripped):
            raise refuse("thousands separators are not accepted: write 1234.5, not 1,234.5")
        raise refuse("not a number: expected digits with an optional sign, decimal point and exponent")
    value = float(stripped)
    if math.isinf(value):
        raise refuse("number out of range")
    if value == 0.0 and any(ch in "123456789" for ch in stripped.split("e")[0].split("E")[0]):
        raise refuse("number out of range (too close to zero)")
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
    """Read one table from CSV or XLSX bytes or a path: the named ``sheet``, else the first with data."""
    data, name = _load(source, filename, limits)
    if _is_zip(data):
        wanted = [sheet] if sheet else None
        sheets = _read_xlsx(data, name, wanted, max_rows=max_rows, detect=header_detection, limits=limits)
        if sheet:
            return sheets[sheet]
        for table in sheets.values():
            if table.headers:
                return table
        return next(iter(sheets.values()))
    if sheet:
        raise FileFormatError(f"sheet {sheet!r} was asked for, but a CSV file has no sheets", file=name)
    return _read_csv(data, name, max_rows=max_rows, detect=header_detection, limits=limits)


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


def _check_zip(data: bytes, name: str, limits: ReadLimits) -> None:
    """Refuse zip bombs, entity declarations, macros and non-workbooks before an XLSX parser sees them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileFormatError("damaged zip archive: not a readable XLSX file", file=name) from None
    with archive:
        members = archive.infolist()
        _check_members(members, name, limits)
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                _scan_xml_member(archive, member, name)
        for manifest in ("[Content_Types].xml", "xl/workbook.xml"):
            _check_manifest(archive.read(manifest), manifest, name)


def _check_members(members: list[zipfile.ZipInfo], name: str, limits: ReadLimits) -> None:
    if len(members) > limits.max_zip_members:
        raise FileFormatError(f"the workbook has more than {limits.max_zip_members} parts", file=name)
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names:
        raise FileFormatError("a zip archive, but not an Excel workbook", file=name)
    if "xl/workbook.bin" in names:
        raise FileFormatError("binary workbooks (.xlsb) are not supported; save it as .xlsx", file=name)
    if "xl/workbook.xml" not in names:
        raise FileFormatError("a zip archive, but not an Excel workbook (.xlsx)", file=name)
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise FileFormatError(_MACROS, file=name)
    total = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if total > limits.max_uncompressed_bytes:
        limit = limits.max_uncompressed_bytes
        raise FileFormatError(f"the workbook expands to {total} bytes, over the limit of {limit}", file=name)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_floor_bytes and ratio > limits.max_compression_ratio:
            part = member.filename
            raise FileFormatError(
                f"suspicious compression ratio {ratio:.0f}:1 in {part!r} (zip bomb?)", file=name
            )
    if total > limits.ratio_floor_bytes and total / max(packed, 1) > limits.max_compression_ratio:
        raise FileFormatError("suspicious overall compression ratio (zip bomb?)", file=name)


_MACROS = "macro-enabled workbooks (.xlsm) are refused; save it as .xlsx"


def _check_manifest(xml: bytes, manifest: str, name: str) -> None:
    try:
        root = SafeElementTree.fromstring(xml)
    except DefusedXmlException:
        raise FileFormatError(f"XML entity declarations are refused ({manifest})", file=name) from None
    except SafeElementTree.ParseError:
        raise FileFormatError(f"damaged workbook: {manifest} is not valid XML", file=name) from None
    for element in root.iter():
        if "macroenabled" in (element.get("ContentType") or "").lower():
            raise FileFormatError(_MACROS, file=name)


def _scan_xml_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Stream one XML part looking for DTDs and entity declarations (zipfile verifies size and CRC)."""
    tail = b""
    declared = False
    try:
        with archive.open(member) as stream:
            while not declared and (chunk := stream.read(1 << 20)):
                window = tail + chunk
                declared = b"<!DOCTYPE" in window or b"<!ENTITY" in window
                tail = window[-16:]
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib.error):
        raise FileFormatError(f"damaged workbook part {member.filename!r}", file=name) from None
    if declared:
        raise FileFormatError(
            f"XML entity or DOCTYPE declarations are refused ({member.filename})", file=name
        )


def _read_xlsx(
    data: bytes,
    name: str,
    wanted: list[str] | None,
    *,
    max_rows: int,
    detect: bool,
    limits: ReadLimits,
) -> dict[str, Table]:
    _check_zip(data, name, limits)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        worksheet = python_calamine.SheetTypeEnum.WorkSheet
        names = [meta.name for meta in workbook.sheets_metadata if meta.typ == worksheet]
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
        return tables
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


def _sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    counts = {delimiter: sum(line.count(delimiter) for line in lines) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _read_csv(data: bytes, name: str, *, max_rows: int, detect: bool, limits: ReadLimits) -> Table:
    text, encoding = _decode(data, name)
    if any(ord(ch) < 32 and ch not in "\t\r\n\x0c" for ch in text[:65536]):
        raise FileFormatError("the file contains control characters: not a text CSV file", file=name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text), strict=False)
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
    return _build_table(numbered, name, None, encoding=encoding, max_rows=max_rows, detect=detect)


# ---------------------------------------------------------------------------------------------- header


def _looks_numeric(cell: str) -> bool:
    try:
        decimal_from_text(cell)
    except InputError:
        return False
    return True


def _header_index(numbered: Sequence[tuple[int, list[str]]], title_rows: frozenset[int] | set[int]) -> int:
    """Index of the first row that looks like a header: nearly as wide as the widest, mostly text."""
    window = numbered[:30]
    widths = [sum(1 for cell in row if cell) for _, row in window]
    widest = max(widths, default=0)
    if widest <= 1:
        return 0
    for index, ((number, row), width) in enumerate(zip(window, widths, strict=True)):
        if number in title_rows and width <= 1:
            continue
        texts = sum(1 for cell in row if cell and not _looks_numeric(cell))
        if width >= max(2, math.ceil(widest * 0.6)) and texts * 2 >= width:
            return index
    return 0


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
    header_number, header = numbered[start]
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
