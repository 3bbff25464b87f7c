"""From a validated model to the engine's arrays: the technosphere ``Q`` and the direct emissions ``E``.

Nodes are the products (in the order of the ``products`` sheet) followed by the purchased items.
``Q[i, j]`` is the amount of node i, in its declared unit, consumed per declared unit of node j: the input's
quantity converted to the input's declared unit (:mod:`.quantities`), grossed up for scrap and yield
(``quantity / ((1 − scrap) × yield)``). ``E`` has one column per life-cycle stage × gas group (fossil), one per
stage for biogenic CO2, and four that ride along the same solve because everything is linear: exempted
emissions, primary-data-weighted emissions and DQR-weighted emissions (technological, geographical,
temporal). Divided by a product's footprint they give its emission-weighted primary data share and DQR.

Direct emissions per declared unit: a product's ``activities`` rows (amount × the factor per unit, resolved by
the inventory's :func:`~tanlu.carbon.inventory.resolve`, market-based for purchased electricity), its
allocated share of every site total (:mod:`.allocation`), and a purchased item's footprint.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl
import scipy.sparse as sp

from tanlu.carbon.activities import _instrument
from tanlu.carbon.gwp import GAS_GROUPS, GwpSet
from tanlu.carbon.inventory import Resolution, resolve
from tanlu.carbon.network import Network, NoFiniteSolution
from tanlu.carbon.products.allocation import allocation_shares
from tanlu.carbon.products.edges import Edges, IdIndex, bom_edges
from tanlu.carbon.products.model import ProductModel
from tanlu.carbon.products.quantities import is_mass
from tanlu.carbon.products.sheets import STAGES
from tanlu.errors import RowIssue, RowsRejected

__all__ = ["COLUMNS", "Built", "build_network", "column_index", "direct_emissions", "resolutions_for"]

Floats = npt.NDArray[np.float64]
#: node positions: 32-bit from an id lookup (:class:`~tanlu.carbon.products.edges.IdIndex`), 64-bit from ``arange``
Positions = npt.NDArray[np.int32] | npt.NDArray[np.int64]
_DQR = ("dqr_technological", "dqr_geographical", "dqr_temporal")
#: E's columns: ``stage|group`` (fossil), ``stage|biogenic``, then the riders
COLUMNS: tuple[str, ...] = (
    *[f"{stage}|{group}" for stage in STAGES for group in GAS_GROUPS],
    *[f"{stage}|biogenic" for stage in STAGES],
    "exempt",
    "primary",
    *_DQR,
)
_INDEX = {name: index for index, name in enumerate(COLUMNS)}
_G = len(GAS_GROUPS)
_BIO = len(STAGES) * _G
_EXEMPT, _PRIMARY, _DQR0 = _INDEX["exempt"], _INDEX["primary"], _INDEX["dqr_technological"]
EMISSION_COLUMNS = _BIO + len(STAGES)
DEFAULT_DQR = 3.0


def column_index(name: str) -> int:
    """The index of a column of ``E``."""
    return _INDEX[name]


@dataclass(frozen=True)
class Built:
    """The arrays of one model: node ids (products first), ``Q``, the factor resolutions and allocation shares."""

    ids: pl.Series
    products: int
    q: sp.csr_array
    network: Network
    shares: pl.DataFrame
    node_frame: pl.DataFrame = field(repr=False)

    @property
    def n(self) -> int:
        return int(self.ids.len())

    def node(self, node_id: str) -> int:
        """The index of a product or purchased item."""
        found = self.node_frame.filter(pl.col("id") == node_id)
        if found.height == 0:
            raise KeyError(node_id)
        return int(found.item(0, "node"))


def _nodes(model: ProductModel) -> pl.DataFrame:
    products = model.table("products").select(pl.col("product_id").alias("id"), "unit", "mass_kg")
    purchased = model.table("purchased").select(pl.col("item_id").alias("id"), "unit", "mass_kg")
    return pl.concat([products, purchased]).with_row_index("node").with_columns(pl.col("node").cast(pl.Int64))


def node_ids(model: ProductModel) -> IdIndex:
    """The :class:`IdIndex` of the model's nodes (products, then purchased items): the reader's, else made once."""
    index = model.cache.get("index")
    if not isinstance(index, IdIndex):
        products, purchased = model.table("products"), model.table("purchased")
        index = IdIndex(pl.concat([products.get_column("product_id"), purchased.get_column("item_id")]))
        model.cache["index"] = index
    return index


def _edges(model: ProductModel) -> Edges:
    """The BOM edges: the reader's (taken from the cache, so they are let go once ``Q`` holds them, ~0.1 GB for
    millions of lines, before the network build needs the memory), else worked out here."""
    edges = model.cache.pop("edges", None)
    if isinstance(edges, Edges):
        return edges
    products, purchased = model.table("products"), model.table("purchased")
    return bom_edges(model.table("inputs"), products, purchased, index=node_ids(model))


def _technosphere(model: ProductModel, n: int) -> sp.csr_array:
    """``Q`` from the BOM edges."""
    edges = _edges(model)
    q = sp.csr_array((edges.amount, (edges.i, edges.j)), shape=(n, n))
    q.sum_duplicates()
    return q


def _loop_rows(model: ProductModel, ids: pl.Series, error: NoFiniteSolution) -> RowsRejected:
    edges = _edges(model)  # worked out again: a refused model is rare, and its edges were let go
    issues: list[RowIssue] = []
    file = model.sources.get("inputs", model.source)
    input_ids = model.table("inputs").get_column("input_id")
    for component in error.components:
        members = np.zeros(ids.len(), dtype=bool)
        members[component] = True
        names = ", ".join(ids.gather(component[:10]).to_list())
        reason = f"BOM cycle with a gain of 1 or more has no finite solution (loop through {names})"
        inside = (edges.i >= 0) & (edges.j >= 0) & members[edges.i] & members[edges.j]
        for line in np.flatnonzero(inside).tolist():
            issues.append(
                RowIssue(int(edges.rows[line]), "input_id", input_ids[line], reason, file, "inputs")
            )
    return RowsRejected(issues, file=model.source or None)


def build_network(model: ProductModel) -> Built:
    """Nodes, ``Q`` and the engine's analysis of it; a loop with gain ≥ 1 is refused naming its rows.

    Built once per model (the reader builds it, so a model that reads is a model that solves) and kept."""
    cached = model.cache.get("built")
    if isinstance(cached, Built):
        return cached
    nodes = _nodes(model)
    q = _technosphere(model, nodes.height)
    ids = nodes.get_column("id")
    try:
        network = Network.build(q, labels=ids.to_list() if nodes.height <= 100_000 else None)
    except NoFiniteSolution as error:
        raise _loop_rows(model, ids, error) from None
    shares = allocation_shares(model.table("sites"), model.table("production"), model.table("products"))
    built = Built(ids, model.table("products").height, q, network, shares, nodes.select("id", "node"))
    model.cache["built"] = built
    return built


def resolutions_for(
    model: ProductModel, gwp: GwpSet, *frames: pl.DataFrame
) -> dict[tuple[str, str, str], Resolution]:
    """The factors of every distinct (activity, unit, instrument) of the activity sheets (or of ``frames``)."""
    sources = frames or tuple(model.table(sheet) for sheet in ("activities", "site_activities"))
    combos = (
        pl.concat([frame.select("activity", "unit", "instrument") for frame in sources])
        .unique()
        .sort("activity", "unit", "instrument")
    )
    found: dict[tuple[str, str, str], Resolution] = {}
    for number, (activity, unit, instrument) in enumerate(combos.iter_rows()):
        kind, supplier = _instrument(instrument)
        found[(activity, unit, instrument)] = resolve(
            model.factors, gwp, combo=number, activity=activity, unit=unit, instrument=kind, supplier=supplier
        )
    return found


@dataclass(frozen=True)
class RowEmissions:
    """Emissions of rows (activity rows or purchased items) before they go into ``E``: kg CO2e per gas group and
    biogenic (rows × (groups + 1)), and each row's stage, primary data share, DQR (rows × 3) and exempt flag.

    A row reaches only its own stage's columns and the riders, so ``E`` is filled column by column
    (:meth:`columns`) — a million rows × 47 columns, mostly zeros, are never written one cell at a time.
    """

    values: Floats
    stage: npt.NDArray[np.int64]
    share: Floats
    dqr: Floats
    exempt: npt.NDArray[np.bool_]

    def columns(self) -> Iterator[tuple[int, Floats]]:
        """``(column of E, value per row)`` for every column some row reaches with a value other than 0."""
        kept = ~self.exempt
        counted = self.values * kept[:, None]  # an exempted row counts only in the exempt column
        stages = np.unique(self.stage).tolist()
        for s in stages:
            in_stage = None if len(stages) == 1 else self.stage == s
            for g in range(_G + 1):
                column = counted[:, g] if in_stage is None else np.where(in_stage, counted[:, g], 0.0)
                if column.any():
                    yield (s * _G + g if g < _G else _BIO + s), column
        total = self.values.sum(axis=1)
        riders = [(_EXEMPT, np.where(self.exempt, total, 0.0)), (_PRIMARY, total * self.share / 100 * kept)]
        riders += [(_DQR0 + k, total * self.dqr[:, k] * kept) for k in range(len(_DQR))]
        yield from ((column, values) for column, values in riders if values.any())

    def dense(self) -> Floats:
        """rows × len(COLUMNS)."""
        out = np.zeros((self.values.shape[0], len(COLUMNS)))
        for column, values in self.columns():
            out[:, column] = values
        return out

    def add_to(self, e: Floats, node: Positions) -> None:
        """``e[node[r]] += row r`` for every row r."""
        add_columns(e, node, self.columns())


def add_columns(e: Floats, node: Positions, columns: Iterable[tuple[int, Floats]]) -> None:
    """``e[node[r], column] += values[r]`` for every ``(column, values)`` and row r, also where a node repeats
    (several activity rows of one product): one ``bincount`` per column, never ``np.add.at``, which is slow on a
    million rows."""
    in_order = np.array_equal(node, np.arange(node.size))  # one row per product, in the products' order
    repeats = not in_order and node.size > 0 and int(np.bincount(node).max()) > 1
    for column, values in columns:
        if in_order:
            e[: node.size, column] += values
        elif repeats:
            e[:, column] += np.bincount(node, weights=values, minlength=e.shape[0])
        else:
            e[node, column] += values


def _dqr_ratings(frame: pl.DataFrame) -> Floats:
    if frame.height == 0:
        return np.zeros((0, len(_DQR)))
    return np.column_stack(
        [frame.get_column(name).fill_null(DEFAULT_DQR).to_numpy().astype(float) for name in _DQR]
    )


def row_emissions(
    frame: pl.DataFrame, resolutions: Mapping[tuple[str, str, str], Resolution]
) -> RowEmissions:
    """The emissions of activity rows for their amounts: gas groups of the row's factor, biogenic, riders."""
    keys = frame.select("activity", "unit", "instrument")
    distinct = keys.unique(maintain_order=True)
    per_unit = np.array(
        [
            [resolutions[key].market.group_co2e_per_unit[g] for g in GAS_GROUPS]
            + [resolutions[key].market.biogenic_per_unit]
            for key in distinct.iter_rows()
        ]
    ).reshape(distinct.height, _G + 1)
    if distinct.height <= 1:
        which = np.zeros(frame.height, dtype=np.int64)
    else:
        which = (
            keys.join(distinct.with_row_index("combo"), on=keys.columns, how="left", maintain_order="left")
            .get_column("combo")
            .to_numpy()
            .astype(np.int64)
        )
    amounts = frame.get_column("amount").to_numpy().astype(float)
    stage = (
        frame.get_column("stage")
        .replace_strict({s: i for i, s in enumerate(STAGES)}, return_dtype=pl.Int64)
        .to_numpy()
    )
    return RowEmissions(
        per_unit[which] * amounts[:, None],
        stage,
        frame.get_column("primary_data_share").to_numpy().astype(float),
        _dqr_ratings(frame),
        frame.get_column("exempt").to_numpy().astype(bool),
    )


