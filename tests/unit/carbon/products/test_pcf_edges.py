"""BOM lines as edges: id lookups over whole columns (runs of equal cells looked up once), unit conversions per
distinct combination, and every bad row of a large CSV (read by polars) still named with file, row and column."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from tanlu.carbon.products import edges
from tanlu.carbon.products.build import build_network
from tanlu.carbon.products.edges import IdIndex, bom_edges
from tanlu.carbon.products.reader import LARGE_CSV_BYTES, read_model
from tanlu.errors import RowsRejected

from .conftest import WriteModel

CELLS = [
    ["B", "B", "B", "A", "A", "X", "", "C", "C"],  # grouped: runs looked up once
    ["B", "A", "X", "C", "", "A", "B", "C", "A"],  # ungrouped: every cell looked up
]


@pytest.mark.parametrize("cells", CELLS)
def test_id_index_first_occurrence_and_unknowns(cells: list[str]) -> None:
    ids = pl.Series(["A", "B", "C", "A"])
    expected = [{"A": 0, "B": 1, "C": 2}.get(cell, -1) for cell in cells]
    assert IdIndex(ids).find(pl.Series(cells)).tolist() == expected


@pytest.mark.parametrize("cells", [*CELLS, ["BB", "AB", "X", "CC", "", "AB", "XY", "BB"]])
def test_id_index_is_exact_when_hashes_collide(cells: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A 64-bit collision is too rare to meet in a test: a hash of the length collides ids and cells on purpose,
    and every cell must still find its own id (or none)."""
    monkeypatch.setattr(edges, "_hashes", lambda series: series.str.len_bytes().cast(pl.UInt64))
    ids = pl.Series(["A", "B", "C", "A", "AB", "BB", "CC", ""])
    expected = [{"A": 0, "B": 1, "C": 2, "AB": 4, "BB": 5, "CC": 6}.get(cell, -1) for cell in cells]
    assert IdIndex(ids).find(pl.Series(cells)).tolist() == expected


def test_large_csv_names_every_bad_row(write_model: WriteModel) -> None:
    parts = 70_000  # enough lines for the file to pass LARGE_CSV_BYTES and be read by polars
    lines = ["product_id,input_id,quantity,unit"]
    lines += [f"P{k},S,0.5,kg" for k in range(parts)]
    lines += ["P1,NOPE,1,kg", "P2,S,1,kWh", "P3,PART,320,g", "P4,S,-2,kg"]
    products = "product_id,name,unit\n" + "".join(f"P{k},Part {k},piece\n" for k in range(parts))
    products += "PART,A part without mass,piece\n"
    folder = write_model({"products": products, "inputs": "\n".join(lines) + "\n"})
    assert (folder / "inputs.csv").stat().st_size > LARGE_CSV_BYTES
    with pytest.raises(RowsRejected) as caught:
        read_model(folder)
    found = {(i.file, i.sheet, i.row, i.column): i.reason for i in caught.value.issues}
    first = parts + 2
    assert found[("inputs.csv", "inputs", first, "input_id")].startswith("unknown input")
    assert "the input is declared in kg" in found[("inputs.csv", "inputs", first + 1, "unit")]
    assert found[("inputs.csv", "inputs", first + 2, "unit")] == (
        "cannot convert 'g' to 'piece': the input has no mass_kg"
    )
    assert found[("inputs.csv", "inputs", first + 3, "quantity")] == "negative quantity"


def test_mass_bridges_a_count(write_model: WriteModel) -> None:
    folder = write_model(
        {
            "products": "product_id,name,unit,mass_kg\nA,Assembly,piece,2\nB,Bracket,piece,0.25\n",
            "inputs": "product_id,input_id,quantity,unit\nA,B,320,g\nB,S,0.25,kg\n",
        }
    )
    model = read_model(folder)
    edges = bom_edges(model.table("inputs"), model.table("products"), model.table("purchased"))
    np.testing.assert_allclose(edges.amount, np.array([1.28, 0.25]))  # 320 g of a 0.25 kg part is 1.28 pieces
    q = build_network(model).q  # nodes A, B, then S
    np.testing.assert_allclose([q[1, 0], q[2, 1]], [1.28, 0.25])


def test_large_csv_cells_are_stripped_where_needed(write_model: WriteModel) -> None:
    """A large CSV is rewritten only in the columns with a cell to strip or an empty cell; the others are kept
    as read. Either way every cell is what the checks expect: stripped, never null."""
    parts = 70_000
    lines = ["product_id,input_id,quantity,unit"]
    lines += [f"P{k},\u3000S ,0.5,{' kg' if k % 2 else 'kg'}" for k in range(parts)]
    lines += ["P1,S,1,"]
    products = "product_id,name,unit\n" + "".join(f"P{k},Part {k},piece\n" for k in range(parts))
    purchased = "item_id,name,unit,kgco2e_per_unit,primary_data_share,source\nS,Steel,kg,2,0,generated\n"
    sheets = {"products": products, "inputs": "\n".join(lines) + "\n", "purchased": purchased}
    folder = write_model(sheets, base={})
    assert (folder / "inputs.csv").stat().st_size > LARGE_CSV_BYTES
    model = read_model(folder)
    inputs = model.table("inputs")
    assert inputs.get_column("input_id").unique().to_list() == ["S"]
    assert inputs.get_column("unit").value_counts().sort("unit").rows() == [("", 1), ("kg", parts)]
    assert inputs.get_column("product_id").null_count() == 0
