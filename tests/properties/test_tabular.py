"""Properties of the table reader: CSV round trip whatever the cells hold, safe escaping, and the decimal
grammar: never crashing, exact within its bounds, refusing what a float cannot keep."""

from __future__ import annotations

import contextlib
import csv
import io
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tanlu.decimals import MAX_MAGNITUDE, MAX_SIGNIFICANT_DIGITS, MIN_MAGNITUDE
from tanlu.errors import InputError
from tanlu.tabular import decimal_from_text, neutralize_cell, read_table

# printable text without control characters; cells are stripped by the reader, so generate them stripped
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff"),
    max_size=12,
).map(str.strip)


#: header names as people write them: never a number or a date, and no delimiter or quote inside
header_name = st.from_regex(r"[a-z][a-z0-9_ ]{0,8}[a-z0-9_]|[a-z]", fullmatch=True)
#: cells that hold every delimiter the reader knows, quotes, and spaces around them
tricky_cell = st.one_of(
    cell_text,
    st.text(alphabet=",;\t\"' ab1", max_size=6).map(str.strip),
)


@settings(max_examples=150, deadline=None)
@given(
    header=st.lists(header_name, min_size=1, max_size=5, unique=True),
    data=st.data(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_csv_round_trip(header: list[str], data: st.DataObject, encoding: str, delimiter: str) -> None:
    """Whatever the cells hold (the delimiters included), a CSV written by Python's csv module reads back
    cell for cell, with or without header detection: one column or many, no row lost, no cell cut."""
    rows = data.draw(st.lists(st.lists(tricky_cell, min_size=len(header), max_size=len(header)), max_size=6))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    kept = [row for row in rows if any(row)]
    if not kept:
        return  # a header alone is refused (tested in tests/unit/test_tabular_headers.py)
    content = buffer.getvalue().encode(encoding)
    table = read_table(content, filename="t.csv", header_detection=False)
    assert table.headers == header
    assert table.rows == kept
    assert len(table.row_numbers) == len(kept)
    assert table.row_numbers == sorted(table.row_numbers)
    detected = read_table(content, filename="t.csv")  # the header is the widest row and holds no number
    assert (detected.headers, detected.rows) == (header, kept)


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


in_bounds = st.floats(min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE, exclude_min=True, exclude_max=True)


@given(in_bounds, st.integers(min_value=1, max_value=MAX_SIGNIFICANT_DIGITS))
def test_decimal_grammar_reads_every_number_within_its_bounds_exactly(value: float, digits: int) -> None:
    """Up to 15 significant digits a text and its float are one number: it reads back as written."""
    text = format(value, f".{digits}g")
    number = float(text)  # rounding to fewer digits can reach 1e+15
    assume(number == 0 or MIN_MAGNITUDE <= abs(number) < MAX_MAGNITUDE)
    parsed = decimal_from_text(text)
    assert parsed == number
    assert float(format(parsed, f".{digits}g")) == parsed


@given(st.integers(min_value=MAX_SIGNIFICANT_DIGITS + 1, max_value=60), st.integers(0, 59), st.booleans())
def test_decimal_grammar_refuses_more_digits_than_a_float_keeps(
    digits: int, point: int, negative: bool
) -> None:
    """Nothing is silently rounded: 16 or more significant digits are refused wherever the point is."""
    body = "1" + "7" * (digits - 1)
    text = ("-" if negative else "") + (body[: point % digits] + "." + body[point % digits :]).strip(".")
    with pytest.raises(InputError, match="too many digits") as caught:
        decimal_from_text(text, column="amount")
    assert caught.value.column == "amount"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_reader_only_raises_input_errors_on_random_bytes(data: bytes) -> None:
    with contextlib.suppress(
        InputError
    ):  # anything else (TypeError, csv.Error, zlib.error...) fails the test
        read_table(data, filename="fuzz.bin")
