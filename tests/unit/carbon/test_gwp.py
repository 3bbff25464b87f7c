"""GWP-100 sets as data (tanlu.carbon.gwp), checked against the IPCC tables quoted in reference-data/README.md."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from tanlu.carbon.gwp import GAS_GROUPS, canonical_gas, gas_group, load_gwp_set
from tanlu.errors import InputError


@pytest.mark.parametrize(
    ("gas", "ar4", "ar5", "ar6"),
    [
        ("CO2", 1, 1, 1),
        ("CH4_biogenic", 25, 28, 27.0),
        ("N2O", 298, 265, 273),
        ("SF6", 22800, 23500, 25200),
        ("NF3", 17200, 16100, 17400),
        ("HFC-134a", 1430, 1300, 1530),
        ("R-410A", 2087.5, 1923.5, 2255.5),
        ("CF4", 7390, 6630, 7380),
    ],
)
def test_ipcc_values(gas: str, ar4: float, ar5: float, ar6: float) -> None:
    """IPCC AR4 (2007), AR5 WG1 Table 8.A.1, AR6 WG1 Tables 7.15/7.SM.7 (via globalwarmingpotentials, CC0)."""
    assert [load_gwp_set(name).weight(gas) for name in ("AR4", "AR5", "AR6")] == [ar4, ar5, ar6]


def test_fossil_methane_policy() -> None:
    """Default: combustion CH4 weighted with the non-fossil value (IPCC CO2 factors already count its carbon)."""
    assert load_gwp_set("AR6").weight("CH4_fossil") == 27.0
    assert load_gwp_set("AR5").weight("CH4_fossil") == 28
    assert load_gwp_set("AR6", fossil_ch4_oxidation=True).weight("CH4_fossil") == 29.8
    assert load_gwp_set("AR5", fossil_ch4_oxidation=True).weight("CH4_fossil") == 30
    assert load_gwp_set("AR6", fossil_ch4_oxidation=True).label == "AR6 (fossil CH4 incl. oxidation)"


@pytest.mark.parametrize(
    ("written", "gas"),
    [
        ("R410A", "R-410A"),
        ("r-410a", "R-410A"),
        ("R134a", "HFC-134a"),
        ("甲烷", "CH4_biogenic"),
        ("CH4", "CH4_biogenic"),
        ("PFC-14", "CF4"),
        ("co2e", "CO2e"),
        ("CO2_biogenic", "CO2_biogenic"),
        ("六氟化硫", "SF6"),
    ],
)
def test_gas_aliases(written: str, gas: str) -> None:
    assert canonical_gas(written) == gas


def test_unknown_gas_and_missing_values_are_errors() -> None:
    with pytest.raises(InputError, match="unknown gas"):
        canonical_gas("kryptonite")
    with pytest.raises(InputError, match="AR4 gives no GWP-100 for HFO-1234yf"):
        load_gwp_set("AR4").weight("HFO-1234yf")
    with pytest.raises(InputError, match="unknown GWP set"):
        load_gwp_set("AR7")


def test_groups() -> None:
    assert gas_group("HFC-32") == "HFCs"
    assert gas_group("C2F6") == "PFCs"
    assert gas_group("CO2e") == "CO2e"
    assert set(GAS_GROUPS) >= {"CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3"}


def _gwp_rows() -> list[dict[str, str]]:
    text = resources.files("tanlu.carbon").joinpath("data", "gwp100.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@pytest.mark.parametrize(
    ("alias", "gas", "group"),
    [
        (alias, row["gas"], row["group"])
        for row in _gwp_rows()
        for alias in (row["gas"], *row["aliases"].split("|"))
        if alias
    ],
)
def test_every_alias_maps_to_its_gas_and_group(alias: str, gas: str, group: str) -> None:
    """Each alias of data/gwp100.csv names its own row's gas, and so its reporting group (a mutation mapping
    an alias to another gas of another group fails here)."""
    assert canonical_gas(alias) == gas
    assert gas_group(canonical_gas(alias)) == group


@pytest.mark.parametrize(
    ("alias", "gas", "group"),
    [
        ("CO2_non_fossil", "CO2_biogenic", "CO2_biogenic"),
        ("co2 biogenic", "CO2_biogenic", "CO2_biogenic"),
        ("CH4_non_fossil", "CH4_biogenic", "CH4"),
        ("CO2e", "CO2e", "CO2e"),
        ("CO2e_RF", "CO2e_RF", "CO2e_RF"),
    ],
)
def test_pseudo_gas_aliases_keep_their_group(alias: str, gas: str, group: str) -> None:
    """Non-fossil CO2 is biogenic, reported outside the scopes, never fossil CO2."""
    assert canonical_gas(alias) == gas
    assert gas_group(gas) == group
    assert gas_group(canonical_gas(alias)) != "CO2" or gas == "CO2"


def test_fossil_value_kept_beside_the_default() -> None:
    """AR5 Table 8.A.1 note / AR6 Table 7.15: fossil CH4 30 / 29.8; AR4 has one value, 25."""
    assert [load_gwp_set(name).fossil_ch4 for name in ("AR4", "AR5", "AR6")] == [25, 30, 29.8]
