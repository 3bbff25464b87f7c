"""Number columns: plain digits are converted over the whole column, every other cell by the decimal grammar; the
two paths must agree cell for cell with :func:`tanlu.decimals.decimal_from_text` and name the same bad rows."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tanlu.carbon.products import columns as col
from tanlu.decimals import decimal_from_text
from tanlu.errors import InputError

_CELLS = st.one_of(
    st.from_regex(r"\A\+?[0-9]{1,17}(\.[0-9]{1,6})?\Z"),  # plain, some longer than the fast path takes
    st.text(alphabet="0123456789+-.,eE%１ ", max_size=8).map(str.strip),
    st.sampled_from(["", "NaN", "inf", "1e15", "1,234.5", "yes", "0.000000000000001"]),
)


def _grammar(cell: str) -> float | None:
    try:
        return decimal_from_text(cell)
    except InputError:
        return None


@settings(max_examples=200, deadline=None)
@given(st.lists(_CELLS, max_size=40))
def test_number_agrees_with_the_decimal_grammar(cells: list[str]) -> None:
    frame = pl.DataFrame(
        {"row": list(range(2, len(cells) + 2)), "quantity": cells}, schema_overrides={"quantity": pl.String}
    )
    values, issues = col.number(frame, "quantity", file="inputs.csv")
    assert values.to_list() == [None if cell == "" else _grammar(cell) for cell in cells]
    named = set(pl.concat([pl.DataFrame(schema=col.ISSUE_SCHEMA), *issues]).get_column("row").to_list())
    assert named == {row for row, cell in enumerate(cells, start=2) if cell and _grammar(cell) is None}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B", ""]), st.sampled_from(["P1", "P2", "P3"])), max_size=12))
def test_duplicates_name_every_later_row(keys: list[tuple[str, str]]) -> None:
    """A repeated key (one column or several) is named on every row after its first, and nothing else is."""
    frame = pl.DataFrame(
        {
            "row": list(range(2, len(keys) + 2)),
            "site": [k[0] for k in keys],
            "product_id": [k[1] for k in keys],
        }
    )
    first: dict[tuple[str, str], int] = {}
    expected = []
    for row, key in zip(frame.get_column("row").to_list(), keys, strict=True):
        if key in first:
            expected.append((row, f"duplicate of row {first[key]}"))
        first.setdefault(key, row)
    found = col.duplicates(frame, "product_id", keys=["site", "product_id"])
    assert sorted(found.select("row", "reason").rows()) == expected
    single = col.duplicates(frame, "product_id").get_column("row").to_list()
    seen = [k[1] for k in keys]
    assert sorted(single) == [row for row, p in enumerate(seen, start=2) if p in seen[: row - 2]]
