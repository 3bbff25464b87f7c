"""Results pages, cross-tabs, waves, highlights and downloads of a survey, driven through the test client.

The survey is the AIAG Carbon Performance Survey wave 2 (report of 30 March 2023) with the 245 responses of
``tests/fixtures/surveys`` and the synthetic wave 1 as its previous wave.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tanlu.web.surveys import importing
from tanlu.web.surveys.models import Highlight, Survey

FIXTURES = Path(__file__).parents[2] / "fixtures" / "surveys"
pytestmark = pytest.mark.django_db(transaction=False)


def test_results_state_counts_and_the_base(tenant: Any, survey: Survey) -> None:
    page = tenant.client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "Base: 245 respondents who were shown this question" in page or "245" in page
    assert "52.65%" in page
    assert "83.67%" in page
    assert "102.46" in page  # function: multiple choice, shares add up to more than 100%
    assert "<svg" in page
    sample = tenant.client.get(f"/surveys/{survey.pk}/results/?q=吉利").content.decode()
    assert "吉利产品线要求提供碳足迹数据" in sample
    assert "上汽通用458格栅" not in sample


def test_filters_are_get_parameters_and_htmx_gets_the_fragment(tenant: Any, survey: Survey) -> None:
    url = f"/surveys/{survey.pk}/results/?where=company_type:oem"
    page = tenant.client.get(url).content.decode()
    assert '<span class="stat__value">5</span>' in page
    fragment = tenant.client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="results-body"')
    assert "<html" not in fragment


def test_crosstab_counts_and_percentages(tenant: Any, survey: Survey) -> None:
    response = tenant.client.get(
        f"/surveys/{survey.pk}/results/crosstab/?rows=it_system&columns=company_type&percent=column"
    )
    table = response.context["table"]
    assert table.n == 245
    assert sum(map(sum, table.counts)) == 245
    assert table.column_totals == (5, 240)
    assert table.row_totals == (22, 18, 205)
    none_row = response.context["body"][2]
    assert sum(cell["count"] for cell in none_row["cells"]) == 205
    assert "Base: 245 respondents who answered both questions" in response.content.decode()


def test_waves_compare_shares_and_changes(tenant: Any, survey: Survey) -> None:
    response = tenant.client.get(f"/surveys/{survey.pk}/results/waves/")
    comparison = {q["name"]: q for q in response.context["comparison"]}
    pcf = {o["name"]: o for o in comparison["pcf_disclosure"]["options"]}
    assert pcf["yes"]["earlier_percent"] == 18.33  # 22 of 120
    assert pcf["yes"]["later_percent"] == 25.31  # 62 of 245
    assert pcf["yes"]["change"] == 6.98
    assert "wave1" not in comparison  # not asked in wave 1


def test_choosing_the_previous_wave(tenant: Any, survey: Survey) -> None:
    wave1 = survey.previous_wave
    assert wave1 is not None
    tenant.client.post(f"/surveys/{survey.pk}/results/waves/", {"previous_wave": ""})
    assert Survey.objects.get(pk=survey.pk).previous_wave is None
    tenant.client.post(f"/surveys/{survey.pk}/results/waves/", {"previous_wave": wave1.pk})
    assert Survey.objects.get(pk=survey.pk).previous_wave == wave1


def test_highlights_pick_edit_order(tenant: Any, survey: Survey) -> None:
    page = tenant.client.get(f"/surveys/{survey.pk}/report/highlights/")
    keys = {c.key: c.highlight for c in page.context["candidates"]}
    assert keys["share:wave1:yes"].en == "52.65% of respondents took part in wave 1"
    assert keys["share:wave1:yes"].zh == "52.65%的受访者参与了第一轮调查"
    assert any(k.startswith("change:") for k in keys)
    url = f"/surveys/{survey.pk}/report/highlights/"
    tenant.client.post(url, {"key": "share:wave1:yes", "kind": "summary"})
    tenant.client.post(url, {"key": "share:aiag_support:training", "kind": "summary"})
    tenant.client.post(
        url, {"text_zh": "需要主机厂的引领和带动。", "text_en": "OEMs need to lead.", "kind": "takeaway"}
    )
    summary = list(Highlight.objects.filter(survey=survey, kind="summary"))
    assert [h.text_en[:6] for h in summary] == ["52.65%", "78.37%"]
    tenant.client.post(f"{url}{summary[1].pk}/move/", {"direction": "up"})
    assert list(Highlight.objects.filter(survey=survey, kind="summary")) == [summary[1], summary[0]]
    tenant.client.post(
        f"{url}{summary[0].pk}/",
        {"text_en": "Half took part in wave 1", "text_zh": "半数", "kind": "summary"},
    )
    report = tenant.client.get(f"/surveys/{survey.pk}/report.json").json()
    assert report["summary"][1] == {"en": "Half took part in wave 1", "zh": "半数"}
    assert report["takeaways"] == [{"en": "OEMs need to lead.", "zh": "需要主机厂的引领和带动。"}]
    tenant.client.post(f"{url}{summary[0].pk}/delete/")
    assert Highlight.objects.filter(survey=survey, kind="summary").count() == 1


def test_report_page_lists_everything_and_links_the_files(tenant: Any, survey: Survey) -> None:
    page = tenant.client.get(f"/surveys/{survey.pk}/report/").content.decode()
    for _name in ("report_pdf", "report_xlsx", "responses_csv", "responses_xlsx"):
        assert f"/surveys/{survey.pk}/" in page
    assert "report.pdf" in page
    assert "responses.csv" in page
    assert "responses.xlsx" in page
    assert "上汽通用458格栅" in page
    assert "+6.98" in page


def _poisoned(survey: Survey, tmp_path: Path) -> None:
    text = (FIXTURES / "aiag_wave2_responses.csv").read_text(encoding="utf-8")
    header, *rows = list(csv.reader(io.StringIO(text)))
    index = header.index("pcf_disclosure_sample")
    row = next(r for r in rows if r[index])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for number, payload in enumerate(['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "\tx"]):
        writer.writerow([f"evil-{number}", *(payload if i == index else v for i, v in enumerate(row[1:], 1))])
    importing.import_responses(survey, buffer.getvalue().encode("utf-8"), filename="evil.csv")


def test_exports_neutralize_formulas_everywhere(tenant: Any, survey: Survey, tmp_path: Path) -> None:
    _poisoned(survey, tmp_path)
    text = tenant.client.get(f"/surveys/{survey.pk}/responses.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\0")), cell
    assert '\'=HYPERLINK("http://x","y")' in {cell for row in rows for cell in row}
    for url in (f"/surveys/{survey.pk}/responses.xlsx", f"/surveys/{survey.pk}/report.xlsx"):
        data = tenant.client.get(url).content
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        seen = 0
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        assert cell.data_type != "f", (url, sheet.title, cell.coordinate)
                        assert not cell.value.startswith(("=", "+", "-", "@", "\t")), (url, cell.value)
                        seen += cell.value.startswith("'=HYPERLINK")
        assert seen >= 1, url


def test_headers_are_neutralized_too(tenant: Any) -> None:
    from tanlu.survey import exports as core_exports  # noqa: PLC0415
    from tanlu.survey.demo import demo_wave2_responses  # noqa: PLC0415

    responses = demo_wave2_responses()
    responses.attributes["=cmd|' /C calc'!A0"] = [""] * len(responses)
    try:
        header = core_exports.responses_csv(responses).decode("utf-8-sig").splitlines()[0]
        workbook = openpyxl.load_workbook(io.BytesIO(core_exports.responses_xlsx(responses)))
    finally:
        del responses.attributes["=cmd|' /C calc'!A0"]
    assert "'=cmd" in header
    headers = [cell.value for cell in workbook.active[1]]
    assert "'=cmd|' /C calc'!A0" in headers


def test_report_workbook_has_a_native_chart_per_choice_question(tenant: Any, survey: Survey) -> None:
    data = tenant.client.get(f"/surveys/{survey.pk}/report.xlsx").content
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    charts = [n for n in names if n.startswith("xl/charts/chart")]
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert "responses" in workbook.sheetnames
    assert "summary" in workbook.sheetnames
    assert len(charts) == 15  # the 15 choice questions; the 3 free-text ones list their answers
    assert workbook["responses"].max_row == 246


def test_pdf_renders_chinese(
    tenant: Any, survey: Survey, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    poppler = {name: shutil.which(name) or name for name in ("pdffonts", "pdftoppm", "pdftotext")}
    tenant.client.post("/language/", {"language": "zh-hans"})
    assert tenant.client.get(f"/surveys/{survey.pk}/report.pdf").status_code == 405, (
        "made by a background job"
    )
    with django_capture_on_commit_callbacks(execute=True):
        started = tenant.client.post(f"/surveys/{survey.pk}/report.pdf")
    job_page = tenant.client.get(started.url).content.decode()
    assert "survey-report.pdf" in job_page or "report.pdf" in job_page, "the job page offers the download"
    download = re.search(r'href="(/jobs/[0-9a-f-]+/download/)"', job_page)
    assert download, job_page
    response = tenant.client.get(download.group(1))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(
        [poppler["pdffonts"], str(path)], capture_output=True, text=True, check=False
    ).stdout
    assert "Noto-Sans-SC" in fonts or "NotoSansSC" in fonts
    subprocess.run(
        [poppler["pdftoppm"], "-r", "60", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    assert (tmp_path / "page-01.png").stat().st_size > 10_000
    text = subprocess.run(
        [poppler["pdftotext"], "-l", "2", str(path), "-"], capture_output=True, text=True, check=False
    ).stdout
    assert "碳表现调查" in text


def test_viewers_read_but_do_not_edit(tenant: Any, survey: Survey, make_user: Any, add_member: Any) -> None:
    from django.test import Client  # noqa: PLC0415

    viewer = make_user()
    add_member(viewer, tenant.organization, "viewer")
    client = Client()
    client.force_login(viewer)
    assert client.get(f"/surveys/{survey.pk}/results/").status_code == 200
    assert client.post(
        f"/surveys/{survey.pk}/report/highlights/", {"text_en": "x", "kind": "summary"}
    ).status_code in {302, 403}
    assert not Highlight.objects.filter(survey=survey).exists()
    assert client.post(f"/surveys/{survey.pk}/results/waves/", {"previous_wave": ""}).status_code == 403
