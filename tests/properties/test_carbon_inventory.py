"""Properties of the inventory: linear in amount, totals equal the sum of their parts, any GWP set."""

from __future__ import annotations

import datetime as dt
import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanlu.carbon.activities import Activities, validate_activities
from tanlu.carbon.factors import CATEGORIES, load_bundled
from tanlu.carbon.gwp import GAS_GROUPS
from tanlu.carbon.inventory import Inventory, calculate_inventory

FACTORS = load_bundled()
#: activity keys with a unit each can be written in (a mix of scopes, gases, conversions and instruments)
CHOICES = [
    ("natural_gas", "m3", ""),
    ("natural_gas", "GJ", ""),
    ("diesel", "L", ""),
    ("diesel_road", "kg", ""),
    ("bituminous_coal", "t", ""),
    ("refrigerant_r404a", "kg", ""),
    ("sf6_release", "g", ""),
    ("electricity_cn_east_2023", "MWh", ""),
    ("electricity_cn_national_2023", "kWh", ""),
    ("electricity_cn_national_2023", "千瓦时", "certificate"),
    ("electricity_uk_2025", "kWh", ""),
    ("heat_steam_uk_2025", "GJ", ""),
    ("plastics_pp", "kg", ""),
    ("freight_rail", "tkm", ""),
    ("spend_naics_336390", "万元", ""),
    ("spend_naics_331110", "USD", ""),
]

rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(range(len(CHOICES))),
        st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False),
        st.sampled_from(["A", "B", "C"]),
        st.integers(min_value=0, max_value=23),  # start month index from 2023-01
        st.integers(min_value=0, max_value=5),  # extra months
    ),
    min_size=1,
    max_size=25,
)


def _activities(rows: list[tuple[int, float, str, int, int]], scale: float = 1.0) -> Activities:
    starts = [dt.date(2023 + month // 12, month % 12 + 1, 1) for _, _, _, month, _ in rows]
    ends = [
        (pl.Series([dt.date(2023 + (m + e) // 12, (m + e) % 12 + 1, 1)]).dt.month_end()[0])
        for _, _, _, m, e in rows
    ]
    frame = pl.DataFrame(
        {
            "site": [site for _, _, site, _, _ in rows],
            "period_start": starts,
            "period_end": ends,
            "activity": [CHOICES[i][0] for i, _, _, _, _ in rows],
            "amount": [amount * scale for _, amount, _, _, _ in rows],
            "unit": [CHOICES[i][1] for i, _, _, _, _ in rows],
            "instrument": [CHOICES[i][2] for i, _, _, _, _ in rows],
            # a distinct note per row keeps generated duplicates from being rejected
            "note": [str(index) for index in range(len(rows))],
        }
    )
    frame = frame.with_columns(pl.format("{}-{}", pl.col("site"), pl.col("note")).alias("site"))
    return validate_activities(frame, FACTORS)


def _headline(inventory: Inventory) -> list[float]:
    totals = inventory.totals()
    return [totals.scope1, totals.scope2_location, totals.scope2_market, totals.scope3, totals.biogenic_co2]


@settings(max_examples=60, deadline=None)
@given(
    rows=rows_strategy,
    scale=st.floats(min_value=0.001, max_value=1000),
    gwp=st.sampled_from(["AR4", "AR5", "AR6"]),
)
def test_inventory_is_linear_in_amount(
    rows: list[tuple[int, float, str, int, int]], scale: float, gwp: str
) -> None:
    base = _headline(calculate_inventory(_activities(rows), FACTORS, gwp))
    scaled = _headline(calculate_inventory(_activities(rows, scale), FACTORS, gwp))
    for one, other in zip(base, scaled, strict=True):
        assert other == pytest.approx(one * scale, rel=1e-9, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(rows=rows_strategy, gwp=st.sampled_from(["AR4", "AR5", "AR6"]))
def test_totals_equal_the_sum_of_their_parts(rows: list[tuple[int, float, str, int, int]], gwp: str) -> None:
    inventory = calculate_inventory(_activities(rows), FACTORS, gwp)
    totals = inventory.totals()
    close = {"rel": 1e-9, "abs": 1e-6}
    scope1 = sum(totals.by_category[c] for c in CATEGORIES[:4])
    scope2 = sum(totals.by_category[c] for c in CATEGORIES[4:6])
    scope3 = sum(totals.by_category[c] for c in CATEGORIES[6:])
    assert [scope1, scope2, scope3] == pytest.approx(
        [totals.scope1, totals.scope2_location, totals.scope3], **close
    )
    assert sum(totals.by_gas[g] for g in GAS_GROUPS) == pytest.approx(totals.total_location, **close)
    assert sum(totals.by_gas_market[g] for g in GAS_GROUPS) == pytest.approx(totals.total_market, **close)
    assert sum(totals.scope3_by_method.values()) == pytest.approx(totals.scope3, **close)
    assert sum(totals.scope2_market_by_method.values()) == pytest.approx(totals.scope2_market, **close)
    for dimension in ("site", "month", "year", "activity"):
        parts = inventory.by(dimension)
        assert parts.get_column("location_t").sum() == pytest.approx(totals.total_location, **close)
        assert parts.get_column("market_t").sum() == pytest.approx(totals.total_market, **close)
    lines = inventory.lines()
    assert lines.get_column("location_kg").sum() / 1000 == pytest.approx(totals.total_location, **close)
    assert all(math.isfinite(value) and value >= 0 for value in _headline(inventory))
