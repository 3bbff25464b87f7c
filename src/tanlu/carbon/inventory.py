"""Corporate GHG inventory: Scope 1 by category, Scope 2 location- and market-based, Scope 3 by the 15
categories.

The calculation is linear: every row's emissions are ``amount × e`` where ``e`` (kg CO2e per unit as
written) depends only on the row's activity, unit and instrument. So ``e`` is resolved once per distinct
combination (a
:class:`Resolution`, which also keeps the factors and unit conversion for explanations) and the rows are
handled as whole columns with polars:

1. rows get the id of their combination (one join);
2. amounts are summed per combination, site and period, and periods spanning several months are split over
their
   months pro rata by days;
3. emissions per gas group, per basis (location/market), per scope and category follow by multiplying those
sums
   with the per-unit values, and every total is a sum over that small cube.

Scope 2 market-based follows the GHG Protocol Scope 2 Guidance hierarchy per row: energy attribute certificate
(0 kg) → supplier-specific factor (``supplier:<key>``) → a ``market`` factor of the activity (e.g. the
utility's contract rate) → residual mix (``residual`` factor) → the location factor, flagged as
``location_fallback``. Biogenic CO2 (``CO2_biogenic`` factors) is reported apart and is in no scope total, and
so is the radiative-forcing uplift of air freight unless ``radiative_forcing=True`` (the GHG Protocol counts
the Kyoto gases). Spend is converted at its own year's exchange rate and deflated to the factor's price year
(:mod:`tanlu.carbon.spend`). The share of each total that comes from CO2e factors published with another GWP
set than the inventory's is kept (``Totals.other_gwp``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import polars as pl
import polars.selectors as cs

from tanlu.carbon.activities import Activities
from tanlu.carbon.factors import CATEGORIES, FactorSet
from tanlu.carbon.gwp import GAS_GROUPS, GwpSet, load_gwp_set
from tanlu.carbon.resolution import OTHER_GWP_KEYS, Basis, Resolution, resolve
from tanlu.carbon.spend import SpendAdjustment, spend_multiplier, spend_table
from tanlu.errors import InputError, RowIssue, RowsRejected

__all__ = ["Basis", "Inventory", "Resolution", "SpendAdjustment", "Totals", "calculate_inventory", "resolve"]

logger = logging.getLogger("tanlu.carbon")
GROUP_COLUMNS = [f"g_{group}" for group in GAS_GROUPS]


@dataclass(frozen=True)
class Totals:
    """The headline numbers of an inventory, in tonnes CO2e (biogenic CO2 in tonnes CO2)."""

    scope1: float
    scope2_location: float
    scope2_market: float
    scope3: float
    biogenic_co2: float
    location_fallback: float
    by_category: Mapping[str, float]
    by_category_market: Mapping[str, float]
    by_gas: Mapping[str, float]
    by_gas_market: Mapping[str, float]
    scope3_by_method: Mapping[str, float]
    scope2_market_by_method: Mapping[str, float]
    #: tonnes of each gas emitted (location basis), by canonical gas; CO2e-only factors are not in it
    gas_mass: Mapping[str, float]
    #: t CO2e of the radiative-forcing uplift of air freight (location basis), whether included or not
    radiative_forcing: float = 0.0
    #: True when ``radiative_forcing`` is inside Scope 3 category 3.4 (an option; by default it is apart)
    radiative_forcing_included: bool = False
    #: t CO2e from CO2e factors published with another GWP set than the inventory's, by that set
    #: (``AR4``, ``AR5``, ``AR6``, ``unknown``), location basis; ``other_gwp_market`` the same market-based
    other_gwp: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    other_gwp_market: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def total_location(self) -> float:
        """Scope 1 + Scope 2 (location-based) + Scope 3."""
        return self.scope1 + self.scope2_location + self.scope3

    @property
    def total_market(self) -> float:
        """Scope 1 + Scope 2 (market-based) + Scope 3."""
        return self.scope1 + self.scope2_market + self.scope3

    @property
    def other_gwp_share(self) -> float:
        """The share of the location-based total that uses another (or an unknown) GWP set."""
        total = self.total_location
        return sum(self.other_gwp.values()) / total if total else 0.0

    @property
    def other_gwp_share_market(self) -> float:
        """The share of the market-based total that uses another (or an unknown) GWP set."""
        total = self.total_market
        return sum(self.other_gwp_market.values()) / total if total else 0.0


@dataclass(frozen=True)
class Inventory:
    """A computed inventory: the inputs' fingerprint, factor-set version, GWP set, resolutions and the
    monthly cube.

    ``cube`` has one row per combination, site and month with the amount and kg CO2e per basis and gas group;
    ``rows`` is the validated activity frame with each row's ``combo`` id (drill-down: :meth:`lines`).
    """

    gwp: GwpSet
    factor_set: FactorSet
    activities: Activities
    resolutions: tuple[Resolution, ...]
    rows: pl.DataFrame = field(repr=False)
    cube: pl.DataFrame = field(repr=False)
    #: how spend of each (combination, year) was brought to the factor's price year
    spend: Mapping[tuple[int, int], SpendAdjustment] = field(default_factory=lambda: MappingProxyType({}))
    radiative_forcing: bool = False

    @property
    def factor_set_version(self) -> str:
        """The version of the factor set the inventory was computed with."""
        return self.factor_set.version

    @property
    def inputs_fingerprint(self) -> str:
        """sha256 of the validated activity rows."""
        return self.activities.fingerprint

    def totals(self) -> Totals:
        """Scope totals, categories, gases and methods in t CO2e."""
        cube = self.cube
        scope = pl.col("scope")
        sums = cube.select(
            (pl.col("loc").filter(scope == 1).sum() / 1000).alias("s1"),
            (pl.col("loc").filter(scope == 2).sum() / 1000).alias("s2l"),
            (pl.col("mkt").filter(scope == 2).sum() / 1000).alias("s2m"),
            (pl.col("loc").filter(scope == 3).sum() / 1000).alias("s3"),
            (pl.col("bio").sum() / 1000).alias("bio"),
            (pl.col("mkt").filter(pl.col("fallback")).sum() / 1000).alias("fallback"),
        ).row(0)

        def grouped(
            by: str, value: str, keys: tuple[str, ...] = (), where: pl.Expr | None = None
        ) -> dict[str, float]:
            frame = cube if where is None else cube.filter(where)
            result = dict.fromkeys(keys, 0.0)
            for key, total in frame.group_by(by).agg(pl.col(value).sum() / 1000).iter_rows():
                result[str(key)] = float(total)
            return result

        def gases(prefix: str) -> dict[str, float]:
            row = cube.select(
                [(pl.col(f"{prefix}{group}").sum() / 1000).alias(group) for group in GAS_GROUPS]
            ).row(0)
            return {group: float(value) for group, value in zip(GAS_GROUPS, row, strict=True)}

        return Totals(
            scope1=float(sums[0]),
            scope2_location=float(sums[1]),
            scope2_market=float(sums[2]),
            scope3=float(sums[3]),
            biogenic_co2=float(sums[4]),
            location_fallback=float(sums[5]),
            by_category=MappingProxyType(grouped("category", "loc", CATEGORIES)),
            by_category_market=MappingProxyType(grouped("category", "mkt", CATEGORIES)),
            by_gas=MappingProxyType(gases("g_")),
            by_gas_market=MappingProxyType(gases("m_")),
            scope3_by_method=MappingProxyType(
                grouped("method", "loc", ("supplier-specific", "average-data", "spend-based"), scope == 3)
            ),
            scope2_market_by_method=MappingProxyType(grouped("market_method", "mkt", (), scope == 2)),
            gas_mass=MappingProxyType(self._gas_mass()),
            radiative_forcing=float(cube.get_column("rf").sum()) / 1000,
            radiative_forcing_included=self.radiative_forcing,
            other_gwp=MappingProxyType(
                {key: float(cube.get_column(f"ol_{key}").sum()) / 1000 for key in OTHER_GWP_KEYS}
            ),
            other_gwp_market=MappingProxyType(
                {key: float(cube.get_column(f"om_{key}").sum()) / 1000 for key in OTHER_GWP_KEYS}
            ),
        )

    def _gas_mass(self) -> dict[str, float]:
        """t of each gas: the amount summed per combination times its kg of gas per unit (location basis)."""
        amounts = self.cube.group_by("combo").agg(pl.col("weighted").sum())
        mass: dict[str, float] = {}
        for combo, amount in amounts.iter_rows():
            for gas, kg in self.resolutions[combo].location.kg_gas_per_unit.items():
                if gas not in ("CO2e", "CO2e_RF"):
                    mass[gas] = mass.get(gas, 0.0) + amount * kg / 1000
        return dict(sorted(mass.items()))

    def by(self, *dimensions: str) -> pl.DataFrame:
        """Totals in t CO2e grouped by any of ``site``, ``month``, ``year``, ``scope``, ``category``,
        ``activity``, ``method``, ``market_method``: columns ``location_t``, ``market_t`` and
        ``biogenic_co2_t``."""
        cube = self.cube.with_columns(pl.col("month").dt.year().alias("year"))
        return (
            cube.group_by(list(dimensions))
            .agg(
                (pl.col("loc").sum() / 1000).alias("location_t"),
                (pl.col("mkt").sum() / 1000).alias("market_t"),
                (pl.col("bio").sum() / 1000).alias("biogenic_co2_t"),
            )
            .sort(list(dimensions))
        )

    def lines(self, where: pl.Expr | None = None) -> pl.DataFrame:
        """The rows behind a total (optionally filtered, e.g. ``pl.col("category") == "3.1"``) with each row's
        ``location_kg``, ``market_kg`` and ``biogenic_kg``, in file order (text columns as strings)."""
        per_unit = self._per_unit()
        frame = self.rows.with_columns(cs.enum().cast(pl.String)).join(
            per_unit, on="combo", how="left", maintain_order="left"
        )
        if where is not None:
            frame = frame.filter(where)
        amount = pl.col("amount") * spend_multiplier(self.spend) if self.spend else pl.col("amount")
        return frame.with_columns(
            (amount * pl.col("e_loc")).alias("location_kg"),
            (amount * pl.col("e_mkt")).alias("market_kg"),
            (amount * pl.col("e_bio")).alias("biogenic_kg"),
        ).drop("e_loc", "e_mkt", "e_bio")

    def resolution(self, combo: int) -> Resolution:
        """The :class:`Resolution` of a combination id."""
        return self.resolutions[combo]

    def _per_unit(self) -> pl.DataFrame:
        return _per_unit_frame(self.resolutions).select(
            "combo",
            "scope",
            "category",
            "method",
            "market_method",
            "fallback",
            "instrument_kind",
            "supplier",
            "e_loc",
            "e_mkt",
            "e_bio",
        )


def _per_unit_frame(resolutions: tuple[Resolution, ...]) -> pl.DataFrame:
    data: dict[str, list[object]] = {
        "combo": [r.combo for r in resolutions],
        "scope": [r.scope for r in resolutions],
        "category": [r.category for r in resolutions],
        "activity_": [r.activity for r in resolutions],
        "instrument_kind": [r.instrument for r in resolutions],
        "supplier": [r.supplier for r in resolutions],
        "method": [r.method for r in resolutions],
        "market_method": [r.market.method for r in resolutions],
        "fallback": [r.location_fallback for r in resolutions],
        "e_loc": [r.location.co2e_per_unit for r in resolutions],
        "e_mkt": [r.market.co2e_per_unit for r in resolutions],
        "e_bio": [r.location.biogenic_per_unit for r in resolutions],
        "e_rf": [r.location.rf_per_unit for r in resolutions],
    }
    for key in OTHER_GWP_KEYS:
        data[f"e_ol_{key}"] = [r.location.other_gwp_per_unit.get(key, 0.0) for r in resolutions]
        data[f"e_om_{key}"] = [r.market.other_gwp_per_unit.get(key, 0.0) for r in resolutions]
    for group in GAS_GROUPS:
        data[f"e_g_{group}"] = [r.location.group_co2e_per_unit[group] for r in resolutions]
        data[f"e_m_{group}"] = [r.market.group_co2e_per_unit[group] for r in resolutions]
    return pl.DataFrame(data, schema_overrides={"combo": pl.UInt32, "scope": pl.Int8})


def _month_cube(keyed: pl.DataFrame, weighted: pl.Expr | None) -> pl.DataFrame:
    """Amounts (as written, and ``weighted`` by the spend multipliers) per combination, site and month; a
    period spanning months is split pro rata by days. Without multipliers the weighted amount is the amount
    (no second sum over every row)."""
    by = ("combo", "site", "period_start", "period_end")
    if weighted is None:
        periods = (
            keyed.group_by(*by).agg(pl.col("amount").sum()).with_columns(pl.col("amount").alias("weighted"))
        )
    else:
        periods = keyed.group_by(*by).agg(
            pl.col("amount").sum(), (pl.col("amount") * weighted).sum().alias("weighted")
        )
    start, end = pl.col("period_start"), pl.col("period_end")
    days = (end - start).dt.total_days() + 1
    single = periods.filter(start.dt.month_start() == end.dt.month_start()).select(
        "combo", "site", start.dt.month_start().alias("month"), "amount", "weighted"
    )
    multi = periods.filter(start.dt.month_start() != end.dt.month_start())
    if multi.height:
        share = ((pl.col("to") - pl.col("from")).dt.total_days() + 1) / days
        multi = (
            multi.with_columns(
                pl.date_ranges(start.dt.month_start(), end.dt.month_start(), "1mo").alias("month")
            )
            .explode("month")
            .with_columns(
                pl.max_horizontal(start, pl.col("month")).alias("from"),
                pl.min_horizontal(end, pl.col("month").dt.month_end()).alias("to"),
            )
            .select(
                "combo",
                "site",
                "month",
                (pl.col("amount") * share).alias("amount"),
                (pl.col("weighted") * share).alias("weighted"),
            )
        )
        single = pl.concat([single, multi])
    return single.group_by("combo", "site", "month").agg(pl.col("amount").sum(), pl.col("weighted").sum())


def calculate_inventory(
    activities: Activities,
    factors: FactorSet,
    gwp: GwpSet | str = "AR6",
    *,
    radiative_forcing: bool = False,
) -> Inventory:
    """Compute the inventory of validated ``activities`` with ``factors`` and a GWP set
    (``AR4``/``AR5``/``AR6``); ``radiative_forcing`` puts the RF uplift of air freight into category 3.4
    (by default it is reported apart, ``Totals.radiative_forcing``).

    Raises :class:`RowsRejected` naming the rows whose factors the GWP set cannot weight (e.g. HFO-1234yf
    under AR4) or whose spend year has no exchange rate or price index.
    """
    gwp_set = load_gwp_set(gwp) if isinstance(gwp, str) else gwp
    frame = activities.frame
    resolutions: list[Resolution] = []
    failures: dict[int, str] = {}
    for combo, activity, unit, instrument, supplier in activities.combos.select(
        "combo", "activity", "unit", "instrument", "supplier"
    ).iter_rows():
        try:
            resolutions.append(
                resolve(
                    factors,
                    gwp_set,
                    combo=combo,
                    activity=activity,
                    unit=unit,
                    instrument=instrument,
                    supplier=supplier,
                    radiative_forcing=radiative_forcing,
                )
            )
        except InputError as error:
            failures[combo] = f"{error.issue.reason} (activity {activity})"
    spend = spend_table(frame, factors, resolutions, failures) if not failures else {}
    keyed = frame
    if failures:
        bad = keyed.filter(pl.col("combo").is_in(list(failures)))
        raise RowsRejected(
            [
                RowIssue(
                    row=row, column="activity", value=activity, reason=failures[combo], file=activities.file
                )
                for row, activity, combo in bad.select(
                    "row", pl.col("activity").cast(pl.String), "combo"
                ).iter_rows()
            ],
            file=activities.file,
        )
    resolved = tuple(resolutions)
    per_unit = _per_unit_frame(resolved)
    multipliers = spend_multiplier(spend) if spend else None
    cube = _month_cube(keyed, multipliers).join(per_unit, on="combo", how="left")
    weighted = pl.col("weighted")
    cube = cube.select(
        "combo",
        "site",
        "month",
        "amount",
        "weighted",
        "scope",
        "category",
        pl.col("activity_").alias("activity"),
        "method",
        "market_method",
        "fallback",
        (weighted * pl.col("e_loc")).alias("loc"),
        (weighted * pl.col("e_mkt")).alias("mkt"),
        (weighted * pl.col("e_bio")).alias("bio"),
        (weighted * pl.col("e_rf")).alias("rf"),
        *[(weighted * pl.col(f"e_ol_{key}")).alias(f"ol_{key}") for key in OTHER_GWP_KEYS],
        *[(weighted * pl.col(f"e_om_{key}")).alias(f"om_{key}") for key in OTHER_GWP_KEYS],
        *[(weighted * pl.col(f"e_g_{group}")).alias(f"g_{group}") for group in GAS_GROUPS],
        *[(weighted * pl.col(f"e_m_{group}")).alias(f"m_{group}") for group in GAS_GROUPS],
    )
    logger.info(
        "inventory computed: %d rows, factor set %s, GWP %s, inputs %s",
        frame.height,
        factors.version,
        gwp_set.label,
        activities.fingerprint[:16],
    )
    return Inventory(
        gwp_set, factors, activities, resolved, keyed, cube, MappingProxyType(spend), radiative_forcing
    )
