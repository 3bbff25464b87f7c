"""Reduction targets: emissions (absolute, or per unit of production) against a straight path from the base year."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tanlu import charts
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

    base = value(target.base_year)
    span = max(target.target_year - target.base_year, 1)
    years = sorted({*runs, target.base_year, target.target_year})
    rows = []
    for year in years:
        actual = value(year)
        path = None
        if base is not None and target.base_year <= year <= target.target_year:
            path = base * (1 - target.reduction_percent / 100 * (year - target.base_year) / span)
        reduction = 100 * (base - actual) / base if base and actual is not None else None
        rows.append(
            {
                "year": year,
                "actual": actual,
                "path": path,
                "reduction": reduction,
                "on_track": actual is not None and path is not None and actual <= path + 1e-9,
                "metric": metrics.get(year),
            }
        )
    unit = "t CO2e"
    if target.kind == "intensity":
        metric_unit = next((m.unit for m in metrics.values()), "")
        unit = f"t CO2e / {metric_unit}" if metric_unit else "t CO2e / unit"
    chart = (
        charts.line_chart(
            [str(r["year"]) for r in rows],
            {_("Actual"): [r["actual"] for r in rows], _("Target path"): [r["path"] for r in rows]},
            unit=unit,
            title=target.name,
        )
        if rows
        else ""
    )
    latest = next(
        (r for r in reversed(rows) if r["actual"] is not None and r["year"] != target.base_year), None
    )
    return {
        "target": target,
        "rows": rows,
        "base": base,
        "unit": unit,
        "chart": chart,
        "latest": latest,
        "goal": base * (1 - target.reduction_percent / 100) if base is not None else None,
    }
