"""Which months, sites and scopes an inventory's data covers, so that part of a year never passes for all of it.

A *cell* is one (site, month, scope): it is covered when at least one activity row's period touches that month
at that site for an activity of that scope (a row spanning several months covers each of them, as the
calculation splits it over them). A year is *full* when every one of its twelve months is covered at some site
in some scope, and *partial* otherwise.

Comparing two years like with like (:func:`like_for_like`) keeps only the cells of the same site, month of
the year and scope that both years cover, so eight months of one year are set against the same eight months
of the other, never against all twelve.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import polars as pl

__all__ = [
    "Cell",
    "Comparison",
    "Coverage",
    "coverage_of_cube",
    "coverage_of_periods",
    "like_for_like",
    "month_runs",
]

MONTHS = tuple(range(1, 13))


class Cell(NamedTuple):
    """One site, month (its first day) and scope."""

    site: str
    month: dt.date
    scope: int


def _months_between(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


@dataclass(frozen=True)
class Coverage:
    """The set of covered cells, with the views every total needs (months, sites, scopes, years)."""

    cells: frozenset[Cell]

    def __or__(self, other: Coverage) -> Coverage:
        return Coverage(self.cells | other.cells)

    def __bool__(self) -> bool:
        return bool(self.cells)

    @property
    def months(self) -> tuple[dt.date, ...]:
        """Every month with data at some site in some scope, in order."""
        return tuple(sorted({cell.month for cell in self.cells}))

    @property
    def sites(self) -> tuple[str, ...]:
        return tuple(sorted({cell.site for cell in self.cells}))

    @property
    def scopes(self) -> tuple[int, ...]:
        return tuple(sorted({cell.scope for cell in self.cells}))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({cell.month.year for cell in self.cells}))

    def where(
        self, *, site: str | None = None, scope: int | None = None, year: int | None = None
    ) -> Coverage:
        """The cells of one site, scope and/or year."""
        return Coverage(
            frozenset(
                cell
                for cell in self.cells
                if (site is None or cell.site == site)
                and (scope is None or cell.scope == scope)
                and (year is None or cell.month.year == year)
            )
        )

    def month_numbers(self, year: int) -> tuple[int, ...]:
        """The months (1-12) of ``year`` with data."""
        return tuple(sorted({cell.month.month for cell in self.cells if cell.month.year == year}))

    def missing_months(self, year: int) -> tuple[int, ...]:
        """The months (1-12) of ``year`` without any data."""
        covered = set(self.month_numbers(year))
        return tuple(month for month in MONTHS if month not in covered)

    def is_full_year(self, year: int) -> bool:
        return not self.missing_months(year)

    def periods(self, year: int) -> tuple[tuple[dt.date, dt.date], ...]:
        """The covered stretches of ``year`` as (first day, last day), one per run of consecutive months."""
        result = []
        for first, last in month_runs(self.month_numbers(year)):
            end = dt.date(year + last // 12, last % 12 + 1, 1) - dt.timedelta(days=1)
            result.append((dt.date(year, first, 1), end))
        return tuple(result)

    def without_sites(self) -> Coverage:
        """The same months and scopes with every site merged into one (site ``""``)."""
        return Coverage(frozenset(Cell("", cell.month, cell.scope) for cell in self.cells))


def coverage_of_periods(periods: Iterable[tuple[str, dt.date, dt.date, int]]) -> Coverage:
    """Coverage of activity periods given as (site, first day, last day, scope)."""
    return Coverage(
        frozenset(
            Cell(site, month, scope)
            for site, start, end, scope in periods
            for month in _months_between(start, end)
        )
    )


def coverage_of_cube(cube: pl.DataFrame) -> Coverage:
    """Coverage of an inventory's monthly cube (:attr:`tanlu.carbon.inventory.Inventory.cube`): every
    (site, month, scope) it has a row for, whatever the row's emissions (a certificate's zero is data)."""
    frame = cube.select(pl.col("site").cast(pl.String), "month", pl.col("scope").cast(pl.Int64)).unique()
    return Coverage(frozenset(Cell(site, month, scope) for site, month, scope in frame.iter_rows()))


def month_runs(months: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive months as (first, last): ``[1, 2, 3, 5, 7, 8]`` → ``[(1, 3), (5, 5), (7, 8)]``."""
    runs: list[tuple[int, int]] = []
    for month in sorted(set(months)):
        if runs and runs[-1][1] == month - 1:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return runs


@dataclass(frozen=True)
class Comparison:
    """Two years' totals over the cells (site, month of the year, scope) that both cover.

    ``months`` are the months of the year compared; ``complete`` is True when that is every cell of both
    years (a plain full-year comparison); ``change_percent`` is None when the earlier total is zero.
    """

    months: tuple[int, ...]
    current: float
    previous: float
    complete: bool

    @property
    def change_percent(self) -> float | None:
        if self.previous == 0:
            return None
        return 100 * (self.current - self.previous) / self.previous


def _by_month_of_year(values: Mapping[Cell, float]) -> dict[tuple[str, int, int], float]:
    result: dict[tuple[str, int, int], float] = {}
    for cell, value in values.items():
        key = (cell.site, cell.month.month, cell.scope)
        result[key] = result.get(key, 0.0) + value
    return result


def like_for_like(current: Mapping[Cell, float], previous: Mapping[Cell, float]) -> Comparison | None:
    """Compare two years' values per cell on the cells both cover; None when they have none in common.

    If either side carries no sites (site ``""``, see :meth:`Coverage.without_sites`), both are compared
    without sites.
    """
    if any(cell.site == "" for cell in (*current, *previous)):
        current = _merge_sites(current)
        previous = _merge_sites(previous)
    now, before = _by_month_of_year(current), _by_month_of_year(previous)
    common = now.keys() & before.keys()
    if not common:
        return None
    return Comparison(
        months=tuple(sorted({month for _site, month, _scope in common})),
        current=sum(now[key] for key in common),
        previous=sum(before[key] for key in common),
        complete=common == now.keys() == before.keys() and len({k[1] for k in common}) == len(MONTHS),
    )


def _merge_sites(values: Mapping[Cell, float]) -> dict[Cell, float]:
    merged: dict[Cell, float] = {}
    for cell, value in values.items():
        key = Cell("", cell.month, cell.scope)
        merged[key] = merged.get(key, 0.0) + value
    return merged
