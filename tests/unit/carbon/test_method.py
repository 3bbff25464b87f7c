"""The method points of issue #12 (items 9, 10, 12, 13): each test fails if the rule it names is undone.

Figures are copied from the sources cited (DESNZ 2025 flat file ids, IPCC AR5/AR6 via gwp100.csv), never read
from ../shared at run time.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from tanlu.carbon.activities import read_activities
from tanlu.carbon.completeness import category_3_3_gaps
from tanlu.carbon.explain import explain_row, explain_total
from tanlu.carbon.factor_file import parse_factor_table
from tanlu.carbon.factors import FactorSet
from tanlu.carbon.gwp import load_gwp_set
from tanlu.carbon.inventory import calculate_inventory
from tanlu.carbon.report import inventory_to_dict
from tanlu.errors import RowsRejected

from .conftest import MakeActivities, activity_row, org_factors

REL = 1e-4
DOCUMENTED = ["activity", "unit", "gas", "value", "scope", "category", "method", "source"]


# ------------------------------------------------------------------ item 9: a CNY factor needs no price year


def test_cny_factor_without_price_year_in_the_documented_format(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    """The eight documented columns, no ``year``: 2.5 kg CO2e per 元 applied to 元 and 万元 needs no rate."""
    factors = bundled.with_factors(
        parse_factor_table(
            DOCUMENTED, [["ex_cny_castings", "元", "CO2e", "2.5", "3", "3.1", "", "supplier EPD"]], [2]
        ),
        label="cny",
    )
    rows = [
        activity_row("ex_cny_castings", "1000", "元", start="2025-03-01", end="2025-03-31"),
        activity_row("ex_cny_castings", "0.1", "万元", site="B", start="2025-03-01", end="2025-03-31"),
    ]
    inventory = calculate_inventory(make_activities(rows, factors), factors)
    assert inventory.totals().scope3 == pytest.approx(5.0, rel=REL)
    assert not inventory.spend


def test_a_currency_conversion_without_price_year_names_the_column(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    factors = bundled.with_factors(
        parse_factor_table(DOCUMENTED, [["ex_usd_parts", "USD", "CO2e", "0.4", "3", "3.1", "", "s"]], [2]),
        label="usd",
    )
    with pytest.raises(RowsRejected) as caught:
        make_activities([activity_row("ex_usd_parts", "1000", "元")], factors)
    (issue,) = caught.value.issues
    assert issue.column == "unit"
    assert "price year (column year)" in issue.reason


# ------------------------------------------------------------------ item 10: fossil methane by category


def _methane_factors(bundled: FactorSet) -> FactorSet:
    rows = [
        ["ex_gas_leak", "kg", "CH4_fossil", "1", "1", "fugitive", "", "mass balance", ""],
        ["ex_coal_bed", "kg", "CH4_fossil", "1", "1", "process", "", "mass balance", ""],
        ["ex_flare", "kg", "CH4_fossil", "1", "1", "stationary_combustion", "", "test", ""],
    ]
    return bundled.with_factors(org_factors(rows), label="ch4")


@pytest.mark.parametrize(
    "case",
    [
        ("AR6", "by_category", 29.8, 27.0),
        ("AR5", "by_category", 30, 28),
        ("AR6", "non_fossil", 27.0, 27.0),
        ("AR6", "fossil", 29.8, 29.8),
        ("AR4", "by_category", 25, 25),
    ],
)
def test_fossil_methane_follows_the_category_and_the_sets_rule(
    make_activities: MakeActivities, bundled: FactorSet, case: tuple[str, str, float, float]
) -> None:
    """GHG Protocol GWP values v2.0 (2024): fugitive/process fossil CH4 takes the fossil value (AR6 29.8, AR5
    30); combustion CH4 the non-fossil one (27.0, 28), its carbon being in the CO2 factor already."""
    gwp, rule, leak, combustion = case
    factors = _methane_factors(bundled).with_ch4_rule(rule)
    rows = [
        activity_row("ex_gas_leak", "1000", "kg"),
        activity_row("ex_coal_bed", "1000", "kg", site="B"),
        activity_row("ex_flare", "1000", "kg", site="C"),
    ]
    totals = calculate_inventory(make_activities(rows, factors), factors, gwp).totals()
    assert totals.by_category["fugitive"] == pytest.approx(leak, rel=REL)
    assert totals.by_category["process"] == pytest.approx(leak, rel=REL)
    assert totals.by_category["stationary_combustion"] == pytest.approx(combustion, rel=REL)
    assert (
        factors.version
        != _methane_factors(bundled).with_ch4_rule("fossil" if rule != "fossil" else "non_fossil").version
    )


def test_methane_rule_is_explained(make_activities: MakeActivities, bundled: FactorSet) -> None:
    factors = _methane_factors(bundled)
    rows = [activity_row("ex_gas_leak", "1", "kg"), activity_row("natural_gas", "1000", "GJ", site="B")]
    inventory = calculate_inventory(make_activities(rows, factors), factors, "AR6")
    assert "fossil CH4 released unburnt: fossil GWP" in explain_row(inventory, 2)
    assert "× GWP 29.8" in explain_row(inventory, 2)
    assert "fossil CH4 of combustion: non-fossil GWP" in explain_row(inventory, 3)
    assert "燃烧产生的化石甲烷：采用非化石GWP" in explain_row(inventory, 3, lang="zh")
    assert inventory_to_dict(inventory, include_rows=False)["ch4_rule"] == "by_category"


def test_the_oxidation_flag_still_weights_every_fossil_methane_fossil(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    activities = make_activities([activity_row("natural_gas", "1000", "GJ")])
    fossil = calculate_inventory(activities, bundled, load_gwp_set("AR6", fossil_ch4_oxidation=True))
    assert fossil.totals().scope1 == pytest.approx(56.1571, rel=REL)


# ------------------------------------------------------------------ item 12: air freight and radiative forcing


def test_air_freight_without_radiative_forcing_by_default(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    """DESNZ 2025 freight flights, long-haul: without RF 0.5313 (id 27_317_3157_14_1), with RF 0.89939 (id
    27_317_3156_14_1) kg CO2e/t·km. 10,000 t·km → 5.313 t in category 3.4, the 3.6809 t uplift apart."""
    activities = make_activities([activity_row("freight_air_long_haul", "10000", "t*km")])
    default = calculate_inventory(activities, bundled, "AR5")
    totals = default.totals()
    assert totals.by_category["3.4"] == pytest.approx(5.313, rel=REL)
    assert totals.radiative_forcing == pytest.approx(8.9939 - 5.313, rel=REL)
    assert not totals.radiative_forcing_included
    assert "reported apart, not in the total" in explain_row(default, 2)
    included = calculate_inventory(activities, bundled, "AR5", radiative_forcing=True).totals()
    assert included.by_category["3.4"] == pytest.approx(8.9939, rel=REL)
    assert included.radiative_forcing_included
    data = inventory_to_dict(default, include_rows=False)
    assert data["radiative_forcing"] == pytest.approx(3.6809, rel=REL)
    assert data["scope3"] == pytest.approx(5.313, rel=REL)


# ------------------------------------------------------------------ item 12: gross and net calorific kWh


def test_kwh_gross_and_net(make_activities: MakeActivities, bundled: FactorSet) -> None:
    """DESNZ 2025 natural gas: 0.2027 kg CO2e per kWh (Net CV, id 1_100_1004_7_1) and 0.18296 per kWh (Gross CV,
    id 1_100_1004_6_1). A UK bill's 100,000 gross kWh gives 18.296 t, not the 20.27 t of net kWh (+10.8 %)."""
    rows = [
        activity_row("natural_gas_desnz_2025", "100000", "kWh (gross)"),
        activity_row("natural_gas_desnz_2025", "100000", "kWh (net)", site="B"),
        activity_row("natural_gas_desnz_2025", "100000", "kWh", site="C"),
    ]
    inventory = calculate_inventory(make_activities(rows), bundled, "AR5")
    by_site = {site: t for site, t, _, _ in inventory.by("site").iter_rows()}
    assert by_site["A"] == pytest.approx(18.296, rel=REL)
    assert by_site["B"] == by_site["C"] == pytest.approx(20.27, rel=REL)
    assert "kWh (gross)" in explain_row(inventory, 2)
    assert "kWh (net)" in explain_row(inventory, 2)


