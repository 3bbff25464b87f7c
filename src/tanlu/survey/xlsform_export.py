"""XLSForm export: the form as an ``.xlsx`` with every text per language, that imports back to an equal form.

Cells are written with ``write_string``: stored as text, never as a formula, and unchanged (an escaping
apostrophe would alter the form when it is read back). The rows Tanlu keeps without asking them (calculated
values, unsupported types, the questions of a repeat) are written after the asked ones, each repeat's
questions inside ``begin_repeat``/``end_repeat``, with whatever Tanlu did not apply (an expression it does not
evaluate, a ``choice_filter``) in its column, so a form imported from a ``.xls`` or text file keeps them.
"""

from __future__ import annotations

import datetime
import io

import xlsxwriter

from tanlu.survey.form import Form, Group, Question
from tanlu.survey.xlsform_sheets import language_spec

__all__ = ["language_column", "write_xlsform"]

_EPOCH = datetime.datetime(2000, 1, 1)


def language_column(base: str, code: str) -> str:
    """``('label', 'zh')`` -> ``'label::Chinese (zh)'``."""
    return f"{base}::{language_spec(code)}"


def write_xlsform(form: Form) -> bytes:
    """The form as an ``.xlsx`` XLSForm (survey, choices, settings) that imports back to an equal form."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    workbook.set_properties({"title": form.form_id, "created": _EPOCH})
    bold = workbook.add_format({"bold": True})
    languages = list(form.languages)

    def sheet(title: str, header: list[str], rows: list[list[str]]) -> None:
        worksheet = workbook.add_worksheet(title)
        for column, text in enumerate(header):
            worksheet.write_string(0, column, text, bold)
        for number, row in enumerate(rows, start=1):
            for column, text in enumerate(row):
                if text:
                    worksheet.write_string(number, column, text)
        worksheet.freeze_panes(1, 0)

    sheet("survey", _survey_header(languages), _survey_rows(form, languages))
    choice_rows = [
        [list_name, choice.name, *(choice.label.get(code, "") for code in languages)]
        for list_name, choices in form.choice_lists.items()
        for choice in choices
    ]
    sheet(
        "choices", ["list_name", "name", *(language_column("label", code) for code in languages)], choice_rows
    )
    title_languages = [code for code in languages if code in form.title]
    default_title = form.title.get(form.default_language) or next(iter(form.title.values()), "")
    sheet(
        "settings",
        [
            "form_title",
            *(language_column("form_title", code) for code in title_languages),
            "form_id",
            "version",
            "default_language",
        ],
        [
            [
                default_title,
                *(form.title[code] for code in title_languages),
                form.form_id,
                form.version,
                language_spec(form.default_language),
            ]
        ],
    )
    workbook.close()
    return buffer.getvalue()


_PLAIN = ("required", "relevant", "constraint", "appearance", "default", "calculation", "choice_filter")


def _survey_header(languages: list[str]) -> list[str]:
    header = ["type", "name"]
    for base in ("label", "hint", "constraint_message"):
        header += [language_column(base, code) for code in languages]
    return header + list(_PLAIN)


def _survey_rows(form: Form, languages: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []

    def texts(values: dict[str, str]) -> list[str]:
        return [values.get(code, "") for code in languages]

    def plain(values: dict[str, str]) -> list[str]:
        return [values.get(column, "") for column in _PLAIN]

    def question(node: Question) -> list[str]:
        kind = f"{node.type} {node.choices}" if node.choices else node.type
        values = {
            "required": node.required,
            "relevant": node.relevant,
            "constraint": node.constraint,
            "appearance": node.appearance,
            "default": node.default,
            "calculation": node.calculation,
        } | {column: text for column, text in node.ignored if column in _PLAIN}
        label = {} if ("label", "") in node.ignored else node.label
        return [
            kind,
            node.name,
            *texts(label),
            *texts(node.hint),
            *texts(node.constraint_message),
            *plain(values),
        ]

    def visit(nodes: tuple[Question | Group, ...]) -> None:
        blank = [""] * len(languages)
        for node in nodes:
            if isinstance(node, Group):
                values = {"relevant": node.relevant, "appearance": node.appearance} | dict(node.ignored)
                rows.append(["begin_group", node.name, *texts(node.label), *blank, *blank, *plain(values)])
                visit(node.children)
                rows.append(["end_group", node.name, *blank, *blank, *blank, *plain({})])
            else:
                rows.append(question(node))

    visit(form.children)
    open_repeat = ""
    for node in form.hidden_questions:
        if node.repeat != open_repeat:
            if open_repeat:
                rows.append(["end_repeat", open_repeat, *[""] * (3 * len(languages) + len(_PLAIN))])
            if node.repeat:
                rows.append(["begin_repeat", node.repeat, *[""] * (3 * len(languages) + len(_PLAIN))])
            open_repeat = node.repeat
        rows.append(question(node))
    if open_repeat:
        rows.append(["end_repeat", open_repeat, *[""] * (3 * len(languages) + len(_PLAIN))])
    return rows
