"""Downloads: raw responses (CSV/XLSX) read back, formula injection neutralized, report workbook with charts."""

from __future__ import annotations

import io
import zipfile

from tanlu.survey.demo import demo_wave1_responses, demo_wave2_responses
from tanlu.survey.exports import report_xlsx, response_rows, responses_csv, responses_xlsx
from tanlu.survey.form import Choice, Form, Question
from tanlu.survey.report import build_report
from tanlu.survey.responses import ResponseSet, import_responses, validate_response
from tanlu.tabular import read_table, read_workbook_sheets

ATTRIBUTES = ["customer_oem", "region", "tier"]


def hostile_responses() -> ResponseSet:
    form = Form(
        "hostile",
        {"en": '=HYPERLINK("http://evil")'},
        "1",
        "en",
        ("en",),
        (
            Question("note", "text", {"en": "Note"}),
            Question("pick", "select_multiple", {"en": "Pick"}, choices="ab"),
        ),
        {"ab": (Choice("a", {"en": "@A"}), Choice("b", {"en": "+B"}))},
    )
    responses = [
        validate_response(
            form, {"note": "=cmd|' /C calc'!A0", "pick": "a b"}, respondent="-1", attributes={"oem": "+x"}
        ),
        validate_response(form, {"note": "@SUM(1)"}, respondent="r2", attributes={"oem": "\tTab"}),
    ]
    return ResponseSet.from_responses(form, responses)


def test_rows_have_kobo_split_columns() -> None:
    header, rows = response_rows(demo_wave2_responses())
    assert header[:4] == ["respondent", "customer_oem", "region", "tier"]
    assert "aiag_support" in header
    assert "aiag_support/training" in header
    assert len(rows) == 245
    first = dict(zip(header, rows[0], strict=True))
    picked = first["aiag_support"].split()
    assert all(
        first[f"aiag_support/{name}"] == ("1" if name in picked else "0") for name in ["webinar", "training"]
    )


def test_csv_round_trip_through_import() -> None:
    original = demo_wave2_responses()
    data = responses_csv(original)
    assert data.startswith(b"\xef\xbb\xbf")
    table = read_table(data, filename="responses.csv")
    again = import_responses(original.form, table, attributes=ATTRIBUTES)
    assert again.answers == original.answers
    assert again.shown == original.shown
    assert again.respondents == original.respondents
    assert again.attributes == original.attributes


def test_xlsx_round_trip_through_import() -> None:
    original = demo_wave1_responses()
    table = read_table(responses_xlsx(original), filename="responses.xlsx")
    again = import_responses(original.form, table, attributes=ATTRIBUTES)
    assert again.answers == original.answers


def test_csv_cells_and_headers_are_neutralized() -> None:
    table = read_table(responses_csv(hostile_responses()), header_detection=False)
    cells = [*table.headers, *(cell for row in table.rows for cell in row)]
    assert "'=cmd|' /C calc'!A0" in cells
    assert "'@SUM(1)" in cells
    assert "'-1" in cells
    assert "'+x" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells)


def test_xlsx_cells_are_text_and_neutralized() -> None:
    data = responses_xlsx(hostile_responses())
    sheets = read_workbook_sheets(data, header_detection=False)
    cells = [cell for table in sheets.values() for row in [table.headers, *table.rows] for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml  # no formula anywhere


def test_report_workbook_has_a_sheet_and_chart_per_choice_question() -> None:
    responses = demo_wave2_responses()
    data = report_xlsx(build_report(responses, earlier=demo_wave1_responses()), responses, language="zh")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    choice_questions = [q for q in responses.form.answer_questions() if q.choices]
    assert len([n for n in names if n.startswith("xl/charts/chart")]) == len(choice_questions)
    sheets = read_workbook_sheets(data, header_detection=False)
    assert next(iter(sheets)) == "summary"
    assert list(sheets)[-1] == "responses"
    codebook = sheets["编码表"]
    assert codebook.headers == ["工作表", "题目代码", "题目", "选项代码", "选项"]
    sheet_of = {row[1]: row[0] for row in codebook.rows}
    assert ("it_system", "none") in {(row[1], row[3]) for row in codebook.rows}
    assert not any(name.isascii() for name in sheet_of.values()), "sheets are named by their Chinese labels"
    it_system = sheets[sheet_of["it_system"]]
    assert any(row[:2] == ["题目代码", "it_system"] for row in it_system.rows)
    cells = [it_system.headers, *it_system.rows]
    none_row = next(row for row in cells if row[0] == "没有")
    assert none_row[1:3] == ["205", "0.8367"]
    summary = sheets["summary"]
    assert any("52.65%的受访者参与了第一轮调查" in cell for row in summary.rows for cell in row)
    facts = {row[0]: row[1] for row in summary.rows if row and row[0]}
    assert facts["受访者"] == "245", "the respondent count is a number cell, read back as its digits"
    assert facts["筛选条件"] == "无（全部回答）"
    words = {row[0] for row in cells}
    assert {"看到该题", "基数 n", "选项"} <= words
    assert not {"shown", "base n", "option"} & words, "the Chinese workbook has no English labels"
    sample = sheets[sheet_of["pcf_disclosure_sample"]]
    assert any("IMDS" in row for row in sample.rows)


def test_report_workbook_neutralizes_titles() -> None:
    responses = hostile_responses()
    data = report_xlsx(build_report(responses), responses, language="en")
    summary = read_workbook_sheets(data, sheets=["summary"], header_detection=False)["summary"]
    assert summary.headers[0] == '\'=HYPERLINK("http://evil")'


def test_csv_export_reads_back_without_naming_its_attribute_columns() -> None:
    original = demo_wave2_responses()
    again = import_responses(original.form, read_table(responses_csv(original), filename="responses.csv"))
    assert again.answers == original.answers
    assert again.attributes == original.attributes


def test_report_responses_sheet_has_labels_and_numbers_while_the_raw_file_keeps_codes() -> None:
    """Issue 13, item 9: the 0/1 flags were text and the answers option codes in the report's responses sheet."""
    import openpyxl  # noqa: PLC0415 - only this test reads cell types

    responses = demo_wave2_responses()
    data = report_xlsx(build_report(responses), responses, language="zh")
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True)["responses"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    it_system = header.index("it_system")
    flag = header.index("function/sqe")
    values = {row[it_system] for row in rows[1:]}
    assert "没有" in values, "a choice is shown by its label in the report's language"
    assert "none" not in values
    flags = {row[flag] for row in rows[1:]}
    assert flags <= {0, 1}
    assert all(isinstance(v, (int, float)) for v in flags), "flags are number cells"
    raw_header, raw_rows = response_rows(responses)
    assert "none" in {row[raw_header.index("it_system")] for row in raw_rows}, "the raw download keeps codes"
