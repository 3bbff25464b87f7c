"""Reading a large CSV upload a slice of rows at a time, on top of :func:`tanlu.tabular.read_table`.

``read_table`` holds every row of a file as Python strings, several copies of them while it builds the table:
about 30 times the file's size at its peak, 1.9 GB for a 49 MB file. An import needs one slice of rows at a time
(it writes them to staged rows and forgets them), so a CSV file is cut into slices of :data:`SLICE_LINES`
physical lines, never inside a quoted cell, and each slice is read by ``read_table`` with the file's header line
put in front of it. The header itself (title rows above it skipped, its encoding) is found by ``read_table`` on
the file's first lines, exactly as for a whole file. Row numbers are the lines of the original file.

Workbooks (XLSX) are unpacked whole by python-calamine, and their rows turned into text :data:`SLICE_LINES` at a
time (:mod:`tanlu.tabular_xlsx`: the same header, rows, row numbers and errors as ``read_table``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from tanlu.errors import FileFormatError
from tanlu.tabular import NO_DATA_ROWS, Table, read_table
from tanlu.tabular_stream import stream_table

SLICE_LINES = 5_000
#: lines read to find the header: read_table looks for it among the first 30 non-blank rows
HEADER_LINES = 200


@dataclass(frozen=True)
class Rows:
    """One slice: data rows (cells padded to at least the header's width) and their lines in the file."""

    rows: list[list[str]]
    row_numbers: list[int]


@dataclass(frozen=True)
class Head:
    headers: list[str]
    header_row: int
    encoding: str | None


def _workbook(content: bytes) -> bool:
    return content.startswith((b"PK\x03\x04", b"PK\x05\x06"))


def _whole(content: bytes) -> bool:
    """Text whose lines end in a bare CR (which this module does not cut) is read whole."""
    return b"\r" in content[:65536] and b"\n" not in content[:65536]


def _records(content: bytes) -> Iterator[tuple[int, bytes]]:
    """(first line number, bytes) of each CSV record: physical lines joined while a quoted cell is open."""
    pending: list[bytes] = []
    first = 0
    quotes = 0
    for number, line in enumerate(io.BytesIO(content), start=1):
        if not pending:
            first = number
        pending.append(line)
        quotes += line.count(b'"')
        if quotes % 2 == 0:
            yield first, b"".join(pending)
            pending, quotes = [], 0
    if pending:
        yield first, b"".join(pending)


def head(content: bytes, filename: str) -> Head:
    """The file's header as ``read_table`` finds it."""
    if _workbook(content):
        stream = stream_table(content, filename=filename, batch_rows=SLICE_LINES)
        return Head(stream.headers, stream.header_row, None)
    if _whole(content):
        table = read_table(content, filename=filename)
        return Head(table.headers, table.header_row, table.encoding)
    prefix = b"".join(record for _line, record in _take(_records(content), HEADER_LINES))
    table = read_table(prefix, filename=filename)
    return Head(table.headers, table.header_row, table.encoding)


def _take(records: Iterator[tuple[int, bytes]], count: int) -> Iterator[tuple[int, bytes]]:
    for index, record in enumerate(records):
        if index >= count:
            return
        yield record


def slices(content: bytes, filename: str, top: Head | None = None) -> Iterator[Rows]:
    """The file's data rows, :data:`SLICE_LINES` lines (or sheet rows) at a time."""
    if _workbook(content):
        for batch in stream_table(content, filename=filename, batch_rows=SLICE_LINES).batches():
            yield Rows([list(row[1:]) for row in batch.iter_rows()], batch.get_column("row").to_list())
        return
    if _whole(content):
        table = read_table(content, filename=filename)
        yield Rows(table.rows, table.row_numbers)
        return
    top = top or head(content, filename)
    if not top.headers:
        return
    header_record = b""
    body: list[tuple[int, bytes]] = []
    for first, record in _records(content):
        if first < top.header_row:
            continue
        if first == top.header_row:
            header_record = record if record.endswith(b"\n") else record + b"\n"
            continue
        body.append((first, record))
        if len(body) >= SLICE_LINES:
            yield _read_slice(header_record, body, filename)
            body = []
    if body:
        yield _read_slice(header_record, body, filename)


def _read_slice(header_record: bytes, body: list[tuple[int, bytes]], filename: str) -> Rows:
    """Read the header and ``body`` as one small CSV file; map its record numbers back to the file's lines."""
    if not any(record.strip() for _first, record in body):
        return Rows([], [])
    text = header_record + b"".join(record for _first, record in body)
    try:
        table: Table = read_table(text, filename=filename, header_detection=False)
    except FileFormatError as error:
        if error.issue.reason == NO_DATA_ROWS:  # a slice of blank rows (``,,,``) only
            return Rows([], [])
        raise
    starts: dict[int, int] = {}
    line = header_record.count(b"\n") + 1
    for first, record in body:
        for offset in range(record.count(b"\n") or 1):
            starts[line + offset] = first + offset
        line += record.count(b"\n") or 1
    return Rows(table.rows, [starts[number] for number in table.row_numbers])
