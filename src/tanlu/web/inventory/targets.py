"""Reduction targets: emissions (absolute, or per unit of production) against a straight path from the base year.

A year whose data misses months (or a partial base year) is compared with the base year on the same months,
sites and scopes only (:func:`tanlu.web.inventory.covered.compare`), and is not drawn on the chart as if it were
a full year; an intensity target cannot be judged on part of a year, since production is entered per year.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tanlu import charts
from tanlu.web.inventory import covered as data_coverage
from tanlu.web.inventory.calculation import latest_runs_by_year
from tanlu.web.inventory.models import CalculationRun, ProductionMetric, Target


def covered(run: CalculationRun, target: Target) -> float:
    scope2 = run.scope2_market if target.basis == "market" else run.scope2_location
    if target.coverage == "s3":
        return run.scope3
    return run.scope1 + scope2 + (run.scope3 if target.coverage == "s123" else 0.0)


def progress(target: Target) -> dict[str, Any]:
    """Per year with a run: the covered emissions, their intensity, the path value and the reduction so far."""
    runs = latest_runs_by_year(target.organization)
    metrics = {m.year: m for m in ProductionMetric.objects.filter(organization=target.organization)}

    def value(year: int) -> float | None:
        run = runs.get(year)
        if run is None:
            return None
        emissions = covered(run, target)
        if target.kind == "intensity":
            metric = metrics.get(year)
            return emissions / metric.value if metric and metric.value else None
        return emissions

    scopes = {"s12": (1, 2), "s123": (1, 2, 3), "s3": (3,)}[target.coverage]
    coverages = {year: data_coverage.coverage(run) for year, run in runs.items()}
    base_run = runs.get(target.base_year)
    base_full = base_run is not None and coverages[target.base_year].is_full_year(target.base_year)
    base = value(target.base_year)
    span = max(target.target_year - target.base_year, 1)
    years = sorted({*runs, target.base_year, target.target_year})
    rows = []
    for year in years:
        actual = value(year)
        path = None
        required = target.reduction_percent * (year - target.base_year) / span
        if base is not None and target.base_year <= year <= target.target_year:
            path = base * (1 - required / 100)
        full = year in coverages and coverages[year].is_full_year(year)
        row: dict[str, Any] = {
            "year": year,
            "label": data_coverage.year_label(year, coverages[year]) if year in coverages else str(year),
            "partial": year in coverages and not full,
            "actual": actual,
            "chart": actual if full else None,
            "path": path,
            "metric": metrics.get(year),
            "same_months": "",
            "comparable": True,
        }
        if (full and base_full) or year == target.base_year or actual is None or base_run is None:
            reduction = 100 * (base - actual) / base if base and actual is not None else None
            row["on_track"] = actual is not None and path is not None and actual <= path + 1e-9
        else:
            comparison = None
            if target.kind != "intensity":
                comparison = data_coverage.compare(runs[year], base_run, target.basis, scopes)
            change = comparison.change_percent if comparison is not None else None
            reduction = -change if change is not None else None
            row["comparable"] = reduction is not None
            row["same_months"] = data_coverage.months_label(comparison.months) if comparison else ""
            row["on_track"] = reduction is not None and reduction + 1e-9 >= required
        row["reduction"] = reduction
        rows.append(row)
    unit = "t CO2e"
    if target.kind == "intensity":
        metric_unit = next((m.unit for m in metrics.values()), "")
        unit = f"t CO2e / {metric_unit}" if metric_unit else "t CO2e / unit"
    chart = (
        charts.line_chart(
            [str(r["year"]) for r in rows],
            {_("Actual"): [r["chart"] for r in rows], _("Target path"): [r["path"] for r in rows]},
            unit=unit,
            title=target.name,
        )
        if rows
        else ""
    )
    latest = next(
        (r for r in reversed(rows) if r["actual"] is not None and r["year"] != target.base_year), None
    )
    base_label = rows[years.index(target.base_year)]["label"] if base_run is not None else ""
    return {
        "base_full": base_full,
        "base_label": base_label,
        "partial_years": [r["label"] for r in rows if r["partial"]],
        "target": target,
        "rows": rows,
        "base": base,
        "unit": unit,
        "chart": chart,
        "latest": latest,
        "goal": base * (1 - target.reduction_percent / 100) if base is not None else None,
    }
