"""The Chinese inventory report is read without a code or an English word in it (#12 item 8): gases, methods,
instruments, categories, units and the factors' sources are said in Chinese; the codes stay in the XLSX export.

The PDF is written under ``TANLU_SCREENSHOTS`` (or the temporary directory) for a person to look at as well."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from tanlu.web.inventory import reports
from tanlu.web.inventory.models import CalculationRun

from .conftest import import_csv
from .files import GOOD_CSV_ROWS, gbk_csv

pytestmark = pytest.mark.django_db
OUT = Path(os.environ.get("TANLU_SCREENSHOTS") or tempfile.gettempdir()) / "tanlu-report-words"
#: Latin words a Chinese reader meets in a Chinese report: unit symbols, chemical and refrigerant names, the
#: names of publishers and classifications that have no Chinese name of their own
ALLOWED = {
    "t", "kg", "kWh", "MWh", "CO", "e", "km", "L", "HFC", "HFO", "PFC", "R", "GWP", "IPCC", "DESNZ", "NAICS",
    "USEEIO", "eGRID", "CH", "N", "O", "SF", "NF", "Tanlu", "A", "yf", "m", "TJ", "GHG", "Protocol",
}  # fmt: skip


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text))


@pytest.fixture
def run(tenant: Any) -> CalculationRun:
    rows = [
        *GOOD_CSV_ROWS,
        ("二厂", "2024-03-01", "2024-03-31", "electricity_cn_east_2023", "80", "MWh", "", "无证书"),
        ("一厂", "2024-04-01", "2024-04-30", "diesel", "300", "升", "", "叉车"),
    ]
    import_csv(tenant.client, gbk_csv(rows))
    response = tenant.client.post("/inventory/calculate/", {"year": 2024, "gwp": "AR6"})
    assert response.status_code == 302
    return CalculationRun.objects.get(organization=tenant.organization)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_chinese_pdf_has_no_code_or_english(run: CalculationRun) -> None:
    with translation.override("zh-hans"):
        content = reports.pdf(run, "zh")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report-zh.pdf").write_bytes(content)
    text = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(OUT / "report-zh.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (OUT / "report-zh.txt").write_text(text, encoding="utf-8")
    for code in (
        "location_fallback",
        "CH4_fossil",
        "stationary_combustion",
        "purchased_electricity",
        "(net)",
    ):
        assert code not in text
    assert "甲烷（化石源）" in text
    assert "生态环境部、国家统计局" in text
    assert "内置因子库" in text
    readable = text.replace(run.organization.name, "")  # the organization's own name, as its owner wrote it
    readable = re.sub(r"[0-9a-f]+\s*[0-9a-f]*…|\b[0-9a-f]{12}\b", "", readable)  # the fingerprints
    assert sorted(_words(readable) - ALLOWED) == []


def test_a_rows_sentence_cites_its_sources_and_gases_in_chinese(run: CalculationRun) -> None:
    from tanlu.web.inventory import explaining  # noqa: PLC0415
    from tanlu.web.inventory.calculation import recompute  # noqa: PLC0415

    inventory = recompute(run).inventory
    with translation.override("zh-hans"):
        lines = explaining.breakdown(inventory, lang="zh")["rows"]
    gas = next(line.text for line in lines if "天然气" in line.activity)
    assert "CH4_fossil" not in gas
    assert "甲烷（化石源）" in gas
    assert "IPCC 2006 Guidelines" not in gas
    assert "《2006年IPCC国家温室气体清单指南》" in gas
    electricity = next(line for line in lines if line.scope == 2)
    assert "MEE & NBS" not in electricity.text + electricity.source
