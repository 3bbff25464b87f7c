"""Properties of the table reader: CSV round trip, safe escaping, and the decimal grammar never crashing."""

from __future__ import annotations

import contextlib
import csv
import io
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tanlu.errors import InputError
from tanlu.tabular import decimal_from_text, neutralize_cell, read_table

# printable text without control characters; cells are stripped by the reader, so generate them stripped
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff"),
    max_size=12,
).map(str.strip)


@settings(max_examples=150, deadline=None)
@given(
    header=st.lists(
        st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), min_size=1, max_size=5, unique=True
    ),
    data=st.data(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig"]),
)
def test_csv_round_trip(header: list[str], data: st.DataObject, encoding: str) -> None:
    rows = data.draw(st.lists(st.lists(cell_text, min_size=len(header), max_size=len(header)), max_size=6))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    table = read_table(buffer.getvalue().encode(encoding), filename="t.csv", header_detection=False)
    kept = [row for row in rows if any(row)]
    assert table.headers == header
    assert table.rows == kept
    assert len(table.row_numbers) == len(kept)
    assert table.row_numbers == sorted(table.row_numbers)


@given(st.text(max_size=30))
def test_neutralized_cells_never_start_a_formula(value: str) -> None:
    escaped = neutralize_cell(value)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r", "\0"))
    assert escaped.endswith(value)
    assert escaped in {value, "'" + value}


@given(st.text(max_size=40))
def test_decimal_grammar_never_crashes(text: str) -> None:
    try:
        value = decimal_from_text(text, file="f.csv", row=1, column="c")
    except InputError as error:
        column = error.issue.column
        value = 0.0
    else:
        column = "c"
    assert column == "c"
    assert math.isfinite(value)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_decimal_grammar_reads_every_finite_float(value: float) -> None:
    assert decimal_from_text(repr(value)) == value


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_reader_only_raises_input_errors_on_random_bytes(data: bytes) -> None:
    with contextlib.suppress(
        InputError
    ):  # anything else (TypeError, csv.Error, zlib.error...) fails the test
        read_table(data, filename="fuzz.bin")
