"""Monte Carlo over activity amounts, site totals, purchased footprints and factors: a 95% range per product.

Every draw changes only the direct emissions ``e`` (the technosphere stays fixed), so a batch of draws is one
solve with many right-hand sides: ``Aᵀ F = E`` with one column per draw. Rows draw from their own distribution
(:mod:`.distributions`); a factor with an uncertainty (``uncertainty``/``gsd`` column of the ``factors``
sheet, lognormal) draws one multiplier per run shared by every row that uses it, as one factor is one number.
The same seed gives the same draws and the same range.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from tanlu.carbon.gwp import GwpSet
from tanlu.carbon.products.build import EMISSION_COLUMNS, Built, resolutions_for, row_coefficients
from tanlu.carbon.products.distributions import draw
from tanlu.carbon.products.model import ProductModel

__all__ = ["BATCH", "monte_carlo"]

Floats = npt.NDArray[np.float64]
BATCH = 250


def _per_amount(frame: pl.DataFrame, model: ProductModel, gwp: GwpSet) -> Floats:
    """kg CO2e (not exempted) per unit of each row's amount."""
    if frame.height == 0:
        return np.zeros(0)
    coefficients = row_coefficients(
        frame.with_columns(pl.lit(1.0).alias("amount")), resolutions_for(model, gwp, frame)
    )
    return np.asarray(coefficients[:, :EMISSION_COLUMNS].sum(axis=1))


def _factor_draws(model: ProductModel, frame: pl.DataFrame, samples: int, rng: np.random.Generator) -> Floats:
    """A multiplier per row and run from its factor's uncertainty (1 where the factor has none)."""
    spread = model.tables.get("factor_uncertainty")
    out = np.ones((frame.height, samples))
    if spread is None or spread.height == 0 or frame.height == 0:
        return out
    activities = frame.get_column("activity").to_numpy()
    for activity, gsd in spread.select("activity", "gsd").iter_rows():
        rows = activities == activity
        if rows.any():
            out[rows] = np.exp(rng.standard_normal(samples) * np.log(gsd))[None, :]
    return out


def monte_carlo(model: ProductModel, built: Built, gwp: GwpSet, *, samples: int, seed: int) -> Floats:
    """The 2.5th and 97.5th percentile of every product's footprint (products × 2) over ``samples`` runs."""
    rng = np.random.default_rng(seed)
    own = model.table("activities").filter(~pl.col("exempt"))
    site_rows = model.table("site_activities").filter(~pl.col("exempt"))
    purchased = model.table("purchased")
    own_nodes = (
        own.select("product_id")
        .join(built.node_frame, left_on="product_id", right_on="id", how="left", maintain_order="left")
        .get_column("node")
        .to_numpy()
    )
    own_unit = _per_amount(own, model, gwp)
    site_unit = _per_amount(site_rows, model, gwp)
    sites = sorted(set(site_rows.get_column("site").to_list()))
    site_of_row = np.array(
        [sites.index(site) for site in site_rows.get_column("site").to_list()], dtype=np.int64
    )
    shares = built.shares.filter(pl.col("site").is_in(sites))
    share_nodes = (
        shares.select("product_id")
        .join(built.node_frame, left_on="product_id", right_on="id", how="left", maintain_order="left")
        .get_column("node")
        .to_numpy()
    )
    share_site = np.array([sites.index(site) for site in shares.get_column("site").to_list()], dtype=np.int64)
    share_weight = shares.get_column("per_unit").fill_null(0.0).to_numpy()
    kept = ~purchased.get_column("exempt").to_numpy().astype(bool)
    totals: list[Floats] = []
    for start in range(0, samples, BATCH):
        count = min(BATCH, samples - start)
        e = np.zeros((built.n, count))
        if own.height:
            amounts = draw(own, "amount", count, rng) * _factor_draws(model, own, count, rng)
            np.add.at(e, own_nodes, amounts * own_unit[:, None])
        if site_rows.height:
            amounts = draw(site_rows, "amount", count, rng) * _factor_draws(model, site_rows, count, rng)
            per_site = np.zeros((len(sites), count))
            np.add.at(per_site, site_of_row, amounts * site_unit[:, None])
            np.add.at(e, share_nodes, per_site[share_site] * share_weight[:, None])
        if purchased.height:
            e[built.products :] = draw(purchased, "kgco2e_per_unit", count, rng) * kept[:, None]
        totals.append(built.network.solve_adjoint(e)[: built.products])
    runs = np.hstack(totals)
    return np.column_stack([np.percentile(runs, 2.5, axis=1), np.percentile(runs, 97.5, axis=1)])
