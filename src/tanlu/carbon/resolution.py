"""One distinct combination of activity, unit and instrument resolved to its factors and per-unit emissions.

Kept apart from the inventory's columns (:mod:`tanlu.carbon.inventory`) because the product model resolves its
inputs the same way. Three method points are settled here, per factor:

* fossil methane is weighted by the factor set's CH4 rule (:func:`tanlu.carbon.gwp.ch4_fossil_weight`):
  combustion with the non-fossil value, fugitive and process releases with the fossil value;
* the radiative-forcing uplift of aviation (``CO2e_RF`` rows) is kept apart and enters the CO2e only when
  radiative forcing is asked for;
* the CO2e of factors published with another GWP set than the inventory's (DESNZ AR5, USEEIO AR4) is counted
  by that set, so that totals can say which share of them is not on the chosen set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from tanlu.carbon.activities import activity_conversion
from tanlu.carbon.factors import Factor, FactorSet
from tanlu.carbon.gwp import GAS_GROUPS, GwpSet, ch4_fossil_weight, gas_group
from tanlu.carbon.units import Conversion, is_currency

__all__ = ["OTHER_GWP_KEYS", "Basis", "Resolution", "make_basis", "resolve"]

#: the keys of :attr:`Basis.other_gwp_per_unit`: the GWP set a CO2e factor was published with, or unknown
OTHER_GWP_KEYS = ("AR4", "AR5", "AR6", "unknown")


@dataclass(frozen=True)
class Basis:
    """How one combination is turned into emissions on one basis (location or market)."""

    method: str
    factors: tuple[Factor, ...]
    conversion: Conversion | None
    kg_gas_per_unit: Mapping[str, float]
    co2e_per_unit: float
    biogenic_per_unit: float
    group_co2e_per_unit: Mapping[str, float]
    weights: Mapping[str, float]
    #: kg CO2e of radiative forcing per unit (aviation), in ``co2e_per_unit`` only when it was asked for
    rf_per_unit: float = 0.0
    #: kg CO2e per unit from CO2e factors published with a GWP set other than the inventory's
    other_gwp_per_unit: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    #: True when ``rf_per_unit`` is inside ``co2e_per_unit`` (radiative forcing asked for)
    rf_included: bool = False

    @property
    def factor_co2e(self) -> float:
        """kg CO2e per unit of the factor (before unit conversion)."""
        if self.conversion is None or self.conversion.multiplier == 0:
            return 0.0
        return self.co2e_per_unit / self.conversion.multiplier


@dataclass(frozen=True)
class Resolution:
    """Everything about one distinct (activity, unit, instrument, supplier): scope, category, method, both
    bases."""

    combo: int
    activity: str
    unit: str
    instrument: str
    supplier: str
    scope: int
    category: str
    method: str
    location: Basis
    market: Basis

    @property
    def location_fallback(self) -> bool:
        """True when the market-based figure had to use the location factor (no certificate, contract or
        residual)."""
        return self.scope == 2 and self.market.method == "location_fallback"


def make_basis(
    method: str,
    factors: tuple[Factor, ...],
    conversion: Conversion | None,
    gwp: GwpSet,
    *,
    ch4_rule: str = "by_category",
    radiative_forcing: bool = False,
) -> Basis:
    """The per-unit emissions of ``factors`` through ``conversion``, weighted with ``gwp``."""
    multiplier = conversion.multiplier if conversion is not None else 0.0
    kg_gas: dict[str, float] = {}
    groups = dict.fromkeys(GAS_GROUPS, 0.0)
    weights: dict[str, float] = {}
    other = dict.fromkeys(OTHER_GWP_KEYS, 0.0)
    biogenic = rf = 0.0
    for factor in factors:
        kg = factor.value * multiplier
        kg_gas[factor.gas] = kg_gas.get(factor.gas, 0.0) + kg
        if factor.gas == "CH4_fossil":
            weights[factor.gas] = ch4_fossil_weight(gwp, factor.category, ch4_rule)
        else:
            weights[factor.gas] = gwp.weight(factor.gas)
        if factor.gas == "CO2_biogenic":
            biogenic += kg
            continue
        if factor.gas == "CO2e_RF":
            rf += kg
            if not radiative_forcing:
                continue
        groups["CO2e" if factor.gas == "CO2e_RF" else gas_group(factor.gas)] += kg * weights[factor.gas]
        if factor.gas in ("CO2e", "CO2e_RF") and factor.gwp != gwp.name:
            other[factor.gwp or "unknown"] += kg
    return Basis(
        method,
        factors,
        conversion,
        MappingProxyType(kg_gas),
        sum(groups.values()),
        biogenic,
        MappingProxyType(groups),
        MappingProxyType(weights),
        rf,
        MappingProxyType(other),
        radiative_forcing and rf > 0,
    )


def _line_method(scope: int, unit: str, supplier: bool) -> str:
    if supplier:
        return "supplier-specific"
    if scope == 3:
        return "spend-based" if is_currency(unit) else "average-data"
    return "location-based" if scope == 2 else "emission-factor"


def resolve(
    factors: FactorSet,
    gwp: GwpSet,
    *,
    combo: int,
    activity: str,
    unit: str,
    instrument: str,
    supplier: str,
    radiative_forcing: bool = False,
) -> Resolution:
    """Resolve one combination: the factors, unit conversion and per-unit emissions of both bases.

    Scope 2 market-based follows the GHG Protocol Scope 2 Guidance hierarchy: certificate → supplier-specific
    → the activity's ``market`` (contract) factor → its ``residual`` mix → the location factor (flagged).
    """
    info = factors.activity(activity)

    def weighted(method: str, chosen: tuple[Factor, ...], conversion: Conversion | None) -> Basis:
        return make_basis(
            method, chosen, conversion, gwp, ch4_rule=factors.ch4_rule, radiative_forcing=radiative_forcing
        )

    def basis(method: str, key: str, factor_method: str) -> Basis:
        chosen = factors.factors_for(key, factor_method) or factors.default_factors(key)
        return weighted(method, chosen, activity_conversion(factors, key, unit, chosen[0].unit))

    is_supplier = instrument == "supplier"
    if info.scope == 2:
        location = basis("location", activity, "location")
        if instrument == "certificate":
            market = weighted("certificate", (), None)
        elif is_supplier:
            market = basis("supplier-specific", supplier, "market")
        elif factors.factors_for(activity, "market"):
            market = basis("contract", activity, "market")
        elif factors.factors_for(activity, "residual"):
            market = basis("residual_mix", activity, "residual")
        else:
            market = weighted("location_fallback", location.factors, location.conversion)
    else:
        location = basis(
            _line_method(info.scope, unit, is_supplier), supplier if is_supplier else activity, ""
        )
        market = location
    return Resolution(
        combo,
        activity,
        unit,
        instrument,
        supplier,
        info.scope,
        info.category,
        _line_method(info.scope, unit, is_supplier),
        location,
        market,
    )
