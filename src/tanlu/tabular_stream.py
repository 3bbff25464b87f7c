"""Reading a large CSV or XLSX table in batches of rows, with the row numbers and errors of :func:`read_table`.

:func:`tanlu.tabular.read_table` holds every row of a file as Python strings (about 30 times the file's size), so
it caps files at 100 MiB and 1,000,000 rows. An activity file of a plant's meter data has millions of rows and is
needed one batch at a time (validated, then forgotten), so :func:`stream_table` reads it in batches instead:

* CSV: the file is read in chunks of whole lines (a memory map of a path, never the whole file into the heap).
  While each line of a chunk is one record (no bare CR line end, no quoted cell spanning lines, every quote part
  of a whole quoted field), polars splits it, exactly as Python's ``csv`` would; from the first chunk where that
  is not sure, Python's ``csv`` module reads the rest line by line, as ``read_table`` does. Encoding, delimiter,
  control characters, header detection and every error are decided as ``read_table`` decides them, on the same
  bytes, so a file ``read_table`` accepts gives the same header and the same rows, whatever the batch size
  (tests/unit/test_tabular_stream.py), and a refused file the same reason and line.
* XLSX: the sheet is read by python-calamine and turned into text (:func:`tanlu.tabular.render_cell`) one batch
  of rows at a time; a sheet holds at most 1,048,576 rows anyway.

The CSV reader is :mod:`tanlu.tabular_csv`, the XLSX reader :mod:`tanlu.tabular_xlsx`. Each batch is a polars
frame: ``row`` (the 1-based line or sheet row in the file) and one text column per
header cell, ``c0``, ``c1`` …, padded with ``""``. Limits (:data:`STREAM_LIMITS`, :data:`MAX_STREAM_ROWS`):
10,000,000 data rows and 4 GiB for CSV; XLSX keeps ``read_table``'s 100 MiB file and 400 MiB unpacked.
"""

from __future__ import annotations

import dataclasses
import mmap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tanlu import tabular
from tanlu.errors import FileFormatError
from tanlu.tabular import DEFAULT_LIMITS

__all__ = ["MAX_STREAM_ROWS", "STREAM_LIMITS", "TableStream", "stream_table"]

#: data rows a streamed table may hold: what a plant's meter data reaches in a year (10 million rows)
MAX_STREAM_ROWS = 10_000_000
#: a streamed CSV file may be this large; workbooks keep :data:`tanlu.tabular.DEFAULT_LIMITS`
STREAM_LIMITS = dataclasses.replace(DEFAULT_LIMITS, max_file_bytes=4 * 1024**3)
#: bytes of whole lines read at a time
CHUNK_BYTES = 16 * 1024 * 1024
#: what ``str.strip()`` removes (Python's whitespace), for polars' ``strip_chars``
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_HEAD_ROWS = 30  # the header is one of the first 30 non-blank rows (tabular_header.header_index)
Records = list[tuple[int, list[str]]]


@dataclass
class TableStream:
    """A table's header, read; its rows, read by :meth:`batches` (once)."""

    filename: str
    sheet: str | None
    headers: list[str]
    header_row: int
    encoding: str | None
    _batches: Iterator[pl.DataFrame]

    def batches(self) -> Iterator[pl.DataFrame]:
        """The data rows, a frame at a time (``row``, ``c0`` …); the file's errors are raised on the way."""
        return self._batches


def stream_table(
    source: Path | bytes,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    batch_rows: int = 100_000,
    max_rows: int = MAX_STREAM_ROWS,
) -> TableStream:
    """Read the header of a CSV or XLSX table (title rows skipped as :func:`read_table` does) and return it
    with an iterator over its rows in batches. ``chunk_bytes`` and ``batch_rows`` bound a batch; the rows and
    errors do not depend on them."""
    data, name = _open(source, filename)
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        from tanlu.tabular_xlsx import stream_xlsx  # noqa: PLC0415 (the XLSX reader only for workbooks)

        return stream_xlsx(bytes(data), name, sheet, batch_rows=batch_rows, max_rows=max_rows)
    if sheet:
        raise FileFormatError(f"sheet {sheet!r} was asked for, but a CSV file has no sheets", file=name)
    from tanlu.tabular_csv import CsvReader  # noqa: PLC0415 (it imports this module's names)

    return CsvReader(data, name, chunk_bytes, batch_rows, max_rows).open()


def _open(source: Path | bytes, filename: str | None) -> tuple[memoryview | bytes, str]:
    """The file's bytes (a read-only memory map of a path) after ``read_table``'s checks of size, emptiness
    and disguise (tabular._load)."""
    if isinstance(source, Path):
        name = filename or source.name
        try:
            with source.open("rb") as handle:
                size = source.stat().st_size
                data: memoryview | bytes = (
                    memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)) if size else b""
                )
        except OSError as error:
            raise FileFormatError(f"cannot read the file: {error.strerror}", file=name) from None
    elif isinstance(source, bytes | bytearray | memoryview):
        name, data = filename or "upload", bytes(source) if not isinstance(source, bytes) else source
    else:
        raise TypeError("source must be a pathlib.Path or bytes")
    limit = STREAM_LIMITS.max_file_bytes if bytes(data[:2]) != b"PK" else DEFAULT_LIMITS.max_file_bytes
    if len(data) > limit:
        raise FileFormatError(f"file is larger than {limit} bytes", file=name)
    if not any(bytes(part).strip() for part in _chunks(data, CHUNK_BYTES)):
        raise FileFormatError("the file is empty", file=name)
    start = bytes(data[: 1 << 20])
    for magic, what in tabular._BINARY_MAGIC:
        if start.startswith(magic):
            raise FileFormatError(f"not a CSV or XLSX file: this is {what}", file=name)
    if tabular._MARKUP.match(start.removeprefix(b"\xef\xbb\xbf")):
        raise FileFormatError("not a CSV or XLSX file: this is HTML, SVG or XML markup", file=name)
    return data, name


def _chunks(data: memoryview | bytes, size: int) -> Iterator[memoryview]:
    """Consecutive pieces of ``data`` of about ``size`` bytes, each ending after a line feed (or at the end):
    a line feed is never part of a multi-byte character in UTF-8, GBK or GB18030, so each decodes alone."""
    view = memoryview(data)
    start = 0
    while start < len(view):
        end = min(start + max(size, 1), len(view))
        if end < len(view):
            found = bytes(view[end - 1 : min(end + (1 << 20), len(view))]).find(b"\n")
            while found < 0 and end < len(view):  # a very long line: look further
                end = min(end + (1 << 20), len(view))
                found = bytes(view[end - 1 : min(end + (1 << 20), len(view))]).find(b"\n")
            end = len(view) if found < 0 else end + found
        yield view[start:end]
        start = end


def _schema(width: int) -> dict[str, pl.DataType]:
    return {"row": pl.Int64(), **{f"c{i}": pl.String() for i in range(width)}}
