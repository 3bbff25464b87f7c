"""Reading product models: CSV folders, workbooks, Chinese headers, BOM level exports, and every rejection."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tanlu.carbon.products.bom import parse_level
from tanlu.carbon.products.footprint import calculate_footprints
from tanlu.carbon.products.model import ProductModel
from tanlu.carbon.products.reader import model_from_tables, read_model
from tanlu.errors import RowIssue, RowsRejected

from .conftest import HAND_WORKED, WriteModel


def _issues(folder: Path) -> list[RowIssue]:
    with pytest.raises(RowsRejected) as caught:
        read_model(folder)
    return caught.value.issues


def _where(issues: list[RowIssue]) -> set[tuple[str | None, int | None, str | None]]:
    return {(issue.sheet, issue.row, issue.column) for issue in issues}


def test_example_reads(example_dir: Path) -> None:
    model = read_model(example_dir)
    assert model.table("products").height == 6
    assert model.sources["inputs"] == "inputs.csv"
    assert model.fingerprint() == read_model(example_dir).fingerprint()
    legs = model.table("activities").filter(model.table("activities")["product_id"] == "BRK-120")
    assert legs["amount"].to_list() == pytest.approx([1.45 / 1000 * 350])
    assert legs["unit"].to_list() == ["t*km"]


def test_chinese_headers_and_sheet_names(write_model: WriteModel) -> None:
    folder = write_model(
        {"products": "零件号,名称,单位,单重,单价\nA,总成,件,2,10\nB,坯料,kg,1,2\n"},
        base={k: v for k, v in HAND_WORKED.items() if k not in ("products", "production")},
    )
    (folder / "产量.csv").write_text("工厂,零件号,数量\nP,A,100\nP,B,300\n", encoding="utf-8")
    model = read_model(folder)
    assert calculate_footprints(model).products["A"].total == pytest.approx(11.25)


def test_workbook_equals_folder(tmp_path: Path, hand_worked: ProductModel) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet, text in HAND_WORKED.items():
        tab = workbook.create_sheet(sheet)
        for line in text.strip().splitlines():
            tab.append(line.split(","))
    path = tmp_path / "model.xlsx"
    workbook.save(path)
    model = read_model(path)
    assert calculate_footprints(model).products["A"].total == pytest.approx(11.25)


def test_bom_level_export(write_model: WriteModel) -> None:
    bom = "Level,Component,Quantity,Unit,Scrap\n0,A,1,piece,\n.1,B,1.5,kg,0.25\n..2,S,1,kg,\n..2,A,0.1,piece,\n.1,S,500,g,\n"
    model = read_model(write_model({"inputs": bom}))
    assert calculate_footprints(model).products["A"].total == pytest.approx(11.25)
    assert [parse_level(t) for t in ("0", ".1", "..2", "3", "1.2.1", "x")] == [0, 1, 2, 3, 3, None]


def test_bom_level_jump_is_named(write_model: WriteModel) -> None:
    bom = "层级,子件,数量\n0,A,1\n2,B,1\n"
    issues = _issues(write_model({"inputs": bom}))
    assert ("inputs", 3, "level") in _where(issues)


def test_model_from_tables_matches_files(hand_worked: ProductModel) -> None:
    tables = {
        "products": [{"product_id": "A", "name": "Assembly", "unit": "piece", "mass_kg": 2, "price": 10.0},
                     {"product_id": "B", "name": "Blank", "unit": "kg", "mass_kg": 1.0, "price": 2}],
        "inputs": [{"product_id": "A", "input_id": "B", "quantity": 1.5, "unit": "kg", "scrap": 0.25},
                   {"product_id": "A", "input_id": "S", "quantity": 500, "unit": "g"},
                   {"product_id": "B", "input_id": "S", "quantity": 1, "unit": "kg"},
                   {"product_id": "B", "input_id": "A", "quantity": 0.1, "unit": "piece"}],
        "purchased": [{"item_id": "S", "name": "Steel", "unit": "kg", "kgco2e_per_unit": 2, "primary_data_share": 50,
                       "source": "Supplier PCF", "dqr_technological": 1, "dqr_geographical": 2, "dqr_temporal": 1}],
        "sites": [{"site": "P", "allocation": "mass"}],
        "site_activities": [{"site": "P", "activity": "power_test", "amount": 1000, "unit": "kWh",
                             "dqr_technological": 2, "dqr_geographical": 2, "dqr_temporal": 2}],
        "production": [{"site": "P", "product_id": "A", "quantity": 100}, {"site": "P", "product_id": "B", "quantity": 300}],
        "factors": [{"activity": "power_test", "unit": "kWh", "gas": "CO2e", "value": 0.5, "scope": 2,
                     "category": "purchased_electricity", "method": "location", "source": "Test grid"}],
    }  # fmt: skip
    model = model_from_tables(tables, source="stored")
    assert calculate_footprints(model).products["A"].total == pytest.approx(11.25)
    for sheet in ("products", "inputs", "purchased", "production"):
        assert model.table(sheet).drop("row").equals(hand_worked.table(sheet).drop("row"))
    tables["inputs"][0]["quantity"] = -1
    with pytest.raises(RowsRejected, match="negative quantity"):
        model_from_tables(tables, source="stored")


def test_every_bad_row_is_named_at_once(write_model: WriteModel) -> None:
    folder = write_model(
        {
            "products": "product_id,name,unit,mass_kg\nA,Assembly,piece,2\nB,Blank,kg,1\nC,No unit,,1\n",
            "inputs": "product_id,input_id,quantity,unit\nA,B,-1,kg\nA,Steel,1,kg\nB,S,2,kWh\nAA,S,1,kg\n",
            "site_activities": "site,activity,amount,unit\nP,power_tset,1000,kWh\nQ,power_test,5,kWh\n",
        }
    )
    issues = _issues(folder)
    where = _where(issues)
    assert ("products", 4, "unit") in where
    assert ("inputs", 2, "quantity") in where
    assert ("inputs", 3, "input_id") in where
    assert ("inputs", 4, "unit") in where
    assert ("inputs", 5, "product_id") in where
    assert ("site_activities", 2, "activity") in where
    assert ("site_activities", 3, "site") in where
    reasons = {(i.sheet, i.row, i.column): i.reason for i in issues}
    assert reasons[("inputs", 2, "quantity")] == "negative quantity"
    assert (
        "did you mean 'S'?" in reasons[("inputs", 3, "input_id")]
        or "unknown input" in reasons[("inputs", 3, "input_id")]
    )
    assert "did you mean 'A'?" in reasons[("inputs", 5, "product_id")]
    assert "did you mean 'power_test'?" in reasons[("site_activities", 2, "activity")]
    assert "cannot convert" in reasons[("inputs", 4, "unit")]
    assert all(issue.file and issue.file.endswith(".csv") for issue in issues)
    text = str(RowsRejected(issues))
    assert "inputs.csv, sheet 'inputs', row 2, column 'quantity': negative quantity (value '-1')" in text


def test_loop_with_gain_of_one_is_refused(write_model: WriteModel) -> None:
    folder = write_model({"inputs": "product_id,input_id,quantity\nA,B,2\nB,A,0.5\nA,S,1\n"})
    issues = _issues(folder)
    assert {(i.row, i.column) for i in issues} == {(2, "input_id"), (3, "input_id")}
    assert all("no finite solution" in i.reason for i in issues)


def test_allocation_keys_and_sites_are_checked(write_model: WriteModel) -> None:
    folder = write_model(
        {
            "products": "product_id,name,unit\nA,Assembly,piece\nB,Blank,kg\n",
            "sites": "site,allocation\nP,mass\nQ,hours\nR,weight\n",
            "production": "site,product_id,quantity\nP,A,100\nP,B,0\nQ,A,5\n",
        }
    )
    where = _where(_issues(folder))
    assert {
        ("production", 2, "product_id"),
        ("production", 3, "quantity"),
        ("production", 4, "hours"),
        ("sites", 4, "allocation"),
    } <= where


def test_bad_numbers_distributions_and_factor_rows(write_model: WriteModel) -> None:
    folder = write_model(
        {
            "purchased": (
                "item_id,name,unit,kgco2e_per_unit,primary_data_share,source,dqr_temporal,distribution,min,max\n"
                'S,Steel,kg,1,"1,234.5",,4,triangular,3,1\n'
            ),
            "factors": "activity,unit,gas,value,scope,category,method,source\npower_test,kWh,CO2e,-1,2,purchased_electricity,location,x\n",
        }
    )
    where = _where(_issues(folder))
    assert ("factors", 2, "value") in where
    assert ("purchased", 2, "primary_data_share") in where
    assert {("purchased", 2, "source"), ("purchased", 2, "dqr_temporal"), ("purchased", 2, "max")} <= where
