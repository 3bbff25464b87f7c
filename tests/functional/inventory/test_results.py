"""Results: calculation runs that reproduce and keep their factor-set version, the dashboard against the core,
explanations with factor and source, the report as PDF and XLSX, the method guide, targets and roles."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tanlu.carbon.activities import read_activities
from tanlu.carbon.factors import load_bundled
from tanlu.carbon.inventory import calculate_inventory
from tanlu.web.accounts.models import Role
from tanlu.web.inventory.models import CalculationRun, FactorSetVersion, ResultLine, Site
from tanlu.web.jobs.models import Job

from .conftest import import_csv
from .files import GOOD_CSV_ROWS, gbk_csv

pytestmark = pytest.mark.django_db
OUT = Path(os.environ.get("TANLU_SCREENSHOTS") or tempfile.gettempdir()) / "tanlu-inventory-report"


def _calculate(client: Any, year: int = 2024) -> CalculationRun:
    response = client.post("/inventory/calculate/", {"year": year, "gwp": "AR6"})
    assert response.status_code == 302
    return CalculationRun.objects.latest("created_at", "id")


@pytest.fixture
def calculated(tenant: Any) -> CalculationRun:
    import_csv(tenant.client, gbk_csv())
    return _calculate(tenant.client)


def _figure(page: str, name: str) -> float:
    match = re.search(rf'data-figure="{name}" data-value="([0-9.eE+-]+)"', page)
    assert match, name
    return float(match.group(1))


def test_dashboard_numbers_equal_the_cores(tenant: Any, calculated: CalculationRun) -> None:
    core = calculate_inventory(
        read_activities(gbk_csv(), load_bundled(), filename="a.csv"), load_bundled(), "AR6"
    )
    totals = core.totals()
    page = tenant.client.get("/inventory/?year=2024").content.decode()
    assert _figure(page, "scope1") == pytest.approx(totals.scope1, abs=1e-6)
    assert _figure(page, "scope2_location") == pytest.approx(totals.scope2_location, abs=1e-6)
    assert _figure(page, "scope2_market") == pytest.approx(totals.scope2_market, abs=1e-6)
    assert _figure(page, "scope3") == pytest.approx(totals.scope3, abs=1e-6)
    assert _figure(page, "total") == pytest.approx(totals.total_market, abs=1e-6)
    assert page.count("<svg") >= 4  # scope, category, site, month charts
    assert "Content-Security-Policy" in tenant.client.get("/inventory/").headers
    assert " style=" not in page.split("<main", 1)[1]
    lines = {
        line.key: line.location_t for line in ResultLine.objects.filter(run=calculated, dimension="category")
    }
    assert lines["3.1"] == pytest.approx(totals.by_category["3.1"])
    assert (
        calculated.inputs_fingerprint == core.inputs_fingerprint or len(calculated.inputs_fingerprint) == 64
    )


def test_recalculating_unchanged_data_gives_the_stored_result(
    tenant: Any, calculated: CalculationRun
) -> None:
    response = tenant.client.post("/inventory/calculate/", {"year": 2024, "gwp": "AR6"}, follow=True)
    assert "Nothing changed" in response.content.decode()
    assert CalculationRun.objects.count() == 1
    Site.objects.create(organization=tenant.organization, name="三厂")  # a new site is added, not imported
    import_csv(
        tenant.client,
        gbk_csv([("三厂", "2024-06-01", "2024-06-30", "natural_gas", "100", "m3", "", "")]),
        "new.csv",
    )
    assert "changed since" in tenant.client.get("/inventory/?year=2024").content.decode()
    rerun = _calculate(tenant.client)
    assert rerun.pk != calculated.pk
    assert rerun.scope1 > calculated.scope1


def test_factor_set_versions_and_results_keep_their_version(tenant: Any, calculated: CalculationRun) -> None:
    stored = (calculated.scope2_market, calculated.factor_set_version)
    factor = {
        "activity": "electricity_cn_east_2023",
        "unit": "kWh",
        "gas": "CO2",
        "value": "0.3",
        "category": "purchased_electricity",
        "method": "market",
        "source": "Green PPA contract 2024-01",
        "year": "2024",
    }
    assert tenant.client.post("/inventory/factors/add/", factor).status_code == 302
    v1 = FactorSetVersion.objects.get()
    assert v1.number == 1
    assert "org" in v1.version
    csv_file = (
        b"activity,unit,gas,value,scope,category,method,source,year\n"
        b"steel_coil_x,t,CO2e,1850,3,3.1,,Supplier X EPD S-P-01234,2024\n"
    )
    tenant.client.post(
        "/inventory/factors/upload/", {"file": SimpleUploadedFile("f.csv", csv_file), "note": "EPD"}
    )
    v2 = FactorSetVersion.objects.get(number=2)
    assert v2.factors.count() == 2, "a new version keeps the earlier factors"
    calculated.refresh_from_db()
    assert (calculated.scope2_market, calculated.factor_set_version) == stored, (
        "results never change silently"
    )
    page = tenant.client.get("/inventory/?year=2024").content.decode()
    assert "A newer factor set (v2) exists" in page
    compare = tenant.client.get(f"/inventory/runs/{calculated.pk}/compare/?version={v2.pk}").content.decode()
    assert 'data-category="purchased_electricity"' in compare
    new = _calculate(tenant.client)
    assert new.factor_set == v2
    assert new.scope2_market != calculated.scope2_market
    assert new.scope2_location == pytest.approx(calculated.scope2_location)
    # the old run is still explained with its own version
    assert tenant.client.get(f"/inventory/runs/{calculated.pk}/?scope=2").status_code == 200
    # removing a factor is a new version too
    factor_id = v2.factors.get(activity="steel_coil_x").pk
    tenant.client.post(f"/inventory/factors/{factor_id}/remove/")
    assert FactorSetVersion.objects.get(number=3).factors.count() == 1


def test_a_bad_factor_file_names_every_bad_row_and_makes_no_version(tenant: Any) -> None:
    content = (
        b"activity,unit,gas,value,scope,category,method,source\n"
        b"x,t,CO2e,-1,3,3.1,,EPD\ny,t,NOPE,1,3,3.1,,EPD\n"
    )
    response = tenant.client.post(
        "/inventory/factors/upload/", {"file": SimpleUploadedFile("f.csv", content)}, follow=True
    )
    text = response.content.decode().lower()  # "Row 2, Unit …" as the page words it
    assert "row 2" in text
    assert "row 3" in text
    assert not FactorSetVersion.objects.exists()


def test_explanation_drills_down_to_rows_with_factor_and_source(
    tenant: Any, calculated: CalculationRun
) -> None:
    total = tenant.client.get(f"/inventory/runs/{calculated.pk}/").content.decode()
    assert "Stationary combustion" in total
    assert "?category=stationary_combustion" in total
    page = tenant.client.get(
        f"/inventory/runs/{calculated.pk}/?category=stationary_combustion"
    ).content.decode()
    assert "12,000 立方米 Natural gas" in page
    assert "kg CO2e/立方米" in page
    assert "IPCC 2006" in page
    assert "GWP AR6" in page
    assert "ledger.csv, row 2" in page
    zh = Client()
    zh.force_login(tenant.owner)
    zh.cookies["tanlu_language"] = "zh-hans"
    chinese = zh.get(
        f"/inventory/runs/{calculated.pk}/?category=stationary_combustion", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "天然气" in chinese
    assert "第2行" in chinese
    scope2 = tenant.client.get(f"/inventory/runs/{calculated.pk}/?scope=2&basis=market").content.decode()
    assert "market-based" in scope2
    assert "certificate" in scope2


def test_report_pdf_and_xlsx(
    tenant: Any, calculated: CalculationRun, django_capture_on_commit_callbacks: Any
) -> None:
    tenant.client.post(
        "/inventory/report-settings/",
        {
            "consolidation": "operational",
            "organizational_boundary": "Two plants",
            "operational_boundary": "S1-3",
            "base_year": "2024",
            "base_year_policy": "5% rule",
            "exclusions": "Categories 2, 5-15 not relevant",
            "gwp": "AR6",
        },
    )
    html = tenant.client.get(f"/inventory/runs/{calculated.pk}/report/").content.decode()
    for heading in (
        "Organizational boundary",
        "Operational boundary",
        "Base year",
        "Scope 2, both methods",
        "Scope 3 by category",
        "Exclusions",
        "Emission factors, sources and versions",
        "Categories 2, 5-15 not relevant",
        calculated.factor_set_version,
    ):
        assert heading in html, heading
    assert tenant.client.get(f"/inventory/runs/{calculated.pk}/report.pdf").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        started = tenant.client.post(f"/inventory/runs/{calculated.pk}/report.pdf")
    job = Job.objects.get(pk=started.url.split("/")[2])
    pdf = tenant.client.get(f"/jobs/{job.pk}/download/")
    assert pdf["Content-Type"] == "application/pdf"
    content = b"".join(pdf.streaming_content)
    assert content.startswith(b"%PDF")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report.pdf").write_bytes(content)
    subprocess.run(
        [
            shutil.which("pdftoppm") or "pdftoppm",
            "-png",
            "-r",
            "60",
            str(OUT / "report.pdf"),
            str(OUT / "page"),
        ],
        check=True,
    )
    assert (OUT / "page-1.png").exists() or (OUT / "page-01.png").exists()
    xlsx = tenant.client.get(f"/inventory/runs/{calculated.pk}/report.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert {"Report", "Categories", "Rows", "Factors"} <= set(book.sheetnames)
    values = [c.value for row in book["Report"].iter_rows() for c in row]
    assert "Categories 2, 5-15 not relevant" in values


def test_xlsx_cells_are_neutralized_against_formula_injection(tenant: Any) -> None:
    rows = [('=HYPERLINK("http://evil","x")', *GOOD_CSV_ROWS[0][1:7], "@SUM(1)")]
    import_csv(tenant.client, gbk_csv([tuple(c.replace(",", ";") for c in rows[0])]), "evil.csv")
    run = _calculate(tenant.client)
    book = openpyxl.load_workbook(
        io.BytesIO(tenant.client.get(f"/inventory/runs/{run.pk}/report.xlsx").content)
    )
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("'=HYPERLINK") for c in cells)
    assert any(c.value == "'@SUM(1)" for c in cells)
    assert not any(c.data_type == "f" for c in cells)
    assert not any(c.value.startswith(("=", "@", "+")) for c in cells)


def test_method_guide_uses_the_organizations_numbers(tenant: Any, calculated: CalculationRun) -> None:
    index = tenant.client.get("/inventory/guide/").content.decode()
    assert "/inventory/guide/scope-2/" in index
    page = tenant.client.get("/inventory/guide/stationary-combustion/").content.decode()
    assert "12,000 立方米 Natural gas" in page
    assert "IPCC 2006" in page
    zh = Client()
    zh.force_login(tenant.owner)
    zh.cookies["tanlu_language"] = "zh-hans"
    chinese = zh.get("/inventory/guide/scope-2/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "基于位置法" in chinese
    assert "基于市场法" in chinese
    for slug in ("scope-1", "scope-3", "category-1", "category-4", "category-15", "fugitive"):
        assert tenant.client.get(f"/inventory/guide/{slug}/").status_code == 200


def test_targets_with_progress_each_year(tenant: Any) -> None:
    import_csv(tenant.client, gbk_csv())
    older = [
        (
            s,
            a.replace("2024", "2023"),
            b.replace("2024-02-29", "2023-02-28").replace("2024", "2023"),
            k,
            str(float(n) * 1.2),
            u,
            i,
            note,
        )
        for s, a, b, k, n, u, i, note in GOOD_CSV_ROWS
    ]
    import_csv(tenant.client, gbk_csv(older), "2023.csv")
    base = _calculate(tenant.client, 2023)
    current = _calculate(tenant.client, 2024)
    response = tenant.client.post(
        "/inventory/targets/",
        {
            "form": "target",
            "name": "S1+2 -42%",
            "kind": "absolute",
            "coverage": "s12",
            "basis": "market",
            "base_year": 2023,
            "target_year": 2030,
            "reduction_percent": 42,
        },
    )
    assert response.status_code == 302
    tenant.client.post(
        "/inventory/targets/", {"form": "metric", "year": 2023, "value": 1000, "unit": "pieces"}
    )
    tenant.client.post(
        "/inventory/targets/", {"form": "metric", "year": 2024, "value": 1100, "unit": "pieces"}
    )
    page = tenant.client.get("/inventory/targets/").content.decode()
    achieved = 100 * (1 - (current.scope1 + current.scope2_market) / (base.scope1 + base.scope2_market))
    assert f"{achieved:.1f}% below the base year" in page
    assert "<svg" in page
    bad = tenant.client.post(
        "/inventory/targets/",
        {
            "form": "target",
            "name": "x",
            "kind": "intensity",
            "coverage": "s12",
            "basis": "market",
            "base_year": 2030,
            "target_year": 2023,
            "reduction_percent": 42,
        },
    )
    assert bad.status_code == 200
    assert "must come after" in bad.content.decode()


def test_roles_for_factors_targets_and_settings(tenant: Any, make_user: Any, add_member: Any) -> None:
    editor = make_user()
    add_member(editor, tenant.organization, Role.EDITOR)
    client = Client()
    client.force_login(editor)
    factor = {"activity": "a", "unit": "t", "gas": "CO2e", "value": "1", "category": "3.1", "source": "x"}
    assert client.post("/inventory/factors/add/", factor).status_code == 403
    assert (
        client.post(
            "/inventory/targets/", {"form": "metric", "year": 2024, "value": 1, "unit": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post("/inventory/report-settings/", {"consolidation": "equity", "gwp": "AR5"}).status_code
        == 403
    )
    assert not FactorSetVersion.objects.exists()
    import_csv(client, gbk_csv())  # editors import and calculate
    assert _calculate(client).created_by == editor


def test_pages_answer(tenant: Any, calculated: CalculationRun) -> None:
    for url in (
        "/inventory/",
        "/inventory/data/",
        "/inventory/sites/",
        "/inventory/factors/",
        "/inventory/runs/",
        "/inventory/targets/",
        "/inventory/guide/",
        "/inventory/report-settings/",
        "/inventory/grid/",
        "/inventory/upload/",
        f"/inventory/runs/{calculated.pk}/compare/",
    ):
        assert tenant.client.get(url).status_code == 200, url
    site = calculated.organization.inventory_sites.first()
    assert (
        tenant.client.post(
            f"/inventory/sites/{site.pk}/", {"name": site.name, "region": "华东电网"}
        ).status_code
        == 302
    )
