"""Reading one sheet of a workbook in batches of rows (:func:`tanlu.tabular_stream.stream_table` for XLSX).

The workbook passes :mod:`tanlu.xlsx_package`'s checks first, exactly as for :func:`tanlu.tabular.read_table`;
python-calamine then holds the sheet's cells (in Rust, a few dozen bytes a cell) and this module turns them into
text one batch of rows at a time, so the Python strings of every row are never held at once. Row numbers are
the sheet's (the sheet's first used row counted, so a table that starts in row 4 cites row 4 and below).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import polars as pl
import python_calamine

from tanlu import tabular
from tanlu.errors import FileFormatError
from tanlu.tabular import DEFAULT_LIMITS, NO_DATA_ROWS, render_cell
from tanlu.tabular_header import header_index, refuse_missing_header, refuse_repeated_headers, row_width
from tanlu.tabular_stream import _HEAD_ROWS, TableStream, _schema
from tanlu.xlsx_package import check_workbook_package

Numbered = list[tuple[int, list[str]]]


def stream_xlsx(data: bytes, name: str, wanted: str | None, *, batch_rows: int, max_rows: int) -> TableStream:
    """The named sheet, else the first with a non-blank row, as :func:`tabular._read_xlsx` chooses it."""
    check_workbook_package(data, name, DEFAULT_LIMITS)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        kind = python_calamine.SheetTypeEnum.WorkSheet
        names = [meta.name for meta in workbook.sheets_metadata if meta.typ == kind]
        if not names:
            raise FileFormatError("the workbook has no worksheets", file=name)
        if wanted and wanted not in names:
            present = ", ".join(repr(n) for n in names)
            raise FileFormatError(f"no sheet named {wanted!r}; the workbook has {present}", file=name)
        for sheet_name in [wanted] if wanted else names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            if sheet.height > max_rows + 50:
                raise FileFormatError(f"sheet {sheet_name!r} has more than {max_rows} rows", file=name)
            if sheet.width > DEFAULT_LIMITS.max_columns:
                cap = DEFAULT_LIMITS.max_columns
                raise FileFormatError(f"sheet {sheet_name!r} has more than {cap} columns", file=name)
            found = _head(sheet, name, sheet_name, batch_rows, max_rows)
            if found is not None:
                return found
        raise FileFormatError(NO_DATA_ROWS, file=name, sheet=wanted or names[0])
    except tabular._CALAMINE_ERRORS as error:
        raise FileFormatError(f"cannot read the workbook: {error}", file=name) from None


def _head(
    sheet: python_calamine.CalamineSheet, name: str, sheet_name: str, batch_rows: int, max_rows: int
) -> TableStream | None:
    """The sheet's header and its rows, or ``None`` for a sheet without a non-blank row."""
    merged = sheet.merged_cell_ranges or []
    title_rows = {r + 1 for (r0, c0), (r1, c1) in merged if c1 > c0 for r in range(r0, r1 + 1)}
    rows = _numbered(sheet, name)
    head: Numbered = []
    for number, cells in rows:
        head.append((number, cells))
        if len(head) >= _HEAD_ROWS:
            break
    if not head:
        return None
    start = header_index(head, title_rows)
    if start is None:
        refuse_missing_header(head, name, sheet_name)
    number, header = head[start]
    refuse_repeated_headers(header, number, name, sheet_name)
    width = row_width(header)
    batches = _batches(head[start + 1 :], rows, width, name, sheet_name, batch_rows, max_rows)
    return TableStream(name, sheet_name, header[:width], number, None, batches)


def _numbered(sheet: python_calamine.CalamineSheet, name: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows as text with their row number in the sheet. ``iter_rows`` starts at the sheet's row 1
    (the empty rows above the used range included, unlike ``to_python``, which starts at ``start``): the n-th
    row it yields is row n, as ``read_table`` numbers it (tests/unit/test_tabular_stream.py)."""
    try:
        for index, values in enumerate(sheet.iter_rows()):
            # text as render_cell renders it (str(value).strip()), without a call per text cell
            cells = [value.strip() if value.__class__ is str else render_cell(value) for value in values]
            if any(cells):
                yield index + 1, cells
    except tabular._CALAMINE_ERRORS as error:
        raise FileFormatError(f"cannot read the workbook: {error}", file=name) from None


def _batches(  # noqa: PLR0917 (one private caller)
    ahead: Numbered,
    rows: Iterator[tuple[int, list[str]]],
    width: int,
    name: str,
    sheet_name: str,
    batch_rows: int,
    max_rows: int,
) -> Iterator[pl.DataFrame]:
    batch: Numbered = list(ahead)
    total = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= batch_rows:
            total += len(batch)
            yield _frame(batch, width)
            batch = []
    total += len(batch)
    if total > max_rows:
        raise FileFormatError(f"sheet {sheet_name!r} has more than {max_rows} data rows", file=name)
    if batch:
        yield _frame(batch, width)
    if not total:
        raise FileFormatError(NO_DATA_ROWS, file=name, sheet=sheet_name)


def _frame(batch: Numbered, width: int) -> pl.DataFrame:
    columns = {f"c{i}": [c[i] if i < len(c) else "" for _, c in batch] for i in range(width)}
    return pl.DataFrame({"row": [n for n, _ in batch], **columns}, schema=_schema(width))
