"""The XLSForm expression evaluator: values as ODK computes them, and errors with a position."""

from __future__ import annotations

import pytest

from tanlu.errors import ExpressionError
from tanlu.survey.builtin import builtin_form
from tanlu.survey.expression_graph import dependency_graph, find_cycle
from tanlu.survey.expressions import parse_expression, to_text

ANSWERS = {"q": "yes", "age": "20", "fruits": "apple pear", "empty": "", "ratio": "2.5"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${q} = 'yes'", True),
        ("${q} != 'yes'", False),
        ('${q} = "no"', False),
        ("${age} > 18", True),
        ("${age} >= 20 and ${age} <= 20", True),
        ("${age} < 18 or ${q} = 'yes'", True),
        ("${age} = 20", True),
        ("${age} = '20'", True),
        ("selected(${fruits}, 'pear')", True),
        ("selected(${fruits}, 'kiwi')", False),
        ("count-selected(${fruits}) = 2", True),
        ("string-length(${q}) = 3", True),
        ("not(${q} = 'no')", True),
        ("(${age} + 1) * 2 = 42", True),
        ("${age} div 8 = 2.5", True),
        ("${age} mod 6 = 2", True),
        ("-${ratio} = -2.5", True),
        ("${empty} = ''", True),
        ("${empty} > 0", False),
        ("${missing} = ''", True),
        ("if(${q} = 'yes', 1, 2) = 1", True),
        ("contains(${fruits}, 'app')", True),
        ("number(${ratio}) = 2.5", True),
        ("true() and not(false())", True),
        ("1 + 2 * 3 = 7", True),
        ("2 < 3 = true()", True),
    ],
)
def test_evaluates_like_xpath(text: str, expected: bool) -> None:
    assert parse_expression(text).holds(ANSWERS) is expected


def test_current_answer_dot() -> None:
    constraint = parse_expression(". >= 0 and . <= 100")
    assert constraint.holds({}, "42")
    assert not constraint.holds({}, "142")
    assert not constraint.holds({}, "abc")
    assert parse_expression("count-selected(.) <= 2").holds({}, "a b")


def test_references() -> None:
    expression = parse_expression("selected(${a}, 'x') and ${b} > ${a} or .")
    assert expression.references == frozenset({"a", "b"})
    expression.check_references({"a", "b"})
    with pytest.raises(ExpressionError, match=r"unknown question \$\{b\}"):
        expression.check_references({"a"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("${q} =", "column 7"),
        ("${q} = 'yes", "unterminated string starting at column 8"),
        ("(${q} = 'yes'", "expected '\\)'"),
        ("${q} = 'yes')", "column 13"),
        ("${q b} = 1", "malformed reference at column 1"),
        ("q = 'yes'", "unknown name 'q' at column 1"),
        ("eval('1')", "unknown function 'eval'"),
        ("selected(${q})", "takes 2 argument"),
        ("1 2", "column 3"),
        ("${q} == 'yes'", "column 7"),
        ("${q} & 1", "unexpected character '&' at column 6"),
        ("", "empty"),
        ("(" * 80 + "1" + ")" * 80, "nested too deeply"),
        ("+".join(["1"] * 400), "too complex"),
    ],
)
def test_syntax_errors_name_the_position(text: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message):
        parse_expression(text)


def test_to_text_of_numbers() -> None:
    assert to_text(3.0) == "3"
    assert to_text(2.5) == "2.5"
    assert to_text(True) == "true"


def test_division_by_zero_is_not_an_exception() -> None:
    assert not parse_expression("1 div 0 < 5").holds({})
    assert not parse_expression("0 div 0 = 0").holds({})
    assert not parse_expression("5 mod 0 = 0").holds({})


def test_find_cycle() -> None:
    assert find_cycle({"a": ["b"], "b": ["c"], "c": []}) is None
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["a"]}) == ["a", "a"]
    assert find_cycle({"x": ["y"], "y": [], "a": ["b"], "b": ["a"]}) == ["a", "b", "a"]


def test_operator_word_before_parenthesis_regression() -> None:
    """Found by hypothesis: ``and (`` was read as a call of a function named ``and``."""
    assert parse_expression("(${a} = 1) and (${b} = 2)").holds({"a": "1", "b": "2"})
    assert parse_expression("${a} div (1 + 1) = 1 or (${b} = 3)").holds({"a": "2"})


def test_dependency_graph_of_the_builtin_form() -> None:
    graph = dependency_graph(builtin_form())
    assert graph["pcf_disclosure_sample"] == frozenset({"disclosure", "pcf_disclosure"})
    assert graph["main_difficulty_other"] == frozenset({"accounting", "main_difficulty"})
    assert graph["respondent"] == frozenset()
    assert graph["measurement_scope"] == frozenset(
        {"accounting"}
    )  # its constraint refers to itself: left out
    assert find_cycle(graph) is None
