"""XLSForm import: the ``survey``, ``choices`` and ``settings`` sheets of ODK, KoboToolbox and pyxform.

Every form pyxform accepts imports. Import reads an ``.xlsx`` or ``.xls`` workbook, or the same sheets as text
in the pyxform CSV or Markdown layout (the first column names the sheet, e.g. ``survey,type,name,label`` then
``,text,q1,Question 1``). Sheet and column names are read as pyxform reads them (:mod:`.xlsform_sheets`: any
case, aliases, ``label::English (en)`` or ``label:english``); the survey sheet's types, groups and what Tanlu
keeps without asking (calculated values, locations, media, repeats...) are :mod:`.xlsform_survey`'s.

Columns used: survey ``type``, ``name``, ``label``, ``hint``, ``required``, ``relevant``, ``constraint``,
``constraint_message``, ``appearance``, ``default``, ``calculation``, ``choice_filter`` (noted, not applied);
choices ``list_name``, ``name``, ``label``; settings ``form_title`` (also per language, a Tanlu extension),
``form_id``, ``version``, ``default_language``. Other columns and sheets are ignored.

Refused, as pyxform refuses them: unknown types, missing choice lists, duplicate question names, unclosed
groups, references to unknown questions; and, as the browser could not ask the form, expressions with a syntax
error, an invalid ``regex()`` pattern and circular logic. An expression valid in XLSForm that Tanlu does not
evaluate (a function it does not know, an XPath path) is kept in :attr:`Question.ignored` and not applied;
:func:`import_notes` lists it with the questions kept unasked. Every refusal is an
:class:`~tanlu.errors.InputError` naming file, sheet, row and column. Export is :mod:`.xlsform_export`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from tanlu.errors import ExpressionError, InputError
from tanlu.survey.expression_graph import dependency_graph, find_cycle
from tanlu.survey.expressions import Unevaluable, parse_expression
from tanlu.survey.form import Choice, Form, Group, Question
from tanlu.survey.functions import ARITY, compile_pattern
from tanlu.survey.xlsform_export import language_column, write_xlsform
from tanlu.survey.xlsform_sheets import (
    Builder,
    Columns,
    canonical_sheets,
    header_key,
    language_code,
    read_sheets,
)
from tanlu.survey.xlsform_survey import read_survey
from tanlu.survey.xlsform_types import METADATA_TYPES
from tanlu.tabular import Table

__all__ = [
    "METADATA_TYPES",
    "ImportNote",
    "form_from_sheets",
    "import_notes",
    "language_code",
    "language_column",
    "read_xlsform",
    "write_xlsform",
]

_EXPRESSIONS = ("relevant", "constraint", "required")


@dataclass(frozen=True)
class ImportNote:
    """Something of the form that Tanlu keeps but does not ask or apply, for the import page to list.

    ``kind``: an :data:`~tanlu.survey.xlsform_types.UNSUPPORTED` reason (``location``, ``media``, ``repeat``,
    ``calculation``...) for a question kept unasked, else the column not applied (``relevant``,
    ``constraint``, ``required``, ``choice_filter``) or ``label`` (no label: the name is shown).
    """

    question: str
    type: str
    kind: str
    text: str = ""


def read_xlsform(source: Path | bytes, *, filename: str | None = None) -> Form:
    """Read an XLSForm from ``.xlsx``/``.xls`` bytes or a path, or from its pyxform CSV/Markdown text."""
    raw = source.read_bytes() if isinstance(source, Path) else bytes(source)
    name = filename or (source.name if isinstance(source, Path) else "form.xlsx")
    return form_from_sheets(read_sheets(raw, name), filename=name)


def import_notes(form: Form) -> list[ImportNote]:
    """What the import kept without asking or applying it, in form order (see :class:`ImportNote`)."""
    notes = [
        ImportNote(g.name, "begin_group", column, text) for g in form.groups() for column, text in g.ignored
    ]
    for question in [*form.questions(), *form.hidden_questions]:
        if question.unsupported and question.unsupported != "metadata":  # device rows ask nothing anyway
            notes.append(ImportNote(question.name, question.type, question.unsupported))
        notes.extend(ImportNote(question.name, question.type, c, text) for c, text in question.ignored)
    return notes


def form_from_sheets(sheets: Mapping[str, Table], *, filename: str | None = None) -> Form:
    """Build and validate a form from the sheets of an XLSForm (see the module docstring)."""
    file = filename or next((t.filename for t in sheets.values()), "form")
    builder = Builder(file)
    found = ", ".join(map(repr, sheets))
    sheets = canonical_sheets(sheets)
    if "survey" not in sheets:
        raise InputError(f"no 'survey' sheet (sheets found: {found})", file=file)
    settings = _settings(sheets.get("settings"))
    default_language = settings.get("default_language") or ""
    survey = sheets["survey"]
    columns = Columns.of(survey, default_language or "en", builder)
    if "type" not in columns.plain:
        raise builder.error(
            "the survey sheet has no 'type' column", sheet="survey", row=survey.header_row, column=None
        )
    choice_table = sheets.get("choices")
    choice_columns = Columns.of(choice_table, default_language or "en", builder) if choice_table else None
    title_columns = (
        Columns.of(sheets["settings"], default_language or "en", builder) if "settings" in sheets else None
    )
    if not default_language:
        default_language = builder.languages[0] if builder.languages else "en"
    if default_language not in builder.languages:
        builder.languages.append(default_language)
    if choice_table is not None and choice_columns is not None:
        choice_lists = _choice_lists(choice_table, choice_columns, builder)
    else:
        choice_lists = {}
    read = read_survey(survey, columns, choice_lists, builder)
    title = _title(sheets.get("settings"), title_columns, default_language) if title_columns else {}
    form_id = _identifier(settings.get("form_id") or Path(file).stem)
    form = Form(
        form_id=form_id,
        title=title or {default_language: form_id},
        version=settings.get("version", ""),
        default_language=default_language,
        languages=tuple(builder.languages),
        children=tuple(read.children),
        choice_lists={**choice_lists, **read.extra_lists},
        hidden_questions=tuple(read.hidden),
    )
    return _settle_expressions(form, builder)


def _foreign_functions(text: str) -> set[str]:
    """The functions an expression calls that Tanlu does not evaluate (``pulldata(``, ``jr:choice-name(``)."""
    called = {match.group(1) for match in re.finditer(r"([A-Za-z_][\w:.\-]*)\s*\(", text)}
    return called - set(ARITY) - {"if", "and", "or", "div", "mod"}


def _identifier(text: str) -> str:
    """A form_id Tanlu can use as a survey's identifier: pyxform takes any text (``Spec test``), a survey's
    identifier is letters, digits, ``_`` and ``-``, so every other character becomes ``_``."""
    identifier = re.sub(r"[^A-Za-z0-9_\-]", "_", text.strip())[:100] or "form"
    return identifier if re.match(r"[A-Za-z_]", identifier) else f"form_{identifier}"[:100]


def _settings(table: Table | None) -> dict[str, str]:
    if table is None or not table.rows:
        return {}
    values: dict[str, str] = {}
    for header, value in zip(table.headers, table.rows[0], strict=True):
        base, spec = header_key(header)
        if base and spec is None:
            values.setdefault(base, value.strip())
    if values.get("default_language"):
        values["default_language"] = language_code(values["default_language"])
    values["_row"] = str(table.row_numbers[0])
    return values


def _title(table: Table | None, columns: Columns, default_language: str) -> dict[str, str]:
    if table is None or not table.rows:
        return {}
    row = table.rows[0]
    plain_index = columns.plain.get("form_title")
    per_language = {
        code: row[index].strip()
        for (base, code), index in columns.translated.items()
        if base == "form_title" and index != plain_index and row[index].strip()
    }
    if per_language:
        return per_language
    plain = columns.get(row, "form_title")
    return {default_language: plain} if plain else {}


def _choice_lists(table: Table, columns: Columns, builder: Builder) -> dict[str, tuple[Choice, ...]]:
    """The choice lists. A name that repeats in a list is kept once (the first): pyxform allows it under a
    ``choice_filter``, which picks among them, and Tanlu shows the whole list. Spaces in a choice name (which
    pyxform allows for select_one) become ``_``, as an answer holds names separated by spaces."""
    for required in ("list_name", "name"):
        if required not in columns.plain:
            reason = f"the choices sheet has no {required!r} column"
            raise builder.error(reason, sheet="choices", row=table.header_row, column=None)
    lists: dict[str, list[Choice]] = {}
    seen: set[tuple[str, str]] = set()
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        list_name, name = columns.get(row, "list_name"), columns.get(row, "name")
        if not list_name and not name:
            continue
        if not list_name:
            raise builder.error("list_name is missing", sheet="choices", row=number, column="list_name")
        if not name:
            reason = "a choice name is required"
            raise builder.error(reason, sheet="choices", row=number, column="name")
        name = "_".join(name.split())  # an answer holds names separated by spaces: 'option a' -> 'option_a'
        if (list_name, name) in seen:
            continue
        seen.add((list_name, name))
        lists.setdefault(list_name, []).append(
            Choice(name, columns.texts(row, "label") or {(builder.languages or ["en"])[0]: name})
        )
    return {name: tuple(choices) for name, choices in lists.items()}


def _settle_expressions(form: Form, builder: Builder) -> Form:
    """Parse every expression and check its references; keep those Tanlu cannot evaluate unapplied (in
    ``ignored``, a calculation as unsupported); refuse syntax errors, bad patterns and circular logic."""
    known = form.known_names()
    device = {q.name for q in form.hidden_questions if q.unsupported == "metadata"}

    def settle(text: str, name: str, column: str) -> bool:
        """Whether ``text`` is applied; raise for a mistake."""
        if not text or (column == "required" and text == "yes"):
            return True
        row = builder.names[name]
        try:
            expression = parse_expression(text)
        except Unevaluable:
            return False
        except ExpressionError as error:
            if column == "calculation" or _foreign_functions(text):
                return False  # pyxform checks neither; Tanlu could not evaluate it anyway
            raise builder.error(
                f"invalid {column}: {error}", sheet="survey", row=row, column=column, value=text
            ) from None
        try:
            expression.check_references(known)
            for pattern in expression.patterns:
                try:
                    compile_pattern(pattern)
                except re.error as error:
                    raise ExpressionError(
                        f"invalid regular expression {pattern!r} in regex(): {error}"
                    ) from None
        except ExpressionError as error:
            raise builder.error(
                f"invalid {column}: {error}", sheet="survey", row=row, column=column, value=text
            ) from None
        return not expression.references & device  # the device's values (start, today...) are not known here

    def question(node: Question) -> Question:
        if node.unsupported:
            return node
        if node.type == "calculate":
            if not settle(node.calculation, node.name, "calculation"):
                return replace(node, unsupported="calculation")
            if node.relevant:
                return replace(node, relevant="", ignored=(*node.ignored, ("relevant", node.relevant)))
            return node
        changes: dict[str, str] = {}
        ignored = list(node.ignored)
        for column in _EXPRESSIONS:
            text = getattr(node, column)
            if not settle(text, node.name, column):
                changes[column] = ""
                ignored.append((column, text))
        return replace(node, **changes, ignored=tuple(ignored)) if changes else node  # type: ignore[arg-type]

    def visit(nodes: tuple[Question | Group, ...]) -> tuple[Question | Group, ...]:
        settled: list[Question | Group] = []
        for node in nodes:
            if isinstance(node, Group):
                children = visit(node.children)
                if settle(node.relevant, node.name, "relevant"):
                    settled.append(replace(node, children=children))
                else:
                    ignored = (*node.ignored, ("relevant", node.relevant))
                    settled.append(replace(node, relevant="", children=children, ignored=ignored))
            else:
                settled.append(question(node))
        return tuple(settled)

    form = replace(
        form,
        children=visit(form.children),
        hidden_questions=tuple(question(node) for node in form.hidden_questions),
    )
    cycle = find_cycle(dependency_graph(form))
    if cycle:
        reason = f"circular logic: {' -> '.join(cycle)}"
        raise builder.error(reason, sheet="survey", row=builder.names[cycle[0]], column="relevant")
    return form
