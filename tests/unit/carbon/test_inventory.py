"""The inventory calculation: Scope 2 hierarchy, months, sites, gases, biogenic CO2, provenance and drill-down."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tanlu.carbon.factors import FactorSet
from tanlu.carbon.inventory import calculate_inventory
from tanlu.errors import RowsRejected

from .conftest import MakeActivities, activity_row, org_factors


def test_scope2_hierarchy_supplier_contract_residual_location(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    """GHG Protocol Scope 2 Guidance (2015), table 6.3: certificate → supplier-specific → residual mix → location."""
    factors = bundled.with_factors(
        org_factors(
            [
                [
                    "green_ppa_supplier",
                    "kWh",
                    "CO2",
                    "0.1",
                    "2",
                    "purchased_electricity",
                    "market",
                    "PPA contract",
                    "",
                ],
                [
                    "electricity_cn_south_2023",
                    "kWh",
                    "CO2",
                    "0.45",
                    "2",
                    "purchased_electricity",
                    "market",
                    "utility disclosure",
                    "",
                ],
            ]
        ),
        label="contracts",
    )
    rows = [
        activity_row("electricity_cn_east_2023", "1000", "kWh", "supplier:green_ppa_supplier"),
        activity_row("electricity_cn_south_2023", "1000", "kWh"),
        activity_row("electricity_cn_national_2023", "1000", "kWh"),
        activity_row("electricity_cn_east_2023", "1000", "kWh", "绿证", site="B"),
        activity_row("electricity_cn_north_2023", "1000", "kWh"),
    ]
    inventory = calculate_inventory(make_activities(rows, factors), factors)
    lines = inventory.lines().sort("row")
    assert lines.get_column("market_method").to_list() == [
        "supplier-specific",
        "contract",
        "residual_mix",
        "certificate",
        "location_fallback",
    ]
    assert lines.get_column("market_kg").to_list() == pytest.approx([100, 450, 609.6, 0, 636.1])
    assert lines.get_column("location_kg").to_list() == pytest.approx([550, 404.2, 530.6, 550, 636.1])
    assert lines.get_column("fallback").to_list() == [False, False, False, False, True]


def test_periods_are_split_over_months_by_days(make_activities: MakeActivities, bundled: FactorSet) -> None:
    rows = [activity_row("electricity_cn_east_2023", "90000", "kWh", start="2023-01-01", end="2023-03-31")]
    inventory = calculate_inventory(make_activities(rows), bundled)
    months = {month: t for month, t, _, _ in inventory.by("month").iter_rows()}
    assert months == {
        dt.date(2023, 1, 1): pytest.approx(49.5 * 31 / 90 * 1),
        dt.date(2023, 2, 1): pytest.approx(49.5 * 28 / 90),
        dt.date(2023, 3, 1): pytest.approx(49.5 * 31 / 90),
    }
    years = inventory.by("year")
    assert years.get_column("location_t").to_list() == pytest.approx([49.5])


def test_periods_across_years(make_activities: MakeActivities, bundled: FactorSet) -> None:
    rows = [activity_row("natural_gas_desnz_2025", "62000", "kWh", start="2023-12-01", end="2024-01-31")]
    years = calculate_inventory(make_activities(rows), bundled).by("year")
    assert dict(zip(years.get_column("year"), years.get_column("location_t"), strict=True)) == {
        2023: pytest.approx(31000 * 0.2027 / 1000),
        2024: pytest.approx(31000 * 0.2027 / 1000),
    }


def test_biogenic_co2_is_reported_apart(make_activities: MakeActivities, bundled: FactorSet) -> None:
    factors = bundled.with_factors(
        org_factors(
            [
                [
                    "wood_pellets",
                    "t",
                    "CO2_biogenic",
                    "1700",
                    "1",
                    "stationary_combustion",
                    "",
                    "supplier data",
                    "",
                ],
                [
                    "wood_pellets",
                    "t",
                    "CH4_biogenic",
                    "0.3",
                    "1",
                    "stationary_combustion",
                    "",
                    "supplier data",
                    "",
                ],
            ]
        ),
        label="biomass",
    )
    totals = calculate_inventory(
        make_activities([activity_row("wood_pellets", "10", "吨")], factors), factors
    ).totals()
    assert totals.biogenic_co2 == pytest.approx(17.0)
    assert totals.scope1 == pytest.approx(10 * 0.3 * 27.0 / 1000)
    assert totals.by_gas["CO2"] == 0


def test_gwp_set_without_a_value_names_the_rows(make_activities: MakeActivities, bundled: FactorSet) -> None:
    activities = make_activities(
        [activity_row("natural_gas", "1", "GJ"), activity_row("refrigerant_hfo1234yf", "1", "kg")]
    )
    with pytest.raises(RowsRejected) as caught:
        calculate_inventory(activities, bundled, "AR4")
    assert [(i.row, i.column) for i in caught.value.issues] == [(3, "activity")]
    assert calculate_inventory(activities, bundled, "AR6").totals().by_gas["HFCs"] == pytest.approx(0.000501)


def test_provenance_is_kept(make_activities: MakeActivities, bundled: FactorSet) -> None:
    activities = make_activities([activity_row("natural_gas", "1", "GJ")])
    inventory = calculate_inventory(activities, bundled, "AR5")
    assert inventory.gwp.name == "AR5"
    assert inventory.factor_set_version == bundled.version
    again = make_activities([activity_row("natural_gas", "1", "GJ")])
    assert inventory.inputs_fingerprint == again.fingerprint
    changed = make_activities([activity_row("natural_gas", "1.5", "GJ")])
    assert changed.fingerprint != inventory.inputs_fingerprint


def test_lines_drill_down_to_rows(make_activities: MakeActivities, bundled: FactorSet) -> None:
    rows = [
        activity_row("natural_gas", "1000", "GJ"),
        activity_row("plastics_pp", "2", "t", site="B"),
        activity_row("electricity_uk_2025", "10", "MWh", site="B"),
    ]
    inventory = calculate_inventory(make_activities(rows), bundled)
    totals = inventory.totals()
    scope3 = inventory.lines(pl.col("scope") == 3)
    assert scope3.get_column("row").to_list() == [3]
    assert scope3.get_column("location_kg").sum() / 1000 == pytest.approx(totals.scope3)
    site_b = inventory.lines(pl.col("site") == "B")
    assert site_b.get_column("location_kg").sum() / 1000 == pytest.approx(
        totals.scope3 + totals.scope2_location
    )
