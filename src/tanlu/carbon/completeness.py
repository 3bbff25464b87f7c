"""Which Scope 3 categories an inventory leaves incomplete, said instead of drawn as zero.

Category 3.3 (fuel- and energy-related activities: transmission and distribution losses and the upstream of
purchased electricity) has bundled factors only where a sourced factor exists (the UK, DESNZ 2025). No open
source Tanlu ships gives T&D loss rates or upstream factors for the Chinese or US grids (MEE/NBS publish CO2
per kWh consumed, eGRID CO2 output rates only), so for a site that buys electricity in such a grid and has no
3.3 row of its own, the category is reported incomplete, naming the site and the grid, and the way to complete
it: a factor-file row with category ``3.3`` (e.g. the grid factor × the utility's loss rate, the GHG Protocol
Scope 3 Technical Guidance example 3.1 method).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from tanlu.carbon.inventory import Inventory

__all__ = ["CategoryGap", "category_3_3_gaps"]


@dataclass(frozen=True)
class CategoryGap:
    """One site whose Scope 3 category is incomplete, and why (English, Chinese)."""

    category: str
    site: str
    region: str
    activity: str

    @property
    def text_en(self) -> str:
        """The sentence a reader of English sees."""
        return (
            f"Scope 3 category {self.category} (T&D losses and upstream of purchased electricity) is incomplete "
            f"for site {self.site}: no bundled factor for electricity in {self.region} ({self.activity}); "
            f"add category {self.category} factors in a factor file"
        )

    @property
    def text_zh(self) -> str:
        """The sentence a reader of Chinese sees."""
        return (
            f"厂区{self.site}的范围三类别{self.category}（外购电力的输配电损耗和上游排放）不完整："
            f"未内置{self.region}电力（{self.activity}）的因子；请在因子文件中添加类别{self.category}的因子"
        )


def _country(region: str) -> str:
    return region.split("-", 1)[0]


def category_3_3_gaps(inventory: Inventory) -> tuple[CategoryGap, ...]:
    """Sites with purchased electricity in a grid without any category 3.3 factor in the factor set, and no
    category 3.3 row of their own, in site order."""
    covered = {_country(f.region) for f in inventory.factor_set.factors if f.category == "3.3" and f.region}
    grids = {
        r.combo: (r.location.factors[0].region, r.activity)
        for r in inventory.resolutions
        if r.category == "purchased_electricity" and r.location.factors
    }
    if not grids:
        return ()
    cube = inventory.cube
    with_3_3 = set(cube.filter(pl.col("category") == "3.3").get_column("site").cast(pl.String).to_list())
    electricity = (
        cube.filter(pl.col("combo").is_in(list(grids)))
        .select(pl.col("site").cast(pl.String), "combo")
        .unique()
        .sort("site", "combo")
    )
    gaps: dict[str, CategoryGap] = {}
    for site, combo in electricity.iter_rows():
        region, activity = grids[combo]
        if site in with_3_3 or site in gaps or _country(region) in covered:
            continue
        gaps[site] = CategoryGap("3.3", site, region or "?", activity)
    return tuple(gaps.values())
