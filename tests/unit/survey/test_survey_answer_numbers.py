"""Number answers follow the one decimal grammar (issue #11, item 12): a 40-digit answer is refused with the
question named, never stored rounded."""

from __future__ import annotations

import pytest

from tanlu.survey.form import Form, Question
from tanlu.survey.responses import check_response

FORTY_DIGITS = "1234567890123456789012345678901234567890"


def number_form() -> Form:
    return Form(
        form_id="n",
        title={"en": "N"},
        version="1",
        default_language="en",
        languages=("en",),
        children=(
            Question("staff", "integer", {"en": "Staff"}),
            Question("share", "decimal", {"en": "Share"}),
        ),
        choice_lists={},
    )


@pytest.mark.parametrize(
    ("question", "answer", "reason"),
    [
        ("share", FORTY_DIGITS, "too many digits"),
        ("share", "0." + FORTY_DIGITS, "too many digits"),
        ("staff", FORTY_DIGITS, "too many digits"),
        ("share", "1e20", "out of range"),
        ("staff", "1.5", "an integer is required"),
    ],
)
def test_numbers_beyond_the_grammar_are_refused(question: str, answer: str, reason: str) -> None:
    response, issues = check_response(number_form(), {question: answer})
    assert [(i.column, i.value) for i in issues] == [(question, answer)]
    assert reason in issues[0].reason
    assert question not in response.answers


@pytest.mark.parametrize(
    ("question", "answer", "stored"),
    [
        ("share", "123456789012.345", "123456789012.345"),
        ("share", "0.000000000000123", "1.23e-13"),
        ("share", "2.50", "2.5"),
        ("staff", "999999999999999", "999999999999999"),
        ("staff", "1e3", "1000"),
    ],
)
def test_numbers_within_the_grammar_are_stored_exactly(question: str, answer: str, stored: str) -> None:
    response, issues = check_response(number_form(), {question: answer})
    assert issues == []
    assert response.answers[question] == stored
