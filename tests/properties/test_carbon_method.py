"""Properties of the #12 method points: spend at its year's rate and prices, gross and net calorific kWh,
radiative forcing apart, the share on another GWP set."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanlu.carbon.activities import parse_activity_rows
from tanlu.carbon.factors import load_bundled
from tanlu.carbon.inventory import Inventory, calculate_inventory

FACTORS = load_bundled()
HEADERS = ["site", "period_start", "period_end", "activity", "amount", "unit"]
#: NBS annual averages (CNY per USD) and US CPI-U annual averages, as bundled
CNY_PER_USD = {2021: 6.4515, 2022: 6.7261, 2023: 7.0467, 2024: 7.1217}
CPI_U = {2021: 270.970, 2022: 292.655, 2023: 304.702, 2024: 313.689}
amounts = st.decimals(min_value="0.01", max_value="1e9", places=2).map(str)


def _inventory(rows: list[tuple[str, str, str, str]], **options: bool) -> Inventory:
    table = [[site, f"{year}-06-01", f"{year}-06-30", activity, amount, unit] for site, year, activity, amount, unit in
             [(f"S{i}", *row) for i, row in enumerate(rows)]]  # fmt: skip
    activities = parse_activity_rows(HEADERS, table, list(range(2, 2 + len(table))), FACTORS)
    return calculate_inventory(activities, FACTORS, "AR6", **options)


@settings(deadline=None)
@given(amount=amounts, year=st.sampled_from(sorted(CNY_PER_USD)), unit=st.sampled_from(["元", "万元", "USD"]))
def test_spend_is_converted_at_its_year_and_deflated_to_the_price_year(
    amount: str, year: int, unit: str
) -> None:
    """USEEIO 336390: 0.395 kg CO2e per 2021 USD; money of year Y → USD of Y → USD of 2021 (× CPI 2021 / CPI Y)."""
    inventory = _inventory([(str(year), "spend_naics_336390", amount, unit)])
    scale = {"元": 1.0, "万元": 1e4, "USD": 1.0}[unit]
    usd = float(amount) * scale / (CNY_PER_USD[year] if unit != "USD" else 1.0)
    expected = usd * CPI_U[2021] / CPI_U[year] * 0.395 / 1000
    assert inventory.totals().scope3 == pytest.approx(expected, rel=1e-9)
    assert inventory.lines().get_column("location_kg").sum() / 1000 == pytest.approx(expected, rel=1e-9)


@settings(deadline=None)
@given(amount=amounts)
def test_gross_kwh_is_net_kwh_divided_by_the_fuels_ratio(amount: str) -> None:
    """DESNZ 2025 natural gas: gross/net 0.2027 / 0.18296; a gross kWh is 1/1.10789 net kWh."""
    inventory = _inventory(
        [
            ("2025", "natural_gas_desnz_2025", amount, "kWh (gross)"),
            ("2025", "natural_gas_desnz_2025", amount, "kWh"),
        ]
    )
    by_site = {site: t for site, t, _, _ in inventory.by("site").iter_rows()}
    assert by_site["S0"] == pytest.approx(by_site["S1"] / 1.10789, rel=1e-9)
    assert by_site["S0"] == pytest.approx(float(amount) * 0.18296 / 1000, rel=1e-4)


@settings(deadline=None)
@given(
    amount=amounts,
    key=st.sampled_from(["freight_air_short_haul", "freight_air_long_haul", "freight_air_international"]),
)
def test_radiative_forcing_is_the_difference_and_apart(amount: str, key: str) -> None:
    rows = [("2025", key, amount, "t*km"), ("2025", "freight_rail", amount, "tkm")]
    without, with_rf = _inventory(rows).totals(), _inventory(rows, radiative_forcing=True).totals()
    assert with_rf.scope3 == pytest.approx(without.scope3 + without.radiative_forcing, rel=1e-9)
    assert with_rf.radiative_forcing == pytest.approx(without.radiative_forcing, rel=1e-12)
    assert without.radiative_forcing > 0


@settings(deadline=None)
@given(diesel=amounts, gas=amounts)
def test_share_on_another_gwp_set_is_the_desnz_part(diesel: str, gas: str) -> None:
    totals = _inventory(
        [("2025", "diesel_desnz_2025", diesel, "L"), ("2025", "natural_gas", gas, "GJ")]
    ).totals()
    assert 0 < totals.other_gwp_share < 1
    assert totals.other_gwp["AR5"] == pytest.approx(float(diesel) * 2.57082 / 1000, rel=1e-9)
