"""The survey sheet of an XLSForm: its types (with pyxform's aliases), groups, and what Tanlu keeps unasked.

* Types Tanlu asks: ``select_one``/``select_multiple`` (also ``… or_other`` and ``… or specify other``: an
  ``other`` choice and a text question ``<name>_other`` shown when it is picked, as pyxform builds it),
  ``text``, ``integer``, ``decimal``, ``date``, ``note``, in groups (each top-level group is a page).
* Kept, not asked (:attr:`~tanlu.survey.form.Form.hidden_questions`): ``calculate`` rows, and the types Tanlu
  does not render (locations, media, barcodes, times, ranges, ranking, external choices) and every question
  of a repeat (Tanlu's pages do not repeat). :data:`~tanlu.survey.xlsform_types.UNSUPPORTED` names why.
* Kept as ``metadata`` (asked of nobody, listed nowhere, but names an expression may use): the device and
  timing rows (``start``, ``end``, ``today``, ``deviceid``...).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from tanlu.survey.form import CHOICE_TYPES, Choice, Group, Question
from tanlu.survey.xlsform_sheets import Builder, Columns
from tanlu.survey.xlsform_types import ASKED, METADATA_TYPES, UNSUPPORTED, parse_type
from tanlu.tabular import Table

__all__ = ["OTHER", "read_survey"]

_NAME = re.compile(r"[^\W\d][\w.\-]*")
_TRUE = {"yes", "true", "true()", "1"}
_FALSE = {"", "no", "false", "false()", "0"}
#: the choice ``or_other`` adds, and the label of the text that goes with it, per language
OTHER = {"en": ("Other", "Specify other."), "zh": ("其他", "请注明其他")}


@dataclass
class _Open:
    row: int
    name: str
    label: dict[str, str]
    relevant: str
    appearance: str
    repeat: str  # the repeat this group is or is inside, "" when none
    children: list[Question | Group] = field(default_factory=list)


@dataclass
class Survey:
    """What the survey sheet gives: the asked tree, the rows kept unasked, and the lists ``or_other`` made."""

    children: list[Question | Group]
    hidden: list[Question]
    extra_lists: dict[str, tuple[Choice, ...]]


def read_survey(
    table: Table, columns: Columns, choice_lists: Mapping[str, tuple[Choice, ...]], builder: Builder
) -> Survey:
    survey = Survey([], [], {})
    stack: list[_Open] = []
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        raw_type, name = columns.get(row, "type"), columns.get(row, "name")
        if not raw_type:
            if name:
                raise builder.error("type is missing", sheet="survey", row=number, column="type")
            continue
        kind, list_name, other = parse_type(raw_type)
        if kind in METADATA_TYPES and name:  # kept, so that an expression may refer to ${start} or ${today}
            name = _check_name(name, number, builder, tuple(group.name for group in stack))
            survey.hidden.append(Question(name, kind, {}, unsupported="metadata"))
            continue
        named = _row_name(kind, name, number, columns.texts(row, "label"))
        if named is None:
            continue
        name = named
        repeat = stack[-1].repeat if stack else ""
        if kind in {"end_group", "end_repeat"}:
            _close(kind, number, stack, survey, builder)
            continue
        name = _check_name(name, number, builder, tuple(group.name for group in stack))
        if kind in {"begin_group", "begin_repeat"}:
            label = columns.texts(row, "label")
            relevant, appearance = columns.get(row, "relevant"), columns.get(row, "appearance")
            inside = repeat or (name if kind == "begin_repeat" else "")
            stack.append(_Open(number, name, label, relevant, appearance, inside))
            continue
        question = _question(
            kind=kind,
            list_name=list_name,
            raw_type=raw_type,
            name=name,
            row=row,
            number=number,
            columns=columns,
            choice_lists=choice_lists,
            builder=builder,
        )
        if repeat:
            survey.hidden.append(
                replace(question, unsupported=question.unsupported or "repeat", repeat=repeat)
            )
        elif question.type == "calculate" or question.unsupported:
            survey.hidden.append(question)
        else:
            (stack[-1].children if stack else survey.children).append(question)
            if other:
                _add_other(
                    question=question,
                    survey=survey,
                    choice_lists=choice_lists,
                    builder=builder,
                    number=number,
                    stack=stack,
                )
    if stack:
        reason = (
            f"group {stack[-1].name!r} is never closed with end_{'repeat' if stack[-1].repeat else 'group'}"
        )
        raise builder.error(reason, sheet="survey", row=stack[-1].row, column="type")
    return survey


def _row_name(kind: str, name: str, number: int, label: dict[str, str]) -> str | None:
    """The row's name, ``None`` for a row that asks nothing (metadata; neither name nor label)."""
    if kind in METADATA_TYPES:
        return None
    if not name and kind == "note":
        return f"generated_note_name_{number}"  # pyxform names a note without a name so
    if not name and kind not in {"end_group", "end_repeat"} and not label:
        return None  # pyxform passes over such a row
    return name


