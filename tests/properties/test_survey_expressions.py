"""Properties of the expression parser: random text fails only with ExpressionError; valid text parses."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from tanlu.errors import ExpressionError
from tanlu.survey.expressions import parse_expression

TOKENS = [
    "${a}",
    "${b}",
    ".",
    "'x'",
    '"y"',
    "1",
    "2.5",
    "=",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "div",
    "mod",
    "and",
    "or",
    "not(",
    "selected(",
    "count-selected(",
    "string-length(",
    "(",
    ")",
    ",",
    "true()",
    "${",
    "'",
    "$",
]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_random_text_only_raises_expression_error(text: str) -> None:
    with contextlib.suppress(ExpressionError):
        expression = parse_expression(text)
        expression.evaluate({"a": "1", "b": "x y"}, "3")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=25))
def test_token_soup_only_raises_expression_error(tokens: list[str]) -> None:
    with contextlib.suppress(ExpressionError):
        parse_expression(" ".join(tokens)).holds({"a": "2"}, "")


comparison = st.builds(
    lambda name, op, value: f"${{{name}}} {op} {value}",
    st.sampled_from(["a", "b", "c"]),
    st.sampled_from(["=", "!=", "<", "<=", ">", ">="]),
    st.one_of(st.integers(-100, 100).map(str), st.sampled_from(["'yes'", "'no'", '"x"'])),
)
expressions = st.recursive(
    comparison,
    lambda inner: st.one_of(
        st.builds(lambda a, b: f"({a}) and ({b})", inner, inner),
        st.builds(lambda a, b: f"{a} or {b}", inner, inner),
        st.builds(lambda a: f"not({a})", inner),
    ),
    max_leaves=12,
)


@given(
    expressions,
    st.dictionaries(st.sampled_from(["a", "b", "c"]), st.sampled_from(["", "yes", "no", "5", "-3"])),
)
def test_generated_expressions_parse_and_evaluate_to_booleans(text: str, answers: dict[str, str]) -> None:
    expression = parse_expression(text)
    assert expression.references <= {"a", "b", "c"}
    assert isinstance(expression.holds(answers), bool)
    negated = parse_expression(f"not({text})")
    assert negated.holds(answers) is not expression.holds(answers)
