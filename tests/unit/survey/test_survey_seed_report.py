"""The JSON report on the 245 synthetic responses reproduces every percentage of the AIAG wave 2 report.

Fixture ``tests/fixtures/survey/aiag_wave2_printed_percent.csv`` is transcribed by hand from AIAG Supply Chain
Sustainability, *碳表现调查报告 / Carbon Performance Survey* (as of 30 March 2023), the "选项 / 百分比" table of
each question: question name (ours), option name (ours), the option label as the report prints it, and the
printed percentage. It is kept apart from ``tanlu.survey.demo`` (which has its own copy as generator input) so
that a transcription slip in either shows up here.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tanlu.survey.builtin import builtin_form
from tanlu.survey.demo import WAVE2_SAMPLE_ANSWERS, demo_wave2_responses, wave2_counts
from tanlu.survey.report import build_report, report_json

FIXTURE = Path(__file__).parents[2] / "fixtures" / "survey" / "aiag_wave2_printed_percent.csv"


def printed() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["question"], {})[row["option"]] = row["printed_percent"]
    return table


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(report_json(build_report(demo_wave2_responses())))
    return data


def test_report_header(report: dict[str, Any]) -> None:
    assert report["survey"] == "aiag_wave2"
    assert report["respondents"] == 245
    assert report["title"] == {"zh": "碳表现调查（第二轮）", "en": "Carbon Performance Survey (Wave 2)"}
    assert report["base"] == "shown"


def test_every_printed_percentage_is_reproduced(report: dict[str, Any]) -> None:
    expected = printed()
    questions = {q["name"]: q for q in report["questions"]}
    checked = 0
    for question, options in expected.items():
        stat = questions[question]
        assert stat["shown"] == 245, question
        assert stat["base_n"] == 245, question
        got = {option["name"]: option["percent"] for option in stat["options"]}
        assert set(got) == set(options), question
        for option, percent in options.items():
            assert Decimal(str(got[option])) == Decimal(percent), f"{question}/{option}"
            checked += 1
    assert checked == 60


def test_every_choice_question_of_the_form_is_in_the_fixture() -> None:
    form = builtin_form()
    choice_questions = {q.name for q in form.questions() if q.choices}
    assert choice_questions == set(printed())


def test_single_choice_shares_sum_to_100_and_multiple_choice_flags_excess(report: dict[str, Any]) -> None:
    for question in report["questions"]:
        if question["type"] == "select_one":
            assert sum(option["count"] for option in question["options"]) == question["answered"]
            assert not question["exceeds_100"]
        elif question["type"] == "select_multiple":
            # from the printed report, not from the code's own formula: its shares add up to over 100%
            printed_total = sum(Decimal(p) for p in printed()[question["name"]].values())
            assert question["exceeds_100"] is (printed_total > 100), question["name"]
    function = next(q for q in report["questions"] if q["name"] == "function")
    assert function["exceeds_100"]  # the report prints 102.46% in all


def test_free_text_answers_are_the_printed_ones(report: dict[str, Any]) -> None:
    sample = next(q for q in report["questions"] if q["name"] == "pcf_disclosure_sample")
    assert sample["type"] == "text"
    assert sample["shown"] == 62  # only the respondents who answered yes to pcf_disclosure
    assert sample["answered"] == 48
    assert sample["skipped"] == 14
    assert sorted(sample["answers"]) == sorted(WAVE2_SAMPLE_ANSWERS)
    assert "https://www.aptiv.com/en/about/sustainability" in sample["answers"]


def test_demo_counts_round_trip_to_the_printed_shares() -> None:
    counts = wave2_counts()
    assert counts["it_system"] == {"internal": 22, "third_party": 18, "none": 205}
    assert counts["wave1"] == {"yes": 129, "no": 116}


def test_the_generated_expected_json_agrees_with_the_hand_transcription() -> None:
    """``tests/fixtures/surveys/aiag_wave2_expected.json`` (used by the API and CLI tests) is written by
    ``make_fixtures.py`` from the core's own copy of the percentages: it must equal the hand-transcribed CSV."""
    generated = Path(__file__).parents[2] / "fixtures" / "surveys" / "aiag_wave2_expected.json"
    data = json.loads(generated.read_text(encoding="utf-8"))
    assert {q: {o: str(p) for o, p in options.items()} for q, options in data.items()} == printed()
