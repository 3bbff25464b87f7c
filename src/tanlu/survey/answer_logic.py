"""What validating an answer needs from a form, worked out once: its parsed expressions, the order in which
skip logic is evaluated, and the canonical text of one raw answer.

Shared by the per-respondent check (:func:`tanlu.survey.responses.check_response`) and the columnar import of a
whole table (:mod:`tanlu.survey.response_columns`), so both give the same answers and the same messages.
"""

from __future__ import annotations

import datetime
import graphlib
import re
from dataclasses import dataclass

from tanlu.errors import InputError
from tanlu.survey.expressions import Expression, parse_expression
from tanlu.survey.form import Form, Group, Question
from tanlu.tabular import decimal_from_text

__all__ = ["Logic", "canonical_answer", "form_logic"]

_DATE = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[ T]00:00(?::00)?)?")


@dataclass(frozen=True)
class Logic:
    """A form's parsed expressions and the order in which relevance must be evaluated."""

    order: tuple[Question | Group, ...]
    parents: dict[str, tuple[str, ...]]
    relevant: dict[str, Expression]
    required: dict[str, Expression]
    constraint: dict[str, Expression]
    calculation: dict[str, Expression]


_LOGIC_CACHE: dict[int, tuple[Form, Logic]] = {}


def form_logic(form: Form) -> Logic:
    cached = _LOGIC_CACHE.get(id(form))
    if cached is not None and cached[0] is form:
        return cached[1]
    nodes: dict[str, Question | Group] = {group.name: group for group in form.groups()}
    parents: dict[str, tuple[str, ...]] = {group.name: () for group in form.groups()}
    for group in form.groups():
        for child in group.children:
            parents[child.name] = (group.name,)
    relevant: dict[str, Expression] = {}
    required: dict[str, Expression] = {}
    constraint: dict[str, Expression] = {}
    for question, groups in form.walk():
        nodes[question.name] = question
        parents[question.name] = (groups[-1].name,) if groups else ()
        if question.required not in {"", "yes"}:
            required[question.name] = parse_expression(question.required)
        if question.constraint:
            constraint[question.name] = parse_expression(question.constraint)
    for name, node in nodes.items():
        if node.relevant:
            relevant[name] = parse_expression(node.relevant)
    calculation = {q.name: parse_expression(q.calculation) for q in form.calculations() if q.calculation}
    for name in calculation:
        nodes[name] = form.hidden_question(name)
        parents[name] = ()
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for name in nodes:
        depends = set(parents[name]) | (set(relevant[name].references) if name in relevant else set())
        depends |= calculation[name].references if name in calculation else set()
        sorter.add(name, *sorted(depends))
    order = tuple(nodes[name] for name in sorter.static_order() if name in nodes)
    logic = Logic(order, parents, relevant, required, constraint, calculation)
    if len(_LOGIC_CACHE) > 64:
        _LOGIC_CACHE.clear()
    _LOGIC_CACHE[id(form)] = (form, logic)
    return logic


def canonical_answer(form: Form, question: Question, raw: str) -> str:
    """The canonical text of one raw answer, or :class:`InputError` (without place; the caller adds it)."""
    text = raw.strip()
    kind = question.type
    if kind in {"integer", "decimal"}:
        # the one grammar (tanlu.decimals): at most 15 significant digits below 10**15, so the float is exact
        # to what was typed and its shortest repr gives it back, never a rounded 40-digit answer
        value = decimal_from_text(text)
        if value.is_integer():
            return str(int(value))
        if kind == "integer":
            raise InputError("an integer is required")
        return repr(value)
    if kind == "date":
        match = _DATE.fullmatch(text)
        try:
            if match is None:
                raise ValueError(text)
            return datetime.date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            raise InputError("a date is required, written 2024-01-05") from None
    if kind in {"select_one", "select_multiple"}:
        choices = [choice.name for choice in form.choices_for(question)]
        picked = text.split()
        unknown = [name for name in picked if name not in choices]
        if unknown:
            raise InputError(f"unknown choice {unknown[0]!r}; the choices are {', '.join(choices)}")
        if kind == "select_one" and len(picked) > 1:
            raise InputError("only one choice is allowed")
        return " ".join(name for name in choices if name in picked)
    if kind == "note":
        raise InputError("a note takes no answer")
    return text
