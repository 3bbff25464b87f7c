"""Respondents' answers: validation against the form (skip logic, required, constraints, types) and import.

An answer is kept as canonical text, the way XLSForm tools store it: a select_one answer is the choice
name, a select_multiple answer the selected names in choice-list order separated by single spaces, an
integer ``"12"``, a decimal its shortest exact form (``"1.5"``), a date ISO ``"2024-01-05"``. Besides its
answers, each respondent records, per question, whether the question was *shown* (its ``relevant`` and
those of its groups held, evaluated in dependency order with hidden questions counting as unanswered).
Calculated values (``calculate`` rows) are worked out in the same order, so skip logic and constraints may use
them; they are not stored as answers.

:func:`import_responses` reads a whole table (header = question names; select_multiple either as one column
of space-separated names or as Kobo's 0/1 columns ``question/choice``) all or nothing: every bad cell of
every row is collected and raised at once as :class:`~tanlu.errors.RowsRejected`.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field

from tanlu.errors import InputError, RowIssue, RowsRejected
from tanlu.survey.answer_logic import Logic, canonical_answer, form_logic
from tanlu.survey.form import Form, Question, text_in
from tanlu.survey.functions import to_text
from tanlu.survey.response_columns import RESPONDENT_COLUMN, Layout, table_layout, validate_columns
from tanlu.tabular import Table

__all__ = [
    "RESPONDENT_COLUMN",
    "Response",
    "ResponseSet",
    "check_response",
    "import_responses",
    "import_responses_by_row",
    "required_now",
    "validate_response",
]


@dataclass(frozen=True)
class Response:
    """One respondent: canonical answers of the questions shown and answered, and what was shown."""

    respondent: str
    answers: dict[str, str]
    shown: dict[str, bool]
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ResponseSet:
    """Every respondent of one form, column by column (what statistics read in bulk).

    ``answers[q][i]`` is respondent ``i``'s canonical answer to ``q`` (``""`` when unanswered or not shown),
    ``shown[q][i]`` whether ``q`` was shown to them, ``attributes[a][i]`` an attribute from their invitation
    (customer OEM, tier, region...).
    """

    form: Form
    respondents: list[str]
    answers: dict[str, list[str]]
    shown: dict[str, list[bool]]
    attributes: dict[str, list[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.respondents)

    @classmethod
    def from_responses(cls, form: Form, responses: Sequence[Response]) -> ResponseSet:
        names = [question.name for question in form.answer_questions()]
        attribute_names = sorted({key for response in responses for key in response.attributes})
        return cls(
            form=form,
            respondents=[response.respondent for response in responses],
            answers={name: [response.answers.get(name, "") for response in responses] for name in names},
            shown={name: [response.shown.get(name, False) for response in responses] for name in names},
            attributes={
                a: [response.attributes.get(a, "") for response in responses] for a in attribute_names
            },
        )

    def response(self, index: int) -> Response:
        return Response(
            respondent=self.respondents[index],
            answers={q: values[index] for q, values in self.answers.items() if values[index]},
            shown={q: values[index] for q, values in self.shown.items()},
            attributes={a: values[index] for a, values in self.attributes.items()},
        )


def check_response(
    form: Form,
    raw: Mapping[str, str],
    *,
    respondent: str = "",
    attributes: Mapping[str, str] | None = None,
    file: str | None = None,
    row: int | None = None,
) -> tuple[Response, list[RowIssue]]:
    """Validate one respondent's raw answers (``{question name: text}``); return the response and its issues.

    Issues: unknown questions, values that do not fit the type or the choice list, answers to questions that
    were not shown, missing required answers, failed constraints. Empty text counts as no answer.
    """
    logic = form_logic(form)
    issues: list[RowIssue] = []

    def issue(column: str, value: str | None, reason: str) -> None:
        issues.append(RowIssue(row=row, column=column, value=value, reason=reason, file=file))

    questions = {question.name: question for question in form.questions()}
    kept = {question.name for question in form.hidden_questions}
    canonical: dict[str, str] = {}
    invalid: set[str] = set()
    for name, value in raw.items():
        if name in kept:
            continue  # a calculated value is worked out here, an unsupported question is not asked
        if name not in questions:
            issue(name, value, "unknown question")
        elif value is not None and str(value).strip():
            try:
                canonical[name] = canonical_answer(form, questions[name], str(value))
            except InputError as error:
                issue(name, str(value), error.issue.reason)
                invalid.add(name)
    visible, shown_map, uncertain = _skip_logic(form, logic, canonical, invalid)
    for question in form.answer_questions():
        name = question.name
        value = canonical.get(name, "")
        if name in invalid or name in uncertain:
            continue  # already reported, or its visibility hangs on an answer that was reported
        if not shown_map[name]:
            if value:
                issue(name, raw.get(name), "answered, but the question is not shown for the earlier answers")
            continue
        if not value:
            if question.always_required or (name in logic.required and logic.required[name].holds(visible)):
                issue(name, None, "an answer is required")
            continue
        if name in logic.constraint and not logic.constraint[name].holds(visible, value):
            message = text_in(question.constraint_message, form.default_language)
            issue(name, raw.get(name), message or f"does not meet the constraint {question.constraint}")
    response = Response(
        respondent=respondent,
        answers={name: value for name, value in visible.items() if value and name not in logic.calculation},
        shown=shown_map,
        attributes=dict(attributes or {}),
    )
    return response, issues


def _skip_logic(
    form: Form, logic: Logic, canonical: dict[str, str], invalid: set[str]
) -> tuple[dict[str, str], dict[str, bool], set[str]]:
    """Which questions are shown and the answers of those shown (hidden ones count as unanswered).

    Also the questions whose visibility depends, directly or through groups, on an invalid answer.
    """
    visible: dict[str, str] = {}
    shown_nodes: dict[str, bool] = {}
    uncertain: set[str] = set()
    for node in logic.order:
        if node.name in logic.calculation:
            expression = logic.calculation[node.name]
            if expression.references & (invalid | uncertain):
                uncertain.add(node.name)
            value = to_text(expression.evaluate(visible))
            if value and value != "NaN":
                visible[node.name] = value
            continue
        depends = set(logic.parents[node.name])
        shown = all(shown_nodes.get(parent, True) for parent in depends)
        if node.name in logic.relevant:
            depends |= logic.relevant[node.name].references
            if shown:
                shown = logic.relevant[node.name].holds(visible, canonical.get(node.name, ""))
        if depends & (invalid | uncertain):
            uncertain.add(node.name)
        shown_nodes[node.name] = shown
        if isinstance(node, Question) and shown and node.name in canonical:
            visible[node.name] = canonical[node.name]
    return visible, {q.name: shown_nodes[q.name] for q in form.answer_questions()}, uncertain


def required_now(form: Form, answers: Mapping[str, str]) -> set[str]:
    """The questions that must be answered, given the canonical answers so far (:attr:`Response.answers`).

    A respondent's page marks them before anything is posted, so "required" is learnt from the page and not
    from an error; ``required`` expressions are evaluated as :func:`check_response` does.
    """
    logic = form_logic(form)
    return {
        question.name
        for question in form.answer_questions()
        if question.always_required
        or (question.name in logic.required and logic.required[question.name].holds(answers))
    }


def validate_response(
    form: Form,
    raw: Mapping[str, str],
    *,
    respondent: str = "",
    attributes: Mapping[str, str] | None = None,
) -> Response:
    """Like :func:`check_response`, but raise :class:`RowsRejected` listing every issue."""
    response, issues = check_response(form, raw, respondent=respondent, attributes=attributes)
    if issues:
        raise RowsRejected(issues)
    return response


def import_responses(form: Form, table: Table, *, attributes: Sequence[str] | None = None) -> ResponseSet:
    """Validate a table of responses all or nothing (see the module docstring).

    ``attributes`` names columns that hold respondent attributes rather than answers; by default they are the
    columns before the first question, where the response export writes them (``company``, ``tier``...), so
    an export reads back in. A ``respondent``
    column gives respondent ids (else ``row-<n>``). Columns other tools add (``start``, ``end``, ``_id``,
    ``_uuid``...) are ignored; any other unknown column rejects the table.

    The table is validated column by column (:mod:`tanlu.survey.response_columns`), which gives the answers
    and issues of :func:`import_responses_by_row` many times faster; a table that path declines is validated
    row by row.
    """
    layout = _layout(form, table, attributes)
    columns = validate_columns(form, table, layout)
    if columns is None:
        return _by_row(form, table, layout)
    issues = [*layout.issues, *columns.issues]
    if issues:
        raise RowsRejected(issues, file=table.filename)
    return ResponseSet(form, columns.respondents, columns.answers, columns.shown, columns.attributes)


def import_responses_by_row(
    form: Form, table: Table, *, attributes: Sequence[str] | None = None
) -> ResponseSet:
    """:func:`import_responses` one respondent at a time through :func:`check_response`: the reference the
    columnar validation is tested against, and its fallback."""
    return _by_row(form, table, _layout(form, table, attributes))


def _layout(form: Form, table: Table, attributes: Sequence[str] | None) -> Layout:
    if attributes is None:
        attributes = _leading_columns(table.headers, {question.name for question in form.questions()})
    return table_layout(form, table, attributes)


def _by_row(form: Form, table: Table, layout: Layout) -> ResponseSet:
    issues = list(layout.issues)
    answer_columns, split_columns = layout.answer_columns, layout.split_columns
    responses: list[Response] = []
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        raw = {name: row[index] for name, index in answer_columns.items()}
        for name, columns in split_columns.items():
            if name not in answer_columns:
                raw[name] = _from_split_columns(
                    row, columns, name=name, number=number, table=table, issues=issues
                )
        index = layout.respondent_index
        respondent = row[index] if index is not None else f"row-{number}"
        extra = {name: row[index] for name, index in layout.attribute_columns.items()}
        response, found = check_response(
            form, raw, respondent=respondent, attributes=extra, file=table.filename, row=number
        )
        issues.extend(found)
        responses.append(response)
    if issues:
        raise RowsRejected(issues, file=table.filename)
    return ResponseSet.from_responses(form, responses)


def _leading_columns(headers: Sequence[str], questions: Container[str]) -> list[str]:
    """The columns before the first question column, but ``respondent``; none when no column is a question."""
    for position, header in enumerate(headers):
        if header in questions or header.partition("/")[0] in questions:
            return [name for name in headers[:position] if name != RESPONDENT_COLUMN]
    return []


def _from_split_columns(
    row: list[str],
    columns: list[tuple[str, int]],
    *,
    name: str,
    number: int,
    table: Table,
    issues: list[RowIssue],
) -> str:
    picked: list[str] = []
    for choice, index in columns:
        cell = row[index].strip()
        if cell in {"1", "1.0", "TRUE", "true"}:
            picked.append(choice)
        elif cell not in {"", "0", "0.0", "FALSE", "false"}:
            reason = "a 0/1 column must hold 0 or 1"
            issues.append(RowIssue(number, f"{name}/{choice}", cell, reason, table.filename, table.sheet))
    return " ".join(picked)
