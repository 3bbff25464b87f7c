"""Validating a whole response table column by column: the answers and issues of the row-by-row check, faster.

Checking 100,000 respondents one at a time (:func:`tanlu.survey.responses.check_response` per row) calls the same
few functions three million times on a few thousand distinct inputs. Every one of them is a pure function of
a few values:

* the canonical text of a cell depends on its question and its text only;
* an expression's value (``relevant``, ``required``, ``constraint``, ``calculation``) depends only on the
  answers it refers to (``${name}``) and, when it uses ``.``, on the current answer.

So each column is worked out once per distinct value (or per distinct combination of the referenced columns)
and mapped back onto the rows, in the order of :func:`tanlu.survey.answer_logic.form_logic` that the row-by-row
check follows; which rows an issue concerns is decided with list comprehensions over whole columns. Issues
are collected with their row, their phase in the row-by-row check (0/1 columns, then cell values, then skip
logic, required answers and constraints) and their column's place in that phase, then sorted: the list is the
one the row-by-row check gives, message for message and in the same order.

When anything raises while a value is worked out (an expression that fails at run time, an unexpected type),
:func:`validate_columns` gives up and returns ``None``: the caller validates row by row, which raises what it
always raised. A table whose rows are not all as wide as its header is left to the row-by-row check as well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from tanlu.errors import InputError, RowIssue
from tanlu.survey.answer_logic import Logic, canonical_answer, form_logic
from tanlu.survey.expressions import Binary, Call, Current, Expression, Node, Unary
from tanlu.survey.form import Form, Question, text_in
from tanlu.survey.functions import to_text
from tanlu.tabular import Table

__all__ = ["META_COLUMNS", "RESPONDENT_COLUMN", "Columns", "Layout", "table_layout", "validate_columns"]

RESPONDENT_COLUMN = "respondent"
#: columns other tools add to exports that carry no answer: ignored on import
META_COLUMNS = frozenset(
    {"start", "end", "today", "deviceid", "username", "audit", "instanceID", "__version__"}
)
_TRUE_CELLS = frozenset({"1", "1.0", "TRUE", "true"})
_FALSE_CELLS = frozenset({"", "0", "0.0", "FALSE", "false"})
_Value = TypeVar("_Value")
_NOT_SHOWN = "answered, but the question is not shown for the earlier answers"


@dataclass(frozen=True)
class Layout:
    """What a table's header says: where the answers, 0/1 choice columns, attributes and respondent ids are."""

    issues: list[RowIssue]
    answer_columns: dict[str, int]
    split_columns: dict[str, list[tuple[str, int]]]
    attribute_columns: dict[str, int]
    respondent_index: int | None


@dataclass(frozen=True)
class Columns:
    """A validated table as :class:`~tanlu.survey.responses.ResponseSet` holds it, and the rows' issues."""

    respondents: list[str]
    answers: dict[str, list[str]]
    shown: dict[str, list[bool]]
    attributes: dict[str, list[str]]
    issues: list[RowIssue]


def table_layout(form: Form, table: Table, attributes: Sequence[str]) -> Layout:
    """Read the header: duplicate and unknown columns are issues; ``attributes`` names the attribute columns."""
    questions = {question.name: question for question in form.questions()}
    hidden = {question.name for question in form.hidden_questions}
    issues: list[RowIssue] = []
    answer_columns: dict[str, int] = {}
    split_columns: dict[str, list[tuple[str, int]]] = {}
    wanted = set(attributes)
    attribute_columns = {name: index for index, name in enumerate(table.headers) if name in wanted}
    seen: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        if header in seen:
            issues.append(_header_issue(table, header, "duplicate column"))
            continue
        seen[header] = index
        question_name, slash, choice = header.partition("/")
        if header in questions:
            answer_columns[header] = index
        elif slash and question_name in questions and questions[question_name].type == "select_multiple":
            split_columns.setdefault(question_name, []).append((choice, index))
        elif not (
            header in attribute_columns
            or header in {RESPONDENT_COLUMN, *META_COLUMNS}
            or header in hidden
            or header.startswith("_")
            or not header
        ):
            issues.append(_header_issue(table, header, "unknown question"))
    return Layout(issues, answer_columns, split_columns, attribute_columns, seen.get(RESPONDENT_COLUMN))


