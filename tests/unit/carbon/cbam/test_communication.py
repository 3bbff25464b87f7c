"""The communication workbook and JSON: same figures, template sheet names, every figure explained."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from python_calamine import CalamineWorkbook

from tanlu.carbon.cbam.calculate import calculate
from tanlu.carbon.cbam.communication import build_communication, communication_json, workbook_bytes
from tanlu.carbon.cbam.reader import read_installation

from .conftest import Sheets, WriteWorkbook


def test_workbook_and_json_carry_the_same_figures(
    write_workbook: WriteWorkbook, example_sheets: Sheets
) -> None:
    data = read_installation(write_workbook(example_sheets))
    installation = dataclasses.replace(data.installation, name='=HYPERLINK("http://x")')
    data = dataclasses.replace(data, installation=installation)  # a name Excel would run: must stay text
    communication = build_communication(data, calculate(data), 2026)
    book = CalamineWorkbook.from_filelike(io.BytesIO(workbook_bytes(communication)))
    assert book.sheet_names == [
        "A_InstData",
        "D_Processes",
        "E_PurchPrec",
        "Summary_Products",
        "Summary_Communication",
    ]
    document = json.loads(communication_json(communication))
    summary = book.get_sheet_by_name("Summary_Products").to_python()
    header = summary[0]
    bolts = dict(zip(header, summary[2], strict=True))
    assert bolts["CN code"] == "73181588"
    assert bolts["Specific direct embedded emissions (t CO2e/t)"] == pytest.approx(2.71149375)
    assert bolts["Default value with mark-up (t CO2e/t)"] == pytest.approx(7.01)
    assert "850 t × 2.5167 [own from process WR" in bolts["Made from: SEE direct"]
    assert "[processes row 3]" in bolts["Made from: SEE direct"]
    assert document["summary_products"][1]["see_direct"] == pytest.approx(2.71149375)
    assert document["summary_products"][1]["default_share"] == pytest.approx(0.3785, rel=1e-3)
    precursors = book.get_sheet_by_name("E_PurchPrec").to_python()
    assert [row[9] for row in precursors[1:]] == ["Actual data", "Default value"]
    assert len(document["purchased_precursors"]) == 2
    name = book.get_sheet_by_name("A_InstData").to_python()[1][1]
    assert name == '\'=HYPERLINK("http://x")'
    assert document["installation"][0]["value"] == '=HYPERLINK("http://x")'


def test_the_communication_sheet_points_at_the_summary(
    write_workbook: WriteWorkbook, example_sheets: Sheets
) -> None:
    data = read_installation(write_workbook(example_sheets))
    communication = build_communication(data, calculate(data), 2026)
    rows = communication.sheets[-1].rows
    assert [row["cn_code"] for row in rows] == ["72139110", "73181588"]
    assert rows[1]["made_from"] == "Summary_Products row 3 (process BOLT)"
    assert rows[1]["unlocode"] == "CN NGB"


def test_outside_china_the_comparison_says_no_default_is_shipped(
    write_workbook: WriteWorkbook, example_sheets: Sheets
) -> None:
    example_sheets["installation"][3][1] = "IN BOM"
    example_sheets["precursors"][2][6] = "CN"  # the billets on defaults come from China
    data = read_installation(write_workbook(example_sheets))
    summary = build_communication(data, calculate(data), 2026).sheets[3].rows
    assert summary[1]["default_with_markup"] == ""
    assert "not for 'IN'" in summary[1]["default_reference"]
