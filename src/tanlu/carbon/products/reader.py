"""Reading a product model: an Excel workbook, a folder of CSV files, or rows the web app stored.

Every sheet becomes a frame of text cells under canonical column names (headers in English or Chinese, see
:mod:`tanlu.carbon.products.sheets`) with the row number of each cell in its file; :mod:`.validate` then
checks everything at once. Small files go through :func:`tanlu.tabular.read_table` (encoding detection, GBK,
title rows above the header, zip-bomb checks); a CSV file over :data:`LARGE_CSV_BYTES` (a machine export of
millions of BOM lines) is read by polars directly when it is plain UTF-8 with commas and the header on its first
line, and by :func:`~tanlu.tabular.read_table` otherwise.
"""

from __future__ import annotations

import datetime as dt
import decimal
import mmap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, cast

import polars as pl

from tanlu.carbon.factors import FactorSet
from tanlu.carbon.headers import map_headers
from tanlu.carbon.products.bom import bom_to_inputs
from tanlu.carbon.products.model import ProductModel, RawSheet
from tanlu.carbon.products.sheets import BOM_SPEC, COLUMN_ALIASES, SHEET_ALIASES, SHEETS, SPECS
from tanlu.carbon.products.validate import validate_model
from tanlu.errors import InputError, RowIssue
from tanlu.tabular import Table, read_table, read_workbook_sheets, render_number

__all__ = ["LARGE_CSV_BYTES", "model_from_tables", "read_model", "sheet_for"]

LARGE_CSV_BYTES = 1024 * 1024
_FACTOR_SHEET = "factors"


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch not in " _-\u3000")


def sheet_for(name: str) -> str | None:
    """The canonical sheet a workbook tab or CSV file stem stands for (``产品`` → ``products``), if any."""
    wanted = _key(name)
    for sheet, aliases in SHEET_ALIASES.items():
        if wanted in {_key(alias) for alias in (sheet, *aliases)}:
            return sheet
    return None


def _frame_from_table(table: Table, sheet: str, file: str) -> tuple[RawSheet | None, list[RowIssue]]:
    if sheet == _FACTOR_SHEET:
        return RawSheet(sheet, file, pl.DataFrame({"row": table.row_numbers}), table), []
    headers = table.headers
    spec = SPECS[sheet]
    if sheet == "inputs" and _has_level(headers):
        spec = BOM_SPEC
    try:
        mapping = map_headers(
            headers, required=spec.required, optional=spec.optional, file=file, aliases=COLUMN_ALIASES
        )
    except InputError as error:
        return None, [RowIssue(table.header_row, error.column, None, error.issue.reason, file, sheet)]
    columns = {
        name: [row[index] if index < len(row) else "" for row in table.rows]
        for name, index in mapping.items()
    }
    frame = pl.DataFrame(
        {"row": table.row_numbers, **columns},
        schema={"row": pl.Int64, **dict.fromkeys(columns, pl.String)},
    )
    return _bom_if_needed(RawSheet(sheet, file, frame))


def _has_level(headers: Sequence[str]) -> bool:
    levels = {_key(alias) for alias in ("level", *COLUMN_ALIASES["level"])}
    return any(_key(header) in levels for header in headers)


def _bom_if_needed(raw: RawSheet) -> tuple[RawSheet | None, list[RowIssue]]:
    if raw.sheet != "inputs" or "level" not in raw.frame.columns:
        return raw, []
    frame, issues = bom_to_inputs(raw.frame, file=raw.file)
    return RawSheet(raw.sheet, raw.file, frame), issues


def _large_csv(path: Path, sheet: str) -> tuple[RawSheet | None, list[RowIssue]] | None:
    """A big CSV export read by polars when it is plain UTF-8 with commas and the header on line 1 (data rows
    cite line + 1); None when it is not, and :func:`tanlu.tabular.read_table` reads it instead."""
    try:  # parsed from the file's pages as mapped (the page cache), not from a copy of its bytes
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            frame = pl.read_csv(cast("IO[bytes]", mapped), infer_schema=False, encoding="utf8")
    except (pl.exceptions.PolarsError, UnicodeDecodeError):
        return None
    spec = BOM_SPEC if sheet == "inputs" and _has_level(frame.columns) else SPECS[sheet]
    try:
        mapping = map_headers(
            frame.columns,
            required=spec.required,
            optional=spec.optional,
            file=path.name,
            aliases=COLUMN_ALIASES,
        )
    except InputError:
        return None
    names = {name: frame.columns[index] for name, index in mapping.items()}
    # Only a column with a cell to strip or fill is rewritten: a machine export has none, and a copy of 7M
    # cells is 0.1-0.2 GB of fresh memory each, whose first touch costs more than the search for such a cell.
    untidy = frame.select(
        (pl.col(column).str.contains(r"^\s|\s$") | pl.col(column).is_null()).any().alias(name)
        for name, column in names.items()
    ).row(0, named=True)
    frame = frame.select(
        pl.int_range(2, pl.len() + 2, dtype=pl.Int64).alias("row"),
        *[
            (pl.col(column).str.strip_chars().fill_null("") if untidy[name] else pl.col(column)).alias(name)
            for name, column in names.items()
        ],
    )
    return _bom_if_needed(RawSheet(sheet, path.name, frame))


