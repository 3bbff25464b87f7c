"""Published worked examples, reproduced to 0.01 % (see /work/shared/docs/worked-examples.md for the list).

Each test cites its source in its docstring. GHG Protocol numbers are from the *Scope 3 Technical Guidance* v1.0
(2013), illustrative in the source; DESNZ numbers are from the 2025 conversion factors (OGL v3.0).
"""

from __future__ import annotations

import pytest

from tanlu.carbon.completeness import category_3_3_gaps
from tanlu.carbon.factors import FactorSet
from tanlu.carbon.gwp import load_gwp_set
from tanlu.carbon.inventory import calculate_inventory

from .conftest import MakeActivities, activity_row, org_factors

REL = 1e-4  # 0.01 %


def test_natural_gas_per_gas_ipcc_under_ar5_and_ar6(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    """IPCC 2006 GL Vol. 2 Tables 1.4/2.3: 1,000 GJ natural gas → 56,100 kg CO2 + 1 kg CH4 + 0.1 kg N2O.

    Worked example 7 (cross-source): 56,154.5 kg CO2e under AR5 (CH4 28, N2O 265); 56,154.3 under AR6 with the
    non-fossil CH4 value (27.0, N2O 273); 56,157.1 under AR6 with fossil CH4 (29.8).
    """
    activities = make_activities([activity_row("natural_gas", "1000", "GJ")])
    assert calculate_inventory(activities, bundled, "AR5").totals().scope1 == pytest.approx(56.1545, rel=REL)
    ar6 = calculate_inventory(activities, bundled, "AR6").totals()
    assert ar6.scope1 == pytest.approx(56.1543, rel=REL)
    assert ar6.by_gas["CO2"] == pytest.approx(56.1, rel=REL)
    assert ar6.by_gas["CH4"] == pytest.approx(0.027, rel=REL)
    assert ar6.by_gas["N2O"] == pytest.approx(0.0273, rel=REL)
    fossil = calculate_inventory(activities, bundled, load_gwp_set("AR6", fossil_ch4_oxidation=True))
    assert fossil.totals().scope1 == pytest.approx(56.1571, rel=REL)


def test_natural_gas_in_cubic_metres_against_desnz(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    """Cross-source check of worked example 7: DESNZ 2025 natural gas 2.06672 kg CO2e/m³ (id 1_100_1004_1_1);
    the IPCC factors with the volumetric NCV implied by DESNZ agree within 0.3 % (the example's tolerance)."""
    activities = make_activities([activity_row("natural_gas", "12000", "m³")])
    ipcc = calculate_inventory(activities, bundled, "AR5").totals().scope1
    assert ipcc == pytest.approx(12000 * 2.06672 / 1000, rel=3e-3)


def test_desnz_diesel_electricity_td_and_wtt(make_activities: MakeActivities, bundled: FactorSet) -> None:
    """Worked example 7 (DESNZ 2025): 10,000 L diesel × 2.57082 = 25,708.2 kg (Scope 1); 100,000 kWh UK grid ×
    0.177 = 17,700 (Scope 2 location); T&D × 0.01853 = 1,853 and WTT × (0.0459 + 0.00397) = 4,987 (Scope 3 cat. 3)."""
    rows = [
        activity_row("diesel_desnz_2025", "10000", "L"),
        activity_row("electricity_uk_2025", "100", "MWh"),
        activity_row("electricity_uk_td_2025", "100000", "kWh"),
        activity_row("electricity_uk_wtt_generation_2025", "100000", "kWh"),
        activity_row("electricity_uk_wtt_td_2025", "100000", "kWh"),
    ]
    totals = calculate_inventory(make_activities(rows), bundled, "AR5").totals()
    assert totals.scope1 == pytest.approx(25.7082, rel=REL)
    assert totals.scope2_location == pytest.approx(17.7, rel=REL)
    assert totals.scope2_market == pytest.approx(
        17.7, rel=REL
    )  # no residual mix bundled for the UK: fallback
    assert totals.location_fallback == pytest.approx(17.7, rel=REL)
    assert totals.by_category["3.3"] == pytest.approx(1.853 + 4.987, rel=REL)


def test_refrigerant_leak_ar5_and_ar6(make_activities: MakeActivities, bundled: FactorSet) -> None:
    """Worked example 8: 2 kg R-410A → 3,847 kg CO2e (AR5), 4,511 (AR6); blend GWPs from reference-data gwp100."""
    activities = make_activities([activity_row("refrigerant_r410a", "2", "kg")])
    assert calculate_inventory(activities, bundled, "AR5").totals().by_category["fugitive"] == pytest.approx(
        3.847, rel=REL
    )
    ar6 = calculate_inventory(activities, bundled, "AR6").totals()
    assert ar6.scope1 == pytest.approx(4.511, rel=REL)
    assert ar6.by_gas["HFCs"] == pytest.approx(4.511, rel=REL)


def test_china_grid_location_market_certificates_and_residual(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    """Worked example 8: 1,000 MWh in East China 2023 → 550.0 t CO2; national average 530.6 t; "excluding
    market-traded non-fossil" 609.6 t (the residual-mix proxy). Scope 2 Guidance hierarchy: a certificate covers
    its amount at 0; without residual mix the location factor is used and flagged."""
    rows = [
        activity_row("electricity_cn_east_2023", "1000", "MWh"),
        activity_row("electricity_cn_national_2023", "600000", "kWh", site="B"),
        activity_row("electricity_cn_national_2023", "400", "MWh", "certificate", site="B"),
    ]
    totals = calculate_inventory(make_activities(rows), bundled, "AR6").totals()
    assert totals.scope2_location == pytest.approx(550.0 + 530.6, rel=REL)
    assert totals.scope2_market == pytest.approx(550.0 + 0.6 * 609.6, rel=REL)
    assert totals.location_fallback == pytest.approx(550.0, rel=REL)
    assert totals.scope2_market_by_method == {
        "location_fallback": pytest.approx(550.0),
        "residual_mix": pytest.approx(365.76),
        "certificate": 0.0,
    }


def test_purchased_goods_supplier_specific(make_activities: MakeActivities, bundled: FactorSet) -> None:
    """GHG Protocol Scope 3 Technical Guidance, Example 1.1: cement 200,000 kg × 0.15, plaster 600,000 × 0.10,
    paint 200,000 × 0.10, timber 100,000 × 0.25, concrete 50,000 × 0.20 → 145,000 kg CO2e (supplier-specific)."""
    supplied = [
        ("cement", 0.15, 200_000),
        ("plaster", 0.10, 600_000),
        ("paint", 0.10, 200_000),
        ("timber", 0.25, 100_000),
        ("concrete", 0.20, 50_000),
    ]
    factor_rows = [["building_material", "kg", "CO2e", "1", "3", "3.1", "", "placeholder average", ""]]
    factor_rows += [
        [f"supplier_{name}", "kg", "CO2e", str(value), "3", "3.1", "", "supplier data", ""]
        for name, value, _ in supplied
    ]
    factors = bundled.with_factors(org_factors(factor_rows), label="ex1.1")
    rows = [
        activity_row("building_material", str(kg), "kg", f"supplier:supplier_{name}")
        for name, _, kg in supplied
    ]
    totals = calculate_inventory(make_activities(rows, factors), factors, "AR6").totals()
    assert totals.scope3 == pytest.approx(145.0, rel=REL)
    assert totals.scope3_by_method["supplier-specific"] == pytest.approx(145.0, rel=REL)


def test_purchased_goods_average_data_and_spend(make_activities: MakeActivities, bundled: FactorSet) -> None:
    """GHG Protocol Scope 3 Technical Guidance, Example 1.4: mass-based 42,400 kg CO2e + spend-based 11,700 →
    54,100 kg CO2e."""
    mass = [
        ("hard_drive", 400, 20),
        ("ics", 200, 10),
        ("lcd", 500, 40),
        ("semiconductors", 100, 70),
        ("battery", 1500, 3),
        ("keyboard", 300, 3),
    ]
    spend = [
        ("ps", 5000, 0.3),
        ("abs", 3000, 0.3),
        ("pet", 4000, 0.3),
        ("aluminium", 6000, 0.5),
        ("steel", 1500, 0.2),
        ("cyclohexane", 5000, 0.2),
        ("epoxy", 5000, 0.3),
        ("copper", 1000, 0.3),
        ("glass", 5000, 0.4),
    ]
    factor_rows = [
        [f"ex_{name}", "kg", "CO2e", str(ef), "3", "3.1", "", "GHG Protocol ex. 1.4", ""]
        for name, _, ef in mass
    ]
    factor_rows += [
        [f"ex_spend_{name}", "USD", "CO2e", str(ef), "3", "3.1", "", "GHG Protocol ex. 1.4", ""]
        for name, _, ef in spend
    ]
    factors = bundled.with_factors(org_factors(factor_rows), label="ex1.4")
    rows = [activity_row(f"ex_{name}", str(kg), "kg") for name, kg, _ in mass]
    rows += [activity_row(f"ex_spend_{name}", str(usd), "$") for name, usd, _ in spend]
    totals = calculate_inventory(make_activities(rows, factors), factors, "AR6").totals()
    assert totals.scope3 == pytest.approx(54.1, rel=REL)
    assert totals.scope3_by_method["average-data"] == pytest.approx(42.4, rel=REL)
    assert totals.scope3_by_method["spend-based"] == pytest.approx(11.7, rel=REL)


def test_freight_distance_based_in_tonne_kilometres(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    """GHG Protocol Scope 3 Technical Guidance, Example 4.2: 2 t × 2,000 km × 0.2 (truck) + 1 t × 3,000 km × 1.0
    (air) + 6 t × 4,000 km × 0.05 (container ship) → 800 + 3,000 + 1,200 = 5,000 kg CO2e (t·km, written three
    ways). Plus DESNZ 2025 container ship average 0.01612 kg CO2e/t·km (id 27_320_3235_14_1)."""
    factor_rows = [
        ["ex_truck", "t*km", "CO2e", "0.2", "3", "3.4", "", "GHG Protocol ex. 4.2", ""],
        ["ex_air", "t*km", "CO2e", "1.0", "3", "3.4", "", "GHG Protocol ex. 4.2", ""],
        ["ex_ship", "t*km", "CO2e", "0.05", "3", "3.4", "", "GHG Protocol ex. 4.2", ""],
    ]
    factors = bundled.with_factors(org_factors(factor_rows), label="ex4.2")
    rows = [
        activity_row("ex_truck", "4000", "tkm"),
        activity_row("ex_air", "3000", "吨公里"),
        activity_row("ex_ship", "24000", "t·km"),
        activity_row("freight_container_ship", "1000000", "t*km", site="B"),
    ]
    inventory = calculate_inventory(make_activities(rows, factors), factors, "AR6")
    by_site = {site: t for site, t, _, _ in inventory.by("site").iter_rows()}
    assert by_site["A"] == pytest.approx(5.0, rel=REL)
    assert by_site["B"] == pytest.approx(16.12, rel=REL)
    assert inventory.totals().by_category["3.4"] == pytest.approx(21.12, rel=REL)


def test_freight_fuel_based_with_refrigerant(make_activities: MakeActivities, bundled: FactorSet) -> None:
    """GHG Protocol Scope 3 Technical Guidance, Example 4.1: diesel 50,000 + 80,000 + 90,000 L × 3 kg CO2e/L =
    660,000; R-410A leak 50 kg × GWP 2,000 = 100,000 → 760,000 kg CO2e."""
    factor_rows = [
        ["ex_carrier_diesel", "L", "CO2e", "3", "3", "3.4", "", "GHG Protocol ex. 4.1", ""],
        ["ex_carrier_r410a", "kg", "CO2e", "2000", "3", "3.4", "", "GHG Protocol ex. 4.1 (GWP 2,000)", ""],
    ]
    factors = bundled.with_factors(org_factors(factor_rows), label="ex4.1")
    rows = [
        activity_row("ex_carrier_diesel", litres, "升", site=site)
        for litres, site in (("50000", "A"), ("80000", "B"), ("90000", "C"))
    ]
    rows.append(activity_row("ex_carrier_r410a", "50", "kg"))
    assert calculate_inventory(make_activities(rows, factors), factors).totals().scope3 == pytest.approx(
        760.0, rel=REL
    )


def test_spend_in_cny_through_the_documented_exchange_rate(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    """USEEIO v1.2 NAICS 336390 (other motor vehicle parts) 0.395 kg CO2e per 2021 USD (with margins); CNY spend
    of 2021 is converted at the NBS 2021 annual average 6.4515 CNY/USD: 645,150 元 = 64.515 万元 = 100,000 USD →
    39,500 kg."""
    year = {"start": "2021-03-01", "end": "2021-03-31"}
    rows = [
        activity_row("spend_naics_336390", "645150", "元", **year),
        activity_row("spend_naics_336390", "64.515", "万元", site="B", **year),
    ]
    inventory = calculate_inventory(make_activities(rows), bundled)
    assert inventory.totals().scope3 == pytest.approx(79.0, rel=REL)
    assert inventory.totals().scope3_by_method["spend-based"] == pytest.approx(79.0, rel=REL)
    assert not inventory.spend  # spend of the price year: no adjustment


def test_cny_spend_of_another_year_at_its_rate_and_deflated(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    """#12: 704,670 元 spent in 2023 = 100,000 USD of 2023 at the NBS 2023 rate 7.0467; deflated to 2021 USD with
    US CPI-U 270.970 / 304.702 = 88,929.5 USD → × 0.395 = 35,127 kg CO2e (the 2021 rate alone gave 43,144)."""
    rows = [activity_row("spend_naics_336390", "704670", "元", start="2023-05-01", end="2023-05-31")]
    inventory = calculate_inventory(make_activities(rows), bundled)
    expected = 100_000 * 270.970 / 304.702 * 0.395 / 1000
    assert inventory.totals().scope3 == pytest.approx(expected, rel=REL)
    lines = inventory.lines()
    assert lines.get_column("location_kg").sum() / 1000 == pytest.approx(expected, rel=REL)
    (adjustment,) = inventory.spend.values()
    assert "2023 rate 7.0467 CNY/USD" in adjustment.text_en
    assert "deflated to 2021 USD" in adjustment.text_en
    assert "2023年汇率7.0467" in adjustment.text_zh


def test_purchased_goods_hybrid(make_activities: MakeActivities, bundled: FactorSet) -> None:
    """GHG Protocol Scope 3 Technical Guidance, Example 1.3 (hybrid): the supplier's allocated electricity
    5,000 kWh × 0.5 + gas 2,500 kWh × 0.2 = 3,000; its waste to landfill 100 kg × 0.5 = 50; 12,000 t-shirts × 5.6
    (cradle-to-gate material inputs, excluding the supplier's own Scope 1 and 2) = 67,200 → 70,250 kg CO2e. The
    source prints "50,000 × 5.6 = 67,200"; the quantity is 12,000 (the arithmetic is tested, not the typo)."""
    factor_rows = [
        ["ex13_supplier_electricity", "kWh", "CO2e", "0.5", "3", "3.1", "", "GHG Protocol ex. 1.3", ""],
        ["ex13_supplier_gas", "kWh", "CO2e", "0.2", "3", "3.1", "", "GHG Protocol ex. 1.3", ""],
        ["ex13_supplier_landfill", "kg", "CO2e", "0.5", "3", "3.1", "", "GHG Protocol ex. 1.3", ""],
        ["ex13_tshirt_inputs", "piece", "CO2e", "5.6", "3", "3.1", "", "GHG Protocol ex. 1.3", ""],
    ]
    factors = bundled.with_factors(org_factors(factor_rows), label="ex1.3")
    rows = [
        activity_row("ex13_supplier_electricity", "5000", "kWh"),
        activity_row("ex13_supplier_gas", "2500", "千瓦时"),
        activity_row("ex13_supplier_landfill", "100", "kg"),
        activity_row("ex13_tshirt_inputs", "12000", "件"),
    ]
    inventory = calculate_inventory(make_activities(rows, factors), factors, "AR6")
    by_activity = {key: t for key, t, _, _ in inventory.by("activity").iter_rows()}
    assert by_activity["ex13_supplier_electricity"] + by_activity["ex13_supplier_gas"] == pytest.approx(
        3.0, rel=REL
    )
    assert by_activity["ex13_supplier_landfill"] == pytest.approx(0.05, rel=REL)
    assert by_activity["ex13_tshirt_inputs"] == pytest.approx(67.2, rel=REL)
    assert inventory.totals().by_category["3.1"] == pytest.approx(70.25, rel=REL)
    assert inventory.totals().scope3 == pytest.approx(70.25, rel=REL)


#: GHG Protocol Scope 3 Technical Guidance, Example 3.1: kWh bought, upstream (cradle-to-gate) factor of the
#: electricity, its combustion factor and the grid's T&D loss rate, per country (kg CO2e per kWh, share)
EX31_ELECTRICITY = {
    "AU": (500_000, 0.12, 0.8, 0.10),
    "CA": (600_000, 0.10, 0.4, 0.13),
    "IN": (400_000, 0.15, 0.8, 0.15),
    "US": (5_500_000, 0.10, 0.5, 0.10),
    "TR": (200_000, 0.05, 0.4, 0.12),
}
#: Canada's purchased heat: kWh, upstream factor, combustion factor, loss rate
EX31_HEAT = (50_000, 0.05, 0.15, 0.05)


def test_fuel_and_energy_related_activities(make_activities: MakeActivities, bundled: FactorSet) -> None:
    """GHG Protocol Scope 3 Technical Guidance, Example 3.1: upstream emissions of purchased electricity
    740,000 kg CO2e, T&D losses 404,175 (kWh × combustion factor × loss rate, heat included), upstream of heat
    2,500 → 1,146,675 kg CO2e in category 3.3; the sites' own 3.3 rows leave no category gap."""
    source = "GHG Protocol Scope 3 Technical Guidance ex. 3.1"
    factor_rows: list[list[str]] = []
    rows: list[list[str]] = []
    for country, (kwh, upstream, combustion, loss) in EX31_ELECTRICITY.items():
        code = country.lower()
        factor_rows += [
            [
                f"ex31_grid_{code}",
                "kWh",
                "CO2e",
                str(combustion),
                "2",
                "purchased_electricity",
                "",
                source,
                "",
            ],
            [f"ex31_upstream_{code}", "kWh", "CO2e", str(upstream), "3", "3.3", "", source, ""],
            [f"ex31_td_{code}", "kWh", "CO2e", f"{combustion * loss:.10g}", "3", "3.3", "", source, ""],
        ]
        rows += [
            activity_row(f"ex31_grid_{code}", str(kwh), "kWh", site=country),
            activity_row(f"ex31_upstream_{code}", str(kwh), "kWh", site=country),
            activity_row(f"ex31_td_{code}", str(kwh), "kWh", site=country),
        ]
    kwh, upstream, combustion, loss = EX31_HEAT
    factor_rows += [
        ["ex31_heat_upstream_ca", "kWh", "CO2e", str(upstream), "3", "3.3", "", source, ""],
        ["ex31_heat_td_ca", "kWh", "CO2e", f"{combustion * loss:.10g}", "3", "3.3", "", source, ""],
    ]
    rows += [
        activity_row("ex31_heat_upstream_ca", str(kwh), "kWh", site="CA"),
        activity_row("ex31_heat_td_ca", str(kwh), "kWh", site="CA"),
    ]
    factors = bundled.with_factors(org_factors(factor_rows), label="ex3.1")
    inventory = calculate_inventory(make_activities(rows, factors), factors, "AR6")
    by_activity = {key: t for key, t, _, _ in inventory.by("activity").iter_rows()}
    upstream_t = sum(by_activity[f"ex31_upstream_{c.lower()}"] for c in EX31_ELECTRICITY)
    td_t = sum(by_activity[f"ex31_td_{c.lower()}"] for c in EX31_ELECTRICITY) + by_activity["ex31_heat_td_ca"]
    assert upstream_t == pytest.approx(740.0, rel=REL)
    assert td_t == pytest.approx(404.175, rel=REL)
    assert by_activity["ex31_heat_upstream_ca"] == pytest.approx(2.5, rel=REL)
    assert inventory.totals().by_category["3.3"] == pytest.approx(1146.675, rel=REL)
    assert category_3_3_gaps(inventory) == ()
