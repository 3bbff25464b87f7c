"""Invariants of product footprints on generated models: linearity, complete allocation, the tree adds up, loops."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanlu.carbon.products.allocation import allocation_shares
from tanlu.carbon.products.contributions import contribution_tree
from tanlu.carbon.products.footprint import calculate_footprints
from tanlu.carbon.products.reader import model_from_tables

SETTINGS = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: numbers as people type them (at most 6 decimals): the decimal grammar refuses 17-digit noise and 1e-300
amounts = st.floats(min_value=0.0, max_value=1000.0).map(lambda x: round(x, 6))
small = st.floats(min_value=0.0, max_value=0.3).map(lambda x: round(x, 6))
positive = st.floats(min_value=0.1, max_value=100.0).map(lambda x: round(x, 6))


@st.composite
def models(draw: Any) -> dict[str, list[dict[str, object]]]:
    """A random network of 2–6 products (any links, loops included, each column's gain < 1) and 1–3 purchased items."""
    n = draw(st.integers(2, 6))
    m = draw(st.integers(1, 3))
    products = [
        {
            "product_id": f"P{i}",
            "name": f"Part {i}",
            "unit": "piece",
            "mass_kg": draw(positive),
            "price": draw(positive),
        }
        for i in range(n)
    ]
    purchased = [
        {"item_id": f"M{k}", "name": f"Item {k}", "unit": "kg", "kgco2e_per_unit": draw(amounts),
         "primary_data_share": draw(st.floats(0, 100).map(lambda x: round(x, 3))), "source": "generated"}
        for k in range(m)
    ]  # fmt: skip
    inputs = []
    for j in range(n):
        for i in draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True)):
            inputs.append({"product_id": f"P{j}", "input_id": f"P{i}", "quantity": draw(small)})
        for k in draw(st.lists(st.integers(0, m - 1), max_size=m, unique=True)):
            inputs.append({"product_id": f"P{j}", "input_id": f"M{k}", "quantity": draw(amounts)})
    method = draw(st.sampled_from(["mass", "units", "economic", "hours"]))
    production = [
        {"site": "S", "product_id": f"P{i}", "quantity": draw(positive), "hours": draw(positive)}
        for i in range(n)
    ]
    activities = [
        {
            "product_id": f"P{i}",
            "activity": "electricity_cn_east_2023",
            "amount": draw(amounts),
            "unit": "kWh",
        }
        for i in range(n)
    ]
    return {
        "products": products,
        "purchased": purchased,
        "inputs": inputs,
        "sites": [{"site": "S", "allocation": method}],
        "site_activities": [
            {"site": "S", "activity": "natural_gas", "amount": draw(amounts), "unit": "GJ"},
            {"site": "S", "activity": "electricity_cn_east_2023", "amount": draw(amounts), "unit": "kWh"},
        ],
        "production": production,
        "activities": activities,
    }


def _scaled(tables: dict[str, list[dict[str, object]]], k: float) -> dict[str, list[dict[str, object]]]:
    out = {sheet: [dict(row) for row in rows] for sheet, rows in tables.items()}
    for sheet, column in (
        ("activities", "amount"),
        ("site_activities", "amount"),
        ("purchased", "kgco2e_per_unit"),
    ):
        for row in out[sheet]:
            row[column] = float(row[column]) * k  # type: ignore[arg-type]
    return out


@SETTINGS
@given(models(), st.sampled_from([0.5, 2.0, 3.7]))
def test_footprint_is_linear_in_activity_data(tables: dict[str, list[dict[str, object]]], k: float) -> None:
    base = calculate_footprints(model_from_tables(tables))
    scaled = calculate_footprints(model_from_tables(_scaled(tables, k)))
    for product_id, footprint in base.products.items():
        assert scaled.products[product_id].total == pytest.approx(k * footprint.total, rel=1e-9, abs=1e-9)


@SETTINGS
@given(models(), st.sampled_from(["mass", "units", "economic", "hours"]))
def test_allocation_shares_of_a_site_sum_to_its_total(
    tables: dict[str, list[dict[str, object]]], method: str
) -> None:
    model = model_from_tables(tables)
    shares = allocation_shares(
        model.table("sites"), model.table("production"), model.table("products"), {"S": method}
    )
    assert shares["share"].sum() == pytest.approx(1.0)
    allocated = (shares["per_unit"] * shares["quantity"]).sum()
    assert allocated == pytest.approx(1.0)


@SETTINGS
@given(models())
def test_total_is_the_sum_of_the_contribution_tree(tables: dict[str, list[dict[str, object]]]) -> None:
    model = model_from_tables(tables)
    result = calculate_footprints(model)
    for product_id, footprint in result.products.items():
        tree = contribution_tree(model, result, product_id, depth=3)
        assert tree.kgco2e == pytest.approx(footprint.total, rel=1e-9, abs=1e-9)
        for _, node in tree.walk():
            if node.children:
                assert sum(c.kgco2e for c in node.children) == pytest.approx(node.kgco2e, rel=1e-9, abs=1e-9)


@SETTINGS
@given(small.map(lambda x: x * 3), small, amounts, amounts)
def test_loop_equals_its_analytic_solution(a: float, b: float, e_x: float, e_y: float) -> None:
    """X takes a units of Y, Y takes b units of X (a·b < 1): f_X = e_X + a f_Y, f_Y = e_Y + b f_X."""
    tables: dict[str, list[dict[str, object]]] = {
        "products": [{"product_id": "X", "unit": "piece"}, {"product_id": "Y", "unit": "piece"}],
        "purchased": [
            {
                "item_id": "EX",
                "name": "x",
                "unit": "piece",
                "kgco2e_per_unit": e_x,
                "primary_data_share": 0,
                "source": "s",
            },
            {
                "item_id": "EY",
                "name": "y",
                "unit": "piece",
                "kgco2e_per_unit": e_y,
                "primary_data_share": 0,
                "source": "s",
            },
        ],
        "inputs": [
            {"product_id": "X", "input_id": "Y", "quantity": a},
            {"product_id": "Y", "input_id": "X", "quantity": b},
            {"product_id": "X", "input_id": "EX", "quantity": 1},
            {"product_id": "Y", "input_id": "EY", "quantity": 1},
        ],
    }
    result = calculate_footprints(model_from_tables(tables))
    f_x = (e_x + a * e_y) / (1 - a * b)
    f_y = e_y + b * f_x
    assert result.products["X"].total == pytest.approx(f_x, rel=1e-9, abs=1e-12)
    assert result.products["Y"].total == pytest.approx(f_y, rel=1e-9, abs=1e-12)