def _read_folder(folder: Path) -> tuple[dict[str, RawSheet], list[RowIssue]]:
    sheets: dict[str, RawSheet] = {}
    issues: list[RowIssue] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".csv", ".xlsx") or path.name.startswith((".", "~$")):
            continue
        sheet = sheet_for(path.stem)
        if sheet is None:
            continue
        if sheet in sheets:
            raise InputError(f"two files hold the sheet {sheet!r}", file=path.name)
        fast = None
        if path.suffix.lower() == ".csv" and path.stat().st_size > LARGE_CSV_BYTES and sheet != _FACTOR_SHEET:
            fast = _large_csv(path, sheet)
        raw, found = fast or _frame_from_table(read_table(path), sheet, path.name)
        issues.extend(found)
        if raw is not None:
            sheets[sheet] = raw
    return sheets, issues


def _read_workbook(path: Path) -> tuple[dict[str, RawSheet], list[RowIssue]]:
    sheets: dict[str, RawSheet] = {}
    issues: list[RowIssue] = []
    for name, table in read_workbook_sheets(path).items():
        sheet = sheet_for(name)
        if sheet is None or not table.headers:
            continue
        if sheet in sheets:
            raise InputError(f"two sheets hold {sheet!r}", file=path.name, sheet=name)
        raw, found = _frame_from_table(table, sheet, path.name)
        issues.extend(found)
        if raw is not None:
            sheets[sheet] = RawSheet(sheet, path.name, raw.frame, raw.table)
    return sheets, issues


def read_model(path: Path, *, factors: FactorSet | None = None) -> ProductModel:
    """Read and validate a product model from a workbook (``.xlsx``) or a folder of ``<sheet>.csv`` files.

    Raises :class:`~tanlu.errors.RowsRejected` listing every bad row of every sheet; nothing is returned
    partially.
    """
    if path.is_dir():
        sheets, issues = _read_folder(path)
    else:
        sheets, issues = _read_workbook(path)
    return validate_model(sheets, issues, factors=factors, source=path.name)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return render_number(value)  # 15 significant digits, what the decimal grammar accepts
    if isinstance(value, int | decimal.Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def model_from_tables(
    tables: Mapping[str, Sequence[Mapping[str, object]]],
    *,
    factors: FactorSet | None = None,
    source: str = "",
) -> ProductModel:
    """Validate a model given as rows per sheet (``{"products": [{"product_id": …}, …], …}``): the web app's
    stored rows. Keys may be canonical column names or any accepted header; a row may carry its own ``row``
    number to cite (default: 2, 3, … as under a header line). Same checks and errors as :func:`read_model`."""
    raw: dict[str, RawSheet] = {}
    issues: list[RowIssue] = []
    for name, rows in tables.items():
        sheet = sheet_for(name)
        if sheet is None:
            raise InputError(f"unknown sheet (expected one of {', '.join(SHEETS)})", sheet=name)
        if not rows:
            continue  # an empty sheet is a missing sheet
        headers: list[str] = []
        for row in rows:
            headers.extend(key for key in row if key not in headers and key != "row")
        numbers = [int(str(row.get("row") or index + 2)) for index, row in enumerate(rows)]
        table = Table(
            filename=source or sheet,
            sheet=sheet,
            headers=headers,
            rows=[[_text(row.get(header)) for header in headers] for row in rows],
            row_numbers=numbers,
            encoding=None,
        )
        found_sheet, found = _frame_from_table(table, sheet, source or sheet)
        issues.extend(found)
        if found_sheet is not None:
            raw[sheet] = found_sheet
    return validate_model(raw, issues, factors=factors, source=source)