def _header_issue(table: Table, header: str, reason: str) -> RowIssue:
    return RowIssue(
        row=table.header_row, column=header, value=None, reason=reason, file=table.filename, sheet=table.sheet
    )


class _Unsafe(Exception):
    """Working out a value raised: the table is validated row by row instead."""


def validate_columns(form: Form, table: Table, layout: Layout) -> Columns | None:
    """The respondents, answers, shown flags, attributes and row issues of ``table``; ``None`` when the table
    must be validated row by row (see the module docstring)."""
    width = len(table.headers)
    if any(len(row) != width for row in table.rows):
        return None
    try:
        return _Validation(form, table, layout).run()
    except _Unsafe:
        return None


class _Validation:
    """One table's validation; ``visible`` holds, per name, the column of answers as expressions see them."""

    def __init__(self, form: Form, table: Table, layout: Layout) -> None:
        self.form, self.table, self.layout = form, table, layout
        self.logic: Logic = form_logic(form)
        self.size = len(table.rows)
        self.cells: list[Sequence[str]] = (
            list(zip(*table.rows, strict=True)) if table.rows else [() for _ in table.headers]
        )
        self.found: list[tuple[int, int, int, RowIssue]] = []
        self.canonical: dict[str, list[str]] = {}
        self.invalid: dict[str, set[int]] = {}
        self.visible: dict[str, list[str]] = {}
        self.shown: dict[str, list[bool]] = {}
        self.uncertain: dict[str, set[int]] = {}

    def issue(
        self, index: int, phase: int, place: int, column: str, value: str | None, *, reason: str
    ) -> None:
        number = self.table.row_numbers[index]
        self.found.append((index, phase, place, RowIssue(number, column, value, reason, self.table.filename)))

    def run(self) -> Columns:
        raw = self.raw_columns()
        self.canonical_columns(raw)
        self.skip_logic()
        self.check(raw)
        questions = self.form.answer_questions()
        blank = [""] * self.size
        answers = {
            q.name: blank[:] if q.name in self.logic.calculation else self.visible.get(q.name, blank)[:]
            for q in questions
        }
        cells, layout = self.cells, self.layout
        respondents = [f"row-{number}" for number in self.table.row_numbers]
        if layout.respondent_index is not None:
            respondents = list(cells[layout.respondent_index])
        attributes = {
            name: list(cells[i]) for name, i in sorted(layout.attribute_columns.items()) if self.size
        }
        self.found.sort(key=lambda found: found[:3])
        shown = {q.name: self.shown[q.name][:] for q in questions}
        return Columns(respondents, answers, shown, attributes, [found[3] for found in self.found])

    # ---------------------------------------------------------------------------------------- cell values

    def raw_columns(self) -> dict[str, Sequence[str]]:
        """Each question's raw column, in the order the row-by-row check reads them (0/1 columns joined)."""
        layout = self.layout
        raw: dict[str, Sequence[str]] = {name: self.cells[i] for name, i in layout.answer_columns.items()}
        place = 0
        for name, columns in layout.split_columns.items():
            if name in layout.answer_columns:
                continue
            flags: list[list[bool]] = []
            for choice, index in columns:
                flags.append(self.flags(self.cells[index], place, f"{name}/{choice}"))
                place += 1
            choices = [choice for choice, _ in columns]
            keys = list(zip(*flags, strict=True)) if self.size else []
            joined = {key: " ".join(c for c, on in zip(choices, key, strict=True) if on) for key in set(keys)}
            raw[name] = list(map(joined.__getitem__, keys))
        return raw

    def flags(self, column: Sequence[str], place: int, header: str) -> list[bool]:
        """A 0/1 column as booleans; a cell that is neither is an issue (and counts as not picked)."""
        kinds = {cell: cell.strip() for cell in set(column)}
        picked = {cell: text in _TRUE_CELLS for cell, text in kinds.items()}
        bad = {cell for cell, text in kinds.items() if text not in _TRUE_CELLS and text not in _FALSE_CELLS}
        if bad:
            for index, cell in enumerate(column):
                if cell in bad:
                    number = self.table.row_numbers[index]
                    reason = "a 0/1 column must hold 0 or 1"
                    issue = RowIssue(
                        number, header, kinds[cell], reason, self.table.filename, self.table.sheet
                    )
                    self.found.append((index, 0, place, issue))
        return list(map(picked.__getitem__, column))

    def canonical_columns(self, raw: dict[str, Sequence[str]]) -> None:
        """Canonical text per cell ("" when empty or invalid); an invalid cell is an issue and marks its row."""
        questions = {question.name: question for question in self.form.questions()}
        kept = {question.name for question in self.form.hidden_questions}
        for place, (name, column) in enumerate(raw.items()):
            if name in kept:
                continue
            if name not in questions:
                for index, cell in enumerate(column):
                    self.issue(index, 1, place, name, cell, reason="unknown question")
                continue
            memo: dict[str, str] = {}
            reasons: dict[str, str] = {}
            for cell in set(column):
                memo[cell] = ""
                if cell is not None and str(cell).strip():
                    try:
                        memo[cell] = canonical_answer(self.form, questions[name], str(cell))
                    except InputError as error:
                        reasons[cell] = error.issue.reason
                    except Exception as error:
                        raise _Unsafe from error  # the row-by-row check raises it, in its own order
            self.canonical[name] = list(map(memo.__getitem__, column))
            if reasons:
                rows = [index for index, cell in enumerate(column) if cell in reasons]
                self.invalid[name] = set(rows)
                for index in rows:
                    self.issue(index, 1, place, name, str(column[index]), reason=reasons[column[index]])

    # ------------------------------------------------------------------------------------------ skip logic

    def skip_logic(self) -> None:
        """Shown flags and visible answers, node by node in dependency order (as ``_skip_logic`` per row)."""
        logic, size = self.logic, self.size
        for node in logic.order:
            name = node.name
            if name in logic.calculation:
                expression = logic.calculation[name]
                self.mark_uncertain(name, expression.references)
                self.visible[name] = self.calculated(expression)
                continue
            depends = set(logic.parents[name])
            shown = [True] * size
            for parent in logic.parents[name]:
                if parent in self.shown:
                    shown = [a and b for a, b in zip(shown, self.shown[parent], strict=True)]
            if name in logic.relevant:
                expression = logic.relevant[name]
                depends |= expression.references
                current = self.canonical.get(name)
                if all(shown):
                    shown = self.holds(expression, current=current)
                else:
                    rows = [index for index, on in enumerate(shown) if on]
                    for index, holds in zip(
                        rows, self.holds(expression, current=current, rows=rows), strict=True
                    ):
                        shown[index] = bool(holds)
            self.mark_uncertain(name, depends)
            self.shown[name] = shown
            if isinstance(node, Question) and name in self.canonical:
                values = self.canonical[name]
                self.visible[name] = (
                    values if all(shown) else [v if on else "" for v, on in zip(values, shown, strict=True)]
                )

    def mark_uncertain(self, name: str, depends: Iterable[str]) -> None:
        """Rows where ``name``'s visibility hangs on an invalid answer, directly or through other names."""
        rows: set[int] = set()
        for other in depends:
            rows |= self.invalid.get(other, set()) | self.uncertain.get(other, set())
        if rows:
            self.uncertain[name] = rows

    def holds(
        self, expression: Expression, *, current: Sequence[str] | None = None, rows: list[int] | None = None
    ) -> list[bool]:
        """The expression as a boolean on every row (or on ``rows``), ``.`` being ``current``."""
        return self.memoized(expression, expression.holds, current=current, rows=rows)

    def calculated(self, expression: Expression) -> list[str]:
        """A calculation's value on every row as expressions see it: its text, "" for nothing or NaN."""

        def text(answers: Mapping[str, str], current: str) -> str:
            value = to_text(expression.evaluate(answers, current))
            return value if value and value != "NaN" else ""

        return self.memoized(expression, text)

    def memoized(
        self,
        expression: Expression,
        evaluate: Callable[[Mapping[str, str], str], _Value],
        *,
        current: Sequence[str] | None = None,
        rows: list[int] | None = None,
    ) -> list[_Value]:
        """``evaluate`` on every row (or on ``rows``), called once per distinct combination of the values the
        expression reads: the visible answers it refers to and, when it uses ``.``, ``current``."""
        names = [name for name in sorted(expression.references) if name in self.visible]
        sources: list[Sequence[str]] = [self.visible[name] for name in names]
        uses_current = current is not None and _mentions_current(expression.tree)
        if current is not None and uses_current:
            sources.append(current)
        if rows is not None:
            sources = [[source[index] for index in rows] for source in sources]
        keys: Sequence[tuple[str, ...]] = (
            list(zip(*sources, strict=True)) if sources else [()] * (self.size if rows is None else len(rows))
        )
        memo: dict[tuple[str, ...], _Value] = {}
        for key in set(keys):
            try:
                memo[key] = evaluate(dict(zip(names, key, strict=False)), key[-1] if uses_current else "")
            except Exception as error:
                raise _Unsafe from error  # the row-by-row check raises it, in its own order
        return list(map(memo.__getitem__, keys))

    # -------------------------------------------------------------------------------------------- checks

    def check(self, raw: dict[str, Sequence[str]]) -> None:
        """Answers to questions not shown, missing required answers, failed constraints (per question)."""
        for place, question in enumerate(self.form.answer_questions()):
            name = question.name
            skip = self.invalid.get(name, set()) | self.uncertain.get(name, set())
            self.check_shown(place, name, raw.get(name), skip)
            if question.always_required or name in self.logic.required:
                self.check_required(place, question, skip)
            if name in self.logic.constraint and name in self.canonical:
                self.check_constraint(place, question, raw.get(name), skip)

    def check_shown(self, place: int, name: str, column: Sequence[str] | None, skip: set[int]) -> None:
        values, shown = self.canonical.get(name), self.shown[name]
        if values is None or all(shown):
            return
        for index, (value, on) in enumerate(zip(values, shown, strict=True)):
            if value and not on and index not in skip:
                self.issue(index, 2, place, name, _cell(column, index), reason=_NOT_SHOWN)

    def check_required(self, place: int, question: Question, skip: set[int]) -> None:
        name = question.name
        values, shown = self.canonical.get(name), self.shown[name]
        if values is None:
            rows = [index for index, on in enumerate(shown) if on and index not in skip]
        else:
            pairs = enumerate(zip(values, shown, strict=True))
            rows = [index for index, (value, on) in pairs if on and not value and index not in skip]
        if not question.always_required and rows:
            holds = self.holds(self.logic.required[name], rows=rows)
            rows = [index for index, required in zip(rows, holds, strict=True) if required]
        for index in rows:
            self.issue(index, 2, place, name, None, reason="an answer is required")

    def check_constraint(
        self, place: int, question: Question, column: Sequence[str] | None, skip: set[int]
    ) -> None:
        name = question.name
        values, shown = self.canonical[name], self.shown[name]
        pairs = enumerate(zip(values, shown, strict=True))
        rows = [index for index, (value, on) in pairs if on and value and index not in skip]
        if not rows:
            return
        holds = self.holds(self.logic.constraint[name], current=values, rows=rows)
        message = text_in(question.constraint_message, self.form.default_language)
        reason = message or f"does not meet the constraint {question.constraint}"
        for index, meets in zip(rows, holds, strict=True):
            if not meets:
                self.issue(index, 2, place, name, _cell(column, index), reason=reason)


def _cell(column: Sequence[str] | None, index: int) -> str | None:
    return None if column is None else column[index]


def _mentions_current(node: Node) -> bool:
    """Whether an expression reads ``.`` (the current answer) anywhere."""
    stack: list[Node] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Current):
            return True
        if isinstance(item, Unary):
            stack.append(item.operand)
        elif isinstance(item, Binary):
            stack.extend((item.left, item.right))
        elif isinstance(item, Call):
            stack.extend(item.args)
    return False
