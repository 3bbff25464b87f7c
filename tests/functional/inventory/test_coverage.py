"""Eight months never pass for a full year (issue #12 item 1): with all of 2024 and January–August 2025, the
dashboard, the targets and the report label 2025 partial, compare it with January–August 2024 only, give the
covered period, and never draw "not reported" as zero."""

from __future__ import annotations

import calendar
import io
import re
from typing import Any

import openpyxl
import pytest

from tanlu.web.inventory.models import CalculationRun, ProductionMetric, ResultLine, Target

from .conftest import import_csv
from .files import gbk_csv

pytestmark = pytest.mark.django_db


def _month_rows(year: int, months: range, factor: float) -> list[tuple[str, ...]]:
    rows = []
    for month in months:
        end = calendar.monthrange(year, month)[1]
        start, stop = f"{year}-{month:02d}-01", f"{year}-{month:02d}-{end:02d}"
        rows.append(("一厂", start, stop, "natural_gas", f"{1000 * factor:g}", "立方米", "", "锅炉"))
        rows.append(("二厂", start, stop, "electricity_cn_east_2023", f"{100 * factor:g}", "MWh", "", "电费"))
    return rows


@pytest.fixture
def two_years(tenant: Any) -> dict[int, CalculationRun]:
    """All of 2024, and January–August 2025 at 90% of 2024's amounts (Scope 3 not reported)."""
    rows = _month_rows(2024, range(1, 13), 1.0) + _month_rows(2025, range(1, 9), 0.9)
    import_csv(tenant.client, gbk_csv(rows))
    runs = {}
    for year in (2024, 2025):
        response = tenant.client.post("/inventory/calculate/", {"year": year, "gwp": "AR6"})
        assert response.status_code == 302
        runs[year] = CalculationRun.objects.filter(year=year).latest("created_at", "id")
    return runs


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_run_stores_its_coverage_per_site_month_and_scope(two_years: dict[int, CalculationRun]) -> None:
    keys = set(
        ResultLine.objects.filter(run=two_years[2025], dimension="coverage").values_list("key", flat=True)
    )
    assert "2025-08-01|1|一厂" in keys
    assert "2025-08-01|2|二厂" in keys
    assert not any(key.startswith("2025-09") for key in keys)
    assert len(keys) == 16


def test_the_dashboard_labels_the_partial_year_and_compares_the_same_months(
    tenant: Any, two_years: dict[int, CalculationRun]
) -> None:
    page = tenant.client.get("/inventory/?year=2025").content.decode()
    text = _text(page)
    assert "2025 (partial: Jan–Aug)" in text
    assert "No data for Sep–Dec 2025" in text
    # like with like: −10% against January–August 2024, never 8 months against 12 (−40%)
    assert "−10.0% vs Jan–Aug 2024 (same months, sites and scopes)" in text
    assert "40.0%" not in text
    # Scope 3 has no data: the card says so instead of drawing 0.0
    card = page.split('data-figure="scope3"', 1)[1].split("</a>", 1)[0]
    assert "not reported" in card
    assert "0.0" not in _text(card.split(">", 1)[1])
    # the coverage table names each site's months per scope
    coverage = _text(page.split('id="coverage"', 1)[1].split("</section>", 1)[0])
    assert "一厂 Jan–Aug not reported not reported" in coverage
    assert "二厂 not reported Jan–Aug not reported" in coverage
    assert "2025 (partial)" in page  # the year-over-year chart's axis


def test_a_full_year_is_not_labelled_partial(tenant: Any, two_years: dict[int, CalculationRun]) -> None:
    text = _text(tenant.client.get("/inventory/?year=2024").content.decode())
    assert "2024 (partial" not in text
    assert "Data for" not in text
    assert "Every month of the year has data." in text


def test_target_progress_compares_the_same_months(tenant: Any, two_years: dict[int, CalculationRun]) -> None:
    target = Target.objects.create(
        organization=tenant.organization,
        name="S1+2 -42%",
        kind="absolute",
        coverage="s12",
        basis="market",
        base_year=2024,
        target_year=2030,
        reduction_percent=42,
    )
    text = _text(tenant.client.get("/inventory/targets/").content.decode())
    assert "2025 (partial: Jan–Aug): 10.0% below the same months of the base year (Jan–Aug)" in text
    assert "on track" in text  # 10% ≥ the 7% the straight path asks for after one of six years
    assert "40.0% below" not in text
    detail = _text(tenant.client.get(f"/inventory/targets/{target.pk}/").content.decode())
    assert "2025 (partial: Jan–Aug)" in detail
    assert "10.0% (same months: Jan–Aug)" in detail


def test_an_intensity_target_cannot_be_judged_on_part_of_a_year(
    tenant: Any, two_years: dict[int, CalculationRun]
) -> None:
    Target.objects.create(
        organization=tenant.organization,
        name="per unit",
        kind="intensity",
        coverage="s12",
        basis="market",
        base_year=2024,
        target_year=2030,
        reduction_percent=30,
    )
    for year in (2024, 2025):
        ProductionMetric.objects.create(
            organization=tenant.organization, year=year, value=1000, unit="pieces"
        )
    text = _text(tenant.client.get("/inventory/targets/").content.decode())
    assert "2025 (partial: Jan–Aug): cannot be compared with the base year" in text


def test_the_report_gives_the_covered_period(tenant: Any, two_years: dict[int, CalculationRun]) -> None:
    run = two_years[2025]
    page = tenant.client.get(f"/inventory/runs/{run.pk}/report/").content.decode()
    period = _text(page.split('data-figure="period"', 1)[1].split("</td>", 1)[0])
    assert "2025-01-01 – 2025-08-31" in period
    assert "2025-12-31" not in period
    assert "2025 (partial: Jan–Aug)" in period
    summary = _text(page.split("4. Summary", 1)[1].split("</table>", 1)[0])
    assert re.search(r"Scope 3 not reported", summary)


def test_the_report_workbook_gives_the_covered_period_and_coverage(
    tenant: Any, two_years: dict[int, CalculationRun]
) -> None:
    run = two_years[2025]
    response = tenant.client.get(f"/inventory/runs/{run.pk}/report.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    report = {(row[0], row[1]): row[2] for row in book["Report"].iter_rows(min_row=2, values_only=True)}
    assert report[("Period", "Reporting year")] == "2025 (partial: Jan–Aug)"
    assert report[("Period", "Reporting period")] == "2025-01-01 – 2025-08-31"
    assert report[("Period", "Months without data")] == "Sep–Dec"
    assert report[("Totals", "Scope 3")] == "not reported"
    coverage = list(book["Coverage"].iter_rows(min_row=2, values_only=True))
    assert ("一厂", "2025-08", "data", "no data", "no data") in coverage
    assert ("一厂", "2025-09", "no data", "no data", "no data") in coverage


def test_the_chinese_dashboard_labels_the_partial_year(
    tenant: Any, two_years: dict[int, CalculationRun]
) -> None:
    """Needs the catalogue entries of /work/notes/helper-coverage-zh.tsv (months are numbered in Chinese)."""
    page = tenant.client.get("/inventory/?year=2025", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    text = _text(page)
    assert "2025 年（部分：1–8 月）" in text
    assert "较 2024 年 1–8 月 −10.0%" in text
    assert "9–12 月" in text
