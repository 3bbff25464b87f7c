"""BOM lines as edges of the technosphere: node indices and amounts, worked out over whole columns, once.

Nodes are the products (in the order of the ``products`` sheet) followed by the purchased items. An ``inputs`` row
is the edge ``i → j``: input node ``i`` consumed by product node ``j``. Its amount is the quantity converted to
the input's declared unit (:mod:`.quantities`) and grossed up for scrap and yield,
``quantity × multiplier / ((1 − scrap) × yield)``, divided by the input's ``mass_kg`` where a mass bridges a
count. The validation (unknown ids, units that do not convert) and the network build read the same edges, so the
millions of id lookups of a large BOM happen once: two hash lookups over whole columns, and one unit conversion
per distinct (unit, declared unit, has mass) — never one per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from tanlu.carbon.products.quantities import input_conversion
from tanlu.errors import UnitError

__all__ = ["Edges", "IdIndex", "Nodes", "bom_edges"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Nodes = npt.NDArray[np.int32]
#: cells compared with their matched id at a time
_SLICE = 1 << 20


@dataclass(frozen=True)
class Edges:
    """One entry per ``inputs`` row, in sheet order.

    ``i`` and ``j`` are -1 where the id is empty or unknown; ``amount`` is NaN where the edge has no amount
    (unknown input, unit that does not convert, quantity missing); ``unit_reason`` says why a unit does not
    convert (null where it does).
    """

    rows: Ints
    i: Nodes
    j: Nodes
    amount: Floats
    unit_reason: pl.Series


class IdIndex:
    """The position of every id of a list (its first occurrence), looked up over whole columns of cells.

    Cells are matched by a 64-bit hash — a join of integers, not of strings — and every match is then compared
    with the id's text, so a hash collision can never join a cell to another id: a cell whose match fails the
    comparison is looked up by its text. A BOM export lists a parent's components together (or a component's
    parents): only the first cell of each run of equal cells is looked up, and the runs are filled from it.
    Positions are 32-bit (a model has far fewer than 2³¹ nodes): half the memory for millions of BOM lines.
    """

    def __init__(self, ids: pl.Series) -> None:
        self.ids = ids
        self._keys = (
            pl.DataFrame({"hash": _hashes(ids), "id": ids})
            .with_row_index("node")
            .filter(pl.col("id") != "")
            .unique("hash", keep="first", maintain_order=True)
            .select("hash", pl.col("node").cast(pl.Int32))
        )

    def find(self, cells: pl.Series) -> Nodes:
        """The position of every cell, -1 where the cell is empty or not an id."""
        runs = cells.rle_id()  # run numbers (32-bit), not a shifted copy of the cells
        if cells.is_empty() or int(runs[-1]) + 1 >= cells.len() // 2:
            return self._positions(cells)
        run = runs.to_numpy()
        starts = np.flatnonzero(np.concatenate([[True], run[1:] != run[:-1]]))
        found: Nodes = self._positions(cells.gather(starts))[run]
        return found

    def _positions(self, cells: pl.Series) -> Nodes:
        hashed = pl.DataFrame({"hash": _hashes(cells)})
        joined = hashed.join(self._keys, on="hash", how="left", maintain_order="left").get_column("node")
        found: Nodes = joined.fill_null(-1).to_numpy(writable=True)
        collided = self._collided(cells, found)
        if collided.any():
            found[collided] = self._by_text(cells.filter(pl.Series(collided)))
        return found

    def _collided(self, cells: pl.Series, found: Nodes) -> npt.NDArray[np.bool_]:
        """Which cells matched the hash of another id's text. Compared a slice at a time: the matched ids of a
        whole column gathered at once would be a copy of it (0.1 GB for 7M cells)."""
        collided = np.zeros(found.size, dtype=bool)
        for start in range(0, found.size, _SLICE):
            part = found[start : start + _SLICE]
            matched = part >= 0
            same = (self.ids.gather(np.where(matched, part, 0)) == cells.slice(start, _SLICE)).to_numpy()
            np.greater(matched, same, out=collided[start : start + _SLICE])  # matched and not the same text
        return collided

    def _by_text(self, cells: pl.Series) -> Nodes:
        keys = (
            pl.DataFrame({"id": self.ids})
            .with_row_index("node")
            .filter(pl.col("id") != "")
            .unique("id", keep="first", maintain_order=True)
        )
        return (
            cells.replace_strict(
                keys.get_column("id"), keys.get_column("node"), default=None, return_dtype=pl.Int32
            )
            .fill_null(-1)
            .to_numpy()
        )


def _hashes(cells: pl.Series) -> pl.Series:
    """A 64-bit hash of every cell (any fixed seed: hashes are compared within one process only)."""
    return cells.hash(seed=0x7A6C)


def _codes(values: pl.Series) -> tuple[list[str], Ints]:
    """The distinct values of a small-alphabet text column and each cell's code into them."""
    distinct = values.unique().sort()
    codes = values.replace_strict(
        distinct, pl.int_range(0, distinct.len(), eager=True), return_dtype=pl.Int64
    )
    return distinct.to_list(), codes.to_numpy()


