"""Footprints of the hand-worked model and the bundled example: totals, splits, allocation, tree, what-if, Monte Carlo."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tanlu.carbon.products.allocation import allocation_shares, site_activities_from_inventory
from tanlu.carbon.products.contributions import contribution_tree, hotspots
from tanlu.carbon.products.explain import explain_footprint
from tanlu.carbon.products.footprint import calculate_footprints
from tanlu.carbon.products.model import ProductModel
from tanlu.carbon.products.reader import read_model
from tanlu.carbon.products.whatif import what_if
from tanlu.errors import InputError


def test_hand_worked_totals(hand_worked: ProductModel) -> None:
    result = calculate_footprints(hand_worked)
    a, b = result.products["A"], result.products["B"]
    assert a.total == pytest.approx(11.25, rel=1e-12)
    assert b.total == pytest.approx(4.125, rel=1e-12)
    assert a.fossil == pytest.approx(11.25)
    assert a.biogenic == 0
    assert a.primary_data_share == pytest.approx(8.125 / 11.25 * 100)
    assert a.dqr["technological"] == pytest.approx(16.25 / 11.25)
    assert a.by_stage["energy"] + a.by_stage["materials"] == pytest.approx(a.total)
    assert sum(v for k, v in a.by_gas.items() if k != "CO2_biogenic") == pytest.approx(a.total)


def test_allocation_shares_follow_the_issue(hand_worked: ProductModel) -> None:
    tables = hand_worked.tables
    shares = allocation_shares(tables["sites"], tables["production"], tables["products"])
    assert dict(zip(shares["product_id"], shares["share"], strict=True)) == pytest.approx(
        {"A": 0.4, "B": 0.6}
    )
    assert dict(zip(shares["product_id"], shares["per_unit"], strict=True)) == pytest.approx(
        {"A": 0.004, "B": 0.002}
    )
    by_units = allocation_shares(tables["sites"], tables["production"], tables["products"], {"P": "units"})
    assert by_units["share"].to_list() == pytest.approx([0.25, 0.75])
    by_price = allocation_shares(tables["sites"], tables["production"], tables["products"], {"P": "economic"})
    assert by_price["share"].to_list() == pytest.approx([1000 / 1600, 600 / 1600])


def test_register_records_allocation_and_standards(hand_worked: ProductModel) -> None:
    register = calculate_footprints(hand_worked, gwp="AR5").register
    assert register.gwp == "AR5"
    assert "ISO 14067:2018" in register.standards
    (site,) = register.allocation
    assert (site.site, site.method, site.hierarchy_step) == ("P", "mass", "physical")
    assert "ISO 14044" in site.justification
    assert register.to_dict()["boundary"] == "cradle-to-gate"


def test_frame_columns_first(hand_worked: ProductModel) -> None:
    frame = calculate_footprints(hand_worked).frame()
    assert frame.columns[:5] == [
        "product_id",
        "pcf_kgco2e_per_unit",
        "fossil_kgco2e_per_unit",
        "biogenic_kgco2e_per_unit",
        "primary_data_share",
    ]
    assert frame["pcf_kgco2e_per_unit"].to_list() == pytest.approx([11.25, 4.125])


def test_tree_sums_at_every_level(example_dir: Path) -> None:
    model = read_model(example_dir)
    result = calculate_footprints(model)
    tree = contribution_tree(model, result, "CAL-100", depth=4)
    assert tree.kgco2e == pytest.approx(result.products["CAL-100"].total)
    for _, node in tree.walk():
        if node.children:
            assert sum(child.kgco2e for child in node.children) == pytest.approx(node.kgco2e, rel=1e-9)
    kinds = {node.kind for _, node in tree.walk()}
    assert kinds == {"product", "purchased", "activity", "site"}
    assert sum(kg for _, kg in hotspots(result, "CAL-100", top=100)) == pytest.approx(tree.kgco2e)


def test_tree_in_chinese(example_dir: Path) -> None:
    model = read_model(example_dir)
    result = calculate_footprints(model)
    tree = contribution_tree(model, result, "CAL-100", depth=1, lang="zh")
    assert tree.label == "制动钳总成"
    assert "一手数据占比" in explain_footprint(result.products["CAL-100"], lang="zh")
    assert "primary data" in explain_footprint(result.products["CAL-100"])


def test_what_if_moves_only_downstream(example_dir: Path) -> None:
    model = read_model(example_dir)
    result = calculate_footprints(model)
    before = result.frame()
    change = what_if(model, result, purchased={"STL-BAR": 1.05})
    assert {c.product_id for c in change.changes} == {"BRK-120", "PST-130", "CAL-100"}
    brk = next(c for c in change.changes if c.product_id == "BRK-120")
    assert brk.delta == pytest.approx(-1.05 * 1.45 / 0.8)
    assert result.frame().equals(before)
    green = what_if(model, result, electricity={"P2-KUNSHAN": "certificate"})
    assert all(c.delta < 0 for c in green.changes)
    assert "BRK-120" not in {c.product_id for c in green.changes}
    with pytest.raises(InputError, match="unknown purchased item"):
        what_if(model, result, purchased={"NOPE": 1})
    with pytest.raises(InputError, match="not an electricity activity"):
        what_if(model, result, electricity={"*": "natural_gas"})


def test_what_if_allocation_equals_recomputed_model(hand_worked: ProductModel, write_model: object) -> None:
    result = calculate_footprints(hand_worked)
    change = what_if(hand_worked, result, allocation={"P": "units"})
    after = {c.product_id: c.after for c in change.changes}
    # by units: A 100 of 400 units → 125 kg, 1.25 per piece; B 375 kg, 1.25 per kg
    f_b = (1.25 + 2 + 0.1 * (1.25 + 1)) / (1 - 0.2)
    f_a = 1.25 + 1 + 2 * f_b
    assert after["B"] == pytest.approx(f_b)
    assert after["A"] == pytest.approx(f_a)


def test_monte_carlo_is_reproducible(example_dir: Path) -> None:
    model = read_model(example_dir)
    first = calculate_footprints(model, samples=400, seed=7)
    again = calculate_footprints(model, samples=400, seed=7)
    other = calculate_footprints(model, samples=400, seed=8)
    low, high = first.products["CAL-100"].uncertainty or (0.0, 0.0)
    assert low < first.products["CAL-100"].total < high
    assert first.products["CAL-100"].uncertainty == again.products["CAL-100"].uncertainty
    assert first.products["CAL-100"].uncertainty != other.products["CAL-100"].uncertainty
    assert np.isfinite(first.frame()["p97_5_kgco2e"].to_numpy()).all()


def test_exemptions_are_counted_apart(write_model: object) -> None:
    folder = write_model(  # type: ignore[operator]
        {
            "purchased": (
                "item_id,name,unit,kgco2e_per_unit,primary_data_share,source,exempt\n"
                "S,Steel,kg,2,50,Supplier PCF,yes\n"
            )
        }
    )
    result = calculate_footprints(read_model(folder))
    a = result.products["A"]
    assert a.exempted_share > 3
    assert a.exemptions_flagged
    assert result.register.exemptions[0].what == "S"


def test_site_activities_from_an_inventory(make_activities: object, bundled: object) -> None:
    import datetime as dt  # noqa: PLC0415

    from tests.unit.carbon.conftest import activity_row  # noqa: PLC0415

    from tanlu.carbon.inventory import calculate_inventory  # noqa: PLC0415

    rows = [
        activity_row("electricity_cn_east_2023", "1000", "kWh", site="P1"),
        activity_row("electricity_cn_east_2023", "300", "kWh", "certificate", site="P1"),
        activity_row("natural_gas", "62", "GJ", site="P1", start="2023-01-16", end="2023-02-14"),
        activity_row("spend_naics_332710", "100", "USD", site="P1"),
        activity_row("natural_gas", "1", "GJ", site="P2"),
    ]
    inventory = calculate_inventory(make_activities(rows), bundled)  # type: ignore[operator, arg-type]
    found = site_activities_from_inventory(inventory, "P1", dt.date(2023, 1, 1), dt.date(2023, 1, 31))
    assert [(r["activity"], r["instrument"]) for r in found] == [
        ("electricity_cn_east_2023", ""),
        ("electricity_cn_east_2023", "certificate"),
        ("natural_gas", ""),
    ]
    assert found[2]["amount"] == pytest.approx(62 * 16 / 30)
