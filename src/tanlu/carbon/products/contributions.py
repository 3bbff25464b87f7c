"""The contribution tree behind a product's footprint, expandable level by level, and its hotspots.

A product node of amount ``a`` has as children its own activities (``a × amount × factor``), its share of each
site's totals (``a × per-unit share × site total``, whose children are the site's activities) and its inputs
(``a × Q[i, p]`` of input i, worth ``a × Q[i, p] × f_i``). Because ``f = e + Qᵀ f``, a node's kg CO2e is exactly
the sum of its children's at every level, loops included (expansion just stops at ``depth``).
Hotspots come from the forward solve ``A x = d`` for one unit of the product: the amount ``x_i`` of every node in
its supply chain times that node's direct emissions ``e_i``; they sum to the footprint too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from tanlu.carbon.gwp import load_gwp_set
from tanlu.carbon.products.build import _BIO, resolutions_for, row_coefficients
from tanlu.carbon.products.footprint import Footprints
from tanlu.carbon.products.model import ProductModel
from tanlu.carbon.products.sheets import STAGES
from tanlu.carbon.units import display_unit

__all__ = ["Contribution", "contribution_tree", "hotspots"]

_EMISSIONS = _BIO + len(STAGES)


@dataclass(frozen=True)
class Contribution:
    """One node of a contribution tree: what, how much, kg CO2e, share of the root, data source."""

    label: str
    kind: str  # product | purchased | activity | site
    amount: float
    unit: str
    kgco2e: float
    share: float
    source: str
    node_id: str = ""
    children: tuple[Contribution, ...] = field(default=())
    expandable: bool = False

    def walk(self, depth: int = 0) -> list[tuple[int, Contribution]]:
        """(depth, node) of this node and every descendant, depth-first."""
        found = [(depth, self)]
        for child in self.children:
            found.extend(child.walk(depth + 1))
        return found


class _Tree:
    def __init__(self, model: ProductModel, footprints: Footprints, lang: str) -> None:
        self.model = model
        self.footprints = footprints
        self.built = footprints.built
        self.lang = lang
        self.totals = footprints.totals()
        gwp = footprints.register.gwp.split(" ")[0]
        self.resolutions = resolutions_for(model, load_gwp_set(gwp))
        self.q = self.built.q.tocsc()
        self.ids = self.built.ids
        products = model.table("products")
        purchased = model.table("purchased")
        self.names = dict(
            zip(products.get_column("product_id").to_list(), self._names(products), strict=True)
        )
        self.names.update(zip(purchased.get_column("item_id").to_list(), self._names(purchased), strict=True))
        self.units = dict(
            zip(
                self.ids.to_list(),
                [*products.get_column("unit").to_list(), *purchased.get_column("unit").to_list()],
                strict=True,
            )
        )
        self.sources = dict(
            zip(
                purchased.get_column("item_id").to_list(),
                purchased.get_column("source").to_list(),
                strict=True,
            )
        )
        self.root = 1.0

    def _names(self, frame: pl.DataFrame) -> list[str]:
        names = frame.get_column("name").to_list()
        if self.lang != "zh":
            return [str(name) for name in names]
        return [zh or name for zh, name in zip(frame.get_column("name_zh").to_list(), names, strict=True)]

    def _emissions(self, row: np.ndarray) -> float:
        return float(row[:_EMISSIONS].sum())

    def _activity(self, frame: pl.DataFrame, scale: float) -> list[Contribution]:
        if frame.height == 0:
            return []
        values = row_coefficients(frame, self.resolutions)
        found = []
        for index, (activity, amount, unit, instrument) in enumerate(
            frame.select("activity", "amount", "unit", "instrument").iter_rows()
        ):
            resolution = self.resolutions[(activity, unit, instrument)]
            info = self.model.factors.activity(activity)
            label = info.name_zh if self.lang == "zh" else info.name_en
            source = (
                "; ".join(dict.fromkeys(f.source.cite() for f in resolution.market.factors))
                or resolution.market.method
            )
            kg = self._emissions(values[index]) * scale
            found.append(
                Contribution(
                    label,
                    "activity",
                    amount * scale,
                    display_unit(unit),
                    kg,
                    kg / self.root if self.root else 0.0,
                    source,
                    activity,
                )
            )
        return found

    def product(self, node_id: str, amount: float, depth: int) -> Contribution:
        index = self.built.node(node_id)
        kg = float(self.totals[index]) * amount
        is_product = index < self.built.products
        children: tuple[Contribution, ...] = ()
        if depth > 0 and is_product:
            children = tuple(self._children(node_id, index, amount, depth - 1))
        source = "product model" if is_product else self.sources.get(node_id, "")
        return Contribution(
            self.names.get(node_id, node_id), "product" if is_product else "purchased", amount, display_unit(self.units[node_id]),
            kg, kg / self.root if self.root else 0.0, source, node_id, children, expandable=is_product,
        )  # fmt: skip

    def _children(self, node_id: str, index: int, amount: float, depth: int) -> list[Contribution]:
        own = self.model.table("activities").filter(pl.col("product_id") == node_id)
        found = self._activity(own, amount)
        shares = self.built.shares.filter(pl.col("product_id") == node_id)
        site_rows = self.model.table("site_activities")
        for site, per_unit, method in shares.select("site", "per_unit", "method").iter_rows():
            rows = self._activity(site_rows.filter(pl.col("site") == site), amount * per_unit)
            kg = sum(child.kgco2e for child in rows)
            label = (
                f"{site} (allocated by {method})"
                if self.lang != "zh"
                else f"{site}（按{_METHOD_ZH[method]}分配）"
            )
            found.append(
                Contribution(
                    label,
                    "site",
                    amount * per_unit,
                    "",
                    kg,
                    kg / self.root if self.root else 0.0,
                    "site totals",
                    site,
                    tuple(rows),
                )
            )
        column = self.q[:, [index]]
        for row, quantity in zip(column.indices.tolist(), column.data.tolist(), strict=True):
            found.append(self.product(str(self.ids[row]), amount * quantity, depth))
        return found


_METHOD_ZH = {"mass": "质量", "units": "数量", "economic": "经济价值", "hours": "机时"}


def contribution_tree(
    model: ProductModel, footprints: Footprints, product_id: str, *, depth: int = 1, lang: str = "en"
) -> Contribution:
    """The tree of one declared unit of ``product_id``, expanded ``depth`` levels (the root is level 0)."""
    tree = _Tree(model, footprints, lang)
    tree.root = float(tree.totals[tree.built.node(product_id)])
    return tree.product(product_id, 1.0, depth)


def hotspots(footprints: Footprints, product_id: str, *, top: int = 10) -> list[tuple[str, float]]:
    """The nodes whose direct emissions weigh most in one unit of ``product_id``: ``(node id, kg CO2e)``."""
    built = footprints.built
    demand = np.zeros(built.n)
    demand[built.node(product_id)] = 1.0
    x = built.network.solve_forward(demand)
    direct = footprints.e[:, :_EMISSIONS].sum(axis=1)
    contribution = x * direct
    order = np.argsort(-np.abs(contribution))[:top]
    ids = built.ids.to_list()
    return [(str(ids[i]), float(contribution[i])) for i in order.tolist() if contribution[i] != 0]
