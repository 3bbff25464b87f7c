"""Common names of a plant's data map to the factor of the site's grid region and the data's year (#12 item 3)."""

from __future__ import annotations

import pytest

from tanlu.carbon.common_names import COMMON_NAMES, common_kind, grid_region, resolve, search
from tanlu.carbon.factors import FactorSet, load_bundled


@pytest.fixture(scope="module")
def factors() -> FactorSet:
    return load_bundled()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("电力", "electricity"),
        ("用电量", "electricity"),
        ("外购电力", "electricity"),
        ("Purchased electricity", "electricity"),
        ("天然气", "natural_gas"),
        ("柴油", "diesel"),
        ("汽油", "gasoline"),
        ("液化石油气", "lpg"),
        ("蒸汽", "steam"),
        ("热力", "steam"),
        ("冷媒 R134a", "refrigerant_r134a"),
        ("R410A冷媒", "refrigerant_r410a"),
        ("钢材", "steel"),
        ("铝材", "aluminium"),
        ("公路货运", "freight_road"),
        ("天然汽", None),
        ("R22", None),
    ],
)
def test_common_names_are_recognised(text: str, kind: str | None) -> None:
    assert common_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("华东电网 China East grid", "CN-east"),
        ("江苏省苏州市", "CN-east"),
        ("南方电网", "CN-south"),
        ("cn-north", "CN-north"),
        ("US-CAMX", "US-CAMX"),
        ("UK", "GB"),
        ("", None),
        ("somewhere", None),
    ],
)
def test_grid_regions_as_people_write_them(text: str, region: str | None) -> None:
    assert grid_region(text) == region


def test_electricity_takes_the_sites_grid_and_the_latest_year_not_after_the_data(factors: FactorSet) -> None:
    assert resolve("electricity", factors, region="CN-east", year=2025) == "electricity_cn_east_2023"
    assert resolve("electricity", factors, region="CN-east", year=2022) == "electricity_cn_east_2022"
    assert resolve("electricity", factors, region="US-CAMX", year=2024) == "electricity_us_camx_2022"
    assert resolve("electricity", factors, region="GB", year=2025) == "electricity_uk_2025"


def test_electricity_of_a_site_without_a_grid_region_is_not_guessed(factors: FactorSet) -> None:
    assert resolve("electricity", factors, region=None, year=2025) is None


def test_fuels_take_the_regional_factor_where_there_is_one_else_the_global_one(factors: FactorSet) -> None:
    assert resolve("natural_gas", factors, region="CN-east", year=2025) == "natural_gas"
    assert resolve("natural_gas", factors, region="GB", year=2025) == "natural_gas_desnz_2025"
    assert resolve("diesel", factors, region=None, year=None) == "diesel"


def test_every_kind_has_a_factor_in_the_bundled_set(factors: FactorSet) -> None:
    for kind in COMMON_NAMES:
        assert resolve(kind, factors, region="GB", year=2025), kind


def test_search_puts_the_sites_region_first_and_never_lists_every_key(factors: FactorSet) -> None:
    found = search(factors, "电力", region="CN-east")
    assert found[:2] == ["electricity_cn_east_2022", "electricity_cn_east_2023"]
    assert not any(key.startswith("electricity_us_") for key in found[:10])
    assert len(search(factors, "", region="CN-east")) <= 20
    assert search(factors, "steel")[0] == "steel_crude"
    assert search(factors, "no such thing at all") == []
