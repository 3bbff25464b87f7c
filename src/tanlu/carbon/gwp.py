"""100-year global warming potentials (GWP-100) of the IPCC's AR4, AR5 and AR6, kept as data
(``data/gwp100.csv``).

A :class:`GwpSet` weights a mass of each gas into CO2 equivalents. Gas names are canonical codes (``CO2``,
``CH4_fossil``, ``CH4_biogenic``, ``N2O``, ``SF6``, ``NF3``, ``HFC-134a``, ``R-410A`` …);
:func:`canonical_gas` maps what people write (``R410A``, ``甲烷``, ``PFC-14``) to them. ``CO2e`` (already
weighted) has weight 1 and ``CO2_biogenic`` is reported apart, outside the scopes, with weight 1.

Fossil methane: the IPCC 2006 default CO2 factors for combustion already count the carbon that leaves the
stack as CH4 (they assume full oxidation), so weighting combustion CH4 with the "fossil" GWP (which adds
that CO2) would count it twice: combustion ``CH4_fossil`` takes the non-fossil value (AR5 28, AR6 27.0, as
DESNZ and the GHG Protocol's GWP values v2.0, 2024, do). Methane that leaks or is released by a process
(gas leaks, coal-bed methane) was never burnt, its carbon is in no CO2 factor, so it takes the fossil value
(AR5 30, AR6 29.8). Which rule applies is a :data:`CH4_RULES` choice of the factor set (default
``by_category``: fugitive and process categories fossil, every other category non-fossil); see
:func:`ch4_fossil_weight`. ``load_gwp_set(name, fossil_ch4_oxidation=True)`` still weights every
``CH4_fossil`` with the fossil value.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Literal

from tanlu.errors import InputError

__all__ = [
    "CH4_RULES",
    "FOSSIL_CH4_CATEGORIES",
    "GAS_GROUPS",
    "GWP_SET_NAMES",
    "GasInfo",
    "GwpSet",
    "canonical_gas",
    "ch4_fossil_weight",
    "gas_group",
    "load_gwp_set",
]

GwpSetName = Literal["AR4", "AR5", "AR6"]
GWP_SET_NAMES: tuple[GwpSetName, ...] = ("AR4", "AR5", "AR6")
#: ``CO2e_RF``: the radiative-forcing uplift of an aviation factor (kg CO2e, as published), reported apart
PSEUDO_GASES = ("CO2e", "CO2_biogenic", "CO2e_RF")
#: Reporting groups, in the order results list them. ``CO2e`` holds factors published only as CO2e.
GAS_GROUPS = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3", "CO2e")
#: how ``CH4_fossil`` is weighted: by the factor's category, always non-fossil, always fossil
CH4_RULES = ("by_category", "non_fossil", "fossil")
#: the categories whose fossil methane was never burnt (so its carbon is in no CO2 factor)
FOSSIL_CH4_CATEGORIES = frozenset(("fugitive", "process"))


@dataclass(frozen=True)
class GasInfo:
    """One gas of ``data/gwp100.csv``: its code, reporting group, GWP-100 per assessment, aliases and
    source."""

    gas: str
    group: str
    gwp: MappingProxyType[str, float | None]
    aliases: tuple[str, ...]
    source: str
    note: str


def _key(text: str) -> str:
    return "".join(text.split()).replace("-", "").replace("_", "").casefold()


@functools.cache
def _gases() -> dict[str, GasInfo]:
    text = resources.files("tanlu.carbon").joinpath("data", "gwp100.csv").read_text(encoding="utf-8")
    gases: dict[str, GasInfo] = {}
    for row in csv.DictReader(text.splitlines()):
        values: dict[str, float | None] = {
            name: (float(row[name.lower()]) if row[name.lower()] else None) for name in GWP_SET_NAMES
        }
        gases[row["gas"]] = GasInfo(
            gas=row["gas"],
            group=row["group"],
            gwp=MappingProxyType(values),
            aliases=tuple(alias for alias in row["aliases"].split("|") if alias),
            source=row["source"],
            note=row["note"],
        )
    return gases


@functools.cache
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {_key(gas): gas for gas in PSEUDO_GASES}
    index[_key("CO2_non_fossil")] = "CO2_biogenic"
    for info in _gases().values():
        for name in (info.gas, *info.aliases):
            index[_key(name)] = info.gas
    return index


def canonical_gas(text: str) -> str:
    """The canonical code of a gas written as people write it; raises :class:`InputError` for an unknown
    gas."""
    gas = _alias_index().get(_key(text))
    if gas is None:
        known = ", ".join([*PSEUDO_GASES, *_gases()])
        raise InputError(f"unknown gas (expected one of {known})", column="gas", value=text)
    return gas


def gas_group(gas: str) -> str:
    """The reporting group of a canonical gas (``HFC-134a`` → ``HFCs``); ``CO2_biogenic`` is its own group."""
    if gas in PSEUDO_GASES:
        return gas
    return _gases()[gas].group


def gas_info(gas: str) -> GasInfo:
    """The :class:`GasInfo` record of a canonical gas code."""
    return _gases()[gas]


@dataclass(frozen=True)
class GwpSet:
    """GWP-100 weights of one IPCC assessment report: ``kg CO2e = kg gas × weight(gas)``."""

    name: GwpSetName
    weights: MappingProxyType[str, float] = field(repr=False)
    missing: frozenset[str] = field(repr=False)
    fossil_ch4_oxidation: bool = False
    #: the fossil value of CH4 (with the CO2 of its oxidation), whatever ``weights["CH4_fossil"]`` holds
    fossil_ch4: float = 0.0

    @property
    def label(self) -> str:
        """``AR6`` or ``AR6 (fossil CH4 incl. oxidation)``."""
        return f"{self.name} (fossil CH4 incl. oxidation)" if self.fossil_ch4_oxidation else self.name

    def weight(self, gas: str) -> float:
        """kg CO2e per kg of ``gas``; raises :class:`InputError` when the assessment gives no value for it."""
        if gas in self.weights:
            return self.weights[gas]
        if gas in self.missing:
            raise InputError(f"{self.name} gives no GWP-100 for {gas}; choose another GWP set", value=gas)
        raise InputError("unknown gas", value=gas)


@functools.cache
def load_gwp_set(name: str, *, fossil_ch4_oxidation: bool = False) -> GwpSet:
    """The GWP set ``AR4``, ``AR5`` or ``AR6`` (case-insensitive) from ``data/gwp100.csv``."""
    upper = name.strip().upper()
    if upper not in GWP_SET_NAMES:
        raise InputError(f"unknown GWP set (expected one of {', '.join(GWP_SET_NAMES)})", value=name)
    set_name: GwpSetName = "AR4" if upper == "AR4" else "AR5" if upper == "AR5" else "AR6"
    weights: dict[str, float] = dict.fromkeys(PSEUDO_GASES, 1.0)
    missing: set[str] = set()
    for gas, info in _gases().items():
        value = info.gwp[set_name]
        if value is None:
            missing.add(gas)
        else:
            weights[gas] = value
    fossil = weights["CH4_fossil"]
    if not fossil_ch4_oxidation:
        weights["CH4_fossil"] = weights["CH4_biogenic"]
    return GwpSet(set_name, MappingProxyType(weights), frozenset(missing), fossil_ch4_oxidation, fossil)


def ch4_fossil_weight(gwp: GwpSet, category: str, rule: str = "by_category") -> float:
    """The weight of ``CH4_fossil`` in a factor of ``category`` under a :data:`CH4_RULES` rule.

    ``by_category``: fugitive and process methane take the fossil value, combustion (and every other
    category) the non-fossil one; ``fossil`` / ``non_fossil``: always that value. A set loaded with
    ``fossil_ch4_oxidation=True`` is always fossil.
    """
    if rule not in CH4_RULES:
        raise InputError(f"unknown CH4 rule (expected one of {', '.join(CH4_RULES)})", value=rule)
    if gwp.fossil_ch4_oxidation or rule == "fossil":
        return gwp.fossil_ch4
    if rule == "by_category" and category in FOSSIL_CH4_CATEGORIES:
        return gwp.fossil_ch4
    return gwp.weight("CH4_biogenic")
