"""The records survey statistics come in (:mod:`tanlu.survey.stats` computes them): each question's counts and
option shares with the base they are shares of, a whole survey's, a cross-tab, and two waves compared.

Plain frozen dataclasses holding exact integer counts; the shares they derive are full-precision floats, rounded
only at output (:func:`tanlu.survey.stats.percent_for_output`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "BASES",
    "Base",
    "CrossTab",
    "Filter",
    "NumericSummary",
    "OptionChange",
    "OptionCount",
    "QuestionChange",
    "QuestionStats",
    "SurveyStats",
    "WaveComparison",
]

Base = Literal["shown", "answered", "respondents"]
BASES: tuple[Base, ...] = ("shown", "answered", "respondents")


@dataclass(frozen=True)
class Filter:
    """Keep respondents whose answer to ``field`` (a question or an attribute) is one of ``values``."""

    field: str
    values: frozenset[str]

    @classmethod
    def of(cls, field: str, *values: str) -> Filter:
        return cls(field, frozenset(values))


@dataclass(frozen=True)
class OptionCount:
    name: str
    label: dict[str, str]
    count: int
    base_n: int

    @property
    def percent(self) -> float:
        """Full-precision share of the base in percent."""
        return self.count * 100 / self.base_n if self.base_n else 0.0


@dataclass(frozen=True)
class NumericSummary:
    count: int
    mean: float
    median: float
    minimum: float
    maximum: float


@dataclass(frozen=True)
class QuestionStats:
    name: str
    type: str
    label: dict[str, str]
    shown: int
    answered: int
    base: Base
    base_n: int
    options: tuple[OptionCount, ...] = ()
    answers: tuple[str, ...] = ()
    numeric: NumericSummary | None = None

    @property
    def skipped(self) -> int:
        return self.shown - self.answered

    @property
    def exceeds_100(self) -> bool:
        """True when option shares add up to more than 100% (respondents could pick several)."""
        return sum(option.count for option in self.options) > self.base_n


@dataclass(frozen=True)
class SurveyStats:
    survey: str
    title: dict[str, str]
    respondents: int
    base: Base
    filters: tuple[Filter, ...]
    questions: tuple[QuestionStats, ...]

    def question(self, name: str) -> QuestionStats:
        for question in self.questions:
            if question.name == name:
                return question
        raise KeyError(name)


@dataclass(frozen=True)
class CrossTab:
    """Counts of respondents by (row option, column option), among those who answered both questions.

    ``row_totals[i]`` respondents picked row option i, ``column_totals[j]`` picked column option j; row
    percents divide by ``row_totals``, column percents by ``column_totals`` (full precision; for
    select_multiple questions a row or column can exceed 100%).
    """

    row_question: str
    column_question: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...]
    column_totals: tuple[int, ...]
    n: int

    def row_percent(self) -> tuple[tuple[float, ...], ...]:
        return tuple(
            tuple(count * 100 / total if total else 0.0 for count in row)
            for row, total in zip(self.counts, self.row_totals, strict=True)
        )

    def column_percent(self) -> tuple[tuple[float, ...], ...]:
        return tuple(
            tuple(
                count * 100 / total if total else 0.0
                for count, total in zip(row, self.column_totals, strict=True)
            )
            for row in self.counts
        )


@dataclass(frozen=True)
class OptionChange:
    """One option in two waves; a percent is ``None`` when that wave's form had no such option."""

    name: str
    label: dict[str, str]
    earlier_count: int
    later_count: int
    earlier_percent: float | None
    later_percent: float | None

    @property
    def change(self) -> float | None:
        """Change in percentage points, later minus earlier (full precision)."""
        if self.earlier_percent is None or self.later_percent is None:
            return None
        return self.later_percent - self.earlier_percent


@dataclass(frozen=True)
class QuestionChange:
    name: str
    type: str
    label: dict[str, str]
    earlier_base_n: int
    later_base_n: int
    options: tuple[OptionChange, ...]


@dataclass(frozen=True)
class WaveComparison:
    earlier: str
    later: str
    base: Base
    questions: tuple[QuestionChange, ...]
