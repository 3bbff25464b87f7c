"""A CSV read a slice at a time gives the rows and row numbers ``read_table`` gives for the whole file."""

from __future__ import annotations

import pytest

from tanlu.errors import FileFormatError
from tanlu.tabular import read_table
from tanlu.web.inventory import slices

FILES = {
    "title rows and GBK": "2024年能源台账\r\n\r\n站点,活动,数量\r\n一厂,电力,1\r\n\r\n二厂,天然气,2\r\n三厂,柴油,3\r\n".encode(
        "gbk"
    ),
    "quoted newlines across slices": b'site,note,amount\nA,"two\nlines",1\nB,"three\nmore\nlines",2\nC,x,3\nD,,4\n',
    "BOM and semicolons": "\ufeffsite;amount\nA;1\nB;2\nC;3\n".encode(),
    "blank rows across slices": b"site,amount\nA,1\n,\n,\n,\nB,2\n",
}


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("size", [1, 2, 1000])
def test_slices_give_the_rows_and_lines_of_the_whole_file(
    name: str, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(slices, "SLICE_LINES", size)
    content = FILES[name]
    whole = read_table(content, filename="f.csv")
    top, count = slices.head_and_count(content, "f.csv")
    assert (top.headers, top.header_row, top.encoding) == (whole.headers, whole.header_row, whole.encoding)
    parts = list(slices.slices(content, "f.csv"))
    rows = [row[: len(whole.headers)] for part in parts for row in part.rows]
    assert rows == whole.rows
    assert [n for part in parts for n in part.row_numbers] == whole.row_numbers
    assert count == len(whole.rows)


def test_a_header_alone_has_no_data_rows() -> None:
    with pytest.raises(FileFormatError, match="no data rows"):
        slices.head_and_count(b"site,amount\n", "f.csv")