def row_coefficients(frame: pl.DataFrame, resolutions: Mapping[tuple[str, str, str], Resolution]) -> Floats:
    """kg CO2e per row (rows × len(COLUMNS)) for its amount: gas groups of its stage, biogenic, riders."""
    return row_emissions(frame, resolutions).dense()


def purchased_emissions(purchased: pl.DataFrame, footprints: Floats | None = None) -> RowEmissions:
    """The purchased items' footprints as rows of ``E`` (``footprints`` replaces the sheet's, for a what-if)."""
    total = (
        purchased.get_column("kgco2e_per_unit").to_numpy().astype(float) if footprints is None else footprints
    )
    biogenic = purchased.get_column("biogenic_kgco2e_per_unit").to_numpy().astype(float)
    stage_names = purchased.get_column("stage").to_list()
    units_are_mass = [is_mass(unit) for unit in purchased.get_column("unit").to_list()]
    stage = np.array(
        [
            STAGES.index(s or ("materials" if mass else "purchased"))
            for s, mass in zip(stage_names, units_are_mass, strict=True)
        ],
        dtype=np.int64,
    )
    values = np.zeros((purchased.height, _G + 1))
    values[:, GAS_GROUPS.index("CO2e")] = total - biogenic
    values[:, _G] = biogenic
    share = purchased.get_column("primary_data_share").to_numpy().astype(float)
    exempt = purchased.get_column("exempt").to_numpy().astype(bool)
    return RowEmissions(values, stage, share, _dqr_ratings(purchased), exempt)


