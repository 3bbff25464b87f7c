"""Bad input workbooks: every problem named by file, sheet, row and column, all of them at once."""

from __future__ import annotations

import pytest

from tanlu.carbon.cbam.reader import read_installation
from tanlu.errors import InputError, RowsRejected

from .conftest import Sheets, WriteWorkbook


def _issues(write_workbook: WriteWorkbook, sheets: Sheets) -> list[str]:
    with pytest.raises(RowsRejected) as caught:
        read_installation(write_workbook(sheets))
    return [str(issue) for issue in caught.value.issues]


def test_the_example_reads(write_workbook: WriteWorkbook, example_sheets: Sheets) -> None:
    data = read_installation(write_workbook(example_sheets))
    assert data.installation.unlocode == "CN NGB"
    assert data.installation.country == "CN"
    assert data.installation.categories == ("Iron or steel products",)
    assert [p.cn_code for p in data.processes] == ["72139110", "73181588"]
    assert data.emissions[0].electricity_mwh == pytest.approx(120.0)  # 120 000 kWh


def test_a_process_with_no_production(write_workbook: WriteWorkbook, example_sheets: Sheets) -> None:
    example_sheets["processes"][2][3] = 0
    example_sheets["processes"][1][3] = ""
    issues = _issues(write_workbook, example_sheets)
    for row in (2, 3):
        assert any(
            f"installation.xlsx, sheet 'processes', row {row}, column 'production_t': a process with no production"
            in issue
            for issue in issues
        )


def test_a_precursor_without_emissions_or_default(
    write_workbook: WriteWorkbook, example_sheets: Sheets
) -> None:
    example_sheets["precursors"][1][7] = ""  # purchased billets without the supplier's SEE
    example_sheets["precursors"].append(["BOLT", "7605 11", "default", 5, "", "", "", "", ""])
    issues = _issues(write_workbook, example_sheets)
    assert any(
        "sheet 'precursors', row 2, column 'see_direct': a purchased precursor needs the supplier's SEE" in i
        for i in issues
    )
    assert any("row 5, column 'cn_code': a precursor without emissions or default value" in i for i in issues)


def test_a_cn_code_outside_cbams_annex(write_workbook: WriteWorkbook, example_sheets: Sheets) -> None:
    example_sheets["processes"][2][2] = "8708 30"  # brakes: not a CBAM good
    example_sheets["precursors"][1][1] = "7204 10"  # scrap: excluded from annex I
    issues = _issues(write_workbook, example_sheets)
    assert any(
        "sheet 'processes', row 3, column 'cn_code': CN 870830 is not in CBAM's annex I" in i for i in issues
    )
    assert any("sheet 'precursors', row 2, column 'cn_code': CN 720410 (ferrous waste" in i for i in issues)


def test_electricity_given_in_kg(write_workbook: WriteWorkbook, example_sheets: Sheets) -> None:
    example_sheets["emissions"][3][4] = "kg"
    issues = _issues(write_workbook, example_sheets)
    assert issues == [
        (
            "installation.xlsx, sheet 'emissions', row 4, column 'electricity_unit': electricity is energy: give it "
            "in MWh, kWh or GJ (value 'kg')"
        )
    ]


def test_electricity_without_its_factor(write_workbook: WriteWorkbook, example_sheets: Sheets) -> None:
    example_sheets["emissions"][3][5] = ""
    issues = _issues(write_workbook, example_sheets)
    assert any("row 4, column 'electricity_factor_tco2e_per_mwh': a number is required" in i for i in issues)


def test_own_precursor_problems(write_workbook: WriteWorkbook, example_sheets: Sheets) -> None:
    example_sheets["precursors"][3][3] = 1200  # more wire rod than WR makes
    example_sheets["precursors"].append(["BOLT", "7213 91 10", "own", 1, "NOPE", "", "", "", ""])
    example_sheets["precursors"].append(["BOLT", "7207 11 16", "own", 1, "WR", "", "", "", ""])
    issues = _issues(write_workbook, example_sheets)
    assert any("other processes consume more of WR than it produces (1000 t)" in i for i in issues)
    assert any("row 5, column 'from_process': no such process" in i for i in issues)
    assert any("row 6, column 'cn_code': process WR makes CN 72139110" in i for i in issues)


def test_installation_fields(write_workbook: WriteWorkbook, example_sheets: Sheets) -> None:
    rows = example_sheets["installation"]
    rows[3][1] = "Ningbo"
    rows[4][1] = 95
    rows[6][1] = "Iron or steel products; Cement"
    rows.append(["colour", "blue"])
    issues = _issues(write_workbook, example_sheets)
    assert any("row 4, column 'value': a UN/LOCODE is a country code and 3 letters" in i for i in issues)
    assert any("row 5, column 'value': latitude lies between -90 and 90" in i for i in issues)
    assert any("row 7, column 'value': expected one of" in i and "'Cement'" in i for i in issues)
    assert any("column 'field': unknown field" in i for i in issues)


def test_a_good_outside_the_installations_categories(
    write_workbook: WriteWorkbook, example_sheets: Sheets
) -> None:
    example_sheets["processes"].append(["AL", "Aluminium parts", "7616 99 10", 10])
    issues = _issues(write_workbook, example_sheets)
    assert issues == [
        (
            "installation.xlsx, sheet 'processes', row 4, column 'cn_code': 'Aluminium products' is not among the "
            "installation's categories (value '7616 99 10')"
        )
    ]


def test_a_missing_sheet(write_workbook: WriteWorkbook, example_sheets: Sheets) -> None:
    del example_sheets["precursors"]
    with pytest.raises(InputError, match="missing: precursors"):
        read_installation(write_workbook(example_sheets))


def test_a_default_precursor_outside_china_needs_its_country(
    write_workbook: WriteWorkbook, example_sheets: Sheets
) -> None:
    example_sheets["installation"][3][1] = "IN BOM"
    issues = _issues(write_workbook, example_sheets)
    assert issues == [
        (
            "installation.xlsx, sheet 'precursors', row 3, column 'country': the precursor's country of origin: "
            "default values are shipped for China (CN) and Other countries and territories (OTHER) only, not for 'IN'"
        )
    ]
    example_sheets["precursors"][2][6] = "other"
    data = read_installation(write_workbook(example_sheets))
    assert data.precursors[1].see_direct == pytest.approx(4.00)
