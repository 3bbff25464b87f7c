"""What-if: change a supplier's footprint, a site's allocation key or the electricity mix, and see which products
move and by how much — computed beside the stored results, never replacing them.

Only the direct emissions change, so the new footprints come from the engine's
:meth:`~tanlu.carbon.network.Network.update_adjoint`, which re-solves just the products downstream of the
changed nodes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from tanlu.carbon.activities import _combo_problems
from tanlu.carbon.gwp import load_gwp_set
from tanlu.carbon.products.allocation import KEY_COLUMNS, allocation_shares
from tanlu.carbon.products.build import EMISSION_COLUMNS, direct_emissions, resolutions_for
from tanlu.carbon.products.footprint import Footprints
from tanlu.carbon.products.model import ProductModel
from tanlu.errors import InputError

__all__ = ["CERTIFICATE", "Change", "WhatIf", "what_if"]

#: the electricity what-if value meaning "all of it covered by energy attribute certificates"
CERTIFICATE = "certificate"
_EMPTY: Mapping[str, str] = {}
_EMPTY_FLOATS: Mapping[str, float] = {}


@dataclass(frozen=True)
class Change:
    """One product that moved: kg CO2e per declared unit before and after."""

    product_id: str
    name: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def relative(self) -> float:
        """The change as a fraction of the footprint before (0 when it was 0)."""
        return self.delta / self.before if self.before else 0.0


@dataclass(frozen=True)
class WhatIf:
    """The products that move under the changes, largest relative change first; nothing is stored."""

    changes: tuple[Change, ...]
    purchased: Mapping[str, float]
    allocation: Mapping[str, str]
    electricity: Mapping[str, str]


def _electricity(
    model: ProductModel, frame: pl.DataFrame, owner: str, electricity: Mapping[str, str]
) -> pl.DataFrame:
    if frame.height == 0 or not electricity:
        return frame
    factors = model.factors
    for target, replacement in electricity.items():
        is_power = pl.col("category") == "purchased_electricity"
        where = is_power if target == "*" else is_power & (pl.col(owner) == target)
        if replacement == CERTIFICATE:
            frame = frame.with_columns(
                pl.when(where).then(pl.lit("certificate")).otherwise(pl.col("instrument")).alias("instrument")
            )
            continue
        info = factors.activities().get(replacement)
        if info is None or info.category != "purchased_electricity":
            raise InputError(
                "not an electricity activity of the factor library", column="electricity", value=replacement
            )
        units = frame.filter(where).get_column("unit").unique().to_list()
        for unit in units:
            for _, reason in _combo_problems(factors, replacement, unit, "", ""):
                raise InputError(reason, column="electricity", value=replacement)
        frame = frame.with_columns(
            pl.when(where).then(pl.lit(replacement)).otherwise(pl.col("activity")).alias("activity"),
            pl.when(where).then(pl.lit("")).otherwise(pl.col("instrument")).alias("instrument"),
        )
    return frame


def _check_allocation(model: ProductModel, allocation: Mapping[str, str]) -> None:
    sites = set(model.table("sites").get_column("site").to_list())
    products = model.table("products")
    production = model.table("production")
    for site, method in allocation.items():
        if site not in sites:
            raise InputError("unknown site", column="allocation", value=site)
        if method not in KEY_COLUMNS:
            raise InputError(
                "unknown allocation method (expected mass, units, economic or hours)",
                column="allocation",
                value=method,
            )
        key = KEY_COLUMNS[method]
        made = production.filter(pl.col("site") == site)
        if key == "hours" and made.get_column("hours").is_null().any():
            raise InputError(
                f"site {site} has production rows without hours", column="allocation", value=method
            )
        if key in ("mass_kg", "price"):
            keyed = made.join(products.select("product_id", key), on="product_id", how="left")
            if keyed.get_column(key).is_null().any():
                raise InputError(f"a product of site {site} has no {key}", column="allocation", value=method)


def what_if(
    model: ProductModel,
    footprints: Footprints,
    *,
    purchased: Mapping[str, float] = _EMPTY_FLOATS,
    allocation: Mapping[str, str] = _EMPTY,
    electricity: Mapping[str, str] = _EMPTY,
) -> WhatIf:
    """Footprints under changed inputs, beside ``footprints`` (which stay as they are).

    ``purchased``: item id → new kg CO2e per unit; ``allocation``: site → method; ``electricity``: site (or
    ``*`` for every electricity row, products' own too) → an electricity activity key, or ``certificate``.
    """
    built = footprints.built
    items = model.table("purchased")
    known = set(items.get_column("item_id").to_list())
    for item, value in purchased.items():
        if item not in known:
            raise InputError("unknown purchased item", column="purchased", value=item)
        if not np.isfinite(value) or value < 0:
            raise InputError("a footprint cannot be negative", column="purchased", value=str(value))
    _check_allocation(model, allocation)
    footprint = items.get_column("kgco2e_per_unit").to_numpy().astype(float).copy()
    for index, item in enumerate(items.get_column("item_id").to_list()):
        footprint[index] = purchased.get(item, footprint[index])
    own = _electricity(
        model, model.table("activities"), "product_id", {k: v for k, v in electricity.items() if k == "*"}
    )
    site_rows = _electricity(model, model.table("site_activities"), "site", electricity)
    gwp = load_gwp_set(footprints.gwp.split(" ")[0])
    shares = allocation_shares(
        model.table("sites"), model.table("production"), model.table("products"), allocation
    )
    e_new = direct_emissions(
        model, built, gwp, shares=shares, purchased=footprint, resolutions=resolutions_for(model, gwp, own, site_rows),
        site_activities=site_rows, activities=own,
    )  # fmt: skip
    before = footprints.totals()
    old = footprints.e[:, :EMISSION_COLUMNS].sum(axis=1)
    new = e_new[:, :EMISSION_COLUMNS].sum(axis=1)
    changed = np.flatnonzero(~np.isclose(old, new, rtol=1e-15, atol=0.0))
    after = built.network.update_adjoint(before, new, changed.tolist()) if changed.size else before
    names = model.table("products").get_column("name").to_list()
    ids = built.ids.to_list()
    moved = [
        Change(ids[i], names[i], float(before[i]), float(after[i]))
        for i in range(built.products)
        if not np.isclose(before[i], after[i], rtol=1e-12, atol=1e-15)
    ]
    moved.sort(key=lambda change: -abs(change.relative))
    return WhatIf(tuple(moved), dict(purchased), dict(allocation), dict(electricity))
