"""Checks of the ``sites`` and ``production`` sheets: allocation methods and the keys they need."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from tanlu.carbon.products import columns as col
from tanlu.carbon.products.allocation import KEY_COLUMNS

__all__ = ["ALLOCATION_WORDS", "check_sites", "idle_sites"]

ALLOCATION_WORDS = {
    "mass": "mass",
    "按质量": "mass",
    "质量": "mass",
    "重量": "mass",
    "units": "units",
    "unit": "units",
    "number": "units",
    "按数量": "units",
    "数量": "units",
    "件数": "units",
    "economic": "economic",
    "value": "economic",
    "price": "economic",
    "经济": "economic",
    "按价值": "economic",
    "产值": "economic",
    "hours": "hours",
    "machine hours": "hours",
    "机时": "hours",
    "工时": "hours",
    "按机时": "hours",
}


def check_sites(
    raw_sites: pl.DataFrame,
    raw_production: pl.DataFrame,
    *,
    sites_file: str,
    production_file: str,
    collector: col.Collector,
    products: pl.DataFrame,
    product_nodes: npt.NDArray[np.int32],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The typed ``sites`` and ``production`` frames (issues go to ``collector``); ``product_nodes`` is the row of
    ``products`` of every production row (-1: not a product)."""
    site = col.text(raw_sites, "site")
    found = [col.issues_where(raw_sites, site == "", "site", "a site is required")]
    found.append(col.duplicates(raw_sites.with_columns(site), "site"))
    allocation, issues = col.choice(raw_sites, "allocation", ALLOCATION_WORDS)
    found += issues
    found.append(
        col.issues_where(
            raw_sites,
            col.text(raw_sites, "allocation") == "",
            "allocation",
            "an allocation method is required (mass, units, economic or hours)",
        )
    )
    collector.add("sites", found)
    sites = pl.DataFrame(
        [
            raw_sites.get_column("row"),
            site,
            allocation,
            *[
                col.text(raw_sites, name)
                for name in ("justification", "name_en", "name_zh", "region", "period_start", "period_end")
            ],
        ]
    )
    found = col.reference(raw_production, "site", site, "site")
    made = pl.Series(product_nodes >= 0)
    found += col.reference(
        raw_production, "product_id", products.get_column("product_id"), "product", matched=made
    )
    quantity, issues = col.number(
        raw_production,
        "quantity",
        file=production_file,
        required=True,
        minimum=0,
        positive=True,
        below="negative quantity",
    )
    found += issues
    hours, issues = col.number(
        raw_production, "hours", file=production_file, minimum=0, below="hours cannot be negative"
    )
    found += issues
    production = pl.DataFrame(
        [
            raw_production.get_column("row"),
            col.text(raw_production, "site"),
            col.text(raw_production, "product_id"),
            quantity,
            hours,
        ]
    )
    found.append(col.duplicates(production, "product_id", keys=["site", "product_id"]))
    made_here = products.filter(pl.col("product_id").is_in(production.get_column("product_id").implode()))
    keyed = production.join(
        sites.select("site", "allocation"), on="site", how="left", maintain_order="left"
    ).join(
        made_here.select("product_id", "mass_kg", "price").unique("product_id", keep="first"),
        on="product_id",
        how="left",
        maintain_order="left",
    )
    for method, column in KEY_COLUMNS.items():
        if column is None:
            continue
        missing = (keyed.get_column("allocation") == method) & keyed.get_column(column).is_null() & made
        where = "hours" if column == "hours" else "product_id"
        reason = keyed.select(
            pl.format(
                f"site {{}} allocates by {method}: "
                + ("the row needs hours" if column == "hours" else f"the product needs {column}"),
                pl.col("site"),
            )
        ).to_series()
        found.append(col.issues_where(raw_production, missing.fill_null(value=False), where, reason))
    collector.add("production", found)
    return sites, production


def idle_sites(
    raw_sites: pl.DataFrame, sites: pl.DataFrame, production: pl.DataFrame, site_activities: pl.DataFrame
) -> list[pl.DataFrame]:
    """Sites whose totals could not be allocated: activities but no production, or all allocation keys zero."""
    with_activities = site_activities.get_column("site").unique()
    producing = production.get_column("site").unique()
    mask = sites.get_column("site").is_in(with_activities.implode()) & ~sites.get_column("site").is_in(
        producing.implode()
    )
    return [
        col.issues_where(
            raw_sites.with_columns(sites.get_column("site")),
            mask,
            "site",
            "the site has activities but no production to allocate them to",
        )
    ]
