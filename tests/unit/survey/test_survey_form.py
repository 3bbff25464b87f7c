"""The questionnaire model: pages, walking groups, lookups and language fallback."""

from __future__ import annotations

import pytest

from tanlu.errors import NotFound
from tanlu.survey.form import Form, Group, Question, text_in


def q(name: str, kind: str = "text") -> Question:
    return Question(name, kind, {"en": name.upper()})


FORM = Form(
    "f",
    {"en": "F"},
    "1",
    "en",
    ("en",),
    (
        q("a"),
        q("b"),
        Group("g1", {"en": "Page 1"}, (q("c"), Group("inner", {}, (q("d"), q("n", "note"))))),
        q("e"),
        Group("g2", {"en": "Page 2"}, (q("f"),), appearance="field-list"),
    ),
    {},
)


def test_pages_follow_the_documented_rule() -> None:
    pages = FORM.pages()
    assert [(page.name, [x.name for x in page.questions]) for page in pages] == [
        (None, ["a", "b"]),
        ("g1", ["c", "d", "n"]),
        (None, ["e"]),
        ("g2", ["f"]),
    ]


def test_walk_groups_and_lookups() -> None:
    assert [x.name for x in FORM.questions()] == ["a", "b", "c", "d", "n", "e", "f"]
    assert [x.name for x in FORM.answer_questions()] == ["a", "b", "c", "d", "e", "f"]
    parents = {question.name: [g.name for g in groups] for question, groups in FORM.walk()}
    assert parents["d"] == ["g1", "inner"]
    assert [g.name for g in FORM.groups()] == ["g1", "inner", "g2"]
    assert FORM.question("d").label == {"en": "D"}
    assert FORM.has_question("e")
    assert not FORM.has_question("g1")
    with pytest.raises(NotFound):
        FORM.question("zzz")
    assert FORM.choices_for(FORM.question("a")) == ()


def test_text_in_falls_back() -> None:
    assert text_in({"en": "Yes", "zh": "是"}, "zh") == "是"
    assert text_in({"en": "Yes"}, "zh") == "Yes"
    assert text_in({}, "zh", "yes") == "yes"
    assert text_in({"zh": "", "en": "Yes"}, "zh") == "Yes"
