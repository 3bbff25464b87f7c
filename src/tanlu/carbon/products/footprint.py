"""Product footprints per declared unit: one adjoint solve of the whole network, every product at once.

``F`` solves ``Aᵀ F = E`` for all columns of ``E`` together (:mod:`.build`): summed over the stage × gas
columns it is the footprint, the fossil and biogenic parts, the split by gas and by stage; the rider columns
divided by the footprint give the emission-weighted primary data share and DQR; the exempt column over
(footprint + exempted) the exempted share. Columns that are zero everywhere are not solved.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt
import polars as pl

from tanlu.carbon.gwp import GAS_GROUPS, load_gwp_set
from tanlu.carbon.products.build import (
    _BIO,
    _DQR0,
    _EXEMPT,
    _G,
    _PRIMARY,
    DEFAULT_DQR,
    Built,
    build_network,
    direct_emissions,
)
from tanlu.carbon.products.model import ProductModel
from tanlu.carbon.products.register import EXEMPTION_FLAG_PERCENT, MethodRegister, method_register
from tanlu.carbon.products.sheets import STAGES

__all__ = ["Footprints", "ProductFootprint", "calculate_footprints", "primary_shares", "solve_columns"]

logger = logging.getLogger("tanlu.carbon")
Floats = npt.NDArray[np.float64]
_DQR_NAMES = ("technological", "geographical", "temporal")


@dataclass(frozen=True)
class ProductFootprint:
    """The footprint of one declared unit of one product, kg CO2e."""

    product_id: str
    name: str
    name_zh: str
    unit: str
    mass_kg: float | None
    total: float
    fossil: float
    biogenic: float
    by_gas: Mapping[str, float]
    by_stage: Mapping[str, float]
    primary_data_share: float
    dqr: Mapping[str, float]
    exempted_share: float
    uncertainty: tuple[float, float] | None

    @property
    def exemptions_flagged(self) -> bool:
        """True when the exempted share is over the flag threshold (3%)."""
        return self.exempted_share > EXEMPTION_FLAG_PERCENT


def solved_columns(e: Floats) -> npt.NDArray[np.bool_]:
    """Which columns of ``E`` hold anything: the only ones solved and summed (``F`` is zero elsewhere)."""
    return np.array([bool(e[:, column].any()) for column in range(e.shape[1])], dtype=bool)


def solve_columns(built: Built, e: Floats) -> Floats:
    """``F`` for ``E`` (same layout): the engine solves only the columns that are not all zero."""
    used = np.flatnonzero(solved_columns(e))
    f = np.zeros(e.shape, order="F" if e.flags.f_contiguous else "C")  # zeros_like would write every page
    if used.size:
        f[:, used] = built.network.solve_adjoint(e[:, used])
    return f


def _sum(f: Floats, used: npt.NDArray[np.bool_], columns: range) -> Floats:
    """``f[:, columns].sum(axis=1)``, reading only the columns that were solved."""
    total = np.zeros(f.shape[0])
    for column in columns:
        if used[column]:
            total += f[:, column]
    return total


def primary_shares(primary: Floats, total: Floats) -> Floats:
    """The primary data share in percent, ``primary / total × 100`` held within 0 … 100 (0 where the total is 0).

    A product whose data are all primary gets its primary emissions as ``total × 100 / 100`` per row, which
    floating-point arithmetic does not always give back exactly: the share would come out as
    100.00000000000003, which PACT v2.3 refuses and which means nothing more than 100.
    """
    share = np.divide(primary, total, out=np.zeros(total.shape), where=total != 0)
    share *= 100
    return np.clip(share, 0.0, 100.0, out=share)


@dataclass(frozen=True)
class _Results:
    """Per-product arrays (products × …) behind :class:`Footprints`; rows of a million products stay arrays."""

    products: pl.DataFrame
    f: Floats
    bounds: Floats | None
    used: npt.NDArray[np.bool_]

    def total(self) -> Floats:
        return np.asarray(self.f[:, :_BIO].sum(axis=1) + self.f[:, _BIO : _BIO + len(STAGES)].sum(axis=1))

    def footprint(self, index: int) -> ProductFootprint:
        row = self.f[index]
        fossil = float(row[:_BIO].sum())
        biogenic = float(row[_BIO : _BIO + len(STAGES)].sum())
        total = fossil + biogenic
        by_gas = {group: float(row[g:_BIO:_G].sum()) for g, group in enumerate(GAS_GROUPS)}
        by_gas["CO2_biogenic"] = biogenic
        by_stage = {
            stage: float(row[s * _G : (s + 1) * _G].sum() + row[_BIO + s]) for s, stage in enumerate(STAGES)
        }
        primary = float(primary_shares(np.array([row[_PRIMARY]]), np.array([total]))[0])
        dqr = {
            name: float(row[_DQR0 + k] / total) if total else DEFAULT_DQR for k, name in enumerate(_DQR_NAMES)
        }
        exempted = float(row[_EXEMPT])
        share = exempted / (total + exempted) * 100 if total + exempted else 0.0
        product_id, name, name_zh, unit, mass = self.products.row(index)
        bounds = None if self.bounds is None else (float(self.bounds[index, 0]), float(self.bounds[index, 1]))
        return ProductFootprint(
            product_id, name, name_zh, unit, mass, total, fossil, biogenic,
            MappingProxyType(by_gas), MappingProxyType(by_stage), primary, MappingProxyType(dqr), share, bounds,
        )  # fmt: skip


class _Lazy(Mapping[str, ProductFootprint]):
    """``product_id → ProductFootprint``, built on access (a million records would cost seconds)."""

    def __init__(self, results: _Results) -> None:
        self._results = results

    @functools.cached_property
    def _index(self) -> dict[str, int]:
        """product id → row, made on the first lookup (the CLI writes the frame and never looks one up)."""
        return {key: i for i, key in enumerate(self._results.products.get_column("product_id").to_list())}

    def __getitem__(self, key: str) -> ProductFootprint:
        return self._results.footprint(self._index[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return self._results.products.height


@dataclass(frozen=True)
class Footprints:
    """Every product's footprint of one model, with what it was computed from."""

    model_fingerprint: str
    factor_set_version: str
    gwp: str
    products: Mapping[str, ProductFootprint]
    register: MethodRegister
    built: Built = field(repr=False, compare=False)
    #: F of every node (nodes × len(COLUMNS)), E (direct) and the per-product results
    f: Floats = field(repr=False, compare=False)
    e: Floats = field(repr=False, compare=False)
    results: _Results = field(repr=False, compare=False)
    samples: int = 0
    seed: int = 0

    def totals(self) -> Floats:
        """kg CO2e per declared unit of every node (products first, then purchased items)."""
        return _sum(self.f, self.results.used, range(_BIO + len(STAGES)))

    def frame(self) -> pl.DataFrame:
        """One row per product; the CLI's ``results.csv`` columns first."""
        f, used = self.results.f, self.results.used
        fossil = _sum(f, used, range(_BIO))
        biogenic = _sum(f, used, range(_BIO, _BIO + len(STAGES)))
        total = fossil + biogenic
        safe = np.where(total != 0, total, np.nan)
        exempted = f[:, _EXEMPT]
        whole = np.where(total + exempted != 0, total + exempted, np.nan)
        products = self.results.products
        columns: dict[str, object] = {
            "product_id": products.get_column("product_id"),
            "pcf_kgco2e_per_unit": total,
            "fossil_kgco2e_per_unit": fossil,
            "biogenic_kgco2e_per_unit": biogenic,
            "primary_data_share": primary_shares(f[:, _PRIMARY], total),
            "name": products.get_column("name"),
            "name_zh": products.get_column("name_zh"),
            "declared_unit": products.get_column("unit"),
            "mass_kg": products.get_column("mass_kg"),
        }
        for k, name in enumerate(_DQR_NAMES):
            columns[f"dqr_{name}"] = np.nan_to_num(f[:, _DQR0 + k] / safe, nan=DEFAULT_DQR)
        columns["exempted_share"] = np.nan_to_num(exempted / whole * 100)
        for s, stage in enumerate(STAGES):
            columns[f"{stage}_kgco2e"] = _sum(f, used, range(s * _G, (s + 1) * _G)) + f[:, _BIO + s]
        for g, group in enumerate(GAS_GROUPS):
            columns[f"{group}_kgco2e"] = _sum(f, used, range(g, _BIO, _G))
        if self.results.bounds is not None:
            columns["p2_5_kgco2e"] = self.results.bounds[:, 0]
            columns["p97_5_kgco2e"] = self.results.bounds[:, 1]
        columns["gwp"] = self.gwp
        columns["factor_set_version"] = self.factor_set_version
        return pl.DataFrame(columns)


