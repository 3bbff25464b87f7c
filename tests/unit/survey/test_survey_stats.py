"""Statistics: bases, filters, cross-tabs, wave comparison, highlights and the report's JSON shape."""

from __future__ import annotations

import json
import random
import time

import pytest

from tanlu.errors import InputError
from tanlu.survey.demo import demo_wave1_responses, demo_wave2_responses
from tanlu.survey.form import Choice, Form, Question
from tanlu.survey.highlights import HighlightRule, highlights
from tanlu.survey.report import build_report, report_json, report_to_dict
from tanlu.survey.responses import ResponseSet, validate_response
from tanlu.survey.stats import (
    Filter,
    compare_waves,
    crosstab,
    percent_for_output,
    question_stats,
    survey_stats,
)

COLOURS = (Choice("red", {"en": "Red", "zh": "红"}), Choice("blue", {"en": "Blue", "zh": "蓝"}))


def small_form() -> Form:
    return Form(
        "small",
        {"en": "Small"},
        "1",
        "en",
        ("en", "zh"),
        (
            Question("likes", "select_one", {"en": "Like colours?"}, choices="yn"),
            Question(
                "colours", "select_multiple", {"en": "Which?"}, choices="colours", relevant="${likes} = 'yes'"
            ),
            Question("staff", "integer", {"en": "Staff"}),
            Question("note", "text", {"en": "Note"}),
        ),
        {"yn": (Choice("yes", {"en": "Yes"}), Choice("no", {"en": "No"})), "colours": COLOURS},
    )


def small_responses() -> ResponseSet:
    form = small_form()
    raws = [
        ({"likes": "yes", "colours": "red blue", "staff": "10", "note": "=cmd"}, "t1"),
        ({"likes": "yes", "colours": "red", "staff": "30"}, "t1"),
        ({"likes": "yes"}, "t2"),
        ({"likes": "no", "staff": "20"}, "t2"),
        ({}, "t2"),
    ]
    responses = [
        validate_response(form, raw, respondent=f"r{i}", attributes={"tier": tier})
        for i, (raw, tier) in enumerate(raws)
    ]
    return ResponseSet.from_responses(form, responses)


def test_shown_answered_skipped_and_bases() -> None:
    responses = small_responses()
    colours = question_stats(responses, "colours")
    assert (colours.shown, colours.answered, colours.skipped) == (3, 2, 1)
    assert colours.base == "shown"
    assert colours.base_n == 3
    red = colours.options[0]
    assert (red.name, red.count) == ("red", 2)
    assert red.percent == pytest.approx(200 / 3)
    assert question_stats(responses, "colours", base="answered").options[0].percent == 100.0
    assert question_stats(responses, "colours", base="respondents").base_n == 5
    assert not colours.exceeds_100  # red 2 + blue 1 = 3 picks, not more than the 3 shown
    likes = question_stats(responses, "likes")
    assert (likes.shown, likes.answered, likes.skipped) == (5, 4, 1)
    with pytest.raises(InputError):
        question_stats(responses, "likes", base="everyone")  # type: ignore[arg-type]


def test_exceeds_100_only_when_picks_outnumber_the_base() -> None:
    colours = question_stats(small_responses(), "colours", base="answered")
    assert colours.base_n == 2
    assert colours.exceeds_100  # 3 picks by 2 respondents
    assert not question_stats(small_responses(), "likes").exceeds_100


def test_numeric_summary_and_free_text() -> None:
    stats = survey_stats(small_responses())
    staff = stats.question("staff")
    assert staff.numeric is not None
    assert (staff.numeric.count, staff.numeric.mean, staff.numeric.median) == (3, 20.0, 20.0)
    assert (staff.numeric.minimum, staff.numeric.maximum) == (10.0, 30.0)
    assert stats.question("note").answers == ("=cmd",)


def test_filters_by_answer_and_attribute() -> None:
    responses = small_responses()
    assert survey_stats(responses, where=[Filter.of("tier", "t1")]).respondents == 2
    assert survey_stats(responses, where=[Filter.of("colours", "blue")]).respondents == 1
    assert (
        survey_stats(responses, where=[Filter.of("likes", "yes"), Filter.of("tier", "t2")]).respondents == 1
    )
    with pytest.raises(InputError, match="filter"):
        survey_stats(responses, where=[Filter.of("nothing", "x")])


def test_crosstab_counts_and_percents() -> None:
    table = crosstab(demo_wave2_responses(), "company_type", "it_system")
    assert table.rows == ("oem", "supplier")
    assert table.columns == ("internal", "third_party", "none")
    assert table.n == 245
    assert sum(map(sum, table.counts)) == 245
    assert table.row_totals == (5, 240)
    assert table.column_totals == (22, 18, 205)
    for row in table.row_percent():
        assert sum(row) == pytest.approx(100.0)
    for column in zip(*table.column_percent(), strict=True):
        assert sum(column) == pytest.approx(100.0)
    multi = crosstab(demo_wave2_responses(), "company_type", "aiag_support")
    assert multi.column_totals == (126, 106, 192, 156, 84, 134)
    with pytest.raises(InputError, match="choice questions"):
        crosstab(demo_wave2_responses(), "company_type", "pcf_disclosure_sample")


