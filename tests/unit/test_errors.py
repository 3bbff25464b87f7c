"""The error tree: builtin bases for callers that only know Python's exceptions, and messages that say where."""

from __future__ import annotations

import pytest

from tanlu.errors import InputError, NotFound, RowIssue, RowsRejected, TanluError


def test_input_error_names_file_row_column_and_value() -> None:
    error = InputError("not a number", file="meters.csv", row=7, column="amount", value="abc")
    assert str(error) == "meters.csv, row 7, column 'amount': not a number (value 'abc')"
    assert isinstance(error, ValueError)
    assert isinstance(error, TanluError)
    assert error.to_dict()["errors"][0]["row"] == 7


def test_rows_rejected_counts_rows_not_problems() -> None:
    issues = [
        RowIssue(row=3, column="amount", value="-1", reason="negative", file="a.csv"),
        RowIssue(row=3, column="unit", value="furlong", reason="unknown unit", file="a.csv"),
        RowIssue(row=9, column="activity", value="x", reason="unknown activity", file="a.csv"),
    ]
    error = RowsRejected(issues, file="a.csv")
    first_line, *details = str(error).splitlines()
    assert first_line == "2 rows rejected (3 problems)"
    assert len(details) == 3
    assert len(error.to_dict()["errors"]) == 3
    assert str(RowsRejected(issues[:1])).startswith("1 row rejected\n")


def test_not_found_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        raise NotFound("no such survey")
