"""A stored run's coverage (which sites, months and scopes have data) in the reader's words, and year-over-year
comparisons on the same months only (issue #12 item 1).

A run stores one ``coverage`` result line per month, scope and site with data (key ``month|scope|site``, see
:func:`tanlu.web.inventory.calculation.calculate`); a run stored before those lines existed falls back on its
``month_scope`` lines, without sites.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.dates import MONTHS_3
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tanlu.carbon.coverage import Cell, Comparison, Coverage, like_for_like, month_runs
from tanlu.web.inventory.calculation import lines
from tanlu.web.inventory.explaining import Language, language
from tanlu.web.inventory.models import CalculationRun

SCOPES = (1, 2, 3)


def cells(run: CalculationRun, basis: str = "market") -> dict[Cell, float]:
    """t CO2e per covered cell of ``run`` on ``basis`` (``market`` or ``location``)."""
    found: dict[Cell, float] = {}
    stored = lines(run, "coverage")
    for line in stored or lines(run, "month_scope"):
        parts = line.key.split("|", 2)
        site = parts[2] if len(parts) == 3 else ""
        cell = Cell(site, dt.date.fromisoformat(parts[0]), int(parts[1]))
        found[cell] = line.market_t if basis == "market" else line.location_t
    return found


def coverage(run: CalculationRun) -> Coverage:
    return Coverage(frozenset(cells(run)))


def _lang(lang: Language | None) -> Language:
    return lang or language(get_language())


def months_label(months: Iterable[int], lang: Language | None = None) -> str:
    """``Jan–Aug, Oct`` in English, ``1–8、10 月`` in Chinese."""
    runs = month_runs(months)
    if _lang(lang) == "zh":
        parts = [str(a) if a == b else f"{a}–{b}" for a, b in runs]
        return "、".join(parts) + " 月" if parts else ""

    def name(month: int) -> str:
        return str(MONTHS_3[month]).capitalize()

    return ", ".join(name(a) if a == b else f"{name(a)}–{name(b)}" for a, b in runs)


def year_label(year: int, covered: Coverage, lang: Language | None = None) -> str:
    """``2025`` for a full year, ``2025 (partial: Jan–Aug)`` / ``2025 年（部分：1–8 月）`` otherwise."""
    if covered.is_full_year(year):
        return str(year)
    return _("%(year)s (partial: %(months)s)") % {
        "year": year,
        "months": months_label(covered.month_numbers(year), lang),
    }


def short_year_label(year: int, covered: Coverage) -> str:
    """A chart axis label: ``2025`` or ``2025 (partial)``."""
    return str(year) if covered.is_full_year(year) else _("%(year)s (partial)") % {"year": year}


def period_text(year: int, covered: Coverage) -> str:
    """The covered period: ``2025-01-01 – 2025-08-31`` (several stretches separated by commas)."""
    return ", ".join(f"{start.isoformat()} – {end.isoformat()}" for start, end in covered.periods(year))


def summary(run: CalculationRun, lang: Language | None = None) -> dict[str, Any]:
    """Everything a page shows about ``run``'s coverage: labels, missing months, per-site and per-scope rows."""
    covered = coverage(run).where(year=run.year)
    year = run.year
    has_sites = any(site for site in covered.sites)

    def months_or_none(part: Coverage) -> str:
        months = part.month_numbers(year)
        if not months:
            return ""
        return _("all year") if len(months) == 12 else months_label(months, lang)

    site_rows = [
        {
            "site": site,
            "months": months_or_none(covered.where(site=site)),
            "scopes": [months_or_none(covered.where(site=site, scope=scope)) for scope in SCOPES],
        }
        for site in (covered.sites if has_sites else ())
    ]
    return {
        "coverage": covered,
        "full": covered.is_full_year(year),
        "label": year_label(year, covered, lang),
        "months": months_label(covered.month_numbers(year), lang),
        "missing": months_label(covered.missing_months(year), lang),
        "period": period_text(year, covered),
        "scopes": {str(scope): bool(covered.where(scope=scope)) for scope in SCOPES},
        "scope_months": {str(scope): months_or_none(covered.where(scope=scope)) for scope in SCOPES},
        "site_rows": site_rows,
    }


def compare(
    run: CalculationRun, previous: CalculationRun, basis: str = "market", scopes: tuple[int, ...] = SCOPES
) -> Comparison | None:
    """``run`` against ``previous`` on the sites, months of the year and scopes both cover."""
    now = {cell: value for cell, value in cells(run, basis).items() if cell.scope in scopes}
    before = {cell: value for cell, value in cells(previous, basis).items() if cell.scope in scopes}
    return like_for_like(now, before)


def comparison_text(comparison: Comparison | None, previous_year: int, lang: Language | None = None) -> str:
    """``−3.2% vs 2024`` for full years, ``−3.2% vs Jan–Aug 2024 (same months)``, or why there is none."""
    if comparison is None:
        return _("not comparable with %(year)s: no months in common") % {"year": previous_year}
    change = comparison.change_percent
    if change is None:
        return _("not comparable with %(year)s: zero in the same months") % {"year": previous_year}
    percent = f"{change:+.1f}".replace("-", "−")
    if comparison.complete:
        return _("%(percent)s%% vs %(year)s") % {"percent": percent, "year": previous_year}
    return _("%(percent)s%% vs %(months)s %(year)s (same months, sites and scopes)") % {
        "percent": percent,
        "months": months_label(comparison.months, lang),
        "year": previous_year,
    }
