"""The CSV half of :func:`tanlu.tabular_stream.stream_table`: a first pass that decides what ``read_table``
decides on the whole file (NUL bytes, the encoding, bare CR line ends), then chunks of whole lines split by polars
while each line is one record, else Python's csv module from there on (module docstring of
:mod:`tanlu.tabular_stream`)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from tanlu import tabular
from tanlu.errors import FileFormatError
from tanlu.tabular import DEFAULT_LIMITS, NO_DATA_ROWS
from tanlu.tabular_decode import decode, plausible_chinese
from tanlu.tabular_header import header_index, refuse_missing_header, refuse_repeated_headers, row_width
from tanlu.tabular_stream import _HEAD_ROWS, WHITESPACE, Records, TableStream, _chunks, _schema

#: Python's csv refuses a longer field; a chunk with a longer line is read by the csv module to say so
_FIELD_LIMIT = csv.field_size_limit()
_HEAD_CHARS = 1 << 20  # what the delimiter, the control characters and GBK plausibility are judged on


class CsvReader:
    """One pass over a CSV file's chunks, after a first pass that decides what ``read_table`` decides on the
    whole file (NUL bytes, encoding, quotes)."""

    def __init__(self, data: memoryview | bytes, name: str, chunk_bytes: int, batch_rows: int, max_rows: int):
        self.data, self.name = data, name
        self.chunk_bytes, self.batch_rows, self.max_rows = chunk_bytes, batch_rows, max_rows
        self.bom = bytes(data[:3]) == b"\xef\xbb\xbf"
        self.body = memoryview(data)[3:] if self.bom else memoryview(data)

    def open(self) -> TableStream:
        self.encoding, self.plain = self._scan()
        head = self._head_text()
        if any(ord(ch) < 32 and ch not in "\t\r\n\x0c" for ch in head[:65536]):
            raise FileFormatError("the file contains control characters: not a text CSV file", file=self.name)
        self.delimiter = tabular._choose_delimiter(head)
        pieces = self._pieces()
        first: Records = []  # the first non-blank records, read as Python lists
        rest: list[_Lines | Records] = []
        for piece in pieces:
            first += self._head_records(piece, _HEAD_ROWS - len(first))
            rest.append(piece)
            if len(first) >= _HEAD_ROWS:
                break
        try:
            if not first:
                raise FileFormatError(NO_DATA_ROWS, file=self.name)
            start = header_index(first, frozenset())
            if start is None:
                refuse_missing_header(first, self.name, None)
            number, header = first[start]
            refuse_repeated_headers(header, number, self.name, None)
        except FileFormatError:
            for _piece in pieces:  # an error of reading later in the file is what read_table would name
                pass
            raise
        self.header_row, self.header = number, header
        headers = header[: row_width(header)]
        return TableStream(self.name, None, headers, number, self.encoding, self._batches(rest, pieces))

    # ----------------------------------------------------------------------------------------- first pass

    def _scan(self) -> tuple[str, bool]:
        """The encoding ``tabular_decode.decode`` would find for the whole file, and whether it has no bare CR (then
        each chunk's lines are one record each, split by polars, unless a quote says otherwise)."""
        utf8_error: int | None = None
        plain = True
        offset = 3 if self.bom else 0
        for part in _chunks(self.body, self.chunk_bytes):
            chunk = bytes(part)
            if b"\x00" in chunk:
                decode(b"\x00", self.name)  # raises read_table's error
            if plain and b"\r" in chunk and chunk.count(b"\r") != chunk.count(b"\r\n"):
                plain = False
            if utf8_error is None:
                try:  # polars checks UTF-8 six times faster than decoding; the error's offset needs Python
                    pl.Series([chunk], dtype=pl.Binary).cast(pl.String)
                except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError):
                    try:
                        chunk.decode("utf-8")
                    except UnicodeDecodeError as error:
                        utf8_error = offset + error.start
            offset += len(chunk)
        if utf8_error is None:
            return ("utf-8-sig" if self.bom else "utf-8"), plain
        if self.bom:
            raise FileFormatError(f"invalid UTF-8 at byte {utf8_error}", file=self.name)
        for encoding in ("gbk", "gb18030"):
            if self._decodes(encoding) and plausible_chinese(self._head_text(encoding)):
                return encoding, plain
        raise FileFormatError(
            "unknown text encoding: save the file as CSV UTF-8 (or GBK/GB18030 from Excel in Chinese)",
            file=self.name,
        )

    def _decodes(self, encoding: str) -> bool:
        try:
            for part in _chunks(self.body, self.chunk_bytes):
                bytes(part).decode(encoding)
        except UnicodeDecodeError:
            return False
        return True

    def _head_text(self, encoding: str | None = None) -> str:
        """At least the first :data:`_HEAD_CHARS` characters of the text (or all of it)."""
        codec = encoding or self.encoding.removesuffix("-sig")
        texts: list[str] = []
        count = 0
        for part in _chunks(self.body, min(self.chunk_bytes, 4 << 20)):
            texts.append(bytes(part).decode(codec))
            count += len(texts[-1])
            if count >= _HEAD_CHARS:
                break
        return "".join(texts)

    # ---------------------------------------------------------------------------------------- the records

    def _pieces(self) -> Iterator[_Lines | Records]:
        """The file's records in order: chunks of lines that are one record each (:class:`_Lines`), else, from
        the first chunk where that is not sure to the end, lists of non-blank (line, cells) from Python's csv
        module; reading errors raised in file order."""
        codec = self.encoding.removesuffix("-sig")
        line, offset = 1, 0
        for part in _chunks(self.body, self.chunk_bytes) if self.plain else ():
            chunk = bytes(part)
            count = chunk.count(b"\n") + (0 if chunk.endswith(b"\n") else 1)
            utf8 = chunk if codec == "utf-8" else chunk.decode(codec).encode("utf-8")
            frame = pl.read_csv(
                utf8, has_header=False, separator="\x00", quote_char=None, schema={"text": pl.String}
            )
            quoted = b'"' in chunk
            if frame.height != count or not self._one_record_a_line(frame, quoted=quoted):
                break  # csv reads the rest: this chunk starts a record, as every chunk before ended one
            frame = frame.select(
                pl.int_range(line, line + count, dtype=pl.Int64).alias("line"), pl.col("text").fill_null("")
            )
            self._check_columns(frame)
            yield _Lines(frame, utf8, quoted=quoted, strip=self._may_need_stripping(utf8))
            line, offset = line + count, offset + len(chunk)
        else:
            if self.plain:
                return
        yield from self._csv_records(self._text_lines(offset), line - 1)

    def _one_record_a_line(self, frame: pl.DataFrame, *, quoted: bool) -> bool:
        """Whether every line is one record that polars splits as Python's csv does: no line longer than csv's
        field limit, and a line with a quote made of whole fields, each plain or quoted (``"a,b"``, ``"q""r"``)."""
        text = frame.get_column("text").fill_null("")
        if frame.height and (text.str.len_bytes().max() or 0) > _FIELD_LIMIT:  # type: ignore[operator]
            return False
        if not quoted:
            return True
        d = re.escape(self.delimiter)
        field = f'(?:"(?:[^"]|"")*"|[^"{d}]*)'
        with_quotes = text.filter(text.str.contains('"', literal=True))
        return bool(with_quotes.str.contains(f"^{field}(?:{d}{field})*\r?$").all())

    def _text_lines(self, offset: int) -> Iterator[str]:
        """The lines from byte ``offset`` on as ``io.StringIO(text, newline="")`` gives them (CR, LF and CRLF end
        a line), decoded as they are read, without a copy of the whole file."""
        raw = _ViewReader(self.body[offset:])
        return io.TextIOWrapper(
            io.BufferedReader(raw), encoding=self.encoding.removesuffix("-sig"), newline=""
        )

    def _csv_records(self, lines: Iterator[str], before: int) -> Iterator[Records]:
        """Non-blank records of ``lines`` as ``tabular._read_csv`` reads them; ``before`` lines precede them."""
        reader = csv.reader(lines, delimiter=self.delimiter, strict=False)
        records: Records = []
        previous = 0
        cap = DEFAULT_LIMITS.max_columns
        try:
            for record in reader:
                line = before + previous + 1
                previous = reader.line_num
                if len(record) > cap:
                    raise FileFormatError(f"line {line} has more than {cap} columns", file=self.name)
                cells = [cell.strip() for cell in record]
                if any(cells):
                    records.append((line, cells))
                    if len(records) >= self.batch_rows:
                        yield records
                        records = []
        except csv.Error as error:
            near = before + previous + 1
            raise FileFormatError(f"malformed CSV near line {near}: {error}", file=self.name) from None
        if records:
            yield records

    def _check_columns(self, frame: pl.DataFrame) -> None:
        """``line N has more than 1000 columns``, as csv reads the line (a delimiter in quotes is no column)."""
        cap = DEFAULT_LIMITS.max_columns
        if self.delimiter == tabular._ONE_COLUMN:
            return
        wide = frame.filter(pl.col("text").str.len_bytes() >= cap - 1)
        wide = wide.filter(wide["text"].str.count_matches(self.delimiter, literal=True) >= cap)
        for number, text in wide.iter_rows():
            if len(self._cells(text)) > cap:
                raise FileFormatError(f"line {number} has more than {cap} columns", file=self.name)

    @property
    def _blanks(self) -> str:
        """What a line of blank cells holds."""
        return WHITESPACE + ("" if self.delimiter == tabular._ONE_COLUMN else self.delimiter)

    def _cells(self, text: str) -> list[str]:
        """One line's cells as csv reads them, stripped."""
        return [cell.strip() for cell in next(csv.reader([text], delimiter=self.delimiter, strict=False), [])]

    def _head_records(self, piece: _Lines | Records, wanted: int) -> Records:
        if wanted <= 0:
            return []
        if isinstance(piece, list):
            return piece[:wanted]
        records: Records = []
        for number, text in piece.frame.iter_rows():
            cells = self._cells(text)
            if any(cells):
                records.append((number, cells))
                if len(records) >= wanted:
                    break
        return records

    # ------------------------------------------------------------------------------------------ the batches

    def _batches(
        self, read: list[_Lines | Records], pieces: Iterator[_Lines | Records]
    ) -> Iterator[pl.DataFrame]:
        width = row_width(self.header)
        too_wide: list[tuple[int, int]] = []  # the first data line with more cells than the header line
        rows = 0

        def pieces_in_order() -> Iterator[_Lines | Records]:
            yield from read
            read.clear()
            yield from pieces

        for piece in pieces_in_order():
            batch = self._frame(piece, width, too_wide)
            del piece
            if batch.height:
                rows += batch.height
                if rows > self.max_rows:
                    raise FileFormatError(f"the file has more than {self.max_rows} data rows", file=self.name)
                yield batch
        if too_wide:
            number, cells = too_wide[0]
            raise FileFormatError(
                f"line {number} has {cells} cells but the header on line {self.header_row} has "
                f"{len(self.header)}; put a cell that holds the delimiter in double quotes",
                file=self.name,
                row=number,
            )
        if not rows:
            raise FileFormatError(NO_DATA_ROWS, file=self.name)

    def _frame(self, piece: _Lines | Records, width: int, too_wide: list[tuple[int, int]]) -> pl.DataFrame:
        """One piece's data rows (below the header, not blank) as ``row, c0 …``; notes a row too wide."""
        length = len(self.header)
        if isinstance(piece, list):
            body = [(n, cells) for n, cells in piece if n > self.header_row]
            if not too_wide:
                wide = next(((n, row_width(c)) for n, c in body if row_width(c) > length), None)
                too_wide.extend([wide] if wide else [])
            columns = {f"c{i}": [c[i] if i < len(c) else "" for _, c in body] for i in range(width)}
            return pl.DataFrame({"row": [n for n, _ in body], **columns}, schema=_schema(width))
        fields = self._fields(piece, length)
        cells = [
            (column.fill_null("").str.strip_chars(WHITESPACE) if piece.strip else column.fill_null("")).alias(
                f"c{i}"
            )
            for i, column in enumerate(fields.iter_columns())
        ]
        extra = self._extra(piece, fields.get_column(f"f{length}"), length)
        frame = pl.DataFrame([piece.frame.get_column("line").alias("row"), *cells[:width]])
        blank = pl.all_horizontal([cell == "" for cell in cells[:length]]) & ~extra
        keep = frame.select((pl.col("row") > self.header_row) & ~blank).to_series()
        for number, text in piece.frame.filter(extra & keep).iter_rows():
            exact = self._cells(text)
            if not any(exact):
                keep = keep & (piece.frame.get_column("line") != number)
            elif row_width(exact) > length and not too_wide:
                too_wide.append((number, row_width(exact)))
        return frame.filter(keep)

    def _fields(self, piece: _Lines, length: int) -> pl.DataFrame:
        """Each line's first ``length + 1`` cells (``f0`` …; null where a line has fewer), not stripped."""
        names = [f"f{i}" for i in range(length + 1)]
        widest = (self.delimiter * length + "\n").encode()  # sets polars' width, then dropped
        return pl.read_csv(
            widest + piece.utf8,
            has_header=False,
            separator=self.delimiter,
            quote_char='"' if piece.quoted else None,
            schema=dict.fromkeys(names, pl.String()),
            truncate_ragged_lines=True,
        ).slice(1)

    def _extra(self, piece: _Lines, last: pl.Series, length: int) -> pl.Series:
        """Lines that csv reads to decide whether they are too wide: a cell after the header's (in a line
        without quotes: the rest of the line not blank)."""
        extra = ~last.is_null()
        if piece.quoted or not extra.any():
            return extra
        where = extra.arg_true()
        rest = piece.frame.get_column("text").gather(where).str.splitn(self.delimiter, length + 1)
        blank = rest.struct.field(f"field_{length}").str.strip_chars(self._blanks) == ""
        return extra.scatter(where.filter(blank), False)

    def _may_need_stripping(self, utf8: bytes) -> bool:
        """Whether a cell of the chunk may start or end with whitespace: it holds any (or a byte sequence
        that starts one), or its delimiter is a tab. Stripping every cell is the largest cost otherwise."""
        return (
            self.delimiter in WHITESPACE
            or any(marker in utf8 for marker in _WHITESPACE_MARKERS)
            or (b"\xe3" in utf8 and "\u3000".encode() in utf8)
        )


