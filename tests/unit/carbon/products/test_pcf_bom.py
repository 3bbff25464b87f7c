"""Multi-level BOM exports: the whole-column conversion gives exactly what the row-by-row pass gives (which also
names every bad level), for level columns written as ``0 1 2``, ``.1 ..2`` (SAP) or ``1.1.1``."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanlu.carbon.products import bom


def _written(depth: int, style: str) -> str:
    return {"plain": str(depth), "sap": "." * depth + str(depth), "dotted": ".".join(["1"] * depth) or "0"}[
        style
    ]


@st.composite
def exports(draw: st.DrawFn) -> pl.DataFrame:
    depths = [0]
    for _ in range(draw(st.integers(0, 15))):
        depths.append(draw(st.integers(0, depths[-1] + 1)))
    style = draw(st.sampled_from(["plain", "sap", "dotted"]))
    levels = [_written(d, style) for d in depths]
    if draw(st.booleans()):  # a broken export: a jump or an unreadable level somewhere
        levels[draw(st.integers(0, len(levels) - 1))] = draw(st.sampled_from(["x", "7", "..9"]))
    n = len(levels)
    return pl.DataFrame(
        {
            "row": list(range(2, n + 2)),
            "level": levels,
            "input_id": [f" C{k} " for k in range(n)],
            "quantity": [str(k + 1) for k in range(n)],
            "unit": ["piece"] * n,
        }
    )


def _row_by_row(frame: pl.DataFrame, monkeypatch: pytest.MonkeyPatch) -> tuple[pl.DataFrame, list[object]]:
    with monkeypatch.context() as patched:
        patched.setattr(bom, "_depths", lambda _frame: None)
        converted, issues = bom.bom_to_inputs(frame, file="bom.csv")
    return converted, list(issues)


@settings(max_examples=200, deadline=None)
@given(exports())
def test_whole_columns_equal_row_by_row(frame: pl.DataFrame) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected, expected_issues = _row_by_row(frame, monkeypatch)
    converted, issues = bom.bom_to_inputs(frame, file="bom.csv")
    assert converted.equals(expected)
    assert issues == expected_issues


def test_parents_of_an_sap_export() -> None:
    frame = pl.DataFrame(
        {
            "row": [2, 3, 4, 5, 6],
            "level": ["0", ".1", "..2", "..2", ".1"],
            "input_id": ["TOP", "A", "B", "C", "D"],
            "quantity": ["1", "2", "3", "4", "5"],
        }
    )
    converted, issues = bom.bom_to_inputs(frame, file="bom.csv")
    assert not issues
    assert converted.select("product_id", "input_id").rows() == [
        ("TOP", "A"),
        ("A", "B"),
        ("A", "C"),
        ("TOP", "D"),
    ]
