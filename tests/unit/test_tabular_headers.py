"""The CSV delimiter and the header rules of the table reader (issue #11, items 7 and 12): nothing is guessed
so that data is lost, and a header that cannot name every column is refused with a clear reason."""

from __future__ import annotations

import pytest

from tanlu.errors import FileFormatError
from tanlu.tabular import read_table, read_workbook_sheets

from .test_tabular import xlsx

# ------------------------------------------------------------------------------------------ delimiter


def test_one_column_file_keeps_a_semicolon_in_its_cell() -> None:
    """Regression (#11): ``site\\nPlant;1`` was sniffed as ``;``-separated and read as ``['site', '']``."""
    table = read_table(b"site\nPlant;1\n", filename="sites.csv")
    assert table.headers == ["site"]
    assert table.rows == [["Plant;1"]]


def test_one_column_file_keeps_a_row_of_only_a_delimiter() -> None:
    """Regression (#11): ``a\\n;\\n`` lost its row (two empty cells under ``;`` made it blank)."""
    table = read_table(b"a\n;\n", filename="a.csv", header_detection=False)
    assert table.headers == ["a"]
    assert table.rows == [[";"]]
    assert table.row_numbers == [2]


def test_one_column_file_unquotes_its_cells() -> None:
    table = read_table(b'company\n"Plant, Inc."\nb,c\n', filename="c.csv")
    assert table.rows == [["Plant, Inc."], ["b,c"]]


def test_the_header_line_decides_the_delimiter() -> None:
    table = read_table(b"name;qty\nPlant, Inc.;1,5\nb;2\n", filename="eu.csv")
    assert table.headers == ["name", "qty"]
    assert table.rows == [["Plant, Inc.", "1,5"], ["b", "2"]]
    tabs = read_table(b"name\tnote\na\tx;y,z\n", filename="t.tsv")
    assert tabs.rows == [["a", "x;y,z"]]


def test_when_two_delimiters_split_the_header_the_rows_decide() -> None:
    table = read_table(b"a,b;c\n1;2,3,4\n5;6\n", filename="odd.csv", header_detection=False)
    assert table.headers == ["a,b", "c"]
    assert table.rows == [["1", "2,3,4"], ["5", "6"]]


def test_a_row_wider_than_the_header_is_refused_not_cut() -> None:
    with pytest.raises(FileFormatError, match="line 3 has 3 cells but the header on line 1 has 2") as caught:
        read_table(b"site,amount\nPlant 1,5\nPlant 2,1,5\n", filename="w.csv")
    assert caught.value.row == 3
    # trailing empty cells (Excel writes the used range) are no extra cells
    assert read_table(b"site,amount\nPlant 1,5,,\n", filename="w.csv").rows == [["Plant 1", "5"]]


def test_title_rows_written_by_excel_still_give_the_delimiter() -> None:
    data = "2024年能源消耗台账;;\n名称;数量;单位\n电力;12000;kWh\n".encode()
    table = read_table(data, filename="台账.csv")
    assert table.headers == ["名称", "数量", "单位"]
    assert table.rows == [["电力", "12000", "kWh"]]


# --------------------------------------------------------------------------------------------- header


def test_a_repeated_header_is_refused_with_both_columns() -> None:
    with pytest.raises(FileFormatError, match=r"names 'amount' twice \(columns 2 and 4\)") as caught:
        read_table(b"site,amount,unit,amount\nA,1,kg,2\n", filename="two.csv")
    assert (caught.value.column, caught.value.row) == ("amount", 1)
    with pytest.raises(FileFormatError, match="twice"):
        read_table(xlsx({"s": [["amount", "amount"], [1, 2]]}), filename="two.xlsx")
    with pytest.raises(FileFormatError, match="twice"):
        read_workbook_sheets(b"name,name\nx,y\n", filename="survey.csv", header_detection=False)


def test_columns_without_a_header_are_not_repeats() -> None:
    table = read_table(xlsx({"s": [["site", "", "", "amount"], ["A", "", "", "1"]]}), filename="gaps.xlsx")
    assert table.headers == ["site", "", "", "amount"]


def test_a_file_without_a_header_row_is_refused() -> None:
    """Regression (#11): the first data row became the header and was lost."""
    data = b"Plant 1,2023-01-01,2023-01-31,natural_gas,100,m3\nPlant 2,2023-02-01,2023-02-28,diesel,5,t\n"
    with pytest.raises(FileFormatError, match="no header row") as caught:
        read_table(data, filename="rows.csv")
    assert caught.value.row == 1
    assert "Plant 1" in (caught.value.issue.value or "")
    with pytest.raises(FileFormatError, match="no header row"):
        read_table(b"100\n200\n", filename="numbers.csv")
    with pytest.raises(FileFormatError, match="no header row"):
        read_table(xlsx({"s": [["A", 2023, 5.5], ["B", 2024, 1]]}), filename="rows.xlsx")


def test_header_detection_still_skips_titles_with_dates() -> None:
    data = "报告期,2024-01-01,2024-12-31\n\n名称,数量,单位\n电力,12000,kWh\n".encode()
    table = read_table(data, filename="t.csv")
    assert table.headers == ["名称", "数量", "单位"]
    assert table.header_row == 3


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"site,period_start,amount\n", "header-only.csv"),
        (b",,\n,,\n", "commas.csv"),
        (xlsx({"s": [["site", "amount"]]}), "header-only.xlsx"),
        (xlsx({"s": []}), "blank.xlsx"),
    ],
)
def test_a_table_without_data_rows_says_so(data: bytes, name: str) -> None:
    with pytest.raises(FileFormatError, match="the file has no data rows") as caught:
        read_table(data, filename=name)
    assert caught.value.file == name


def test_the_first_sheet_with_data_is_read_and_the_others_are_not_judged() -> None:
    data = xlsx({"empty": [], "activities": [["site", "amount"], ["A", 1]], "notes": [[1, 2], [3, 4]]})
    table = read_table(data, filename="book.xlsx")
    assert table.sheet == "activities"
    assert table.rows == [["A", "1"]]
