"""Reading CSV/XLSX safely: encodings, header detection, hostile files, formula injection, decimal grammar."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from tanlu.errors import FileFormatError, InputError
from tanlu.tabular import ReadLimits, decimal_from_text, neutralize_cell, read_table, read_workbook_sheets


def xlsx(rows_by_sheet: dict[str, list[list[object]]], *, merge_title: str | None = None) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in rows_by_sheet.items():
        sheet = workbook.add_worksheet(name)
        offset = 0
        if merge_title:
            sheet.merge_range(0, 0, 0, 3, merge_title)
            offset = 2
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, datetime.date):
                    sheet.write_datetime(r + offset, c, value, date_format)
                elif isinstance(value, str):
                    sheet.write_string(r + offset, c, value)
                else:
                    sheet.write(r + offset, c, value)
    workbook.close()
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """Copy an xlsx, replacing or adding members."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            payload = (replace or {}).get(info.filename, source.read(info.filename))
            target.writestr(info.filename, payload)
        for name, payload in (add or {}).items():
            target.writestr(name, payload)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------ CSV


def test_csv_utf8_with_bom_and_row_numbers() -> None:
    data = "\ufeffname,qty\nelectricity,12000\n\nnatural gas,3.5\n".encode()
    table = read_table(data, filename="energy.csv")
    assert table.headers == ["name", "qty"]
    assert table.rows == [["electricity", "12000"], ["natural gas", "3.5"]]
    assert table.row_numbers == [2, 4]
    assert table.encoding == "utf-8-sig"
    assert table.filename == "energy.csv"
    assert table.sheet is None


def test_csv_gbk_as_excel_writes_it_in_china() -> None:
    note = (
        "提供以產量分配Scope 1及Scope 2的碳數據到個別的客戶產品"  # traditional characters, as the seed prints
    )
    data = f"名称,数量,备注\n电力,12000,\n天然气,3.5,{note}\n".encode("gbk")
    table = read_table(data, filename="台账.csv")
    assert table.encoding == "gbk"
    assert table.rows == [["电力", "12000", ""], ["天然气", "3.5", note]]


def test_csv_gb18030_only_characters() -> None:
    data = "名称,备注\n电力,𠀀\n".encode("gb18030")  # 𠀀 is outside GBK
    table = read_table(data)
    assert table.encoding == "gb18030"
    assert table.rows == [["电力", "𠀀"]]


def test_csv_unknown_encoding_is_a_clear_error() -> None:
    data = "name,city,street\nM\u00fcller,K\u00f6ln,Stra\u00dfe\n".encode("latin-1")
    with pytest.raises(FileFormatError, match="encoding") as caught:
        read_table(data, filename="people.csv")
    assert caught.value.file == "people.csv"


def test_csv_nul_bytes_refused() -> None:
    with pytest.raises(FileFormatError, match="NUL"):
        read_table("name,qty\n".encode("utf-16"), filename="u16.csv")


def test_csv_multiline_quoted_cell_keeps_the_starting_line() -> None:
    data = b'name,note\na,"line one\nline two"\nb,x\n'
    table = read_table(data)
    assert table.rows == [["a", "line one\nline two"], ["b", "x"]]
    assert table.row_numbers == [2, 4]


def test_csv_error_is_file_format_error() -> None:
    too_long = b"a,b\n" + b'"' + b"x" * 200_000 + b'",1\n'
    with pytest.raises(FileFormatError, match="malformed CSV"):
        read_table(too_long)


def test_csv_semicolon_delimiter_detected() -> None:
    table = read_table(b"name;qty\na;1\nb;2\n")
    assert table.headers == ["name", "qty"]
    assert table.rows == [["a", "1"], ["b", "2"]]


def test_csv_caps_rows_and_columns() -> None:
    data = b"a\n" + b"1\n" * 20
    with pytest.raises(FileFormatError, match="more than 10"):
        read_table(data, max_rows=10)
    wide = ",".join(f"c{i}" for i in range(30)).encode() + b"\n"
    with pytest.raises(FileFormatError, match="columns"):
        read_table(wide, limits=ReadLimits(max_columns=20))


def test_csv_header_detection_skips_title_and_blank_rows() -> None:
    data = "2024年能源消耗台账,,\n单位：吨,,\n,,\n名称,数量,单位\n电力,12000,kWh\n".encode()
    table = read_table(data)
    assert table.headers == ["名称", "数量", "单位"]
    assert table.header_row == 4
    assert table.row_numbers == [5]
    plain = read_table(data, header_detection=False)
    assert plain.headers == ["2024年能源消耗台账", "", ""]


def test_path_source(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"a,b\n1,2\n")
    table = read_table(path)
    assert table.filename == "data.csv"
    assert table.rows == [["1", "2"]]


def test_records_and_column() -> None:
    table = read_table(b"a,b\n1,2\n3,4\n")
    assert table.records() == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]
    assert table.column("b") == ["2", "4"]
    with pytest.raises(InputError):
        table.column("c")


# ------------------------------------------------------------------------------------------------ disguised


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>",
        b"<html><table></table></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<?xml version="1.0"?><root/>',
        b"%PDF-1.7 ...",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old xls",
        b"\x89PNG\r\n\x1a\n....",
        b"MZ\x90\x00 executable",
    ],
)
def test_disguised_files_refused(content: bytes) -> None:
    with pytest.raises(FileFormatError, match="not a CSV or XLSX"):
        read_table(content, filename="data.xlsx")