def test_wave_comparison() -> None:
    comparison = compare_waves(demo_wave1_responses(), demo_wave2_responses())
    names = [q.name for q in comparison.questions]
    assert "wave1" not in names  # only in wave 2
    assert "it_system" in names
    it_system = next(q for q in comparison.questions if q.name == "it_system")
    none = next(o for o in it_system.options if o.name == "none")
    assert (none.earlier_count, none.later_count) == (110, 205)
    assert none.change == pytest.approx(205 / 245 * 100 - 110 / 120 * 100)
    assert (it_system.earlier_base_n, it_system.later_base_n) == (120, 245)


def test_percent_for_output_rounds_half_up_exactly() -> None:
    assert percent_for_output(1, 8, places=1) == 12.5
    assert percent_for_output(1, 16) == 6.25
    assert percent_for_output(1, 32, places=3) == 3.125
    assert percent_for_output(1, 32, places=2) == 3.13  # half up, not to even (3.12)
    assert percent_for_output(129, 245) == 52.65
    assert percent_for_output(3, 0) == 0.0


def test_highlights_in_both_languages() -> None:
    stats = survey_stats(demo_wave2_responses())
    found = highlights(stats)
    wave1 = next(h for h in found if h.question == "wave1")
    assert wave1.en == "52.65% of respondents took part in wave 1"
    assert wave1.zh == "52.65%的受访者参与了第一轮调查"
    targets = [h for h in found if h.question == "supplier_target_binding"]
    assert [h.value for h in targets] == [44.49, 15.92, 55.51]
    custom = highlights(
        stats, rules=[HighlightRule("it_system", ("none",), "{percent} have none", "{percent}没有")]
    )
    assert any(h.en == "83.67% have none" and h.zh == "83.67%没有" for h in custom)
    generic = next(h for h in custom if h.question == "company_type")
    assert generic.en.startswith("97.96% of respondents answered “Supplier”")


def test_highlights_of_changes_between_waves() -> None:
    comparison = compare_waves(demo_wave1_responses(), demo_wave2_responses())
    changes = [h for h in highlights(survey_stats(demo_wave2_responses()), comparison) if h.kind == "change"]
    assert 0 < len(changes) <= 5
    assert all(abs(h.value) >= 5 for h in changes)
    assert changes == sorted(changes, key=lambda h: -abs(h.value))
    assert "percentage points" in changes[0].en
    assert "个百分点" in changes[0].zh


def test_report_json_shape() -> None:
    report = build_report(
        demo_wave2_responses(), earlier=demo_wave1_responses(), where=[Filter.of("tier", "tier1")]
    )
    data = json.loads(report_json(report))
    assert set(data) >= {
        "survey",
        "title",
        "respondents",
        "questions",
        "highlights",
        "comparison",
        "base",
        "filters",
    }
    assert data["filters"] == [{"field": "tier", "values": ["tier1"]}]
    assert data["respondents"] < 245
    question = data["questions"][0]
    assert set(question) >= {"name", "type", "label", "shown", "answered", "options"}
    assert set(question["options"][0]) == {"name", "label", "count", "percent"}
    assert data["comparison"]["questions"][0]["options"][0].keys() >= {
        "earlier_percent",
        "later_percent",
        "change",
    }
    assert report_to_dict(build_report(small_responses(), with_highlights=False))["comparison"] is None


@pytest.mark.slow
def test_report_of_100k_respondents_by_30_questions_is_fast() -> None:
    rng = random.Random(7)  # noqa: S311 - reproducible test data
    size = 100_000
    lists = {f"l{i}": tuple(Choice(f"c{j}", {"en": f"C{j}"}) for j in range(6)) for i in range(30)}
    kinds = ["select_one", "select_multiple", "text"]
    questions = tuple(
        Question(f"q{i}", kinds[i % 3], {"en": f"Q{i}"}, choices=f"l{i}" if i % 3 != 2 else None)
        for i in range(30)
    )
    form = Form("big", {"en": "Big"}, "1", "en", ("en",), questions, lists)
    options = [f"c{j}" for j in range(6)]
    combos = [" ".join(c for c in options if rng.random() < 0.4) for _ in range(64)]
    answers: dict[str, list[str]] = {}
    for question in questions:
        if question.type == "select_one":
            answers[question.name] = rng.choices(options, k=size)
        elif question.type == "select_multiple":
            answers[question.name] = rng.choices(combos, k=size)
        else:
            answers[question.name] = ["free text" if k % 9 == 0 else "" for k in range(size)]
    shown = {question.name: [True] * size for question in questions}
    responses = ResponseSet(form, [f"r{k}" for k in range(size)], answers, shown)
    started = time.perf_counter()
    text = report_json(build_report(responses))
    elapsed = time.perf_counter() - started
    assert json.loads(text)["respondents"] == size
    assert elapsed < 2.0, f"report took {elapsed:.2f} s"
