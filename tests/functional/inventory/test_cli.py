"""``tanlu inventory import ORG FILE`` and ``tanlu inventory report ORG --year``, on the test database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tanlu.cli import main
from tanlu.web.inventory.models import ActivityRow, CalculationRun

from .files import gbk_csv, messy_xlsx

pytestmark = pytest.mark.django_db


def test_import_then_report_from_stored_data(tenant: Any, tmp_path: Path) -> None:
    source = tmp_path / "台账.csv"
    source.write_bytes(gbk_csv())
    runner = CliRunner()
    org = str(tenant.organization.pk)
    result = runner.invoke(main, ["inventory", "import", org, str(source)])
    assert result.exit_code == 0, result.output
    assert ActivityRow.objects.filter(organization=tenant.organization).count() == 6
    again = runner.invoke(main, ["inventory", "import", tenant.organization.name, str(source)])
    assert again.exit_code == 0
    assert "already imported" in again.output
    assert ActivityRow.objects.filter(organization=tenant.organization).count() == 6
    report = runner.invoke(main, ["inventory", "report", org, "--year", "2024"])
    assert report.exit_code == 0, report.output
    data = json.loads(report.stdout)
    run = CalculationRun.objects.get()
    assert data["scope1"] == pytest.approx(run.scope1, abs=1e-6)
    assert data["run_id"] == run.pk
    pdf = tmp_path / "r.pdf"
    assert (
        runner.invoke(
            main, ["inventory", "report", org, "--year", "2024", "--format", "pdf", "--out", str(pdf)]
        ).exit_code
        == 0
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    assert CalculationRun.objects.count() == 1, "unchanged inputs reuse the stored result"


def test_import_with_bad_rows_stores_nothing_and_lists_them(tenant: Any, tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_bytes(
        gbk_csv(
            [
                ("一厂", "2024-01-01", "2024-01-31", "natural_gas", "-5", "m3", "", ""),
                ("一厂", "2024-01-01", "2024-01-31", "天然汽", "5", "m3", "", ""),
            ]
        )
    )
    result = CliRunner().invoke(main, ["inventory", "import", str(tenant.organization.pk), str(source)])
    assert result.exit_code != 0
    assert "row 2, amount: negative amount" in result.output
    assert "row 3, activity: unknown activity" in result.output
    assert ActivityRow.objects.count() == 0
    messy = tmp_path / "messy.xlsx"
    messy.write_bytes(messy_xlsx())
    unmapped = CliRunner().invoke(main, ["inventory", "import", str(tenant.organization.pk), str(messy)])
    assert unmapped.exit_code != 0
    assert "Choose a column for: Site" in unmapped.output  # 能源品种 is the activity column (#12 item 3)


def test_api_imports_all_or_nothing_and_lists_results(tenant: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    bad = gbk_csv([("一厂", "2024-01-01", "2024-01-31", "natural_gas", "-5", "m3", "", "")])
    response = tenant.client.post("/api/inventory/imports", {"file": SimpleUploadedFile("bad.csv", bad)})
    assert response.status_code == 400
    assert response.json()["errors"][0]["reason"].startswith("negative amount")
    ok = tenant.client.post("/api/inventory/imports", {"file": SimpleUploadedFile("ok.csv", gbk_csv())})
    assert ok.status_code == 201
    assert ok.json()["rows"] == 6
    again = tenant.client.post("/api/inventory/imports", {"file": SimpleUploadedFile("ok.csv", gbk_csv())})
    assert again.json()["already_imported"] is True
    tenant.client.post("/inventory/calculate/", {"year": 2024, "gwp": "AR6"})
    runs = tenant.client.get("/api/inventory/runs").json()
    detail = tenant.client.get(f"/api/inventory/runs/{runs[0]['id']}").json()
    assert detail["scope1"] == runs[0]["scope1"]
    assert "stationary_combustion" in detail["by_category"]
    assert tenant.client.get("/api/inventory/runs/999999").status_code == 404


def test_a_large_file_is_read_by_the_command_itself(
    tenant: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files over the inline limit are left to a background job by the web app; the command reads them itself."""
    from tanlu.web.inventory import importing  # noqa: PLC0415

    monkeypatch.setattr(importing, "INLINE_LIMIT", 10)
    source = tmp_path / "large.csv"
    source.write_bytes(gbk_csv())
    result = CliRunner().invoke(main, ["inventory", "import", str(tenant.organization.pk), str(source)])
    assert result.exit_code == 0, result.output
    assert ActivityRow.objects.filter(organization=tenant.organization).count() == 6


def test_report_follows_the_report_settings_unless_radiative_forcing_is_given(
    tenant: Any, tmp_path: Path
) -> None:
    source = tmp_path / "air.csv"
    source.write_text(
        "site,period_start,period_end,activity,amount,unit\n"
        "Plant 1,2024-01-01,2024-01-31,freight_air_long_haul,1000,t*km\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    org = str(tenant.organization.pk)
    assert runner.invoke(main, ["inventory", "import", org, str(source)]).exit_code == 0

    def category_3_4(*options: str) -> tuple[float, bool]:
        result = runner.invoke(main, ["inventory", "report", org, "--year", "2024", *options])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        return data["by_category"]["3.4"], data["radiative_forcing_included"]

    apart, included = category_3_4(), category_3_4("--radiative-forcing")
    assert apart[1] is False  # the report settings' default
    assert included[1] is True
    assert included[0] - apart[0] == pytest.approx(0.36809)
    assert category_3_4("--no-radiative-forcing") == apart
    assert CalculationRun.objects.count() == 2, "a run per RF choice, the stored one reused"
