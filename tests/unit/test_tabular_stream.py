"""Reading a CSV or XLSX table in batches (:mod:`tanlu.tabular_stream`) gives what reading it whole
(:func:`tanlu.tabular.read_table`) gives: the same header, the same rows with the same row numbers, or the same
error (reason and row), whatever the chunk and batch sizes."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanlu.errors import FileFormatError
from tanlu.tabular import read_table
from tanlu.tabular_stream import WHITESPACE, stream_table

Outcome = tuple[object, ...]


def whole(data: bytes) -> Outcome:
    try:
        table = read_table(data)
    except FileFormatError as error:
        return ("error", error.issue.reason, error.issue.row, error.issue.sheet)
    return ("table", table.headers, table.rows, table.row_numbers, table.header_row, table.encoding)


def batched(data: bytes | Path, chunk_bytes: int, batch_rows: int) -> Outcome:
    try:
        stream = stream_table(data, chunk_bytes=chunk_bytes, batch_rows=batch_rows)
        frames = list(stream.batches())
    except FileFormatError as error:
        return ("error", error.issue.reason, error.issue.row, error.issue.sheet)
    assert all(frame.height for frame in frames)
    rows = [list(row[1:]) for frame in frames for row in frame.iter_rows()]
    numbers = [row[0] for frame in frames for row in frame.iter_rows()]
    return ("table", stream.headers, rows, numbers, stream.header_row, stream.encoding)


def same(expected: Outcome, got: Outcome) -> None:
    """A streamed table has the header's columns only (read_table pads every row to the widest row, with
    empty header cells over cells beyond the header)."""
    if expected[0] == "table" and got[0] == "table":
        width = len(got[1])  # type: ignore[arg-type]
        headers, rows = expected[1], expected[2]
        assert headers[width:] == [""] * (len(headers) - width)  # type: ignore[index,operator,arg-type]
        expected = (
            "table",
            headers[:width],  # type: ignore[index]
            [row[:width] for row in rows],  # type: ignore[attr-defined]
            *expected[3:],
        )
    assert got == expected


# cells that exercise every rule: quotes (well-formed and not), delimiters, CR/LF inside quotes, spaces and
# Python-only whitespace to strip, Chinese, numbers and dates (header detection), empty cells
CELLS = st.sampled_from(
    [
        "",
        " ",
        "a",
        "site",
        "amount",
        "12",
        "2023-01-05",
        "电力",
        " 天然气 ",
        "\u3000x\u3000",
        "\x1fz",
        '"q"',
        '"a,b"',
        '"x""y"',
        '"line\nbreak"',
        '"cr\r\nlf"',
        '5" pipe',
        '"open',
        "a;b",
        "t\tab",
        '""',
    ]
)
LINE_ENDS = st.sampled_from(["\n", "\r\n"])
DELIMITERS = st.sampled_from([",", ";", "\t"])


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    delimiter = draw(DELIMITERS)
    end = draw(LINE_ENDS)
    width = draw(st.integers(1, 4))
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["2024年能源消耗台账", "", "单位：吨", ",,,"])))
    header = draw(
        st.lists(
            st.sampled_from(["site", "amount", "unit", "备注", "", "site"]), min_size=width, max_size=width
        )
    )
    lines.append(delimiter.join(header))
    for _ in range(draw(st.integers(0, 25))):
        cells = draw(st.lists(CELLS, min_size=0, max_size=width + 1))
        lines.append(delimiter.join(cells))
    text = end.join(lines) + draw(st.sampled_from(["", end, end + end]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk"]))
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(csv_files(), st.integers(1, 200), st.integers(1, 30))
def test_csv_batches_are_the_whole_file(data: bytes, chunk_bytes: int, batch_rows: int) -> None:
    same(whole(data), batched(data, chunk_bytes, batch_rows))


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(csv_files(), st.integers(1, 200))
def test_a_path_reads_as_its_bytes(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, chunk_bytes: int
) -> None:
    path = tmp_path_factory.mktemp("stream") / "activities.csv"
    path.write_bytes(data)
    assert (
        batched(path, chunk_bytes, 7)[1:] == batched(data, 1 << 20, 100_000)[1:]
        or batched(path, 9, 7)[0] == "error"
    )


def test_whitespace_is_what_python_strips() -> None:
    assert set(WHITESPACE) == {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}


@pytest.mark.parametrize(
    ("data", "reason", "row"),
    [
        (
            b"site,amount\n1,2,3\n",
            (
                "line 2 has 3 cells but the header on line 1 has 2; put a cell that holds "
                "the delimiter in double quotes"
            ),
            2,
        ),
        (
            b"site,amount\n" + b"a,1\n" * 50 + b"b,2,x\n",
            (
                "line 52 has 3 cells but the header on line 1 has 2; "
                "put a cell that holds the delimiter in double quotes"
            ),
            52,
        ),
        (
            b"site,site\n1,2\n",
            "the header names 'site' twice (columns 1 and 2); give each column its own name",
            1,
        ),
        (b"site,amount\n", "the file has no data rows", None),
        (
            b"site,amount\na,\x00\n",
            "the file contains NUL bytes (binary, or UTF-16 text); save it as CSV UTF-8 or as .xlsx",
            None,
        ),
    ],
)
def test_errors_name_the_line_across_chunks(data: bytes, reason: str, row: int | None) -> None:
    for chunk in (1, 7, 1 << 20):
        assert batched(data, chunk, 3)[1:3] == (reason, row)


def test_a_late_malformed_line_wins_over_an_early_wide_one() -> None:
    """read_table reads every line before it checks widths: a later reading error is the one it names."""
    data = b"site,amount\na,1,extra\n" + b"b,2\n" * 20 + b"c," + b"x" * 140_000 + b"\n"
    assert whole(data)[0] == "error"
    for chunk in (5, 64, 1 << 20):
        same(whole(data), batched(data, chunk, 4))


def test_row_limit_names_the_limit() -> None:
    data = b"site,amount\n" + b"a,1\n" * 30
    with pytest.raises(FileFormatError, match="more than 20 data rows"):
        list(stream_table(data, chunk_bytes=16, max_rows=20).batches())


# ------------------------------------------------------------------------------------------------------ XLSX


def workbook(rows: list[list[object]], *, start_row: int = 0, title: str | None = None) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("数据")
    if title:
        sheet.merge_range(start_row, 0, start_row, 3, title)
        start_row += 1
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(start_row + r, c, value)
    book.close()
    return buffer.getvalue()


XLSX_CELLS = st.one_of(
    st.none(),
    st.sampled_from(["a", "电力", " x ", "2023-01-05", "kWh"]),
    st.integers(-5, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.lists(XLSX_CELLS, min_size=0, max_size=4), min_size=0, max_size=30),
    st.integers(0, 5),
    st.sampled_from([None, "2024年能源消耗台账"]),
    st.integers(1, 12),
)
def test_xlsx_batches_are_the_whole_sheet(
    body: list[list[object]], start_row: int, title: str | None, batch_rows: int
) -> None:
    data = workbook([["site", "开始日期", "amount", "unit"], *body], start_row=start_row, title=title)
    same(whole(data), batched(data, 1 << 20, batch_rows))


def test_xlsx_rows_below_a1_cite_the_sheet_row() -> None:
    data = workbook([["site", "amount"], ["A", 1], [None, None], ["B", 2]], start_row=3)
    _kind, headers, rows, numbers, header_row, _encoding = batched(data, 1 << 20, 1)
    assert (headers, rows, numbers, header_row) == (["site", "amount"], [["A", "1"], ["B", "2"]], [5, 7], 4)


def test_polars_frames_have_a_column_per_header_cell() -> None:
    stream = stream_table(b"site,amount,,\na,1\n")
    frames = list(stream.batches())
    assert stream.headers == ["site", "amount"]
    assert frames[0].schema == pl.Schema({"row": pl.Int64, "c0": pl.String, "c1": pl.String})
