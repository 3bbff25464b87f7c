"""Validating activity rows a slice at a time (what a large import does with its staged rows) gives exactly what
validating the whole frame at once gives: the same activities, or the same issues in the same order."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanlu.carbon.activities import Activities, validate_activities, validate_activity_slices
from tanlu.carbon.factors import FactorSet
from tanlu.errors import InputError, RowsRejected

from .conftest import HEADERS

# small pools, so that rows repeat (duplicates), values need stripping in some slices only, and good and bad
# values of every check meet in one table
SITES = ("A", "B", " A", "", "工厂")
DATES = ("2023-01-01", "2023/1/31", "2023年3月31日", "2023-02-31", "Jan 2023", "1989-12-31", "")
ACTIVITIES = ("natural_gas", "natural_gs", "", "electricity_cn_east_2023", "refrigerant_r410a")
AMOUNTS = ("1", "12000", "1.5", " 2 ", "0", "-0", "-5", "abc", "1e400", "1,200", "")
UNITS = ("m3", "m³", "kWh", "MWh", "kg", "", "widgets")
INSTRUMENTS = ("", "certificate", "supplier:natural_gas", "supplier:nothing", "bogus")

rows = st.lists(
    st.tuples(
        *(st.sampled_from(pool) for pool in (SITES, DATES, DATES, ACTIVITIES, AMOUNTS, UNITS, INSTRUMENTS))
    ),
    min_size=1,
    max_size=40,
)


# rows that pass every check (amounts drawn from a wide range, so a duplicate is rare): the typed frames, their
# enums' categories and the combinations are compared, not only issues
VALID_SITES = ("B", " A", "A", "工厂", "b ", "Plant 2")
VALID_COMBOS = (
    ("natural_gas", "m3", ""),
    ("natural_gas", "m³", ""),
    ("electricity_cn_east_2023", "kWh", ""),
    ("electricity_cn_east_2023", "MWh", "certificate"),
    ("diesel", "L", ""),
)
valid_rows = st.lists(
    st.tuples(
        st.sampled_from(VALID_SITES),
        st.sampled_from(("2023-01-01", "2023/2/1", "2023年3月1日")),
        st.sampled_from(VALID_COMBOS),
        st.integers(min_value=0, max_value=10**9),
    ).map(lambda r: (r[0], r[1], "2023-12-31", r[2][0], str(r[3]), r[2][1], r[2][2])),
    min_size=1,
    max_size=40,
)


def _outcome(validate: object) -> Activities | list[object] | str:
    """What a validation gives: the activities, the issues it rejects the rows with, or its input error."""
    assert callable(validate)
    try:
        return validate()  # type: ignore[no-any-return]
    except RowsRejected as error:
        return list(error.issues)
    except InputError as error:
        return str(error)


def _frame(table: list[tuple[str, ...]], numbered: bool) -> pl.DataFrame:
    frame = pl.DataFrame(table, schema=dict.fromkeys(HEADERS, pl.String), orient="row")
    # with a row column the rows cite it (staged rows: gaps where empty lines were left out); without, each
    # slice numbers its rows on from the slice before
    return frame.with_columns((pl.int_range(pl.len()) * 3 + 5).alias("row")) if numbered else frame


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=rows, size=st.integers(min_value=1, max_value=45), numbered=st.booleans())
def test_slices_validate_like_the_whole_frame(
    bundled: FactorSet, table: list[tuple[str, ...]], size: int, numbered: bool
) -> None:
    _same_in_slices(bundled, _frame(table, numbered), size)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=valid_rows, size=st.integers(min_value=1, max_value=45))
def test_valid_slices_give_the_same_activities(
    bundled: FactorSet, table: list[tuple[str, ...]], size: int
) -> None:
    _same_in_slices(bundled, _frame(table, numbered=False), size)


def _same_in_slices(bundled: FactorSet, frame: pl.DataFrame, size: int) -> None:
    whole = _outcome(lambda: validate_activities(frame, bundled, file="a.csv", slice_rows=None))
    parts = [frame.slice(offset, size) for offset in range(0, frame.height, size)]
    sliced = _outcome(lambda: validate_activity_slices(iter(parts), bundled, file="a.csv"))
    if isinstance(whole, Activities):
        assert isinstance(sliced, Activities)
        assert sliced.frame.equals(whole.frame)  # enums compare their categories too
        assert sliced.combos.equals(whole.combos)
        assert sliced.fingerprint == whole.fingerprint
    else:
        assert sliced == whole


def test_a_slice_size_below_one_is_refused(bundled: FactorSet) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        validate_activities(_frame([("A",) * 7], numbered=False), bundled, slice_rows=0)