def test_empty_file_refused() -> None:
    with pytest.raises(FileFormatError, match="empty"):
        read_table(b"  \n", filename="empty.csv")


def test_zip_that_is_not_a_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(FileFormatError, match="not an Excel workbook"):
        read_table(out.getvalue(), filename="data.xlsx")


# ------------------------------------------------------------------------------------------------ XLSX


def test_xlsx_numbers_dates_and_header_detection() -> None:
    data = xlsx(
        {
            "台账": [
                ["名称", "数量", "日期", "标志"],
                ["电力", 12000, datetime.date(2024, 1, 5), True],
                ["x", 0.1 + 0.2, "", False],
            ]
        },
        merge_title="2024年能源消耗台账",
    )
    table = read_table(data, filename="energy.xlsx")
    assert table.sheet == "台账"
    assert table.headers == ["名称", "数量", "日期", "标志"]
    assert table.header_row == 3
    assert table.rows == [["电力", "12000", "2024-01-05", "TRUE"], ["x", "0.3", "", "FALSE"]]
    assert table.row_numbers == [4, 5]
    assert table.encoding is None


def test_xlsx_named_sheet_and_all_sheets() -> None:
    data = xlsx({"survey": [["type", "name"], ["text", "q1"]], "choices": [["list_name", "name"]]})
    assert read_table(data, sheet="survey").rows == [["text", "q1"]]
    with pytest.raises(FileFormatError, match="no data rows") as caught:
        read_table(data, sheet="choices")  # one table: it needs rows
    assert caught.value.issue.sheet == "choices"
    sheets = read_workbook_sheets(data)  # a form's sheets: an empty choices sheet is fine
    assert list(sheets) == ["survey", "choices"]
    assert sheets["survey"].rows == [["text", "q1"]]
    assert sheets["choices"].headers == ["list_name", "name"]
    with pytest.raises(FileFormatError, match="no sheet named 'settings'"):
        read_workbook_sheets(data, sheets=["survey", "settings"])


def test_csv_as_workbook_is_one_sheet_named_after_the_file() -> None:
    sheets = read_workbook_sheets(b"type,name\ntext,q1\n", filename="survey.csv")
    assert list(sheets) == ["survey"]


def test_zip_bomb_refused_by_ratio() -> None:
    bomb = rezip(xlsx({"s": [["a"], ["1"]]}), add={"xl/media/padding.xml": b"0" * (20 * 1024 * 1024)})
    assert len(bomb) < 200_000
    with pytest.raises(FileFormatError, match="zip bomb"):
        read_table(bomb, filename="bomb.xlsx")


def test_zip_bomb_refused_by_total_size_and_member_count() -> None:
    data = xlsx({"s": [["a"], ["1"]]})
    with pytest.raises(FileFormatError, match="expands to"):
        read_table(data, filename="big.xlsx", limits=ReadLimits(max_uncompressed_bytes=1000))
    with pytest.raises(FileFormatError, match="parts"):
        read_table(data, filename="many.xlsx", limits=ReadLimits(max_zip_members=3))


def test_xml_entity_declaration_refused() -> None:
    data = xlsx({"s": [["a"], ["1"]]})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        strings = archive.read("xl/sharedStrings.xml")
    evil = strings.replace(
        b"<sst", b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><sst', 1
    )
    with pytest.raises(FileFormatError, match="entity") as caught:
        read_table(rezip(data, replace={"xl/sharedStrings.xml": evil}), filename="billion-laughs.xlsx")
    assert caught.value.file == "billion-laughs.xlsx"


def test_macro_enabled_workbook_refused() -> None:
    data = rezip(xlsx({"s": [["a"], ["1"]]}), add={"xl/vbaProject.bin": b"\x00" * 100})
    with pytest.raises(FileFormatError, match=r"macro-enabled"):
        read_table(data, filename="renamed.xlsx")


def test_damaged_zip_refused() -> None:
    data = xlsx({"s": [["a"], ["1"]]})
    with pytest.raises(FileFormatError):
        read_table(data[: len(data) // 2], filename="cut.xlsx")


# ------------------------------------------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\0x", "'\0x"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralize_cell(value: str, expected: str) -> None:
    assert neutralize_cell(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        ("-1.5", -1.5),
        ("+3.", 3.0),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("2.5E-3", 0.0025),
        (" 7 ", 7.0),
    ],
)
def test_decimal_grammar_accepts(text: str, expected: float) -> None:
    assert decimal_from_text(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("-inf", "Infinity"),
        ("1e400", "out of range"),
        ("1e-400", "out of range"),
        ("true", "yes/no"),
        ("1,234.5", "thousands"),
        ("1 234", "thousands"),
        ("１２", "not a number"),
        ("0x10", "not a number"),
        ("1_000", "thousands"),
        ("12kg", "not a number"),
    ],
)
def test_decimal_grammar_refuses_with_place(text: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as caught:
        decimal_from_text(text, file="activity.csv", row=7, column="quantity")
    error = caught.value
    assert (error.file, error.row, error.column) == ("activity.csv", 7, "quantity")
    assert error.issue.value == text


def test_decimal_refuses_booleans_passed_as_objects() -> None:
    with pytest.raises(InputError):
        decimal_from_text(True, file="f", row=1, column="c")  # type: ignore[arg-type]
