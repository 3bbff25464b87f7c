"""The emission-factor library: frozen :class:`Factor` records with provenance, grouped in a versioned
:class:`FactorSet`.

A factor says how many kg of one gas an activity emits per unit (``value`` kg ``gas`` per ``unit``). An
activity may have several factors: one per gas (CO2, CH4, N2O …, weighted with a GWP set at calculation
time) and, for Scope 2, one set per method (``location``, ``market``, ``residual``). The bundled library
lives in ``data/factors.csv`` (see ``data/README.md`` for sources and licences);
``data/fuel_properties.csv`` and ``data/exchange_rates.csv`` hold the net calorific values, densities and
exchange rates that bridge units.

An organization's factor file (:func:`tanlu.carbon.factor_file.read_factor_file`) adds to the library and, for the same activity and
method, replaces every bundled factor of that activity and method (all gases together). Every set carries a
version: its label and a hash of its content, so a result keeps the exact factors it was computed with.

The scopes and categories a factor belongs to are :mod:`tanlu.carbon.categories`, exported here too.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from importlib import resources
from types import MappingProxyType

from tanlu.carbon.categories import (
    CATEGORIES,
    CATEGORY_NAMES,
    SCOPE1_CATEGORIES,
    SCOPE2_CATEGORIES,
    SCOPE3_CATEGORIES,
    category_scope,
)
from tanlu.carbon.gwp import CH4_RULES, canonical_gas
from tanlu.carbon.units import ExchangeRate, FuelProperties, PriceIndex
from tanlu.errors import InputError

__all__ = [
    "BUNDLED_LABEL",
    "CATEGORIES",
    "CATEGORY_NAMES",
    "METHODS",
    "SCOPE1_CATEGORIES",
    "SCOPE2_CATEGORIES",
    "SCOPE3_CATEGORIES",
    "ActivityInfo",
    "Factor",
    "FactorSet",
    "Source",
    "category_scope",
    "load_bundled",
]

BUNDLED_LABEL = "tanlu-bundled-2026.11"
METHODS = ("location", "market", "residual", "")
#: what a row may write after ``@`` to say how a fuel was used (``diesel_desnz_2025@stationary``)
USES: Mapping[str, str] = MappingProxyType(
    {
        "stationary": "stationary_combustion",
        "stationary_combustion": "stationary_combustion",
        "固定源": "stationary_combustion",
        "固定": "stationary_combustion",
        "mobile": "mobile_combustion",
        "mobile_combustion": "mobile_combustion",
        "移动源": "mobile_combustion",
        "移动": "mobile_combustion",
    }
)
#: gases whose factor per unit of fuel does not depend on the use (CH4 and N2O do: burner or engine)
_USE_FREE_GASES = frozenset(("CO2", "CO2e", "CO2_biogenic"))


@dataclass(frozen=True)
class Source:
    """Where a factor comes from: publication, table (or row id), link and licence."""

    publication: str
    table: str = ""
    link: str = ""
    licence: str = ""

    def cite(self) -> str:
        """``publication, table`` (what an explanation prints)."""
        return ", ".join(part for part in (self.publication, self.table) if part)


@dataclass(frozen=True)
class Factor:
    """kg of ``gas`` emitted per ``unit`` of ``activity``, with where it applies and where it comes from."""

    activity: str
    name_en: str
    name_zh: str
    unit: str
    gas: str
    value: float
    scope: int
    category: str
    method: str
    source: Source
    region: str = ""
    year: int | None = None
    fuel: str = ""
    note: str = ""
    origin: str = "bundled"
    #: the GWP set a ``CO2e`` value was weighted with by its publisher (``AR5`` for DESNZ, ``AR4`` for
    #: USEEIO); empty when unknown. Reported as the share of a result on another GWP set.
    gwp: str = ""

    def canonical(self) -> str:
        """A stable text form of every field (what the set's content hash is made of)."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class ActivityInfo:
    """What an activity key means: names, the unit of its (location or default) factors, scope and
    category."""

    key: str
    name_en: str
    name_zh: str
    unit: str
    scope: int
    category: str
    fuel: str
    methods: frozenset[str]


@dataclass(frozen=True)
class FactorSet:
    """A versioned, immutable set of factors plus the fuel properties and exchange rates that bridge units."""

    label: str
    factors: tuple[Factor, ...]
    fuels: Mapping[str, FuelProperties] = field(default_factory=lambda: MappingProxyType({}))
    exchange_rates: tuple[ExchangeRate, ...] = ()
    #: price indexes (US CPI-U) that deflate spend of one year to the price year of a spend factor
    price_indexes: tuple[PriceIndex, ...] = ()
    #: how ``CH4_fossil`` is weighted (:data:`tanlu.carbon.gwp.CH4_RULES`), chosen per factor set
    ch4_rule: str = "by_category"

    def __post_init__(self) -> None:
        if self.ch4_rule not in CH4_RULES:
            raise InputError(
                f"unknown CH4 rule (expected one of {', '.join(CH4_RULES)})", value=self.ch4_rule
            )

    @functools.cached_property
    def content_hash(self) -> str:
        """sha256 of the canonical form of every factor, fuel property, exchange rate and price index, and
        of the CH4 rule."""
        digest = hashlib.sha256()
        for line in sorted(factor.canonical() for factor in self.factors):
            digest.update(line.encode("utf-8") + b"\n")
        for fuel in sorted(self.fuels):
            digest.update(json.dumps(asdict(self.fuels[fuel]), sort_keys=True).encode("utf-8") + b"\n")
        for rate in sorted(self.exchange_rates, key=lambda rate: (rate.currency, rate.year)):
            digest.update(json.dumps(asdict(rate), sort_keys=True).encode("utf-8") + b"\n")
        for index in sorted(self.price_indexes, key=lambda index: (index.currency, index.year)):
            digest.update(json.dumps(asdict(index), sort_keys=True).encode("utf-8") + b"\n")
        digest.update(f"ch4_rule={self.ch4_rule}".encode())
        return digest.hexdigest()

    @property
    def version(self) -> str:
        """``label@hash12``: the label people read and the first 12 hex digits of the content hash."""
        return f"{self.label}@{self.content_hash[:12]}"

    @functools.cached_property
    def _by_key(self) -> Mapping[tuple[str, str], tuple[Factor, ...]]:
        grouped: dict[tuple[str, str], list[Factor]] = {}
        for factor in self.factors:
            grouped.setdefault((factor.activity, factor.method), []).append(factor)
        return MappingProxyType({key: tuple(value) for key, value in grouped.items()})

    @functools.cached_property
    def _activities(self) -> Mapping[str, ActivityInfo]:
        methods: dict[str, set[str]] = {}
        first: dict[str, Factor] = {}
        for factor in self.factors:
            methods.setdefault(factor.activity, set()).add(factor.method)
            current = first.get(factor.activity)
            if current is None or (current.method != "location" and factor.method in ("location", "")):
                first[factor.activity] = factor
        return MappingProxyType(
            {
                key: ActivityInfo(
                    key, f.name_en, f.name_zh, f.unit, f.scope, f.category, f.fuel, frozenset(methods[key])
                )
                for key, f in first.items()
            }
        )

    def activities(self) -> Mapping[str, ActivityInfo]:
        """Every activity key of the set and what it means."""
        return self._activities

    def activity(self, key: str) -> ActivityInfo:
        """The :class:`ActivityInfo` of one key; raises :class:`InputError` for an unknown activity.

        A fuel's key followed by its use (``diesel_desnz_2025@stationary``, ``@mobile``, ``@固定源``,
        ``@移动源``) puts the row in that combustion category instead of the factor's own: the category
        follows the row. Only a fuel whose factors do not depend on the use (CO2 or CO2e per unit, such as
        DESNZ's fuels) can be so moved; IPCC CH4 and N2O factors are per use and keep their key's category.
        """
        found = self._activities.get(key)
        if found is not None:
            return found
        base, used = self._use(key)
        info = self._activities[base]
        return replace(info, key=key, category=used)

    def _use(self, key: str) -> tuple[str, str]:
        """(base key, combustion category) of ``key@use``; raises :class:`InputError` when it cannot be."""
        base, separator, use = key.partition("@")
        info = self._activities.get(base.strip()) if separator else None
        if info is None:
            raise InputError("unknown activity", column="activity", value=key)
        category = USES.get(use.strip().casefold())
        if category is None:
            raise InputError(
                f"unknown use {use.strip()!r} (expected stationary or mobile, 固定源 or 移动源)",
                column="activity",
                value=key,
            )
        if info.category not in ("stationary_combustion", "mobile_combustion"):
            raise InputError(
                f"activity {base.strip()} is not a fuel burnt in stationary or mobile combustion",
                column="activity",
                value=key,
            )
        if any(f.gas not in _USE_FREE_GASES for f in self.default_factors(base.strip())):
            raise InputError(
                f"the CH4 and N2O factors of {base.strip()} are for {info.category.split('_')[0]} use only; "
                "choose the activity key of the other use",
                column="activity",
                value=key,
            )
        return base.strip(), category

    def factors_for(self, activity: str, method: str = "") -> tuple[Factor, ...]:
        """The factors (one per gas) of ``activity`` for ``method``; empty when there are none. For
        ``key@use`` (:meth:`activity`), the key's factors in the row's category."""
        if "@" in activity and activity not in self._activities:
            base, category = self._use(activity)
            return tuple(
                replace(factor, activity=activity, category=category)
                for factor in self.factors_for(base, method)
            )
        if method in ("", "location"):
            return self._by_key.get((activity, "location")) or self._by_key.get((activity, ""), ())
        return self._by_key.get((activity, method), ())

    def default_factors(self, activity: str) -> tuple[Factor, ...]:
        """The factors an activity falls back on: location (or unlabelled), else market, else residual."""
        for method in ("location", "market", "residual"):
            found = self.factors_for(activity, method)
            if found:
                return found
        return ()

    def fuel(self, name: str) -> FuelProperties | None:
        """Net calorific value and density of a fuel, if the set knows them."""
        return self.fuels.get(name) if name else None

    def exchange_rate(self, currency: str, year: int) -> ExchangeRate | None:
        """Units of ``currency`` per USD in ``year`` (the factor's price year), if the set has that rate."""
        for rate in self.exchange_rates:
            if rate.currency == currency and rate.year == year:
                return rate
        return None

    def price_index(self, currency: str, year: int) -> PriceIndex | None:
        """The price index of ``currency`` in ``year`` (US CPI-U for USD), if the set has it."""
        for index in self.price_indexes:
            if index.currency == currency and index.year == year:
                return index
        return None

    def with_ch4_rule(self, rule: str) -> FactorSet:
        """The same set with another rule for fossil methane (``by_category``, ``non_fossil``, ``fossil``)."""
        return replace(self, ch4_rule=rule)

    def with_factors(self, factors: Sequence[Factor], *, label: str) -> FactorSet:
        """A new set: these factors added, replacing every factor of the same activity and method.

        A replacing factor without a fuel inherits the fuel of the activity it replaces, so that its units
        can still be bridged with the bundled net calorific values.
        """
        replaced = {(factor.activity, factor.method) for factor in factors}
        fuels = {info.key: info.fuel for info in self._activities.values() if info.fuel}
        added = [
            factor
            if factor.fuel or factor.activity not in fuels
            else _replace_fuel(factor, fuels[factor.activity])
            for factor in factors
        ]
        kept = [factor for factor in self.factors if (factor.activity, factor.method) not in replaced]
        check_consistent([*kept, *added])
        return replace(self, label=f"{self.label}+{label}", factors=(*kept, *added))


def _replace_fuel(factor: Factor, fuel: str) -> Factor:
    return Factor(**{**{name: getattr(factor, name) for name in factor.__dataclass_fields__}, "fuel": fuel})


def check_consistent(factors: Iterable[Factor]) -> None:
    seen: dict[str, Factor] = {}
    for factor in factors:
        first = seen.setdefault(factor.activity, factor)
        if (first.scope, first.category) != (factor.scope, factor.category):
            raise InputError(
                f"activity {factor.activity!r} is in category {first.category} ({first.origin}) and "
                f"{factor.category} ({factor.origin}); one activity belongs to one category",
                column="category",
                value=factor.category,
            )


def _data(name: str) -> str:
    return resources.files("tanlu.carbon").joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def load_bundled() -> FactorSet:
    """The factor library shipped with Tanlu (``data/factors.csv`` and its companions)."""
    factors = tuple(
        Factor(
            activity=row["activity"],
            name_en=row["name_en"],
            name_zh=row["name_zh"],
            unit=row["unit"],
            gas=canonical_gas(row["gas"]),
            value=float(row["value"]),
            scope=int(row["scope"]),
            category=row["category"],
            method=row["method"],
            source=Source(row["publication"], row["table"], row["link"], row["licence"]),
            region=row["region"],
            year=int(row["year"]) if row["year"] else None,
            fuel=row["fuel"],
            note=row["note"],
            gwp=row["gwp"],
        )
        for row in csv.DictReader(_data("factors.csv").splitlines())
    )
    fuels = {
        row["fuel"]: FuelProperties(
            fuel=row["fuel"],
            ncv=float(row["ncv"]) if row["ncv"] else None,
            ncv_unit=row["ncv_unit"] or "TJ/Gg",
            density=float(row["density"]) if row["density"] else None,
            density_unit=row["density_unit"] or "kg/L",
            volumetric_ncv=float(row["volumetric_ncv"]) if row["volumetric_ncv"] else None,
            volumetric_ncv_unit=row["volumetric_ncv_unit"] or "kWh/m**3",
            gross_to_net=float(row["gross_to_net"]) if row["gross_to_net"] else None,
            gross_source=row["gross_source"],
            ncv_source=row["ncv_source"],
            density_source=row["density_source"],
        )
        for row in csv.DictReader(_data("fuel_properties.csv").splitlines())
    }
    rates = tuple(
        ExchangeRate(row["currency"], int(row["year"]), float(row["units_per_usd"]), row["source"])
        for row in csv.DictReader(_data("exchange_rates.csv").splitlines())
    )
    indexes = tuple(
        PriceIndex(row["currency"], int(row["year"]), float(row["value"]), row["index"], row["source"])
        for row in csv.DictReader(_data("price_indexes.csv").splitlines())
    )
    check_consistent(factors)
    return FactorSet(BUNDLED_LABEL, factors, MappingProxyType(fuels), rates, indexes)
