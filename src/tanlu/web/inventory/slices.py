"""Reading an uploaded file a slice of rows at a time, with the reader ``tanlu inventory calc`` uses
(:func:`tanlu.tabular_stream.stream_table`).

An import needs one slice of rows at a time (it writes them to staged rows and forgets them), so nothing here
holds the whole file: a CSV file on disk is memory-mapped and read in chunks of :data:`SLICE_BYTES` of whole lines;
a workbook (XLSX, at most 1,048,576 rows and 100 MiB) is unpacked by python-calamine and its rows turned into text
:data:`SLICE_LINES` at a time. The header (title rows above it skipped), the encoding, the rows, their numbers (the
lines or sheet rows of the file) and every error are those :func:`tanlu.tabular.read_table` gives for the whole file;
the limits are the streaming reader's: 10,000,000 data rows and 4 GiB for CSV (:mod:`tanlu.tabular_stream`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tanlu.tabular_stream import stream_table

#: sheet rows (XLSX) turned into text at a time
SLICE_LINES = 5_000
#: bytes of whole CSV lines read at a time: about 15,000 rows of a plant's meter data
SLICE_BYTES = 1024 * 1024


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


def head_and_count(source: Path | bytes, filename: str) -> tuple[Head, int]:
    """The header and the number of data rows, from one reading (a workbook is unpacked once, not twice); every
    row is read and checked, none is turned into Python strings."""
    stream = stream_table(source, filename=filename, chunk_bytes=SLICE_BYTES, batch_rows=SLICE_LINES)
    rows = sum(batch.height for batch in stream.batches())
    return Head(stream.headers, stream.header_row, stream.encoding), rows


def slices(source: Path | bytes, filename: str) -> Iterator[Rows]:
    """The file's data rows, a slice at a time."""
    stream = stream_table(source, filename=filename, chunk_bytes=SLICE_BYTES, batch_rows=SLICE_LINES)
    for batch in stream.batches():
        yield Rows([list(row[1:]) for row in batch.iter_rows()], batch.get_column("row").to_list())
