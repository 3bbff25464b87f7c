"""The bundled factor library (provenance, values against the reference data) and organization factor files."""

from __future__ import annotations

import pytest

from tanlu.carbon.factor_file import read_factor_file
from tanlu.carbon.factors import CATEGORIES, METHODS, FactorSet, category_scope, load_bundled
from tanlu.carbon.gwp import canonical_gas
from tanlu.carbon.units import parse_unit
from tanlu.errors import InputError, RowsRejected

from .conftest import org_factors


def test_every_bundled_factor_has_provenance(bundled: FactorSet) -> None:
    assert len(bundled.factors) > 150
    for factor in bundled.factors:
        assert factor.name_en, factor.activity
        assert factor.name_zh, factor.activity
        assert factor.source.publication, factor.activity
        assert factor.source.licence, factor.activity
        assert factor.source.table or factor.source.link, factor.activity
        assert factor.category in CATEGORIES
        assert factor.scope == category_scope(factor.category)
        assert factor.method in METHODS
        assert canonical_gas(factor.gas) == factor.gas
        assert factor.value >= 0
        parse_unit(factor.unit)


@pytest.mark.parametrize(
    ("activity", "method", "gas", "value"),
    [
        # from reference-data/cn_mee_grid_co2_factors_2021_2023.csv, MEE & NBS announcements
        ("electricity_cn_east_2023", "location", "CO2", 0.5500),
        ("electricity_cn_national_2023", "location", "CO2", 0.5306),
        ("electricity_cn_national_2023", "residual", "CO2", 0.6096),
        ("electricity_cn_national_2021", "location", "CO2", 0.5568),
        ("electricity_cn_yunnan_2022", "location", "CO2", 0.1073),
        # reference-data/us_epa_egrid2022_subregion_co2_output_rates.csv
        ("electricity_us_camx_2022", "location", "CO2", 0.22564),
        # DESNZ 2025 flat file rows 7_400_4000_5_1, 1_101_1011_8_1, 27_320_3235_14_1, 19_505_5144_15_1
        ("electricity_uk_2025", "location", "CO2e", 0.177),
        ("diesel_desnz_2025", "", "CO2e", 2.57082),
        ("freight_container_ship", "", "CO2e", 0.01612),
        ("plastics_pp", "", "CO2e", 2577.57172),
        # IPCC 2006 Vol. 2 Tables 1.4 and 2.3 (values quoted in reference-data/README.md)
        ("natural_gas", "", "CO2", 56100),
        ("natural_gas", "", "CH4_fossil", 1),
        ("natural_gas", "", "N2O", 0.1),
        ("diesel_road", "", "N2O", 3.9),
        ("coke_oven_coke", "", "CO2", 107000),
        # USEEIO v1.2 NAICS 336390, with margins
        ("spend_naics_336390", "", "CO2e", 0.395),
        ("steel_crude", "", "CO2", 1920),
    ],
)
def test_bundled_values_match_the_reference_data(
    bundled: FactorSet, activity: str, method: str, gas: str, value: float
) -> None:
    factors = {f.gas: f.value for f in bundled.factors_for(activity, method)}
    assert factors[gas] == pytest.approx(value, rel=1e-9)


def test_version_is_label_and_content_hash(bundled: FactorSet) -> None:
    assert bundled.version.startswith("tanlu-bundled-2026.11@")
    assert len(bundled.content_hash) == 64
    same = FactorSet(
        bundled.label,
        tuple(reversed(bundled.factors)),
        bundled.fuels,
        bundled.exchange_rates,
        bundled.price_indexes,
    )
    assert same.content_hash == bundled.content_hash


def test_factor_file_adds_and_overrides(bundled: FactorSet) -> None:
    added = org_factors(
        [
            [
                "electricity_cn_east_2023",
                "kWh",
                "CO2",
                "0.7",
                "2",
                "purchased_electricity",
                "residual",
                "AIB-like",
                "",
            ],
            ["widget", "kg", "CO2e", "3.5", "3", "3.1", "", "Supplier EPD 2024", ""],
            [
                "natural_gas",
                "m3",
                "CO2",
                "2.0",
                "1",
                "stationary_combustion",
                "",
                "Supplier gas analysis",
                "",
            ],
        ]
    )
    custom = bundled.with_factors(added, label="org.csv")
    assert custom.version != bundled.version
    assert custom.version.startswith("tanlu-bundled-2026.11+org.csv@")
    assert [f.value for f in custom.factors_for("electricity_cn_east_2023", "residual")] == [0.7]
    assert [f.value for f in custom.factors_for("electricity_cn_east_2023")] == [0.55]
    assert custom.activity("widget").category == "3.1"
    # the override replaces all gases of the bundled natural gas factor and keeps the fuel link
    natural_gas = custom.factors_for("natural_gas")
    assert [(f.gas, f.value, f.fuel) for f in natural_gas] == [("CO2", 2.0, "natural_gas")]


def test_factor_file_rows_are_validated() -> None:
    with pytest.raises(RowsRejected) as caught:
        org_factors(
            [
                ["x", "kWh", "unobtainium", "1", "2", "purchased_electricity", "", "s", ""],
                ["y", "bananas", "CO2", "-1", "1", "process", "", "s", ""],
                ["z", "kg", "CO2", "1", "2", "3.1", "location", "", ""],
                ["w", "USD", "CO2e", "0.3", "3", "3.1", "", "USEEIO", "21"],
                ["v", "kg", "CO2", "abc", "1", "bogus", "", "s", ""],
            ]
        )
    reasons = {(issue.row, issue.column) for issue in caught.value.issues}
    assert {
        (2, "gas"),
        (3, "unit"),
        (3, "value"),
        (4, "scope"),
        (4, "method"),
        (4, "source"),
        (5, "year"),
        (6, "value"),
        (6, "category"),
    } <= reasons


def test_factor_file_duplicates_and_category_conflicts(bundled: FactorSet) -> None:
    with pytest.raises(RowsRejected, match="duplicate of row 2"):
        org_factors([["a", "kg", "CO2", "1", "1", "process", "", "s", ""]] * 2)
    moved = org_factors(
        [["electricity_cn_east_2023", "kWh", "CO2", "0.6", "2", "purchased_heat", "residual", "s", ""]]
    )
    with pytest.raises(InputError, match="one activity belongs to one category"):
        bundled.with_factors(moved, label="bad")


def test_read_factor_file_csv_gbk(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "factors.csv"  # type: ignore[operator]
    text = "活动,单位,气体,排放因子,范围,类别,方法,来源\n供应商钢材,吨,CO2e,1500,3,3.1,,供应商EPD\n"
    path.write_bytes(text.encode("gbk"))
    [factor] = read_factor_file(path)
    assert (factor.activity, factor.unit, factor.value, factor.source.publication) == (
        "供应商钢材",
        "吨",
        1500,
        "供应商EPD",
    )


def test_the_library_covers_the_common_materials() -> None:
    """Cradle-to-gate averages for steel, aluminium, copper and plastics, each with its source (issue: factor library)."""
    library = load_bundled()
    for key in ("steel_crude", "aluminium_primary", "copper_cathode", "plastics_average"):
        factors = library.factors_for(key, "")
        assert factors, key
        assert all(factor.source.publication for factor in factors), key
