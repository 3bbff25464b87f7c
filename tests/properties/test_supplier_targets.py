"""Invariants of supplier target progress: units do not matter, the path only falls, a part on its path is on track."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tanlu.exchange.supplier_targets import Observation, allowed_ratio, intensity_progress, share_path

values = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)
rates = st.floats(min_value=0.0, max_value=50.0, allow_nan=False)
years = st.integers(min_value=2015, max_value=2040)


@given(
    st.lists(st.tuples(st.sampled_from("ABC"), st.integers(0, 6), values), min_size=1, max_size=12),
    rates,
    st.floats(min_value=0.001, max_value=1000.0),
)
def test_scaling_every_footprint_changes_no_judgement(
    points: list[tuple[str, int, float]], rate: float, factor: float
) -> None:
    """Grams instead of kilograms (every value × the same factor) give the same progress."""
    observations = [Observation(part, 2020 + offset, value) for part, offset, value in points]
    scaled = [Observation(o.part, o.year, o.value * factor) for o in observations]
    first = intensity_progress(observations, base_year=2020, annual_reduction_percent=rate, target_year=2030)
    second = intensity_progress(scaled, base_year=2020, annual_reduction_percent=rate, target_year=2030)
    assert [p.on_track for p in first.parts] == [p.on_track for p in second.parts]
    if first.achieved_percent is not None:
        assert abs(first.achieved_percent - second.achieved_percent) < 1e-6  # type: ignore[operator]


@given(rates, st.integers(0, 30))
def test_the_path_never_rises(rate: float, span: int) -> None:
    assert allowed_ratio(rate, span + 1) <= allowed_ratio(rate, span) <= 1.0


@given(values, rates, st.integers(1, 15))
def test_a_part_exactly_on_its_path_is_on_track(base: float, rate: float, span: int) -> None:
    latest = base * allowed_ratio(rate, span)
    progress = intensity_progress(
        [Observation("A", 2020, base), Observation("A", 2020 + span, latest)],
        base_year=2020,
        annual_reduction_percent=rate,
        target_year=2035,
    )
    if latest > 0:
        assert progress.on_track is True


@given(years, st.floats(0, 100), st.integers(1, 20), st.floats(0, 100), years)
def test_the_share_path_stays_between_its_ends(
    base_year: int, base: float, span: int, target: float, year: int
) -> None:
    value = share_path(base_year, base, base_year + span, target, year)
    assert min(base, target) - 1e-9 <= value <= max(base, target) + 1e-9
