"""Allocation of a site's totals for a reference period to the products made there (ISO 14044 4.3.4 / ISO 14067 6.4.6).

A product's share of a site total is ``quantity × key / Σ(quantity × key)`` over the site's products, with
``key`` = ``mass_kg`` (mass), 1 (units), ``price`` (economic) or ``hours`` (machine hours, given per
production row, so the key is ``hours / quantity`` and the share is ``hours / Σ hours``). Divided by the
product's quantity that is its per-unit activity. A product made at several sites gets, per declared unit,
the sum of its shares divided by its total quantity (the production-weighted average of the sites).

The shares of a site sum to 1 (property-tested), so the site's totals are allocated completely — none lost,
none counted twice. Site totals can also come from an organization's stored inventory:
:func:`site_activities_from_inventory`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

import polars as pl

from tanlu.carbon.inventory import Inventory

__all__ = [
    "HIERARCHY",
    "KEY_COLUMNS",
    "allocation_shares",
    "default_justification",
    "site_activities_from_inventory",
]

#: allocation method → the column of its key (None: every unit counts 1)
KEY_COLUMNS: Mapping[str, str | None] = MappingProxyType(
    {"mass": "mass_kg", "units": None, "economic": "price", "hours": "hours"}
)
#: allocation method → (step of the ISO 14044 hierarchy, English justification, Chinese justification)
HIERARCHY: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        "mass": (
            "physical",
            "Physical relationship: the site's inputs scale with the mass of output (ISO 14044 4.3.4.2, step 2).",
            "物理关系：工厂投入随产出质量变化（ISO 14044 4.3.4.2，第二步）。",
        ),
        "units": (
            "physical",
            "Physical relationship: every unit made takes a like share of the site's inputs (ISO 14044 4.3.4.2, step 2).",
            "物理关系：每件产品占用相同份额的工厂投入（ISO 14044 4.3.4.2，第二步）。",
        ),
        "hours": (
            "physical",
            "Physical relationship: energy use follows machine hours (ISO 14044 4.3.4.2, step 2).",
            "物理关系：能源消耗随机器工时变化（ISO 14044 4.3.4.2，第二步）。",
        ),
        "economic": (
            "economic",
            "Economic value, used because no physical relationship could be established (ISO 14044 4.3.4.2, step 3).",
            "经济价值：无法建立物理关系时采用（ISO 14044 4.3.4.2，第三步）。",
        ),
    }
)


def default_justification(method: str, lang: str = "en") -> str:
    """The justification recorded for a site whose ``sites`` row gives none."""
    _, english, chinese = HIERARCHY[method]
    return chinese if lang == "zh" else english


def allocation_shares(
    sites: pl.DataFrame,
    production: pl.DataFrame,
    products: pl.DataFrame,
    overrides: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """One row per production row: ``site, product_id, quantity, method, key, share`` (of the site total) and
    ``per_unit`` (the fraction of the site total per declared unit of the product, all its sites together).

    ``overrides`` maps a site to another allocation method (a what-if).
    """
    methods = sites.select("site", "allocation")
    if overrides:
        methods = methods.with_columns(
            pl.col("site")
            .replace_strict(
                {site: overrides.get(site, method) for site, method in methods.iter_rows()},
                return_dtype=pl.String,
            )
            .alias("allocation")
        )
    made = products.filter(pl.col("product_id").is_in(production.get_column("product_id").implode()))
    frame = production.join(methods, on="site", how="left").join(
        made.select("product_id", "mass_kg", "price"), on="product_id", how="left"
    )
    method = pl.col("allocation")
    weight = (
        pl.when(method == "mass")
        .then(pl.col("quantity") * pl.col("mass_kg"))
        .when(method == "economic")
        .then(pl.col("quantity") * pl.col("price"))
        .when(method == "hours")
        .then(pl.col("hours"))
        .otherwise(pl.col("quantity"))
    )
    frame = frame.with_columns(weight.fill_null(0.0).alias("weighted"))
    frame = frame.with_columns(
        (pl.col("weighted") / pl.col("weighted").sum().over("site")).alias("share"),
        pl.col("quantity").sum().over("product_id").alias("product_quantity"),
    )
    return frame.select(
        "row",
        "site",
        "product_id",
        "quantity",
        pl.col("allocation").alias("method"),
        (pl.col("weighted") / pl.col("quantity")).alias("key"),
        "share",
        (pl.col("share") / pl.col("product_quantity")).alias("per_unit"),
    )


def site_activities_from_inventory(
    inventory: Inventory, site: str, start: dt.date, end: dt.date
) -> list[dict[str, object]]:
    """``site_activities`` rows for ``site`` from a stored inventory: its Scope 1 and Scope 2 activity rows
    within ``start`` … ``end`` (a row's period only partly inside is counted pro rata by days), summed per
    activity, unit and instrument. Instruments (certificates, supplier factors) are kept, so purchased
    electricity is market-based where the organization holds instruments."""
    rows = inventory.rows
    scopes = pl.DataFrame(
        {
            "combo": [r.combo for r in inventory.resolutions],
            "scope": [r.scope for r in inventory.resolutions],
        },
        schema={"combo": pl.UInt32, "scope": pl.Int64},
    )
    first, last = pl.lit(start), pl.lit(end)
    begin, finish = pl.col("period_start"), pl.col("period_end")
    overlap = (pl.min_horizontal(finish, last) - pl.max_horizontal(begin, first)).dt.total_days() + 1
    days = (finish - begin).dt.total_days() + 1
    picked = (
        rows.filter(pl.col("site").cast(pl.String) == site)
        .join(scopes, on="combo", how="left")
        .filter((pl.col("scope") < 3) & (overlap > 0))
        .with_columns((pl.col("amount") * overlap / days).alias("amount"))
        .group_by(
            pl.col("activity").cast(pl.String),
            pl.col("unit").cast(pl.String),
            pl.col("instrument").cast(pl.String),
        )
        .agg(pl.col("amount").sum())
        .sort("activity", "unit", "instrument")
    )
    return [
        {"site": site, "activity": activity, "amount": amount, "unit": unit, "instrument": instrument}
        for activity, unit, instrument, amount in picked.iter_rows()
    ]
