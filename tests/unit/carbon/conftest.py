"""Factories for carbon tests: the bundled factor set, organization factors and activity tables built in code."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from tanlu.carbon.activities import Activities, parse_activity_rows
from tanlu.carbon.factor_file import parse_factor_table
from tanlu.carbon.factors import Factor, FactorSet, load_bundled

HEADERS = ["site", "period_start", "period_end", "activity", "amount", "unit", "instrument"]
FACTOR_HEADERS = ["activity", "unit", "gas", "value", "scope", "category", "method", "source", "year"]

ActivityRow = Sequence[str]
MakeActivities = Callable[..., Activities]


def activity_row(
    activity: str,
    amount: str,
    unit: str,
    instrument: str = "",
    *,
    site: str = "A",
    start: str = "2023-01-01",
    end: str = "2023-01-31",
) -> list[str]:
    """One activity row in the canonical column order."""
    return [site, start, end, activity, amount, unit, instrument]


def org_factors(rows: Sequence[Sequence[str]]) -> list[Factor]:
    """Factors from rows in the factor file format (``year`` last, may be empty)."""
    return parse_factor_table(
        FACTOR_HEADERS, [list(r) for r in rows], list(range(2, 2 + len(rows))), file="org.csv"
    )


@pytest.fixture(scope="session")
def bundled() -> FactorSet:
    return load_bundled()


@pytest.fixture
def make_activities(bundled: FactorSet) -> MakeActivities:
    """Validate activity rows (lists in :data:`HEADERS` order) against a factor set (bundled by default)."""

    def make(rows: Sequence[ActivityRow], factors: FactorSet | None = None) -> Activities:
        return parse_activity_rows(
            HEADERS,
            [list(r) for r in rows],
            list(range(2, 2 + len(rows))),
            factors or bundled,
            file="test.csv",
        )

    return make
