"""``tanlu survey``: the seed report reproduced through import-form, import-responses and report --format json.

Source of the expected numbers: AIAG Supply Chain Sustainability, *碳表现调查报告 / Carbon Performance Survey*, as of
30 March 2023 (wave 2 results; /work/shared/seeds/000_536a8a5bfabaa1d9.txt). ``tests/fixtures/surveys`` holds the
questionnaire as an XLSForm, 245 responses and every printed percentage, written by ``make_fixtures.py``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tanlu.cli import main
from tanlu.web.surveys.models import Answer, Survey, SurveyResponse

FIXTURES = Path(__file__).parents[2] / "fixtures" / "surveys"
pytestmark = pytest.mark.django_db(transaction=False)

#: a few shares copied straight from the seed's text, independent of the fixture file
SEED_SPOT_CHECKS = {
    ("wave1", "yes"): 52.65,
    ("company_type", "supplier"): 97.96,
    ("function", "finance"): 0.00,
    ("it_system", "none"): 83.67,
    ("measurement_scope", "none"): 46.12,
    ("main_difficulty", "raw_data"): 55.92,
    ("relocation_factors", "industrial_cluster"): 71.02,
    ("aiag_support", "training"): 78.37,
}


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def imported(make_organization: Callable[..., Any]) -> Any:
    make_organization("华东汽车集团")
    result = run("survey", "import-form", str(FIXTURES / "aiag_wave2.xlsx"))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "aiag_wave2"
    result = run("survey", "import-responses", "aiag_wave2", str(FIXTURES / "aiag_wave2_responses.csv"))
    assert result.exit_code == 0, result.output
    assert "imported 245 responses" in result.stdout
    return Survey.objects.get(identifier="aiag_wave2")


def test_the_json_report_reproduces_every_printed_percentage_of_the_seed(imported: Survey) -> None:
    result = run("survey", "report", "aiag_wave2", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    expected = json.loads((FIXTURES / "aiag_wave2_expected.json").read_text(encoding="utf-8"))
    assert report["respondents"] == 245
    questions = {q["name"]: q for q in report["questions"]}
    checked = 0
    for name, shares in expected.items():
        options = {o["name"]: o["percent"] for o in questions[name]["options"]}
        for option, printed in shares.items():
            assert f"{options[option]:.2f}" == printed, (name, option)
            checked += 1
    assert checked == 60  # 15 questions, 60 printed shares
    for (name, option), printed in SEED_SPOT_CHECKS.items():
        assert {o["name"]: o["percent"] for o in questions[name]["options"]}[option] == printed
    sample = questions["pcf_disclosure_sample"]
    assert sample["type"] == "text"
    assert len(sample["answers"]) == 48
    assert "上汽通用458格栅" in sample["answers"]


def test_the_json_report_has_the_documented_shape(imported: Survey) -> None:
    report = json.loads(run("survey", "report", "aiag_wave2").stdout)
    assert report["survey"] == "aiag_wave2"
    assert set(report["title"]) == {"en", "zh"}
    it_system = next(q for q in report["questions"] if q["name"] == "it_system")
    assert {k: it_system[k] for k in ("name", "type", "shown", "answered")} == {
        "name": "it_system",
        "type": "select_one",
        "shown": 245,
        "answered": 245,
    }
    assert set(it_system["label"]) == {"en", "zh"}
    none = next(o for o in it_system["options"] if o["name"] == "none")
    assert none["count"] == 205
    assert none["percent"] == 83.67
    assert set(none) >= {"name", "label", "count", "percent"}
    sample = next(q for q in report["questions"] if q["name"] == "pcf_disclosure_sample")
    assert {k: sample[k] for k in ("type", "shown", "answered")} == {
        "type": "text",
        "shown": 62,
        "answered": 48,
    }
    assert sample["skipped"] == 14
    assert isinstance(sample["answers"], list)


def test_shown_and_skipped_are_stored_per_respondent_and_question(imported: Survey) -> None:
    sample = Answer.objects.filter(response__survey=imported, question="pcf_disclosure_sample")
    assert sample.count() == 245
    assert sample.filter(shown=True).count() == 62
    assert sample.filter(shown=True).exclude(value="").count() == 48
    assert sample.filter(shown=False).exclude(value="").count() == 0
    assert SurveyResponse.objects.filter(survey=imported, imported=True, status="submitted").count() == 245


def test_filters_and_base_through_the_cli(imported: Survey) -> None:
    report = json.loads(run("survey", "report", "aiag_wave2", "--where", "company_type:oem").stdout)
    assert report["respondents"] == 5
    assert report["filters"] == [{"field": "company_type", "values": ["oem"]}]
    everyone = json.loads(run("survey", "report", "aiag_wave2", "--base", "respondents").stdout)
    sample = next(q for q in everyone["questions"] if q["name"] == "product_pcf_disclosure_channel")
    assert sample["base_n"] == 245


def test_reimporting_the_same_file_is_refused_and_changes_nothing(imported: Survey) -> None:
    result = CliRunner().invoke(
        main, ["survey", "import-responses", "aiag_wave2", str(FIXTURES / "aiag_wave2_responses.csv")]
    )
    assert result.exit_code != 0
    assert "already imported" in result.output
    assert SurveyResponse.objects.filter(survey=imported).count() == 245


def test_bad_rows_are_all_reported_and_nothing_is_stored(imported: Survey, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "respondent,wave1,company_type,it_system,colour\n"
        "n1,yes,supplier,none,\n"
        "n2,maybe,supplier,none,\n"
        "n3,yes,both,none,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["survey", "import-responses", "aiag_wave2", str(path)])
    assert result.exit_code != 0
    output = result.output
    assert "column 'colour'" in output
    assert "unknown question" in output
    assert "row 3, column 'wave1'" in output
    assert "'maybe'" in output
    assert "unknown choice" in output
    assert "row 4, column 'company_type'" in output
    assert "'both'" in output
    assert SurveyResponse.objects.filter(survey=imported).count() == 245


def test_a_gbk_file_is_read(imported: Survey, tmp_path: Path) -> None:
    header, rows = _rows(FIXTURES / "aiag_wave2_responses.csv")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows[:3]:
        writer.writerow([f"gbk-{row[0]}", *row[1:]])
    path = tmp_path / "gbk.csv"
    path.write_bytes(buffer.getvalue().encode("gbk"))
    result = run("survey", "import-responses", "aiag_wave2", str(path))
    assert result.exit_code == 0, result.output
    assert "gbk" in result.stdout.lower() or "gb" in result.stdout.lower()
    assert SurveyResponse.objects.filter(survey=imported).count() == 248


def test_a_file_in_neither_utf8_nor_gbk_is_refused_clearly(imported: Survey, tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"respondent,wave1\nx,yes\n" + b"\xff\xfe\xfa\n")
    result = CliRunner().invoke(main, ["survey", "import-responses", "aiag_wave2", str(path)])
    assert result.exit_code != 0
    assert "Error:" in result.output
    assert "Traceback" not in result.output


def test_export_responses_csv_and_xlsx(imported: Survey, tmp_path: Path) -> None:
    result = run("survey", "export-responses", "aiag_wave2", "--format", "csv")
    text = result.stdout_bytes.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert "measurement_scope" in header
    assert "measurement_scope/scope1" in header
    assert len(text.strip().splitlines()) == 246
    out = tmp_path / "responses.xlsx"
    assert (
        run("survey", "export-responses", "aiag_wave2", "--format", "xlsx", "--out", str(out)).exit_code == 0
    )
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row == 246


def test_report_files_through_the_cli(imported: Survey, tmp_path: Path) -> None:
    for fmt in ("pdf", "xlsx", "html"):
        out = tmp_path / f"report.{fmt}"
        result = run("survey", "report", "aiag_wave2", "--format", fmt, "--out", str(out))
        assert result.exit_code == 0, result.output
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert "碳表现调查" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "xl/charts/chart1.xml" in __import__("zipfile").ZipFile(tmp_path / "report.xlsx").namelist()


def test_import_form_needs_a_choice_of_organization_when_there_are_several(
    make_organization: Callable[..., Any],
) -> None:
    make_organization("First 第一")
    make_organization("Second 第二")
    result = CliRunner().invoke(main, ["survey", "import-form", str(FIXTURES / "aiag_wave2.xlsx")])
    assert result.exit_code != 0
    assert "--organization" in result.output
    assert "First 第一" in result.output
    assert "Second 第二" in result.output
    result = run("survey", "import-form", str(FIXTURES / "aiag_wave2.xlsx"), "--organization", "Second 第二")
    assert result.exit_code == 0
    assert Survey.objects.get(identifier="aiag_wave2").organization.name == "Second 第二"


def test_a_new_form_version_may_not_drop_answered_questions(imported: Survey) -> None:
    result = run("survey", "import-form", str(FIXTURES / "aiag_wave2.xlsx"))
    assert result.exit_code == 0
    assert Survey.objects.get(pk=imported.pk).form_version == 2
    result = CliRunner().invoke(main, ["survey", "import-form", str(FIXTURES / "aiag_wave1.xlsx")])
    assert result.exit_code == 0  # a different form_id: a new survey
    assert Survey.objects.filter(identifier="aiag_wave1_demo").exists()


def test_unknown_survey_is_one_clear_line(imported: Survey) -> None:
    result = CliRunner().invoke(main, ["survey", "report", "nope"])
    assert result.exit_code != 0
    assert "no survey 'nope'" in result.output
    assert "aiag_wave2" in result.output


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    reader = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return reader[0], reader[1:]
