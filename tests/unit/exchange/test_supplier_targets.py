"""Progress against supplier targets: worked examples of the three kinds, computed by hand in each docstring."""

from __future__ import annotations

from datetime import date

import pytest

from tanlu.exchange.supplier_targets import (
    Disclosure,
    Observation,
    allowed_ratio,
    deadline_progress,
    intensity_progress,
    share_path,
    share_progress,
)


def test_a_part_on_the_path_is_on_track() -> None:
    """10 kg in 2023, −5 % a year: 2025 allows 10 × 0.95² = 9.025 kg; 9.0 is on track, 9.1 is not."""
    good = intensity_progress(
        [Observation("A", 2023, 10.0), Observation("A", 2025, 9.0)],
        base_year=2023,
        annual_reduction_percent=5.0,
        target_year=2030,
    )
    (part,) = good.parts
    assert part.allowed == pytest.approx(9.025)
    assert part.change_percent == pytest.approx(-10.0)
    assert part.on_track is True
    assert good.achieved_percent == pytest.approx(10.0)
    assert good.required_percent == pytest.approx(9.75)
    assert good.on_track is True
    bad = intensity_progress(
        [Observation("A", 2023, 10.0), Observation("A", 2025, 9.1)],
        base_year=2023,
        annual_reduction_percent=5.0,
        target_year=2030,
    )
    assert bad.parts[0].on_track is False
    assert bad.on_track is False


def test_the_index_and_path_run_from_the_base_year_to_the_target_year() -> None:
    """Two parts (pieces and kilograms): the index is their mean ratio to their base, × 100."""
    progress = intensity_progress(
        [
            Observation("A", 2024, 10.0),
            Observation("B", 2024, 2.0),
            Observation("A", 2025, 8.0),
            Observation("B", 2025, 2.0),
        ],
        base_year=2024,
        annual_reduction_percent=10.0,
        target_year=2026,
    )
    assert progress.years == (2024, 2025, 2026)
    assert progress.index == (pytest.approx(100.0), pytest.approx(90.0), None)
    assert progress.path == (pytest.approx(100.0), pytest.approx(90.0), pytest.approx(81.0))
    assert progress.achieved_percent == pytest.approx(10.0)
    assert progress.on_track is True


def test_a_part_reported_once_or_before_the_base_year_is_not_judged() -> None:
    progress = intensity_progress(
        [Observation("A", 2020, 50.0), Observation("A", 2025, 10.0), Observation("B", 2025, 0.0)],
        base_year=2023,
        annual_reduction_percent=5.0,
        target_year=2030,
    )
    (part,) = progress.parts  # B (zero) is left out, A's 2020 value too
    assert part.start_year == part.latest_year == 2025
    assert part.judged is False
    assert part.on_track is None
    assert progress.on_track is None


def test_share_path_and_progress() -> None:
    """20 % in 2024 to 60 % in 2028: 40 % in 2026 is exactly on the line and half the way."""
    assert share_path(2024, 20.0, 2028, 60.0, 2026) == pytest.approx(40.0)
    assert share_path(2024, 20.0, 2028, 60.0, 2030) == pytest.approx(60.0)
    assert share_path(2024, 20.0, 2028, 60.0, 2020) == pytest.approx(20.0)
    progress = share_progress(
        base_year=2024, base=20.0, target_year=2028, target=60.0, readings=[(2026, 40.0)]
    )
    assert progress.on_track is True
    assert progress.done_percent == pytest.approx(50.0)
    behind = share_progress(base_year=2024, base=20.0, target_year=2028, target=60.0, readings=[(2026, 35.0)])
    assert behind.on_track is False
    assert share_progress(base_year=2024, base=20.0, target_year=2028, target=60.0).on_track is None


def test_deadline_met_open_and_missed() -> None:
    deadline = date(2026, 6, 30)
    parts = [Disclosure("A", date(2026, 5, 1)), Disclosure("B", None), Disclosure("B", date(2026, 6, 30))]
    met = deadline_progress(parts, deadline=deadline, today=date(2026, 7, 1))
    assert (met.requested, met.in_time, met.late, met.status) == (2, 2, 0, "met")
    waiting = deadline_progress([Disclosure("A", None)], deadline=deadline, today=date(2026, 6, 1))
    assert waiting.status == "open"
    assert waiting.done_percent == 0.0
    late = deadline_progress([Disclosure("A", date(2026, 7, 2))], deadline=deadline, today=date(2026, 7, 3))
    assert (late.late, late.status) == (1, "missed")
    assert deadline_progress([], deadline=deadline, today=date(2026, 1, 1)).done_percent is None


def test_allowed_ratio_never_grows_for_negative_years() -> None:
    assert allowed_ratio(5.0, -3) == 1.0
    assert allowed_ratio(5.0, 0) == 1.0
