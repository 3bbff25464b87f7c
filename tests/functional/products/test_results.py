"""Results of the product area: a calculation run stored by a background job, recalculating unchanged inputs
reproducing it, what moved after an edit, the footprint page with its tree (HTMX and plain links), hotspots and a
what-if that stores nothing, the report as HTML, XLSX and PDF, site totals taken from the inventory, the JSON API
and the ``tanlu pcf import|report`` commands."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tanlu.cli import main
from tanlu.web.accounts import services
from tanlu.web.accounts.models import Membership
from tanlu.web.jobs.models import Job
from tanlu.web.products.models import (
    CalculationRun,
    ModelImport,
    ProductSite,
    PurchasedItem,
    Result,
    ResultLine,
)

from .files import bad_tables, good_tables, workbook
from .test_imports import upload

pytestmark = pytest.mark.django_db


def imported(tenant: Any, capture: Any) -> None:
    batch = upload(tenant.client, workbook(good_tables()), "model.xlsx", capture)
    assert batch.status == "valid", batch.error
    assert tenant.client.post(f"/products/imports/{batch.pk}/accept/").status_code == 302


def calculate(tenant: Any, capture: Any) -> CalculationRun:
    with capture(execute=True):
        response = tenant.client.post("/products/calculate/", {"gwp": "AR6", "samples": "0"})
    job = Job.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert job.status == "succeeded", job.error
    return CalculationRun.objects.filter(organization=tenant.organization).order_by("-id").first()


def test_a_run_is_stored_reproduced_and_shows_what_moved(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported(tenant, django_capture_on_commit_callbacks)
    run = calculate(tenant, django_capture_on_commit_callbacks)
    assert run.product_count == 6
    assert len(run.model_fingerprint) == 64
    assert run.factor_set_version
    caliper = Result.objects.get(run=run, product_id="CAL-100")
    assert caliper.total > 0
    assert caliper.total == pytest.approx(caliper.fossil + caliper.biogenic)
    assert 0 < caliper.primary_data_share < 100
    stages = dict(ResultLine.objects.filter(result=caliper, dimension="stage").values_list("key", "kgco2e"))
    assert sum(stages.values()) == pytest.approx(caliper.total)
    assert any("ISO 14067" in s for s in run.register["standards"])
    again = calculate(tenant, django_capture_on_commit_callbacks)
    assert again.pk == run.pk, "unchanged inputs reproduce the stored run"
    steel = PurchasedItem.objects.get(organization=tenant.organization, item_id="STL-BAR")
    steel.kgco2e_per_unit = 1.2
    steel.save()
    newer = calculate(tenant, django_capture_on_commit_callbacks)
    assert newer.pk != run.pk
    assert Result.objects.get(run=run, product_id="CAL-100").total == caliper.total, (
        "a stored run never changes"
    )
    page = tenant.client.get(f"/products/runs/{newer.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-table="moved"' in page
    for part in ("CAL-100", "BRK-120", "PST-130"):
        assert part in page.split('data-table="moved"')[1].split("</table>")[0]
    assert "CST-111" not in page.split('data-table="moved"')[1].split("</table>")[0]


def test_footprint_page_tree_and_what_if_store_nothing(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported(tenant, django_capture_on_commit_callbacks)
    run = calculate(tenant, django_capture_on_commit_callbacks)
    caliper = Result.objects.get(run=run, product_id="CAL-100")
    url = f"/products/runs/{run.pk}/products/{caliper.pk}/"
    page = tenant.client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "制动钳壳体（机加工）" in page
    assert "<svg" in page
    assert 'hx-get="' in page
    path = re.search(r'hx-get="[^"]*\?path=([0-9.]+)"', page)[1]
    opened = tenant.client.get(f"{url}tree/?path={path}")
    assert opened.status_code == 302
    assert opened.url.endswith(f"?open={path}#tree")
    assert f'id="node-{path}"' in tenant.client.get(f"{url}?open={path}").content.decode()
    fragment = tenant.client.get(f"{url}tree/?path={path}", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith(f'<li id="node-{path}"')
    assert "<ul>" in fragment
    results_before = list(Result.objects.values_list("pk", "total"))
    runs_before = CalculationRun.objects.count()
    answer = tenant.client.get(
        url, {"item": "STL-BAR", "item_value": "1.0"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'data-whatif="mine"' in answer
    assert 'data-table="whatif"' in answer
    table = answer.split('data-table="whatif"')[1].split("</table>")[0]
    assert "CAL-100" in table
    assert "CST-111" not in table
    tenant.client.get(url, {"site": "P2-KUNSHAN", "allocation": "units"})
    assert list(Result.objects.values_list("pk", "total")) == results_before
    assert CalculationRun.objects.count() == runs_before


def test_report_formats(tenant: Any, django_capture_on_commit_callbacks: Any) -> None:
    imported(tenant, django_capture_on_commit_callbacks)
    run = calculate(tenant, django_capture_on_commit_callbacks)
    html = tenant.client.get(f"/products/runs/{run.pk}/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for words in (
        "ISO 14067",
        "GB/T 24067",
        "PACT",
        "Catena-X",
        "Method register",
        "P1-SUZHOU",
        "machine hours",
    ):
        assert words in html, words
    xlsx = tenant.client.get(f"/products/runs/{run.pk}/report.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Products", "Gases", "Method", "Sites"]
    assert {row[0].value for row in book["Products"].iter_rows(min_row=2)} >= {"CAL-100", "CST-111"}
    with django_capture_on_commit_callbacks(execute=True):
        started = tenant.client.post(f"/products/runs/{run.pk}/report.pdf")
    job = Job.objects.get(pk=started.url.rstrip("/").split("/")[-1])
    assert job.status == "succeeded", job.error
    assert tenant.client.get(f"/jobs/{job.pk}/download/").getvalue().startswith(b"%PDF")


def test_site_totals_come_from_the_inventory(tenant: Any, django_capture_on_commit_callbacks: Any) -> None:
    from ..inventory.conftest import import_csv  # noqa: PLC0415, TID252 - the inventory tests' helpers
    from ..inventory.files import gbk_csv  # noqa: PLC0415, TID252

    import_csv(tenant.client, gbk_csv())  # sites 一厂 and 二厂, 2024
    tables = good_tables()
    rename = {"P1-SUZHOU": "一厂", "P2-KUNSHAN": "二厂"}
    for sheet in ("sites", "production"):
        for row in tables[sheet]:
            row["site"] = rename[row["site"]]
    for row in tables["sites"]:
        row["period_start"], row["period_end"] = "2024-01-01", "2024-12-31"
    tables["site_activities"] = [r for r in tables["site_activities"] if r["site"] == "P2-KUNSHAN"]
    for row in tables["site_activities"]:
        row["site"] = "二厂"
    batch = upload(tenant.client, workbook(tables), "linked.xlsx", django_capture_on_commit_callbacks)
    assert batch.status == "valid", (batch.error, list(batch.staged.exclude(issues=[]).values_list("issues")))
    tenant.client.post(f"/products/imports/{batch.pk}/accept/")
    first = ProductSite.objects.get(organization=tenant.organization, name="一厂")
    assert first.inventory_site is not None
    assert first.inventory_year == 2024
    second = ProductSite.objects.get(organization=tenant.organization, name="二厂")
    assert second.inventory_site is None, "a site with its own totals keeps them"
    run = calculate(tenant, django_capture_on_commit_callbacks)
    assert Result.objects.get(run=run, product_id="CAL-100").total > 0
    assert (
        "一厂"
        in tenant.client.get(f"/products/runs/{run.pk}/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_api_imports_calculates_and_answers_only_its_organization(
    tenant: Any, tenant_factory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    membership = Membership.objects.get(user=tenant.owner, organization=tenant.organization)
    _token, secret = services.create_api_token(membership, name="ERP")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    with django_capture_on_commit_callbacks(execute=True):
        sent = api.post(
            "/api/products/imports", {"file": SimpleUploadedFile("bad.xlsx", workbook(bad_tables()))}
        )
    assert sent.status_code == 202, sent.content
    status = api.get(f"/api/products/imports/{sent.json()['import_id']}").json()
    assert status["status"] == "rejected"
    assert {(e["sheet"], e["row"], e["column"]) for e in status["errors"]} >= {("物料清单", 15, "input_id")}
    refused = api.post(f"/api/products/imports/{status['import_id']}/accept")
    assert refused.status_code == 400
    assert refused.json()["errors"]
    with django_capture_on_commit_callbacks(execute=True):
        good = api.post(
            "/api/products/imports", {"file": SimpleUploadedFile("good.xlsx", workbook(good_tables()))}
        )
    accepted = api.post(f"/api/products/imports/{good.json()['import_id']}/accept")
    assert accepted.json()["status"] == "accepted"
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post("/api/products/calculate?gwp=AR5").status_code == 202
    runs = api.get("/api/products/runs").json()
    assert len(runs) == 1
    assert runs[0]["gwp"] == "AR5"
    detail = api.get(f"/api/products/runs/{runs[0]['id']}").json()
    caliper = next(r for r in detail["results"] if r["product_id"] == "CAL-100")
    assert caliper["pcf_kgco2e_per_unit"] > 0
    assert caliper["by_stage"]
    tree = api.get(f"/api/products/runs/{runs[0]['id']}/products/CAL-100/tree?depth=2").json()
    assert tree["kgco2e"] == pytest.approx(sum(c["kgco2e"] for c in tree["children"]))
    other = tenant_factory("Gamma Castings")
    assert other.client.get(f"/api/products/runs/{runs[0]['id']}").status_code == 404
    assert other.client.get(f"/api/products/imports/{status['import_id']}").status_code == 404
    assert other.client.get("/api/products/runs").json() == []


def test_cli_import_and_report(tenant: Any, tmp_path: Path) -> None:
    name = tenant.organization.name
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(bad_tables()))
    refused = CliRunner().invoke(main, ["pcf", "import", str(bad), "--organization", name])
    assert refused.exit_code == 1
    assert "sheet 物料清单, row 15, input_id 'BLT-M12'" in refused.output
    assert not ModelImport.objects.filter(status="accepted").exists()
    good = tmp_path / "model.xlsx"
    good.write_bytes(workbook(good_tables()))
    result = CliRunner().invoke(main, ["pcf", "import", str(good), "--organization", name])
    assert result.exit_code == 0, result.output
    assert CalculationRun.objects.filter(organization=tenant.organization).count() == 1
    again = CliRunner().invoke(main, ["pcf", "import", str(good), "--organization", name])
    assert "nothing changed" in again.output
    assert CalculationRun.objects.count() == 1
    for fmt in ("xlsx", "html", "pdf"):
        out = tmp_path / f"report.{fmt}"
        written = CliRunner().invoke(
            main, ["pcf", "report", "--organization", name, "--format", fmt, "--out", str(out)]
        )
        assert written.exit_code == 0, written.output
        assert out.stat().st_size > 1000
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