def calculate_footprints(
    model: ProductModel, *, gwp: str = "AR6", samples: int = 0, seed: int = 0
) -> Footprints:
    """Every product's footprint per declared unit (``samples`` > 0 adds a Monte Carlo 95% range)."""
    gwp_set = load_gwp_set(gwp)
    built = build_network(model)
    e = direct_emissions(model, built, gwp_set)
    f = solve_columns(built, e)
    bounds = None
    if samples > 0:
        from tanlu.carbon.products.uncertainty import monte_carlo  # noqa: PLC0415 - only when asked for

        bounds = monte_carlo(model, built, gwp_set, samples=samples, seed=seed)
    products = model.table("products").select("product_id", "name", "name_zh", "unit", "mass_kg")
    results = _Results(products, f[: built.products], bounds, solved_columns(e))
    register = method_register(model, gwp_set.label)
    logger.info(
        "product footprints: %d products, %d nodes, factor set %s, GWP %s, model %s, solve %s",
        built.products, built.n, model.factors.version, gwp_set.label, model.fingerprint()[:16], built.network.last_report.method,
    )  # fmt: skip
    return Footprints(
        model.fingerprint(),
        model.factors.version,
        gwp_set.label,
        _Lazy(results),
        register,
        built,
        f,
        e,
        results,
        samples,
        seed,
    )
