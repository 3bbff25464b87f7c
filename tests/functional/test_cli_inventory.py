"""``tanlu inventory``: calc and factors, driven through click's test runner (no subprocess, no database)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tanlu.cli import main
from tanlu.cli.inventory import inventory
from tanlu.errors import RowsRejected, TanluError

ACTIVITIES = (
    "site,period_start,period_end,activity,amount,unit,instrument,note\n"
    "Plant 1,2023-01-01,2023-01-31,natural_gas,1000,GJ,,boiler\n"
    "Plant 1,2023-01-01,2023-03-31,electricity_cn_national_2023,1000,MWh,,\n"
    'Plant 2,2023-02-01,2023-02-28,electricity_cn_national_2023,500,MWh,certificate,=HYPERLINK("x")\n'
    "Plant 2,2023-02-01,2023-02-28,refrigerant_r410a,2,kg,,\n"
    "Plant 2,2023-02-01,2023-02-28,spend_naics_336390,645150,元,,\n"
)


@pytest.fixture
def activities_csv(tmp_path: Path) -> Path:
    path = tmp_path / "activities.csv"
    path.write_text(ACTIVITIES, encoding="utf-8")
    return path


def test_calc_prints_json_in_tonnes(activities_csv: Path) -> None:
    result = CliRunner().invoke(inventory, ["calc", str(activities_csv), "--gwp", "AR5"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["gwp"] == "AR5"
    assert data["scope1"] == pytest.approx(56.1545 + 3.847)
    assert data["scope2_location"] == pytest.approx(530.6 + 265.3)
    assert data["scope2_market"] == pytest.approx(609.6)
    # 645,150 元 of 2023 at the 2023 rate (7.0467 CNY/USD), deflated to the factor's 2021 USD (US CPI-U)
    spend = 645150 / 7.0467 * 270.970 / 304.702 * 0.395 / 1000
    assert data["scope3"] == pytest.approx(spend)
    assert data["by_category"]["3.1"] == pytest.approx(spend)
    assert data["by_gas"]["HFCs"] == pytest.approx(3.847)
    assert data["biogenic_co2"] == 0
    assert [row["row"] for row in data["rows"]] == [2, 3, 4, 5, 6]
    assert data["rows"][2]["explanation"].startswith("Row 4 (site Plant 2")


def test_calc_gwp_changes_the_result(activities_csv: Path) -> None:
    ar5 = json.loads(
        CliRunner().invoke(inventory, ["calc", str(activities_csv), "--gwp", "AR5", "--no-rows"]).stdout
    )
    ar6 = json.loads(
        CliRunner().invoke(inventory, ["calc", str(activities_csv), "--gwp", "ar6", "--no-rows"]).stdout
    )
    assert ar6["gwp"] == "AR6"
    assert ar6["scope1"] - ar5["scope1"] == pytest.approx((4.511 - 3.847) + (56.1543 - 56.1545))
    assert ar5["rows"] == []


def test_calc_writes_xlsx(activities_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "inventory.xlsx"
    result = CliRunner().invoke(
        inventory, ["calc", str(activities_csv), "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    notes = [cell.value for row in workbook["Rows"].iter_rows() for cell in row]
    assert '\'=HYPERLINK("x")' in notes
    assert not list(tmp_path.glob(".inventory.xlsx.*"))


def test_xlsx_needs_an_output_file(activities_csv: Path) -> None:
    result = CliRunner().invoke(inventory, ["calc", str(activities_csv), "--format", "xlsx"])
    assert result.exit_code != 0
    assert isinstance(result.exception, TanluError)


def test_bad_rows_exit_non_zero_name_every_row_and_write_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        ACTIVITIES
        + "Plant 3,2023-01-01,2023-01-31,natural_gas,-5,m3,,\n"
        + "Plant 3,2023-01-01,2023-01-31,electricity_uk_2025,5,kg,,\n"
        + "Plant 3,2023-01-01,2023-01-31,unobtainium,5,kg,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    result = CliRunner().invoke(inventory, ["calc", str(path), "--out", str(out)])
    assert result.exit_code != 0
    assert isinstance(result.exception, RowsRejected)
    assert [issue.row for issue in result.exception.issues] == [7, 8, 9]
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]


def test_root_command_prints_the_error_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("site,period_start,period_end,activity,amount,unit\nA,2023-01-01,2023-01-31,foo,1,kg\n")
    result = CliRunner().invoke(main, ["inventory", "calc", str(path)])
    assert result.exit_code == 1
    assert "Error: 1 row rejected" in result.output
    assert "bad.csv, row 2, column 'activity': unknown activity (value 'foo')" in result.output
    assert "Traceback" not in result.output


def test_gbk_file_with_chinese_headers_and_an_organization_factor_file(tmp_path: Path) -> None:
    activities = tmp_path / "台账.csv"
    activities.write_bytes(
        "场所,开始日期,结束日期,活动,数量,单位,凭证\n"
        "一厂,2023-01-01,2023-12-31,外购钢材,100,吨,\n"
        "一厂,2023-01-01,2023-12-31,electricity_cn_east_2023,200,万千瓦时,supplier:绿电协议\n".encode("gbk")
    )
    factors = tmp_path / "因子.csv"
    factors.write_bytes(
        "activity,unit,gas,value,scope,category,method,source\n"
        "外购钢材,t,CO2e,1850,3,3.1,,供应商EPD 2024\n"
        "绿电协议,MWh,CO2,20,2,purchased_electricity,market,PPA合同\n".encode("gbk")
    )
    result = CliRunner().invoke(
        inventory, ["calc", str(activities), "--factors", str(factors), "--gwp", "AR6"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scope3"] == pytest.approx(185.0)
    assert data["scope2_location"] == pytest.approx(2_000_000 * 0.55 / 1000)
    assert data["scope2_market"] == pytest.approx(2000 * 20 / 1000)
    assert data["factor_set_version"].startswith("tanlu-bundled-2026.11+因子.csv@")
    assert data["rows"][1]["market_method"] == "supplier-specific"


def test_factors_lists_activity_keys() -> None:
    result = CliRunner().invoke(inventory, ["factors", "--search", "east china"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("# factor set tanlu-bundled-2026.11@")
    assert any(
        line.startswith("electricity_cn_east_2023\tkWh\tscope 2\tpurchased_electricity") for line in lines
    )


def test_explain_drills_a_total_down_to_rows(activities_csv: Path) -> None:
    result = CliRunner().invoke(
        inventory, ["explain", str(activities_csv), "--scope", "2", "--basis", "market"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Scope 2: 609.6 t CO2e (market, 2 rows)"
    assert lines[1] == "  Electricity, China national grid 2023: 609.6 t CO2e (100.0%)"
    assert lines[2].startswith("    Row 3 (site Plant 1, 2023-01-01 – 2023-03-31): 1,000 MWh Electricity")
    chinese = CliRunner().invoke(
        inventory, ["explain", str(activities_csv), "--category", "3.1", "--lang", "zh"]
    )
    assert chinese.output.splitlines()[0] == "外购商品和服务：32.16 t CO2e（基于位置法，1行）"
    assert "第6行（厂区Plant 2" in chinese.output


def test_ch4_rule_option_weights_combustion_methane_as_fossil(activities_csv: Path) -> None:
    def scope1(*options: str) -> dict[str, object]:
        result = CliRunner().invoke(inventory, ["calc", str(activities_csv), "--no-rows", *options])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    default, fossil = scope1(), scope1("--ch4-rule", "fossil")
    assert default["ch4_rule"] == "by_category"
    assert fossil["ch4_rule"] == "fossil"
    # 1,000 GJ of natural gas emit 1 kg CH4 per TJ: combustion takes AR6's non-fossil 27.0 by category, 29.8 as fossil
    assert float(fossil["scope1"]) - float(default["scope1"]) == pytest.approx((29.8 - 27.0) / 1000)  # type: ignore[arg-type]
    refused = CliRunner().invoke(inventory, ["calc", str(activities_csv), "--ch4-rule", "always"])
    assert refused.exit_code != 0
    assert "--ch4-rule" in refused.output


def _air_freight(tmp_path: Path) -> Path:
    path = tmp_path / "air.csv"
    path.write_text(
        "site,period_start,period_end,activity,amount,unit\n"
        "Plant 1,2023-01-01,2023-01-31,freight_air_long_haul,1000,t*km\n",
        encoding="utf-8",
    )
    return path


def test_radiative_forcing_option_puts_the_uplift_into_category_3_4(tmp_path: Path) -> None:
    path = _air_freight(tmp_path)
    without = CliRunner().invoke(inventory, ["calc", str(path), "--no-rows"])
    with_rf = CliRunner().invoke(inventory, ["calc", str(path), "--no-rows", "--radiative-forcing"])
    assert without.exit_code == 0, without.output
    assert with_rf.exit_code == 0, with_rf.output
    apart, inside = json.loads(without.stdout), json.loads(with_rf.stdout)
    # DESNZ 2025 long-haul air freight: 0.36809 kg CO2e of RF uplift per t*km, kept apart unless asked for
    assert apart["radiative_forcing"] == pytest.approx(0.36809)
    assert (apart["radiative_forcing_included"], inside["radiative_forcing_included"]) == (False, True)
    assert inside["by_category"]["3.4"] - apart["by_category"]["3.4"] == pytest.approx(0.36809)


def test_explain_follows_the_same_radiative_forcing_choice(tmp_path: Path) -> None:
    path = _air_freight(tmp_path)
    apart = CliRunner().invoke(inventory, ["explain", str(path), "--category", "3.4"])
    inside = CliRunner().invoke(inventory, ["explain", str(path), "--category", "3.4", "--radiative-forcing"])
    assert apart.exit_code == 0, apart.output
    assert inside.exit_code == 0, inside.output
    assert "0.8994 t CO2e (location, 1 row)" in inside.stdout
    assert "(included in the figure)" in inside.stdout
    assert "0.5313 t CO2e (location, 1 row)" in apart.stdout
    assert "(reported apart, not in the total)" in apart.stdout
