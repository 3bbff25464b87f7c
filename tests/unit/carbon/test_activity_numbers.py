"""Amounts and headers of an activity file within the one documented grammar (issue #11, item 12): nothing
is stored rounded or guessed, every refusal names the field."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tanlu.carbon.activities import read_activities, validate_activities
from tanlu.carbon.factors import FactorSet
from tanlu.errors import FileFormatError, RowsRejected

from .conftest import MakeActivities, activity_row

FORTY_DIGITS = "1234567890123456789012345678901234567890"
HEADER = "site,period_start,period_end,activity,amount,unit\n"


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        (FORTY_DIGITS, "too many digits"),
        ("123456789012345.123456789012345", "too many digits"),  # short enough pieces, 30 digits in all
        ("1234567890123456", "too many digits"),
        ("1e16", "number out of range"),
        ("1000000000000000", "too many digits"),  # the zeros of a whole number are digits too
        ("1e15", "number out of range"),
        ("1e-16", "too close to zero"),
    ],
)
def test_amounts_beyond_the_grammar_are_refused(
    make_activities: MakeActivities, amount: str, reason: str
) -> None:
    with pytest.raises(RowsRejected) as caught:
        make_activities([activity_row("natural_gas", amount, "m3")])
    (issue,) = caught.value.issues
    assert (issue.row, issue.column, issue.value) == (2, "amount", amount)
    assert reason in issue.reason


@pytest.mark.parametrize("amount", ["999999999999999", "0.00000000000001", "123456789.012345", "1.5e14", "0"])
def test_amounts_at_the_bounds_are_kept_exactly(make_activities: MakeActivities, amount: str) -> None:
    activities = make_activities([activity_row("natural_gas", amount, "m3")])
    assert activities.frame.get_column("amount").to_list() == [float(amount)]


def test_typed_amounts_out_of_range_are_refused(bundled: FactorSet) -> None:
    frame = pl.DataFrame(
        {
            "site": ["A", "B", "C"],
            "period_start": [dt.date(2023, 1, 1)] * 3,
            "period_end": [dt.date(2023, 1, 31)] * 3,
            "activity": ["natural_gas"] * 3,
            "amount": [1.0, 1.2345678901234568e39, float("inf")],
            "unit": ["m3"] * 3,
        }
    )
    with pytest.raises(RowsRejected) as caught:
        validate_activities(frame, bundled)
    assert [(i.row, i.column, i.reason) for i in caught.value.issues] == [
        (3, "amount", "number out of range"),
        (4, "amount", "number out of range"),
    ]


def test_a_repeated_amount_header_is_refused(bundled: FactorSet) -> None:
    data = (HEADER.rstrip() + ",amount\nA,2023-01-01,2023-01-31,natural_gas,1,m3,2\n").encode()
    with pytest.raises(FileFormatError, match="'amount' twice") as caught:
        read_activities(data, bundled, filename="two.csv")
    assert caught.value.column == "amount"


def test_a_file_without_header_row_is_refused(bundled: FactorSet) -> None:
    data = b"A,2023-01-01,2023-01-31,natural_gas,1,m3\nB,2023-01-01,2023-01-31,natural_gas,2,m3\n"
    with pytest.raises(FileFormatError, match="no header row"):
        read_activities(data, bundled, filename="rows.csv")


def test_a_header_only_file_has_no_data_rows(bundled: FactorSet) -> None:
    with pytest.raises(FileFormatError, match="the file has no data rows"):
        read_activities(HEADER.encode(), bundled, filename="header.csv")