def _conversions(
    units: list[str], declared: list[str], combos: Ints
) -> tuple[Floats, npt.NDArray[np.bool_], list[str | None]]:
    """Multiplier, per-mass flag and reason (None when it converts) of each distinct combination
    ``(unit code × len(declared) + declared code) × 2 + has mass``."""
    multiplier = np.full(len(combos), np.nan)
    per_mass = np.zeros(len(combos), dtype=bool)
    reasons: list[str | None] = []
    for index, combo in enumerate(combos.tolist()):
        unit, declared_unit = units[combo // 2 // len(declared)], declared[combo // 2 % len(declared)]
        try:
            conversion = input_conversion(unit, declared_unit)
        except UnitError as error:
            reasons.append(f"{error} (the input is declared in {declared_unit})")
            continue
        if conversion.per_mass and not combo % 2:
            reasons.append(f"cannot convert {unit!r} to {declared_unit!r}: the input has no mass_kg")
            continue
        reasons.append(None)
        multiplier[index], per_mass[index] = conversion.multiplier, conversion.per_mass
    return multiplier, per_mass, reasons


def bom_edges(
    inputs: pl.DataFrame, products: pl.DataFrame, purchased: pl.DataFrame, *, index: IdIndex | None = None
) -> Edges:
    """The edges of the typed ``inputs`` frame (``row, product_id, input_id, quantity, unit, scrap, yield``);
    ``index`` is the nodes' :class:`IdIndex` (products, then purchased items) when the caller has it."""
    if index is None:
        index = IdIndex(pl.concat([products.get_column("product_id"), purchased.get_column("item_id")]))
    j = index.find(inputs.get_column("product_id"))
    j[j >= products.height] = -1  # a purchased item consumes nothing
    i = index.find(inputs.get_column("input_id"))
    declared, declared_code = _codes(pl.concat([products.get_column("unit"), purchased.get_column("unit")]))
    mass = pl.concat([products.get_column("mass_kg"), purchased.get_column("mass_kg")]).to_numpy()
    known = i >= 0
    unit = inputs.get_column("unit")
    # quantity × multiplier / ((1 − scrap) × yield), computed in place in one array of every line (the same
    # operations in the same order as written out, without a temporary for each)
    amount = inputs.get_column("quantity").fill_null(np.nan).to_numpy().astype(np.float64)
    per_mass = np.zeros(inputs.height, dtype=bool)
    reason = pl.repeat(None, inputs.height, dtype=pl.String, eager=True)
    if inputs.height and not (unit == "").all():  # an empty unit is the declared unit: nothing to convert
        units, unit_code = _codes(unit)
        has_mass = ~np.isnan(mass)
        safe = np.where(known, i, 0)
        key = (unit_code * len(declared) + declared_code[safe]) * 2 + has_mass[safe]
        combos, which = np.unique(key[known], return_inverse=True)
        combo_multiplier, combo_per_mass, combo_reasons = _conversions(units, declared, combos)
        multiplier = np.ones(inputs.height)
        multiplier[known] = combo_multiplier[which]
        amount *= multiplier
        per_mass[known] = combo_per_mass[which]
        if any(text is not None for text in combo_reasons):
            code = np.full(inputs.height, -1, dtype=np.int64)
            code[known] = which
            gathered = pl.Series(combo_reasons, dtype=pl.String).gather(np.maximum(code, 0))
            reason = pl.select(pl.when(pl.Series(code >= 0)).then(gathered)).to_series()
    denominator = 1 - inputs.get_column("scrap").to_numpy()
    denominator *= inputs.get_column("yield").to_numpy()
    amount /= denominator
    bridged = np.flatnonzero(per_mass)
    amount[bridged] /= mass[i[bridged]]
    amount[~known] = np.nan
    rows = inputs.get_column("row").to_numpy()
    return Edges(rows, i, j, amount, reason.alias("reason"))
