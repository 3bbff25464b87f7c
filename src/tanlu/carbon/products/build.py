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

from collections.abc import Mapping
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
from tanlu.carbon.products.edges import Edges, bom_edges, node_index
from tanlu.carbon.products.model import ProductModel
from tanlu.carbon.products.quantities import is_mass
from tanlu.carbon.products.sheets import STAGES
from tanlu.errors import RowIssue, RowsRejected

__all__ = ["COLUMNS", "Built", "build_network", "column_index", "direct_emissions", "resolutions_for"]

Floats = npt.NDArray[np.float64]
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


def _technosphere(model: ProductModel, n: int) -> tuple[sp.csr_array, Edges]:
    """``Q`` from the BOM edges (the reader's, else worked out here)."""
    edges = model.cache.get("edges")
    if not isinstance(edges, Edges):
        edges = bom_edges(model.table("inputs"), model.table("products"), model.table("purchased"))
    q = sp.csr_array((edges.amount, (edges.i, edges.j)), shape=(n, n))
    q.sum_duplicates()
    return q, edges


def _loop_rows(model: ProductModel, edges: Edges, ids: pl.Series, error: NoFiniteSolution) -> RowsRejected:
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
    q, edges = _technosphere(model, nodes.height)
    ids = nodes.get_column("id")
    try:
        network = Network.build(q, labels=ids.to_list() if nodes.height <= 100_000 else None)
    except NoFiniteSolution as error:
        raise _loop_rows(model, edges, ids, error) from None
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


def row_coefficients(frame: pl.DataFrame, resolutions: Mapping[tuple[str, str, str], Resolution]) -> Floats:
    """kg CO2e per row (rows × len(COLUMNS)) for its amount: gas groups of its stage, biogenic, riders."""
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
    values = per_unit[which] * amounts[:, None]
    stage = (
        frame.get_column("stage")
        .replace_strict({s: i for i, s in enumerate(STAGES)}, return_dtype=pl.Int64)
        .to_numpy()
    )
    share = frame.get_column("primary_data_share").to_numpy().astype(float)
    dqr = (
        np.column_stack(
            [frame.get_column(name).fill_null(DEFAULT_DQR).to_numpy().astype(float) for name in _DQR]
        )
        if frame.height
        else np.zeros((0, 3))
    )
    exempt = frame.get_column("exempt").to_numpy().astype(bool)
    return _spread(values, stage, share, dqr, exempt)


def _spread(
    values: Floats, stage: npt.NDArray[np.int64], share: Floats, dqr: Floats, exempt: npt.NDArray[np.bool_]
) -> Floats:
    """Place per-row gas-group and biogenic values (rows × (groups + 1)) into E's columns."""
    out = np.zeros((values.shape[0], len(COLUMNS)))
    kept = ~exempt
    counted = values * kept[:, None]  # an exempted row counts only in the exempt column
    np.put_along_axis(out, stage[:, None] * _G + np.arange(_G), counted[:, :_G], axis=1)
    np.put_along_axis(out, (_BIO + stage)[:, None], counted[:, _G:], axis=1)
    total = values.sum(axis=1)
    out[:, _EXEMPT] = np.where(exempt, total, 0.0)
    out[:, _PRIMARY] = np.where(kept, total * share / 100, 0.0)
    out[:, _DQR0 : _DQR0 + 3] = np.where(kept[:, None], total[:, None] * dqr, 0.0)
    return out


def purchased_coefficients(purchased: pl.DataFrame, footprints: Floats | None = None) -> Floats:
    """E rows of the purchased items: their footprint (``footprints`` replaces the sheet's, for a what-if)."""
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
    dqr = (
        np.column_stack(
            [purchased.get_column(name).fill_null(DEFAULT_DQR).to_numpy().astype(float) for name in _DQR]
        )
        if purchased.height
        else np.zeros((0, 3))
    )
    return _spread(values, stage, share, dqr, purchased.get_column("exempt").to_numpy().astype(bool))


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
    """``E`` (nodes × len(COLUMNS)): every node's direct emissions per declared unit."""
    resolved = resolutions if resolutions is not None else resolutions_for(model, gwp)
    e = np.zeros((built.n, len(COLUMNS)))
    own = model.table("activities") if activities is None else activities
    if own.height:
        nodes = model.cache.get("activity_nodes") if activities is None else None
        if not isinstance(nodes, np.ndarray) or nodes.shape != (own.height,):
            nodes = node_index(own.get_column("product_id"), built.ids)
        _add_rows(e, nodes, row_coefficients(own, resolved))
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
        node = node_index(allocated.get_column("product_id"), built.ids)
        weight = allocated.get_column("per_unit").fill_null(0.0).to_numpy()
        keep = site_index >= 0
        _add_rows(e, node[keep], matrix[site_index[keep]] * weight[keep, None])
    e[built.products :] = purchased_coefficients(model.table("purchased"), purchased)
    return e


def _add_rows(e: Floats, node: npt.NDArray[np.int64], values: Floats) -> None:
    """``e[node[r]] += values[r]`` for every row r, also where a node repeats (several activity rows of one
    product) — by one sparse product instead of ``np.add.at``, which is slow on a million rows."""
    if np.array_equal(node, np.arange(node.size)):  # one row per product, in the products' order
        e[: node.size] += values
        return
    if np.bincount(node, minlength=e.shape[0]).max() == 1:
        e[node] += values
        return
    gather = sp.csr_array((np.ones(node.size), (node, np.arange(node.size))), shape=(e.shape[0], node.size))
    e += gather @ values


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