def _close(kind: str, number: int, stack: list[_Open], survey: Survey, builder: Builder) -> None:
    """An ``end_group``/``end_repeat``: the group joins its parent (a repeat, or an empty group, does not)."""
    if not stack:
        reason = f"{kind} without a begin_{kind[4:]}"
        raise builder.error(reason, sheet="survey", row=number, column="type")
    done = stack.pop()
    if not done.repeat and done.children:
        group = Group(done.name, done.label, tuple(done.children), done.relevant, done.appearance)
        (stack[-1].children if stack else survey.children).append(group)


def _check_name(name: str, number: int, builder: Builder, scope: tuple[str, ...] = ()) -> str:
    """The name the row is known by. pyxform allows a name again in another group (its path differs); Tanlu
    keys answers by name, so the later one is known as ``group.name`` (``household.name``; at the top level
    ``name.row<n>``). A name repeated in the same group is refused, as pyxform refuses it."""
    if not name:
        raise builder.error("name is missing", sheet="survey", row=number, column="name")
    if not _NAME.fullmatch(name):
        reason = "a name must start with a letter or _ and hold only letters, digits, _ . -"
        raise builder.error(reason, sheet="survey", row=number, column="name", value=name)
    known = name
    if name in builder.names and builder.scopes.get(name) != scope:
        known = ".".join((*scope, name)) if scope else f"{name}.row{number}"
    if known in builder.names:
        reason = f"duplicate name (first on row {builder.names[known]})"
        raise builder.error(reason, sheet="survey", row=number, column="name", value=name)
    builder.names[known] = number
    builder.scopes[known] = scope
    return known


def _question(
    *,
    kind: str,
    list_name: str | None,
    raw_type: str,
    name: str,
    row: list[str],
    number: int,
    columns: Columns,
    choice_lists: Mapping[str, tuple[Choice, ...]],
    builder: Builder,
) -> Question:
    def refuse(reason: str, column: str, value: str | None = None) -> Exception:
        return builder.error(reason, sheet="survey", row=number, column=column, value=value)

    unsupported = UNSUPPORTED.get(kind, "")
    if not unsupported and kind not in ASKED:
        raise refuse("unknown question type", "type", raw_type)
    if kind in CHOICE_TYPES:
        if not list_name or " " in list_name:
            raise refuse(f"{kind} needs one choice list name, e.g. '{kind} yes_no'", "type", raw_type)
        if list_name not in choice_lists:
            raise refuse(f"choice list {list_name!r} is not on the choices sheet", "type", raw_type)
    label = columns.texts(row, "label") or columns.texts(row, "hint")
    ignored: list[tuple[str, str]] = []
    if not label and kind != "calculate":
        label = {builder.languages[0] if builder.languages else "en": name}
        ignored.append(("label", ""))
    required = columns.get(row, "required")
    required = "yes" if required.lower() in _TRUE else "" if required.lower() in _FALSE else required
    default = columns.get(row, "default")
    if default and list_name and kind in CHOICE_TYPES:
        known = {choice.name for choice in choice_lists[list_name]}
        unknown = [part for part in default.split() if part not in known]
        if unknown:
            raise refuse(f"default {unknown[0]!r} is not a choice of list {list_name!r}", "default", default)
    if columns.get(row, "choice_filter"):
        ignored.append(("choice_filter", columns.get(row, "choice_filter")))
    calculation = columns.get(row, "calculation")
    if kind == "calculate" and not calculation:
        unsupported = "calculation"
    return Question(
        name=name,
        type=kind,
        label=label,
        hint=columns.texts(row, "hint") if columns.texts(row, "label") else {},
        required=required,
        relevant=columns.get(row, "relevant"),
        constraint=columns.get(row, "constraint"),
        constraint_message=columns.texts(row, "constraint_message"),
        appearance=columns.get(row, "appearance"),
        default=default,
        choices=list_name,
        calculation=calculation if kind == "calculate" else "",
        unsupported=unsupported,
        ignored=tuple(ignored),
    )


def _add_other(
    *,
    question: Question,
    survey: Survey,
    choice_lists: Mapping[str, tuple[Choice, ...]],
    builder: Builder,
    number: int,
    stack: list[_Open],
) -> None:
    """``or_other``: the list gains an ``other`` choice, and a text question asks what it is when picked."""
    languages = builder.languages or ["en"]
    base = choice_lists[question.choices or ""]
    if not any(choice.name == "other" for choice in base):
        label = {code: OTHER.get(code, OTHER["en"])[0] for code in languages}
        survey.extra_lists[f"{question.choices}_or_other"] = (*base, Choice("other", label))
        replaced = replace(question, choices=f"{question.choices}_or_other")
        siblings = stack[-1].children if stack else survey.children
        siblings[-1] = replaced
    name = f"{question.name}_other"
    _check_name(name, number, builder)
    siblings = stack[-1].children if stack else survey.children
    siblings.append(
        Question(
            name=name,
            type="text",
            label={code: OTHER.get(code, OTHER["en"])[1] for code in languages},
            relevant=f"selected(${{{question.name}}}, 'other')",
        )
    )
