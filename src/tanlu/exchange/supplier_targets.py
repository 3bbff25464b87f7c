"""Progress against the targets a customer sets its suppliers, from plain numbers (no Django, no database).

Three kinds of target, each with its path and its judgement:

``intensity``
    The footprint per declared unit of a part family falls by ``r`` % a year, compounded from the base year::

        allowed(part, year) = base(part) × (1 − r/100) ** (year − start(part))

    ``base(part)`` is the part's footprint for the base year, or (a part first reported later) its first footprint
    after it, and ``start(part)`` that footprint's year. A part is on track when its latest footprint is at most
    ``allowed`` for the latest footprint's year; the family when the mean ratio latest/base is at most the mean
    allowed ratio (every part weighs the same, whatever its unit). Parts with one footprint only are listed but not
    judged.
``share``
    A share (renewable electricity) rises in a straight line from the base share in the base year to the target
    share in the target year; the latest reported share is on track when it is at least the line's value that year.
``deadline``
    Every requested part of the family has an accepted footprint on or before a date.

Ratios, not absolute values, are compared, so a family mixing pieces and kilograms is judged fairly and a change of
unit of mass (multiplying every value by the same number) changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

__all__ = [
    "DeadlineProgress",
    "Disclosure",
    "IntensityProgress",
    "Observation",
    "PartProgress",
    "ShareProgress",
    "allowed_ratio",
    "deadline_progress",
    "intensity_progress",
    "share_path",
    "share_progress",
]

_TOLERANCE = 1e-9
MET, OPEN, MISSED = "met", "open", "missed"


@dataclass(frozen=True)
class Observation:
    """One accepted footprint: a part, the year its reference period ended, kg CO2e per declared unit."""

    part: str
    year: int
    value: float


@dataclass(frozen=True)
class PartProgress:
    part: str
    start_year: int
    base: float
    latest_year: int
    latest: float
    #: the most the latest footprint may be to be on the path
    allowed: float

    @property
    def judged(self) -> bool:
        """Whether there is a later footprint to compare with the base."""
        return self.latest_year > self.start_year

    @property
    def change_percent(self) -> float | None:
        """How much the footprint changed since the base, in percent (negative: it fell)."""
        if self.base <= 0:
            return None
        return 100.0 * (self.latest / self.base - 1.0)

    @property
    def on_track(self) -> bool | None:
        return self.latest <= self.allowed + _TOLERANCE * max(1.0, abs(self.allowed)) if self.judged else None


@dataclass(frozen=True)
class IntensityProgress:
    parts: tuple[PartProgress, ...]
    #: every year from the base year to the later of the target year and the latest footprint
    years: tuple[int, ...]
    #: per year, the mean of value/base × 100 over the parts with a footprint that year (None: none)
    index: tuple[float | None, ...]
    #: per year, the path 100 × (1 − r/100) ** (year − base year)
    path: tuple[float, ...]
    #: mean reduction achieved (percent of the base) and required, over the judged parts
    achieved_percent: float | None
    required_percent: float | None

    @property
    def on_track(self) -> bool | None:
        if self.achieved_percent is None or self.required_percent is None:
            return None
        return self.achieved_percent + _TOLERANCE >= self.required_percent


def allowed_ratio(annual_reduction_percent: float, years: int) -> float:
    """``(1 − r/100) ** years``: what is left of the base after ``years`` years on the path (1 for no year)."""
    return (1.0 - annual_reduction_percent / 100.0) ** max(years, 0)


def intensity_progress(
    observations: Iterable[Observation],
    *,
    base_year: int,
    annual_reduction_percent: float,
    target_year: int,
) -> IntensityProgress:
    """The family's progress against ``−annual_reduction_percent`` % a year from ``base_year``.

    Footprints before the base year and non-positive ones are left out; for a part with several footprints in one
    year, the last one given counts.
    """
    by_part: dict[str, dict[int, float]] = {}
    for point in observations:
        if point.year >= base_year and point.value > 0:
            by_part.setdefault(point.part, {})[point.year] = point.value
    parts: list[PartProgress] = []
    for part in sorted(by_part):
        values = by_part[part]
        start, latest = min(values), max(values)
        base = values[start]
        parts.append(
            PartProgress(
                part=part,
                start_year=start,
                base=base,
                latest_year=latest,
                latest=values[latest],
                allowed=base * allowed_ratio(annual_reduction_percent, latest - start),
            )
        )
    last = max([target_year, base_year, *(p.latest_year for p in parts)])
    years = tuple(range(base_year, last + 1))
    index: list[float | None] = []
    for year in years:
        ratios = [
            by_part[p.part][year] / p.base for p in parts if year in by_part[p.part] and year >= p.start_year
        ]
        index.append(100.0 * sum(ratios) / len(ratios) if ratios else None)
    judged = [p for p in parts if p.judged]
    achieved = required = None
    if judged:
        achieved = 100.0 * (1.0 - sum(p.latest / p.base for p in judged) / len(judged))
        required = 100.0 * (1.0 - sum(p.allowed / p.base for p in judged) / len(judged))
    return IntensityProgress(
        parts=tuple(parts),
        years=years,
        index=tuple(index),
        path=tuple(100.0 * allowed_ratio(annual_reduction_percent, y - base_year) for y in years),
        achieved_percent=achieved,
        required_percent=required,
    )


@dataclass(frozen=True)
class ShareProgress:
    base_year: int
    base: float
    target_year: int
    target: float
    latest_year: int | None
    latest: float | None
    #: the straight line's value in the latest reported year
    path_value: float | None
    #: how far from the base share to the target share the latest one is, in percent of the way
    done_percent: float | None

    @property
    def on_track(self) -> bool | None:
        if self.latest is None or self.path_value is None:
            return None
        return self.latest + _TOLERANCE >= self.path_value


def share_path(base_year: int, base: float, target_year: int, target: float, year: int) -> float:
    """The straight line from (base year, base) to (target year, target), held at both ends."""
    if target_year <= base_year or year >= target_year:
        return target if year >= base_year else base
    if year <= base_year:
        return base
    return base + (target - base) * (year - base_year) / (target_year - base_year)


def share_progress(
    *,
    base_year: int,
    base: float,
    target_year: int,
    target: float,
    readings: Sequence[tuple[int, float]] = (),
) -> ShareProgress:
    """The latest reading (year, share in percent) against the line from ``base`` to ``target``."""
    latest_year, latest = max(readings) if readings else (None, None)
    path_value = done = None
    if latest_year is not None and latest is not None:
        path_value = share_path(base_year, base, target_year, target, latest_year)
        if target != base:
            done = 100.0 * (latest - base) / (target - base)
    return ShareProgress(base_year, base, target_year, target, latest_year, latest, path_value, done)


@dataclass(frozen=True)
class Disclosure:
    """A requested part and the day its first footprint was accepted (None: not yet)."""

    part: str
    accepted_on: date | None


@dataclass(frozen=True)
class DeadlineProgress:
    deadline: date
    requested: int
    in_time: int
    late: int
    #: ``met`` (every part accepted by the deadline), ``open`` (not yet due) or ``missed``
    status: str

    @property
    def done_percent(self) -> float | None:
        return 100.0 * (self.in_time + self.late) / self.requested if self.requested else None


def deadline_progress(parts: Iterable[Disclosure], *, deadline: date, today: date) -> DeadlineProgress:
    """Whether every requested part had an accepted footprint by ``deadline`` (each part counted once)."""
    first: dict[str, date | None] = {}
    for item in parts:
        known = first.get(item.part)
        if item.accepted_on is not None and (known is None or item.accepted_on < known):
            first[item.part] = item.accepted_on
        else:
            first.setdefault(item.part, known)
    in_time = sum(1 for day in first.values() if day is not None and day <= deadline)
    late = sum(1 for day in first.values() if day is not None and day > deadline)
    if first and in_time == len(first):
        status = MET
    elif today <= deadline:
        status = OPEN
    else:
        status = MISSED
    return DeadlineProgress(deadline, len(first), in_time, late, status)
