"""The primary data share is a percentage: a product whose data are all primary has exactly 100, never the
100.00000000000003 that floating-point sums give (``x × 100 / 100`` is not always ``x``), and no share leaves
0 … 100 — in the footprint records and in the results frame the CLI writes."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanlu.carbon.products.footprint import calculate_footprints
from tanlu.carbon.products.reader import model_from_tables

#: numbers as people type them (at most 6 decimals, what the decimal grammar accepts)
amounts = st.floats(min_value=0.001, max_value=1000.0).map(lambda x: round(x, 6)).filter(lambda x: x > 0)


@st.composite
def all_primary(draw: Any) -> dict[str, list[dict[str, object]]]:
    """Two products made of 1–3 supplier footprints whose data are all primary, one also of the other."""
    items = draw(st.lists(amounts, min_size=1, max_size=3))
    purchased = [
        {"item_id": f"M{k}", "name": f"Item {k}", "unit": "kg", "kgco2e_per_unit": footprint,
         "primary_data_share": 100, "source": "supplier PCF"}
        for k, footprint in enumerate(items)
    ]  # fmt: skip
    inputs = [
        {"product_id": product, "input_id": f"M{k}", "quantity": draw(amounts)}
        for product in ("P0", "P1")
        for k in range(len(items))
    ]
    inputs.append({"product_id": "P1", "input_id": "P0", "quantity": draw(amounts)})
    products = [{"product_id": p, "name": p, "unit": "piece"} for p in ("P0", "P1")]
    return {"products": products, "purchased": purchased, "inputs": inputs}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(all_primary())
def test_all_primary_data_is_a_share_of_100(tables: dict[str, list[dict[str, object]]]) -> None:
    footprints = calculate_footprints(model_from_tables(tables))
    records = [footprints.products[p].primary_data_share for p in ("P0", "P1")]
    written = footprints.frame().get_column("primary_data_share").to_list()
    for share in (*records, *written):
        assert 0.0 <= share <= 100.0
        assert abs(share - 100.0) < 1e-9
