"""Multi-level BOM exports (a level column, as SAP CS12/CS11 and Makersite write them) → ``inputs`` rows.

An export lists the components depth-first under their top assembly: ``Level, Component, Quantity, Unit``
with levels written ``0 1 2 3`` or ``.1 ..2 ...3`` (SAP) or ``1 1.1 1.1.1``-style dotted depths. A row's
parent is the nearest row above it one level up; its quantity is per one declared unit of that parent. The top
assembly is the level-0 row (or, when the export starts at level 1, each level-1 row is itself a top
assembly and has no parent).
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt
import polars as pl

from tanlu.errors import RowIssue

__all__ = ["bom_to_inputs", "parse_level"]

_SAP_LEVEL = re.compile(r"^(\.*)([0-9]+)$")
_DOTTED = re.compile(r"^[0-9]+(\.[0-9]+)*$")
_INPUT_COLUMNS = ("product_id", "input_id", "quantity", "unit", "scrap", "yield", "note")


def parse_level(text: str) -> int | None:
    """The depth of a level cell: ``0`` → 0, ``.1`` / ``1`` → 1, ``..2`` → 2, ``1.2.1`` → 3; None if not a
    level."""
    cell = text.strip()
    match = _SAP_LEVEL.match(cell)
    if match:
        return int(match.group(2))
    if _DOTTED.match(cell):
        return cell.count(".") + 1
    return None


def _depths(frame: pl.DataFrame) -> npt.NDArray[np.int64] | None:
    """Every row's depth below the first row's level, over the whole column; None when a level cannot be read
    or jumps more than one level down (the row-by-row pass then names those rows)."""
    cells = frame.get_column("level").cast(pl.String).fill_null("").str.strip_chars()
    sap = cells.str.extract(r"^\.*([0-9]+)$", 1).cast(pl.Int64, strict=False)
    dotted = pl.select(
        pl.when(cells.str.contains(r"^[0-9]+(\.[0-9]+)*$")).then(cells.str.count_matches(r"\.") + 1)
    ).to_series()
    levels = sap.fill_null(dotted.cast(pl.Int64))
    if levels.null_count():
        return None
    depth = levels.to_numpy().astype(np.int64)
    depth -= depth[0]
    if (depth < 0).any() or (np.diff(depth) > 1).any():
        return None
    return depth


def _parents(depth: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The row of each row's parent (the nearest row above one level up), -1 for top assemblies."""
    rows = np.arange(depth.size, dtype=np.int64)
    parent = np.full(depth.size, -1, dtype=np.int64)
    for level in range(1, int(depth.max(initial=0)) + 1):
        last_above = np.maximum.accumulate(np.where(depth == level - 1, rows, -1))
        mine = depth == level
        parent[mine] = last_above[mine]
    return parent


def bom_to_inputs(frame: pl.DataFrame, *, file: str) -> tuple[pl.DataFrame, list[RowIssue]]:
    """Convert an export (``row, level, input_id, quantity`` and optional ``unit, scrap, yield, note``) to the
    ``inputs`` sheet, listing rows whose level cannot be read or has no parent.

    A well-formed export (millions of lines from an ERP) is converted over whole columns; one with a bad level
    goes row by row, so that every bad row is named as the reader met it."""
    optional = [name for name in ("unit", "scrap", "yield", "note") if name in frame.columns]
    depths = _depths(frame) if frame.height else None
    if depths is not None:
        parent = _parents(depths)
        components = frame.get_column("input_id").cast(pl.String).fill_null("").str.strip_chars()
        child = parent >= 0
        return (
            frame.filter(pl.Series(child))
            .select(
                "row",
                components.gather(parent[child]).alias("product_id"),
                components.filter(pl.Series(child)).alias("input_id"),
                "quantity",
                *optional,
            )
            .cast({"row": pl.Int64, "quantity": pl.String, **dict.fromkeys(optional, pl.String)}),
            [],
        )
    issues: list[RowIssue] = []
    stack: list[str] = []
    records: list[dict[str, object]] = []
    top_level: int | None = None
    for record in frame.iter_rows(named=True):
        row = int(record["row"])
        level = parse_level(str(record["level"] or ""))
        component = str(record["input_id"] or "").strip()
        if level is None:
            issues.append(
                RowIssue(
                    row, "level", str(record["level"]), "not a BOM level (0, 1, .1, ..2)", file, "inputs"
                )
            )
            continue
        if top_level is None:
            top_level = level
        depth = level - top_level
        if depth < 0 or depth > len(stack):
            reason = f"level {level} has no parent row one level up (the row above is at level {top_level + len(stack) - 1})"
            issues.append(RowIssue(row, "level", str(record["level"]), reason, file, "inputs"))
            continue
        del stack[depth:]
        if depth > 0:
            records.append(
                {
                    "row": row,
                    "product_id": stack[-1],
                    "input_id": component,
                    "quantity": record["quantity"],
                    **{name: record[name] for name in optional},
                }
            )
        stack.append(component)
    schema = {
        "row": pl.Int64,
        **{
            name: pl.String
            for name in _INPUT_COLUMNS
            if name in {"product_id", "input_id", "quantity", *optional}
        },
    }
    return pl.DataFrame(records, schema=schema), issues
