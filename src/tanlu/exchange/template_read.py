"""Reading a filled PCF template (:mod:`tanlu.exchange.template_layout`) back, row by row, all or nothing.

The package is checked first (:func:`tanlu.xlsx_package.check_workbook_package`: zip bombs, entities, macros),
values are read with python-calamine as every other import, and formulas are found with openpyxl: a formula in a
text or choice cell is refused; in a number or date cell its computed value counts, and one without a value is
refused.  A text Tanlu wrote neutralized (``'=…``) is read back as it was.

A request is answered when any of its yellow cells on the three row sheets is filled; all three rows are then
read whole.  Every problem is a :class:`~tanlu.exchange.template_problems.CellProblem` with the sheet, the Excel row, the column's letter and field,
a ``code`` and ``params`` an adapter says in the reader's language, and an English ``reason``; they are raised
together as :class:`TemplateRejected`, so nothing is delivered until every row is right.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import openpyxl
import python_calamine

from tanlu.decimals import decimal_from_text
from tanlu.errors import FileFormatError, InputError
from tanlu.exchange.disclosure import MASSLESS_UNITS
from tanlu.exchange.template_layout import (
    CHOICE,
    DATE,
    NUMBER,
    PRODUCTS,
    QUALITY,
    ROW_SHEETS,
    SHEET_FIELDS,
    SIGNATURE,
    SIGNATURE_FIELDS,
    TEXT,
    Field,
    RequestedPart,
    Signature,
    TemplateFootprint,
    column_letter,
)
from tanlu.exchange.template_problems import CellProblem, TemplateRejected
from tanlu.tabular import DEFAULT_LIMITS, render_cell
from tanlu.xlsx_package import check_workbook_package

_COUNTRY = re.compile(r"[A-Z]{2}(-[A-Z0-9]{1,3})?")
#: what :func:`tanlu.tabular.neutralize_cell` escapes
_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


@dataclass(frozen=True)
class FilledTemplate:
    footprints: list[TemplateFootprint]
    signature: Signature


Grid = dict[tuple[int, int], object]


def read_template(data: bytes, *, filename: str = "template.xlsx") -> FilledTemplate:
    """Every answered request of the workbook, or :class:`TemplateRejected` naming every bad cell."""
    if not data.startswith(b"PK\x03\x04"):
        raise FileFormatError("not an XLSX workbook; upload the template saved as .xlsx", file=filename)
    check_workbook_package(data, filename, DEFAULT_LIMITS)
    grids, formulas = _read(data, filename)
    problems = [
        CellProblem(name, None, "", None, "missing_sheet", {"sheet": name})
        for name in (*ROW_SHEETS, SIGNATURE)
        if name not in grids
    ]
    if problems:
        raise TemplateRejected(problems, file=filename)
    reader = _Reader(formulas)
    sheets = {name: reader.rows(name, grids[name]) for name in ROW_SHEETS}
    signature = reader.signature(grids[SIGNATURE])
    footprints = reader.footprints(sheets)
    if not footprints and not reader.problems:
        reader.problems.append(CellProblem(PRODUCTS, None, "", None, "nothing_filled"))
    if reader.problems:
        raise TemplateRejected(reader.problems, file=filename)
    return FilledTemplate(footprints, signature)


def _read(data: bytes, filename: str) -> tuple[dict[str, Grid], dict[tuple[str, int, int], str]]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        grids: dict[str, Grid] = {}
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            top, left = sheet.start or (0, 0)
            grids[name] = {
                (top + r, left + c): value
                for r, row in enumerate(sheet.to_python(skip_empty_area=False))
                for c, value in enumerate(row)
                if value not in ("", None)
            }
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    except (python_calamine.CalamineError, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileFormatError(f"cannot read the workbook: {error}", file=filename) from None
    formulas = {
        (ws.title, cell.row - 1, cell.column - 1): str(getattr(cell.value, "text", cell.value))
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    }
    book.close()
    return grids, formulas


def _matches(header: str, f: Field) -> bool:
    lines = [line.strip().removesuffix("*").strip() for line in header.splitlines()]
    return f.en in lines or f.zh in lines or header.strip() == f.header


def _text(value: object) -> str:
    text = render_cell(value)
    if text.startswith("'") and text[1:].startswith((*_PREFIXES, "'")):
        return text[1:]  # neutralized by Tanlu: the text as it was
    return text


@dataclass
class _Row:
    sheet: str
    row: int  # 0-based
    cells: dict[str, tuple[int, object]]  # field key -> (column, value)
    filled: bool


class _Reader:
    def __init__(self, formulas: dict[tuple[str, int, int], str]) -> None:
        self.formulas = formulas
        self.problems: list[CellProblem] = []

    def refuse(
        self, at: tuple[str, int, int], f: Field | None, code: str, value: str = "", **params: str
    ) -> None:
        sheet, row, column = at
        self.problems.append(CellProblem(sheet, row + 1, column_letter(column), f, code, params, value))

    def rows(self, name: str, grid: Grid) -> dict[str, _Row]:
        fields = SHEET_FIELDS[name]
        found = None
        for header_row in range(12):
            columns = {}
            for f in fields:
                column = next(
                    (c for (r, c), v in grid.items() if r == header_row and _matches(render_cell(v), f)), None
                )
                if column is not None:
                    columns[f.key] = column
            if "request" in columns:
                found = header_row, columns
                break
        if found is None:
            self.problems.append(
                CellProblem(name, None, "", fields[0], "missing_column", {"column": fields[0].en})
            )
            return {}
        header_row, columns = found
        for f in fields:
            if f.key not in columns:
                self.problems.append(
                    CellProblem(name, header_row + 1, "", f, "missing_column", {"column": f.en})
                )
        last = max((r for r, _ in grid), default=header_row)
        rows: dict[str, _Row] = {}
        for r in range(header_row + 1, last + 1):
            cells = {
                f.key: (columns[f.key], grid.get((r, columns[f.key]))) for f in fields if f.key in columns
            }
            filled = any(
                value not in (None, "") or (name, r, column) in self.formulas
                for f in fields
                if not f.from_request and f.key in cells and f.key != "declared_unit"
                for column, value in (cells[f.key],)
            )
            request = _text(cells["request"][1])
            if not request:
                if filled:
                    self.refuse((name, r, columns["request"]), fields[0], "no_request")
                continue
            rows[request] = _Row(name, r, cells, filled)
        return rows

    def value(self, sheet: str, row: int, column: int, f: Field, raw: object) -> object:
        """The cell's value as its field's kind, or None after noting the problem (or when empty)."""
        formula = self.formulas.get((sheet, row, column))
        if formula is not None and (f.kind in (TEXT, CHOICE) or raw in (None, "")):
            code = "formula" if f.kind in (TEXT, CHOICE) else "formula_without_value"
            self.refuse((sheet, row, column), f, code, formula)
            return None
        if raw in (None, "") or (isinstance(raw, str) and not raw.strip()):
            if f.required:
                self.refuse((sheet, row, column), f, "required")
            return None
        if f.kind == NUMBER:
            return self._number(sheet, row, column, f, raw)
        if f.kind == DATE:
            return self._date(sheet, row, column, f, raw)
        text = _text(raw)
        if f.kind == CHOICE:
            choice = next((c for c in f.choices if c.casefold() == text.casefold()), None)
            if choice is None:
                self.refuse((sheet, row, column), f, "not_a_choice", text, choices=", ".join(f.choices))
            return choice
        return text

    def _number(self, sheet: str, row: int, column: int, f: Field, raw: object) -> float | None:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            number = None
        elif isinstance(raw, str):
            try:
                number = decimal_from_text(raw)
            except InputError:
                number = None
        else:
            number = float(raw)
        text = _text(raw)
        if number is None:
            self.refuse((sheet, row, column), f, "not_a_number", text)
        elif f.minimum is not None and number < f.minimum:
            params = {} if f.minimum == 0 else {"minimum": f"{f.minimum:g}"}
            self.refuse(
                (sheet, row, column), f, "negative" if f.minimum == 0 else "below_minimum", text, **params
            )
        elif f.maximum is not None and number > f.maximum:
            self.refuse((sheet, row, column), f, "above_maximum", text, maximum=f"{f.maximum:g}")
        else:
            return number
        return None

    def _date(self, sheet: str, row: int, column: int, f: Field, raw: object) -> dt.date | None:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = _text(raw)
        match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
        self.refuse((sheet, row, column), f, "not_a_date", text)
        return None

    def _refuse_in(self, row: _Row, key: str, code: str, value: str = "", **params: str) -> None:
        f = next(f for f in SHEET_FIELDS[row.sheet] if f.key == key)
        self.refuse((row.sheet, row.row, row.cells[key][0]), f, code, value, **params)

    def read_row(self, row: _Row) -> dict[str, object]:
        values: dict[str, object] = {}
        for f in SHEET_FIELDS[row.sheet]:
            if f.key in row.cells:
                column, raw = row.cells[f.key]
                values[f.key] = (
                    self.value(row.sheet, row.row, column, f, raw) if not f.from_request else _text(raw)
                )
        return values

    def footprints(self, sheets: dict[str, dict[str, _Row]]) -> list[TemplateFootprint]:
        products = sheets[PRODUCTS]
        for name in ROW_SHEETS[1:]:
            for request, row in sheets[name].items():
                if request not in products and row.filled:
                    self.refuse(
                        (name, row.row, row.cells["request"][0]),
                        SHEET_FIELDS[name][0],
                        "unknown_request",
                        request,
                        request=request,
                    )
        answered = [
            request
            for request in products
            if any(request in on and on[request].filled for on in sheets.values())
        ]
        footprints = []
        for request in answered:
            values: dict[str, object] = {}
            rows: dict[str, int] = {}
            for name in ROW_SHEETS:
                found = sheets[name].get(request)
                if found is None:
                    self.problems.append(
                        CellProblem(name, None, "", None, "missing_row", {"request": request})
                    )
                    continue
                values.update(self.read_row(found))
                rows[name] = found.row + 1
            footprint = self._footprint(values, rows, sheets)
            if footprint is not None:
                footprints.append(footprint)
        return footprints

    def _footprint(
        self, v: dict[str, object], rows: dict[str, int], sheets: dict[str, dict[str, _Row]]
    ) -> TemplateFootprint | None:
        request = str(v.get("request", ""))
        dqr_keys = ("dqr_technological", "dqr_geographical", "dqr_temporal")
        given = [v.get(key) for key in dqr_keys]
        quality = sheets[QUALITY][request]
        empty = [key for key in dqr_keys if quality.cells[key][1] in (None, "")]
        if empty and len(empty) < len(dqr_keys):
            self._refuse_in(quality, empty[0], "dqr_incomplete")
        product = sheets[PRODUCTS][request]
        start, end = v.get("period_start"), v.get("period_end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self._refuse_in(product, "period_end", "period_order", end.isoformat())
        unit = str(v.get("declared_unit") or "")
        massive = unit and unit not in (*MASSLESS_UNITS, "kilogram")
        if massive and "mass_kg" in product.cells and product.cells["mass_kg"][1] in (None, ""):
            self._refuse_in(product, "mass_kg", "mass_required", unit=unit)
        country = str(v.get("country") or "").strip().upper()
        if country and not _COUNTRY.fullmatch(country):
            self._refuse_in(product, "country", "not_a_country", country)
        if (
            any(p.sheet in ROW_SHEETS and p.row in (rows.get(p.sheet),) for p in self.problems)
            or len(rows) < 3
        ):
            return None
        part = RequestedPart(
            request,
            str(v["part_number"]),
            str(v.get("supplier_part_number", "")),
            str(v.get("part_name", "")),
            str(v["declared_unit"]),
        )
        dqr = dict(zip(("technological", "geographical", "temporal"), given, strict=True))
        return TemplateFootprint(
            part=part,
            product_name=str(v["product_name"]),
            period_start=start,  # type: ignore[arg-type]
            period_end=end,  # type: ignore[arg-type]
            total=float(v["total"]),  # type: ignore[arg-type]
            fossil=float(v["fossil"]),  # type: ignore[arg-type]
            gwp=str(v["gwp"]),
            standard=str(v["standard"]),
            mass_kg=_optional(v, "mass_kg"),
            biogenic=_optional(v, "biogenic") or 0.0,
            biogenic_uptake=_optional(v, "biogenic_uptake") or 0.0,
            packaging=_optional(v, "packaging"),
            distribution=_optional(v, "distribution"),
            country=country,
            primary_data_share=_optional(v, "primary_data_share"),
            dqr=dqr if given[0] is not None else None,  # type: ignore[arg-type]
            exempted_percent=_optional(v, "exempted_percent") or 0.0,
            exempted_description=str(v.get("exempted_description") or ""),
            boundary=str(v.get("boundary") or ""),
            allocation=str(v.get("allocation") or ""),
            factor_sources=str(v.get("factor_sources") or ""),
            verification=str(v.get("verification") or ""),
            verifier=str(v.get("verifier") or ""),
            comment=str(v.get("comment") or ""),
            rows=rows,
        )

    def signature(self, grid: Grid) -> Signature:
        values: dict[str, object] = {}
        for f in SIGNATURE_FIELDS:
            row = next(
                (
                    r
                    for (r, c), v in grid.items()
                    if c == 0 and _matches(render_cell(v).replace(" · ", "\n"), f)
                ),
                None,
            )
            if row is None:
                self.problems.append(CellProblem(SIGNATURE, None, "", f, "missing_column", {"column": f.en}))
                continue
            values[f.key] = self.value(SIGNATURE, row, 1, f, grid.get((row, 1)))
        signed_on = values.get("signed_on")
        return Signature(
            company_name=str(values.get("company_name") or ""),
            prepared_by=str(values.get("prepared_by") or ""),
            position=str(values.get("position") or ""),
            email=str(values.get("email") or ""),
            signed_on=signed_on if isinstance(signed_on, dt.date) else None,
        )


def _optional(values: dict[str, object], key: str) -> float | None:
    value = values.get(key)
    return float(value) if isinstance(value, int | float) else None


__all__: Sequence[str] = ("CellProblem", "FilledTemplate", "TemplateRejected", "read_template")
