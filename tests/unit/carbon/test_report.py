"""JSON and XLSX output of an inventory."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from tanlu.carbon.factors import FactorSet
from tanlu.carbon.inventory import calculate_inventory
from tanlu.carbon.report import inventory_to_dict, write_xlsx

from .conftest import MakeActivities, activity_row

REQUIRED = {
    "gwp",
    "scope1",
    "scope2_location",
    "scope2_market",
    "scope3",
    "by_category",
    "by_gas",
    "biogenic_co2",
    "rows",
}


def test_json_shape_in_tonnes(make_activities: MakeActivities, bundled: FactorSet) -> None:
    rows = [
        activity_row("natural_gas", "1000", "GJ"),
        activity_row("electricity_cn_national_2023", "1000", "MWh"),
    ]
    data = inventory_to_dict(calculate_inventory(make_activities(rows), bundled, "AR5"))
    assert set(data) >= REQUIRED
    json.dumps(data, ensure_ascii=False)  # serialisable as it is
    assert data["gwp"] == "AR5"
    assert data["scope1"] == pytest.approx(56.1545)
    assert data["scope2_location"] == pytest.approx(530.6)
    assert data["scope2_market"] == pytest.approx(609.6)
    assert data["by_category"]["stationary_combustion"] == pytest.approx(56.1545)
    assert data["by_category"]["purchased_electricity"] == pytest.approx(530.6)
    assert data["by_category"]["3.1"] == 0
    assert set(data["by_gas"]) >= {"CO2", "CH4", "N2O"}
    assert data["gas_mass_t"] == {"CH4_fossil": 0.001, "CO2": 56.1 + 530.6, "N2O": 0.0001}
    assert data["by_site"]["A"]["market"] == pytest.approx(56.1545 + 609.6)
    assert data["by_month"]["2023-01-01"]["location"] == pytest.approx(56.1545 + 530.6)
    assert data["rows"][1]["market_method"] == "residual_mix"
    assert data["rows"][0]["explanation"].startswith("Row 2")
    assert data["rows"][0]["explanation_zh"].startswith("第2行")
    assert data["factor_set_version"] == bundled.version
    assert len(data["inputs_fingerprint"]) == 64
    assert (
        inventory_to_dict(calculate_inventory(make_activities(rows), bundled), include_rows=False)["rows"]
        == []
    )


def test_xlsx_neutralizes_every_string(make_activities: MakeActivities, bundled: FactorSet) -> None:
    rows = [
        activity_row("natural_gas", "1000", "GJ", site='=HYPERLINK("http://evil","x")'),
        activity_row("natural_gas", "1000", "GJ", site="+cmd|' /C calc'!A0"),
        activity_row("natural_gas", "1000", "GJ", site="@SUM(1)"),
        activity_row("natural_gas", "1000", "GJ", site="-2+3"),
        activity_row("natural_gas", "1000", "GJ", site="\tTab"),
    ]
    buffer = io.BytesIO()
    write_xlsx(calculate_inventory(make_activities(rows), bundled), buffer)
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == [
        "Summary",
        "Categories",
        "Gases",
        "Gas mass",
        "Sites",
        "Months",
        "Years",
        "Rows",
        "Factors",
        "Provenance",
    ]
    strings = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    strings.append(cell.value)
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r", "\0")), cell.value
    assert '\'=HYPERLINK("http://evil","x")' in strings
    assert "Tab" in strings  # surrounding whitespace is stripped on input
    summary = {row[0].value: row[1].value for row in workbook["Summary"].iter_rows(min_row=2)}
    assert summary["scope1"] == pytest.approx(5 * 56.1543)
