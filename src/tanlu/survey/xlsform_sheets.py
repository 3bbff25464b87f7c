"""Finding an XLSForm's sheets and columns as pyxform does, whatever tool wrote the workbook.

* Sheets: ``survey``, ``choices``, ``settings`` in any case (``SURVEY``, ``Choices``); a workbook whose only
  sheet has another name is that sheet as the survey; sheets whose name starts with ``_`` are ignored.
* Columns, in any case, with pyxform's aliases (``caption`` for ``label``, ``relevance``, ``bind::relevant``,
  ``jr:constraintMsg``, ``calculate`` for ``calculation``, ``list name`` for ``list_name``...); translated
  columns with one or two colons (``label::English (en)``, ``label:english``, ``hint :: 中文``).
* Files: ``.xlsx`` (through :mod:`tanlu.tabular`), old binary ``.xls`` (read with python-calamine), and the
  pyxform CSV or Markdown text layouts (the first column names the sheet).
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import python_calamine

from tanlu.errors import InputError
from tanlu.tabular import Table, read_table, read_workbook_sheets

__all__ = [
    "Builder",
    "Columns",
    "canonical_sheets",
    "language_code",
    "language_spec",
    "read_sheets",
]

_LANGUAGE_NAMES = {
    "en": "English",
    "zh": "Chinese",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "ja": "Japanese",
    "ko": "Korean",
    "pt": "Portuguese",
    "it": "Italian",
    "ru": "Russian",
    "ar": "Arabic",
    "th": "Thai",
    "vi": "Vietnamese",
}
_CODES_BY_NAME = {name.lower(): code for code, name in _LANGUAGE_NAMES.items()} | {"中文": "zh", "英文": "en"}
#: translated columns: header (lower case, any alias) -> the base Tanlu reads
TRANSLATED = {
    "label": "label",
    "caption": "label",
    "hint": "hint",
    "guidance_hint": "guidance_hint",
    "constraint_message": "constraint_message",
    "constraining_message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "required_message": "required_message",
    "jr:requiredmsg": "required_message",
    "form_title": "form_title",
    "media::image": "image",
    "media::audio": "audio",
    "media::video": "video",
    "image": "image",
    "audio": "audio",
    "video": "video",
    "big-image": "big-image",
}
#: plain columns: alias (lower case) -> the name Tanlu reads
_PLAIN = {
    "relevance": "relevant",
    "calculate": "calculation",
    "list name": "list_name",
    "command": "type",
    "tag": "name",
    "set_form_title": "form_title",
    "set_form_id": "form_id",
    "id_string": "form_id",
    "choice filter": "choice_filter",
}
_PREFIXES = ("bind::", "control::", "body::", "bind:", "control:")
_SPEC = re.compile(r"\s*::?\s*(?P<spec>\S.*)")


def language_code(spec: str) -> str:
    """``'English (en)'`` -> ``'en'``; ``'Chinese'`` -> ``'zh'``; an unknown bare name is lower-cased."""
    spec = spec.strip()
    match = re.fullmatch(r".*?\(\s*([A-Za-z][A-Za-z0-9_\-]*)\s*\)", spec)
    if match:
        return match.group(1)
    return _CODES_BY_NAME.get(spec.lower(), spec.lower())


def language_spec(code: str) -> str:
    """``'zh'`` -> ``'Chinese (zh)'``, the form pyxform and Kobo write."""
    return f"{_LANGUAGE_NAMES.get(code, code)} ({code})"


def header_key(header: str) -> tuple[str, str | None]:
    """A column header as ``(base, language spec or None)``: ``'Label:English (en)'`` -> ``('label', ...)``."""
    text = " ".join(header.strip().split())
    lowered = text.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix):
            text, lowered = text[len(prefix) :], lowered[len(prefix) :]
            break
    if lowered in TRANSLATED:
        return TRANSLATED[lowered], None
    for alias in sorted(TRANSLATED, key=len, reverse=True):
        if lowered.startswith(alias):
            match = _SPEC.fullmatch(text[len(alias) :])
            if match:
                return TRANSLATED[alias], match.group("spec")
    return _PLAIN.get(lowered, lowered), None


@dataclass
class Builder:
    """Mutable state while reading a form: languages met, names and rows seen, rows kept but not asked."""

    file: str
    languages: list[str] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)
    scopes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> the groups that hold it

    def error(
        self, reason: str, *, sheet: str, row: int | None, column: str | None, value: str | None = None
    ) -> InputError:
        return InputError(reason, file=self.file, sheet=sheet, row=row, column=column, value=value)

    def note_language(self, code: str) -> None:
        if code not in self.languages:
            self.languages.append(code)


@dataclass(frozen=True)
class Columns:
    """Where each column of a sheet is: plain columns by name, translated ones by (base, language code)."""

    plain: dict[str, int]
    translated: dict[tuple[str, str], int]

    @classmethod
    def of(cls, table: Table, default_language: str, builder: Builder) -> Columns:
        plain: dict[str, int] = {}
        translated: dict[tuple[str, str], int] = {}
        for index, header in enumerate(table.headers):
            base, spec = header_key(header)
            if not base:
                continue
            if spec is not None:
                code = language_code(spec)
                if base in {"label", "hint", "constraint_message", "form_title"}:
                    builder.note_language(code)
                translated.setdefault((base, code), index)
            else:
                plain.setdefault(base, index)
        for base in sorted(set(TRANSLATED.values())):
            if base in plain:  # a plain ``label`` is in the default language, unless that has its own column
                translated.setdefault((base, default_language), plain[base])
                if base in {"label", "hint", "constraint_message", "form_title"}:
                    builder.note_language(default_language)
        return cls(plain, translated)

    def get(self, row: list[str], column: str) -> str:
        index = self.plain.get(column)
        return row[index].strip() if index is not None else ""

    def texts(self, row: list[str], base: str) -> dict[str, str]:
        texts: dict[str, str] = {}
        for (name, code), index in self.translated.items():
            if name == base and row[index].strip() and code not in texts:
                texts[code] = row[index].strip()
        return texts


def canonical_sheets(sheets: Mapping[str, Table]) -> dict[str, Table]:
    """The sheets by pyxform's names: lower case, ``_`` sheets left out, a lone sheet as the survey."""
    found: dict[str, Table] = {}
    for name, table in sheets.items():
        key = name.strip().lower()
        if key.startswith("_") or key in found:
            continue
        found[key] = table
    if "survey" not in found and len(found) == 1:
        return {"survey": next(iter(found.values()))}
    return found