def direct_emissions(
    model: ProductModel,
    built: Built,
    gwp: GwpSet,
    *,
    shares: pl.DataFrame | None = None,
    purchased: Floats | None = None,
    resolutions: Mapping[tuple[str, str, str], Resolution] | None = None,
    site_activities: pl.DataFrame | None = None,
    activities: pl.DataFrame | None = None,
) -> Floats:
    """``E`` (nodes × len(COLUMNS), column-major: the columns no row reaches stay untouched zero pages): every
    node's direct emissions per declared unit."""
    resolved = resolutions if resolutions is not None else resolutions_for(model, gwp)
    e = np.zeros((built.n, len(COLUMNS)), order="F")
    own = model.table("activities") if activities is None else activities
    if own.height:
        nodes = model.cache.get("activity_nodes") if activities is None else None
        if not isinstance(nodes, np.ndarray) or nodes.shape != (own.height,):
            nodes = node_ids(model).find(own.get_column("product_id"))
        row_emissions(own, resolved).add_to(e, nodes)
    totals = site_totals(model, resolved, site_activities)
    allocated = built.shares if shares is None else shares
    if allocated.height and totals:
        sites = list(totals)
        matrix = np.vstack([totals[site] for site in sites])
        site_index = (
            allocated.get_column("site")
            .replace_strict({s: i for i, s in enumerate(sites)}, default=-1, return_dtype=pl.Int64)
            .to_numpy()
        )
        node = node_ids(model).find(allocated.get_column("product_id"))
        weight = allocated.get_column("per_unit").fill_null(0.0).to_numpy()
        keep = site_index >= 0
        per_row = [
            (c, matrix[site_index[keep], c] * weight[keep])
            for c in np.flatnonzero(matrix.any(axis=0)).tolist()
        ]
        add_columns(e, node[keep], per_row)
    purchased_emissions(model.table("purchased"), purchased).add_to(
        e[built.products :], np.arange(built.n - built.products)
    )
    return e


def site_totals(
    model: ProductModel,
    resolutions: Mapping[tuple[str, str, str], Resolution],
    site_activities: pl.DataFrame | None = None,
) -> dict[str, Floats]:
    """Each site's totals for the period, per column of ``E``."""
    frame = model.table("site_activities") if site_activities is None else site_activities
    if frame.height == 0:
        return {}
    coefficients = row_coefficients(frame, resolutions)
    totals: dict[str, Floats] = {}
    sites = frame.get_column("site").to_numpy()
    for site in np.unique(sites):
        totals[str(site)] = coefficients[sites == site].sum(axis=0)
    return totals