#: bytes of which one starts every whitespace character but CR and LF (polars drops a CR before LF) in UTF-8:
#: the ASCII ones, and the lead bytes of U+0085/U+00A0 (C2), U+1680 (E1) and U+2000-U+205F (E2); single bytes,
#: which ``in`` finds at memchr's speed (a longer needle costs 30-70 ms per 16 MiB). U+3000 is looked for apart.
_WHITESPACE_MARKERS = (
    *(ch.encode() for ch in WHITESPACE if len(ch.encode()) == 1 and ch not in "\r\n"),
    b"\xc2",
    b"\xe1",
    b"\xe2",
)


@dataclass(frozen=True)
class _Lines:
    """A chunk's lines (``line``, ``text``), each one record, and its bytes in UTF-8 for polars to split; whether
    it holds quotes, and whether its cells may need stripping."""

    frame: pl.DataFrame
    utf8: bytes
    quoted: bool
    strip: bool


class _ViewReader(io.RawIOBase):
    """A read-only raw stream over a memory view (io.BytesIO would copy it whole)."""

    def __init__(self, view: memoryview) -> None:
        self.view, self.position = view, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        size = min(len(buffer), len(self.view) - self.position)
        buffer[:size] = self.view[self.position : self.position + size]
        self.position += size
        return size
