"""Invariants of the statistics: counts match a naive count, single-choice shares sum to 100% of the answered."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanlu.survey.form import Choice, Form, Question
from tanlu.survey.responses import ResponseSet
from tanlu.survey.stats import Filter, crosstab, survey_stats

OPTIONS = ["a", "b", "c", "d"]
FORM = Form(
    "p",
    {"en": "P"},
    "1",
    "en",
    ("en",),
    (
        Question("one", "select_one", {"en": "One"}, choices="abcd"),
        Question("many", "select_multiple", {"en": "Many"}, choices="abcd"),
    ),
    {"abcd": tuple(Choice(name, {"en": name.upper()}) for name in OPTIONS)},
)

respondent = st.tuples(
    st.booleans(),
    st.sampled_from(["", *OPTIONS]),
    st.booleans(),
    st.lists(st.sampled_from(OPTIONS), unique=True).map(
        lambda picked: " ".join(o for o in OPTIONS if o in picked)
    ),
    st.sampled_from(["t1", "t2"]),
)


def build(rows: list[tuple[bool, str, bool, str, str]]) -> ResponseSet:
    return ResponseSet(
        FORM,
        [f"r{i}" for i in range(len(rows))],
        {"one": [r[1] if r[0] else "" for r in rows], "many": [r[3] if r[2] else "" for r in rows]},
        {"one": [r[0] for r in rows], "many": [r[2] for r in rows]},
        {"tier": [r[4] for r in rows]},
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(respondent, max_size=40))
def test_counts_match_a_naive_count(rows: list[tuple[bool, str, bool, str, str]]) -> None:
    responses = build(rows)
    stats = survey_stats(responses)
    one, many = stats.question("one"), stats.question("many")
    assert one.shown == sum(r[0] for r in rows)
    assert one.answered == sum(1 for r in rows if r[0] and r[1])
    for option in one.options:
        assert option.count == sum(1 for r in rows if r[0] and r[1] == option.name)
    for option in many.options:
        assert option.count == sum(1 for r in rows if r[2] and option.name in r[3].split())
    if one.answered:
        answered = survey_stats(responses, base="answered").question("one")
        assert sum(option.percent for option in answered.options) == pytest.approx(100.0)
    everything = survey_stats(responses, where=[Filter.of("tier", "t1", "t2")])
    assert everything == stats.__class__(**{**stats.__dict__, "filters": everything.filters})


@settings(max_examples=60, deadline=None)
@given(st.lists(respondent, max_size=40))
def test_crosstab_margins(rows: list[tuple[bool, str, bool, str, str]]) -> None:
    table = crosstab(build(rows), "one", "many")
    both = [r for r in rows if r[0] and r[1] and r[2] and r[3]]
    assert table.n == len(both)
    assert sum(table.row_totals) == len(both)  # single choice rows: each respondent in one row
    for i, row in enumerate(table.counts):
        assert max(row, default=0) <= table.row_totals[i]
