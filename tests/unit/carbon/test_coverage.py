"""Coverage of an inventory's data by site, month and scope (issue #12 item 1): eight months never pass for a
year, and two years are compared on the cells both cover."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanlu.carbon.coverage import (
    Cell,
    Coverage,
    coverage_of_cube,
    coverage_of_periods,
    like_for_like,
    month_runs,
)
from tanlu.carbon.factors import FactorSet
from tanlu.carbon.inventory import calculate_inventory

from .conftest import MakeActivities, activity_row

D = dt.date


def test_a_period_covers_every_month_it_touches() -> None:
    coverage = coverage_of_periods([("A", D(2024, 11, 15), D(2025, 2, 3), 2)])
    assert coverage.months == (D(2024, 11, 1), D(2024, 12, 1), D(2025, 1, 1), D(2025, 2, 1))
    assert coverage.month_numbers(2025) == (1, 2)
    assert coverage.years == (2024, 2025)


def test_eight_months_are_a_partial_year() -> None:
    coverage = coverage_of_periods([("A", D(2025, m, 1), D(2025, m, 28), 1) for m in range(1, 9)])
    assert not coverage.is_full_year(2025)
    assert coverage.missing_months(2025) == (9, 10, 11, 12)
    assert coverage.periods(2025) == ((D(2025, 1, 1), D(2025, 8, 31)),)


def test_a_year_row_makes_a_full_year_and_december_ends_on_the_31st() -> None:
    coverage = coverage_of_periods([("A", D(2024, 1, 1), D(2024, 12, 31), 3)])
    assert coverage.is_full_year(2024)
    assert coverage.periods(2024) == ((D(2024, 1, 1), D(2024, 12, 31)),)


def test_gaps_give_several_periods() -> None:
    coverage = coverage_of_periods(
        [("A", D(2025, 1, 1), D(2025, 3, 31), 1), ("B", D(2025, 5, 1), D(2025, 5, 31), 2)]
    )
    assert month_runs(coverage.month_numbers(2025)) == [(1, 3), (5, 5)]
    assert coverage.periods(2025) == ((D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 5, 1), D(2025, 5, 31)))
    assert coverage.where(site="B").month_numbers(2025) == (5,)
    assert coverage.where(scope=1).sites == ("A",)
    assert coverage.scopes == (1, 2)


def test_month_runs() -> None:
    assert month_runs([8, 1, 2, 3, 5, 7, 3]) == [(1, 3), (5, 5), (7, 8)]
    assert month_runs([]) == []


def test_the_inventory_cube_gives_its_coverage(make_activities: MakeActivities, bundled: FactorSet) -> None:
    activities = make_activities(
        [
            activity_row("natural_gas", "100", "m3", site="一厂", start="2025-01-01", end="2025-02-28"),
            activity_row(
                "electricity_cn_east_2023",
                "10",
                "MWh",
                "certificate",
                site="二厂",
                start="2025-03-01",
                end="2025-03-31",
            ),
        ]
    )
    coverage = coverage_of_cube(calculate_inventory(activities, bundled).cube)
    assert coverage.cells == {
        Cell("一厂", D(2025, 1, 1), 1),
        Cell("一厂", D(2025, 2, 1), 1),
        Cell("二厂", D(2025, 3, 1), 2),
    }
    assert coverage.missing_months(2025) == tuple(range(4, 13))


def test_like_for_like_compares_the_same_months() -> None:
    previous = {Cell("A", D(2024, m, 1), 1): 10.0 for m in range(1, 13)}
    current = {Cell("A", D(2025, m, 1), 1): 9.0 for m in range(1, 9)}
    comparison = like_for_like(current, previous)
    assert comparison is not None
    assert comparison.months == tuple(range(1, 9))
    assert (comparison.current, comparison.previous) == (72.0, 80.0)
    assert comparison.change_percent == -10.0
    assert not comparison.complete


def test_like_for_like_leaves_out_a_site_and_a_scope_only_one_year_has() -> None:
    previous = {Cell("A", D(2024, 1, 1), 1): 10.0, Cell("B", D(2024, 1, 1), 1): 50.0}
    current = {Cell("A", D(2025, 1, 1), 1): 12.0, Cell("A", D(2025, 1, 1), 3): 7.0}
    comparison = like_for_like(current, previous)
    assert comparison is not None
    assert (comparison.current, comparison.previous) == (12.0, 10.0)


def test_like_for_like_without_common_months_is_none() -> None:
    previous = {Cell("A", D(2024, 9, 1), 1): 10.0}
    current = {Cell("A", D(2025, 1, 1), 1): 12.0}
    assert like_for_like(current, previous) is None


def test_like_for_like_of_full_years_is_complete() -> None:
    previous = {Cell("A", D(2024, m, 1), 2): 10.0 for m in range(1, 13)}
    current = {Cell("A", D(2025, m, 1), 2): 5.0 for m in range(1, 13)}
    comparison = like_for_like(current, previous)
    assert comparison is not None
    assert comparison.complete
    assert comparison.change_percent == -50.0


def test_a_side_without_sites_is_compared_without_sites() -> None:
    previous = {Cell("", D(2024, 1, 1), 1): 30.0}
    current = {Cell("A", D(2025, 1, 1), 1): 10.0, Cell("B", D(2025, 1, 1), 1): 20.0}
    comparison = like_for_like(current, previous)
    assert comparison is not None
    assert comparison.change_percent == 0.0


dates = st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 12, 31))
periods = st.lists(
    st.tuples(st.sampled_from(["A", "B", "一厂"]), dates, dates, st.integers(1, 3)).map(
        lambda p: (p[0], min(p[1], p[2]), max(p[1], p[2]), p[3])
    ),
    max_size=8,
)
#: the machine runs CI beside the tests: generation may be slow, never wrong
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(periods, periods)
def test_coverage_of_a_union_of_periods_is_the_union_of_their_coverages(
    first: list[tuple[str, D, D, int]], second: list[tuple[str, D, D, int]]
) -> None:
    assert coverage_of_periods(first + second) == coverage_of_periods(first) | coverage_of_periods(second)


@SETTINGS
@given(periods, st.integers(2023, 2026))
def test_covered_and_missing_months_split_the_year(periods: list[tuple[str, D, D, int]], year: int) -> None:
    coverage = coverage_of_periods(periods)
    covered, missing = set(coverage.month_numbers(year)), set(coverage.missing_months(year))
    assert covered | missing == set(range(1, 13))
    assert not covered & missing
    assert coverage.is_full_year(year) == (not missing)
    days = sum((end - start).days + 1 for start, end in coverage.periods(year))
    assert days == sum(
        (D(year + m // 12, m % 12 + 1, 1) - D(year, m, 1)).days for m in coverage.month_numbers(year)
    )


@SETTINGS
@given(periods)
def test_every_day_of_a_period_lies_in_a_covered_month(periods: list[tuple[str, D, D, int]]) -> None:
    coverage = coverage_of_periods(periods)
    for site, start, end, scope in periods:
        for day in (start, end, start + (end - start) / 2):
            assert Cell(site, day.replace(day=1), scope) in coverage.cells
    assert Coverage(frozenset()).months == ()


@SETTINGS
@given(
    st.dictionaries(
        st.tuples(st.sampled_from(["A", "B"]), st.integers(1, 12), st.integers(1, 3)),
        st.floats(0, 1e6),
        max_size=20,
    ),
    st.dictionaries(
        st.tuples(st.sampled_from(["A", "B"]), st.integers(1, 12), st.integers(1, 3)),
        st.floats(0, 1e6),
        max_size=20,
    ),
)
def test_like_for_like_is_symmetric(
    current: dict[tuple[str, int, int], float], previous: dict[tuple[str, int, int], float]
) -> None:
    now = {Cell(s, D(2025, m, 1), c): v for (s, m, c), v in current.items()}
    before = {Cell(s, D(2024, m, 1), c): v for (s, m, c), v in previous.items()}
    forward, backward = like_for_like(now, before), like_for_like(before, now)
    assert (forward is None) == (backward is None) == (not current.keys() & previous.keys())
    if forward is not None and backward is not None:
        assert (forward.current, forward.previous) == (backward.previous, backward.current)
        assert forward.months == backward.months