def test_gross_kwh_of_a_fuel_without_a_ratio_is_refused(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    factors = bundled.with_factors(
        org_factors([["ex_biogas", "kWh", "CO2e", "0.0002", "1", "stationary_combustion", "", "s", ""]]),
        label="biogas",
    )
    with pytest.raises(RowsRejected, match="cannot convert 'kWh \\(gross\\)'"):
        make_activities([activity_row("ex_biogas", "1", "kWh (gross)")], factors)


# ------------------------------------------------------------------ item 12: gas volumes for liquids


@pytest.mark.parametrize("unit", ["Nm3", "Nm³", "Sm3", "标方", "标准立方米"])
def test_a_gas_volume_is_refused_for_a_liquid_fuel(make_activities: MakeActivities, unit: str) -> None:
    with pytest.raises(RowsRejected) as caught:
        make_activities([activity_row("diesel", "1000", unit)])
    (issue,) = caught.value.issues
    assert issue.column == "unit"
    assert issue.reason == f"{unit!r} is a volume of gas and diesel is a liquid; give litres, m³ or kg"


def test_gas_volumes_still_measure_gas_and_litres_liquids(make_activities: MakeActivities) -> None:
    make_activities(
        [
            activity_row("natural_gas", "1000", "Nm3"),
            activity_row("diesel", "1000", "L", site="B"),
            activity_row("diesel", "1", "m3", site="C"),
        ]
    )


# ------------------------------------------------------------------ item 12: the share on another GWP set


def test_share_of_the_result_on_another_gwp_set(make_activities: MakeActivities, bundled: FactorSet) -> None:
    """DESNZ CO2e is published with AR5 (diesel 2.57082 kg CO2e/L, id 1_101_1011_8_1); IPCC per-gas factors are
    weighted with the chosen set. Under AR6 the DESNZ part is the share on another set; under AR5 none is."""
    rows = [
        activity_row("diesel_desnz_2025", "10000", "L"),
        activity_row("natural_gas", "1000", "GJ", site="B"),
    ]
    activities = make_activities(rows)
    ar6 = calculate_inventory(activities, bundled, "AR6").totals()
    assert ar6.other_gwp["AR5"] == pytest.approx(25.7082, rel=REL)
    assert ar6.other_gwp_share == pytest.approx(25.7082 / (25.7082 + 56.1543), rel=REL)
    ar5 = calculate_inventory(activities, bundled, "AR5")
    assert ar5.totals().other_gwp_share == 0
    assert "CO2e as published with AR5" in explain_row(ar5, 2)
    data = inventory_to_dict(calculate_inventory(activities, bundled, "AR6"), include_rows=False)
    assert data["other_gwp"]["AR5"] == pytest.approx(25.7082, rel=REL)
    assert 0.3 < data["other_gwp_share"] < 0.32


# ------------------------------------------------------------------ item 12: the row's combustion category


def test_the_category_of_a_fuel_follows_the_row(make_activities: MakeActivities, bundled: FactorSet) -> None:
    """DESNZ diesel (2.57082 kg CO2e/L) is one factor for any use: a generator's litres are stationary, a
    truck's mobile."""
    rows = [
        activity_row("diesel_desnz_2025@stationary", "1000", "L"),
        activity_row("diesel_desnz_2025@移动源", "2000", "升", site="B"),
        activity_row("diesel_desnz_2025", "1000", "L", site="C"),
    ]
    inventory = calculate_inventory(make_activities(rows), bundled, "AR5")
    totals = inventory.totals()
    assert totals.by_category["stationary_combustion"] == pytest.approx(2.57082, rel=REL)
    assert totals.by_category["mobile_combustion"] == pytest.approx(3 * 2.57082, rel=REL)
    assert "Stationary combustion" in explain_row(inventory, 2)


def test_a_per_use_factor_keeps_its_category(make_activities: MakeActivities) -> None:
    """IPCC diesel's CH4 and N2O are for stationary use (Table 2.3); road transport has its own (diesel_road)."""
    with pytest.raises(RowsRejected) as caught:
        make_activities(
            [activity_row("diesel@mobile", "1000", "L"), activity_row("diesel_desnz_2025@air", "1", "L")]
        )
    reasons = [issue.reason for issue in caught.value.issues]
    assert "the CH4 and N2O factors of diesel are for stationary use only" in reasons[0]
    assert reasons[1].startswith("unknown use 'air'")


# ------------------------------------------------------------------ item 12: category 3.3 for China and the US


def test_category_3_3_incomplete_for_grids_without_a_sourced_factor(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    rows = [
        activity_row("electricity_cn_east_2023", "1000", "MWh", site="苏州"),
        activity_row("electricity_us_camx_2022", "1000", "MWh", site="Fremont"),
        activity_row("electricity_uk_2025", "1000", "MWh", site="Leeds"),
        activity_row("electricity_uk_td_2025", "1000000", "kWh", site="Leeds"),
    ]
    inventory = calculate_inventory(make_activities(rows), bundled)
    gaps = category_3_3_gaps(inventory)
    assert [(gap.site, gap.region) for gap in gaps] == [("Fremont", "US-CAMX"), ("苏州", "CN-east")]
    assert "category 3.3" in gaps[1].text_en
    assert "厂区苏州的范围三类别3.3" in gaps[1].text_zh
    data = inventory_to_dict(inventory, include_rows=False)
    assert [item["site"] for item in data["incomplete"]] == ["Fremont", "苏州"]


# ------------------------------------------------------------------ item 13: tests that a mutation would fail


def test_contract_rate_comes_before_the_residual_mix(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    """Scope 2 Guidance hierarchy: an activity with both a ``market`` (the utility's contract) and a
    ``residual`` factor takes the contract rate; the residual mix only without one."""
    rows = [
        ["ex_grid", "kWh", "CO2", "0.5", "2", "purchased_electricity", "location", "grid", ""],
        ["ex_grid", "kWh", "CO2", "0.3", "2", "purchased_electricity", "market", "utility contract", ""],
        ["ex_grid", "kWh", "CO2", "0.7", "2", "purchased_electricity", "residual", "residual mix", ""],
        ["ex_grid2", "kWh", "CO2", "0.5", "2", "purchased_electricity", "location", "grid", ""],
        ["ex_grid2", "kWh", "CO2", "0.7", "2", "purchased_electricity", "residual", "residual mix", ""],
    ]
    factors = bundled.with_factors(org_factors(rows), label="contract")
    activities = make_activities(
        [activity_row("ex_grid", "1000", "MWh"), activity_row("ex_grid2", "1000", "MWh", site="B")], factors
    )
    totals = calculate_inventory(activities, factors).totals()
    assert totals.scope2_location == pytest.approx(1000.0)
    assert totals.scope2_market == pytest.approx(300.0 + 700.0)
    assert dict(totals.scope2_market_by_method) == {
        "contract": pytest.approx(300.0),
        "residual_mix": pytest.approx(700.0),
    }


@pytest.mark.parametrize("first_row", [1, 4, 7])
def test_rows_of_a_sheet_that_starts_below_a1_are_cited_by_their_sheet_row(
    bundled: FactorSet, first_row: int
) -> None:
    """A header in row 4 puts the first data row in row 5: a rejected row is cited as it is in the sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    header = ["site", "period_start", "period_end", "activity", "amount", "unit"]
    for column, value in enumerate(header, start=2):
        sheet.cell(row=first_row, column=column, value=value)
    data = [
        ["A", "2023-01-01", "2023-01-31", "natural_gas", "1000", "GJ"],
        ["A", "2023-01-01", "2023-01-31", "natural_gas", "-1", "GJ"],
    ]
    for offset, values in enumerate(data, start=1):
        for column, value in enumerate(values, start=2):
            sheet.cell(row=first_row + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(RowsRejected) as caught:
        read_activities(buffer.getvalue(), bundled, filename="below.xlsx")
    (issue,) = caught.value.issues
    assert (issue.row, issue.column) == (first_row + 2, "amount")


def test_spend_of_a_year_not_bundled_yet_takes_the_nearest_and_says_so(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    """2025 spend: the NBS 2024 rate (7.1217) and CPI-U 2024 (313.689) are the nearest bundled, and the row says
    so; spend of 2030 is beyond NEAREST_YEARS and is refused naming the rows."""
    rows = [activity_row("spend_naics_336390", "712170", "元", start="2025-05-01", end="2025-05-31")]
    inventory = calculate_inventory(make_activities(rows), bundled)
    expected = 100_000 * 270.970 / 313.689 * 0.395 / 1000
    assert inventory.totals().scope3 == pytest.approx(expected, rel=REL)
    text = explain_row(inventory, 2)
    assert "converted at the 2024 rate 7.1217 CNY/USD (nearest bundled year; none for 2025)" in text
    assert "内置最近年份；无2025年数据" in explain_row(inventory, 2, lang="zh")
    late = [activity_row("spend_naics_336390", "1", "元", start="2030-05-01", end="2030-05-31")]
    with pytest.raises(RowsRejected, match="no exchange rate CNY→USD for the spend year 2030"):
        calculate_inventory(make_activities(late), bundled)


def test_the_explanation_of_a_total_gives_its_share_on_another_gwp_set_and_the_rf_uplift(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    rows = [
        activity_row("natural_gas", "1000", "GJ"),
        activity_row("freight_air_long_haul", "1000", "t*km"),
        activity_row("diesel_desnz_2025", "1000", "L"),
    ]
    inventory = calculate_inventory(make_activities(rows), bundled, "AR6")
    total = explain_total(inventory)
    assert dict(total.other_gwp) == {"AR5": pytest.approx(0.5313 + 2.57082, rel=REL)}
    assert total.radiative_forcing == pytest.approx(0.36809, rel=REL)
    text = total.text()
    assert "from CO2e factors published with another GWP set (AR5)" in text
    assert "radiative forcing uplift of aviation 0.3681 t CO2e (reported apart, not included)" in text
    assert "来自按来源以其他GWP版本（AR5）公布的CO2e因子" in explain_total(inventory, lang="zh").text()
    assert explain_total(inventory, scope=1).notes() == [
        "of which 2.571 t CO2e (4.4%) from CO2e factors published with another GWP set (AR5)"
    ]
    assert explain_total(inventory, category="stationary_combustion").notes() == []