def read_sheets(raw: bytes, name: str) -> dict[str, Table]:
    """Every sheet of an ``.xlsx``, ``.xls`` or pyxform text file, by its name in the file."""
    if raw.startswith(b"PK"):
        return read_workbook_sheets(raw, filename=name, header_detection=False)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return _xls_sheets(raw, name)
    return _text_sheets(raw, name)


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return "" if value is None else str(value)


def _xls_sheets(raw: bytes, name: str) -> dict[str, Table]:
    """An old binary ``.xls`` workbook: the first non-empty row of each sheet is its header."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        tables: dict[str, Table] = {}
        for sheet_name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            first = (sheet.start or (0, 0))[0]
            rows = [(first + i + 1, [_cell(v) for v in row]) for i, row in enumerate(sheet.to_python())]
            rows = [(number, cells) for number, cells in rows if any(c.strip() for c in cells)]
            if rows:
                tables[sheet_name] = _table(name, sheet_name, rows)
        return tables
    except (python_calamine.CalamineError, ValueError, OSError) as error:
        raise InputError(f"cannot read the .xls workbook: {error}", file=name) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # calamine's Rust panics on a damaged file come as pyo3's PanicException
        raise InputError("cannot read the .xls workbook: the file is damaged", file=name) from None


def _table(name: str, sheet: str, rows: list[tuple[int, list[str]]]) -> Table:
    (header_row, header), body = rows[0], rows[1:]
    width = max(len(cells) for _, cells in rows)
    return Table(
        name,
        sheet,
        _pad(header, width),
        [_pad(c, width) for _, c in body],
        [n for n, _ in body],
        None,
        header_row,
    )


def _text_sheets(raw: bytes, name: str) -> dict[str, Table]:
    """Split pyxform's CSV or Markdown layout (sheet name in the first column) into tables."""
    text = raw.decode("utf-8-sig", errors="strict") if raw[:1] == b"|" or raw[:4] == b"\xef\xbb\xbf|" else ""
    lines: list[tuple[int, list[str]]] = []
    if text:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip().startswith("|"):
                lines.append((number, [cell.strip() for cell in line.strip().strip("|").split("|")]))
    else:
        table = read_table(raw, filename=name, header_detection=False)
        lines = [(table.header_row, table.headers), *zip(table.row_numbers, table.rows, strict=True)]
    sheets: dict[str, list[tuple[int, list[str]]]] = {}
    current: str | None = None
    for number, cells in lines:
        if not any(cells):
            continue
        if cells[0]:
            current = cells[0].strip().lower()
            sheets[current] = []
            if not any(cells[1:]):  # the sheet name on a line of its own; the header follows
                continue
        if current is None:
            raise InputError(
                "the first column must name the sheet (survey, choices, settings)", file=name, row=number
            )
        sheets[current].append((number, cells[1:]))
    return {sheet: _table(name, sheet, rows) for sheet, rows in sheets.items() if rows}


def _pad(cells: list[str], width: int) -> list[str]:
    return (cells + [""] * width)[:width]
