"""XLSForm import and export: the ``survey``, ``choices`` and ``settings`` sheets of ODK and KoboToolbox.

Import reads an ``.xlsx`` workbook, or the same sheets as text in the pyxform CSV or Markdown layout (the
first column names the sheet, e.g. ``survey,type,name,label`` then ``,text,q1,Question 1``). Columns used:

* survey: ``type``, ``name``, ``label``, ``hint``, ``required``, ``relevant``, ``constraint``,
  ``constraint_message``, ``appearance``, ``default``; texts per language as ``label::English (en)``,
  ``label::Chinese (zh)`` (a plain ``label`` is in the default language);
* choices: ``list_name``, ``name``, ``label`` (per language);
* settings: ``form_title`` (also per language, a Tanlu extension), ``form_id``, ``version``,
  ``default_language``.

Other columns (``$kuid``, ``media::image``, ``calculation``, ``required_message``...) and other sheets are
ignored, and so are the metadata rows KoboToolbox adds (``start``, ``end``, ``today``, ``deviceid``...): they
collect nothing from the respondent. A *type* Tanlu cannot represent (``calculate``, ``geopoint``, ``image``,
``begin_repeat``...) is refused, as are unknown types, missing choice lists, duplicate names, missing sheets,
unparsable expressions, references to unknown questions and circular ``relevant``/``required`` logic. Every
refusal is an :class:`~tanlu.errors.InputError` naming file, sheet, row and column.

Export (:func:`write_xlsform`) writes every text per language with its code, so that importing the export
gives back an equal :class:`~tanlu.survey.form.Form`. Cells are written with ``write_string``: stored as text,
never as a formula, and unchanged (an escaping apostrophe would alter the form when it is read back).
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from tanlu.errors import ExpressionError, InputError
from tanlu.survey.expressions import dependency_graph, find_cycle, parse_expression
from tanlu.survey.form import CHOICE_TYPES, QUESTION_TYPES, Choice, Form, Group, Question
from tanlu.tabular import Table, read_table, read_workbook_sheets

__all__ = ["form_from_sheets", "language_code", "language_column", "read_xlsform", "write_xlsform"]

#: types that collect nothing from the respondent (device and timing metadata): skipped on import
METADATA_TYPES = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
        "start-geopoint",
        "background-audio",
        "uri:email",
        "uri:phonenumber",
    }
)
_ALIASES = {
    "int": "integer",
    "string": "text",
    "select one": "select_one",
    "select all that apply": "select_multiple",
}
_LANGUAGE_NAMES = {
    "en": "English",
    "zh": "Chinese",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "ja": "Japanese",
    "ko": "Korean",
    "pt": "Portuguese",
    "it": "Italian",
    "ru": "Russian",
    "ar": "Arabic",
    "th": "Thai",
    "vi": "Vietnamese",
}
_CODES_BY_NAME = {name.lower(): code for code, name in _LANGUAGE_NAMES.items()} | {"中文": "zh", "英文": "en"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_CHOICE_NAME = re.compile(r"\S+")
_TRUE = {"yes", "true", "true()", "1"}
_FALSE = {"", "no", "false", "false()", "0"}
_TRANSLATED = ("label", "hint", "constraint_message")
_SHEET_LOOKALIKES = {"choices": {"choices", "choice", "options"}, "settings": {"settings", "setting"}}


def language_code(spec: str) -> str:
    """``'English (en)'`` -> ``'en'``; ``'Chinese'`` -> ``'zh'``; an unknown bare name is lower-cased."""
    spec = spec.strip()
    match = re.fullmatch(r".*?\(\s*([A-Za-z][A-Za-z0-9_\-]*)\s*\)", spec)
    if match:
        return match.group(1)
    return _CODES_BY_NAME.get(spec.lower(), spec.lower())


def language_column(base: str, code: str) -> str:
    """``('label', 'zh')`` -> ``'label::Chinese (zh)'``."""
    return f"{base}::{_language_spec(code)}"


def _language_spec(code: str) -> str:
    return f"{_LANGUAGE_NAMES.get(code, code)} ({code})"


# ------------------------------------------------------------------------------------------------- import


def read_xlsform(source: Path | bytes, *, filename: str | None = None) -> Form:
    """Read an XLSForm from ``.xlsx`` bytes or a path, or from its pyxform CSV/Markdown text."""
    raw = source.read_bytes() if isinstance(source, Path) else bytes(source)
    name = filename or (source.name if isinstance(source, Path) else "form.xlsx")
    if raw.startswith(b"PK"):
        sheets = read_workbook_sheets(raw, filename=name, header_detection=False)
    else:
        sheets = _text_sheets(raw, name)
    return form_from_sheets(sheets, filename=name)


def _text_sheets(raw: bytes, name: str) -> dict[str, Table]:
    """Split pyxform's CSV or Markdown layout (sheet name in the first column) into tables."""
    text = raw.decode("utf-8-sig", errors="strict") if raw[:1] == b"|" or raw[:4] == b"\xef\xbb\xbf|" else ""
    lines: list[tuple[int, list[str]]] = []
    if text:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip().startswith("|"):
                lines.append((number, [cell.strip() for cell in line.strip().strip("|").split("|")]))
    else:
        table = read_table(raw, filename=name, header_detection=False)
        lines = [(table.header_row, table.headers), *zip(table.row_numbers, table.rows, strict=True)]
    sheets: dict[str, list[tuple[int, list[str]]]] = {}
    current: str | None = None
    for number, cells in lines:
        if not any(cells):
            continue
        if cells[0]:
            current = cells[0].strip().lower()
            sheets[current] = []
            if not any(cells[1:]):  # the sheet name on a line of its own; the header follows
                continue
        if current is None:
            raise InputError(
                "the first column must name the sheet (survey, choices, settings)", file=name, row=number
            )
        sheets[current].append((number, cells[1:]))
    tables: dict[str, Table] = {}
    for sheet, rows in sheets.items():
        (header_row, header), body = rows[0], rows[1:]
        width = max(len(cells) for _, cells in rows)
        tables[sheet] = Table(
            name,
            sheet,
            _pad(header, width),
            [_pad(cells, width) for _, cells in body],
            [n for n, _ in body],
            "utf-8",
            header_row,
        )
    return tables


def _pad(cells: list[str], width: int) -> list[str]:
    return (cells + [""] * width)[:width]


@dataclass
class _Builder:
    """Mutable state while reading the survey sheet; produces the frozen records."""

    file: str
    languages: list[str] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # question name -> survey row, for error messages

    def error(
        self, reason: str, *, sheet: str, row: int | None, column: str | None, value: str | None = None
    ) -> InputError:
        return InputError(reason, file=self.file, sheet=sheet, row=row, column=column, value=value)

    def note_language(self, code: str) -> None:
        if code not in self.languages:
            self.languages.append(code)


@dataclass(frozen=True)
class _Columns:
    """Where each column of a sheet is: plain columns by name, translated ones by (base, language code)."""

    plain: dict[str, int]
    translated: dict[tuple[str, str], int]
    headers: list[str]

    @classmethod
    def of(cls, table: Table, default_language: str, builder: _Builder) -> _Columns:
        plain: dict[str, int] = {}
        translated: dict[tuple[str, str], int] = {}
        for index, header in enumerate(table.headers):
            base, sep, spec = header.partition("::")
            base = base.strip().lower()
            if not base:
                continue
            if sep and base in (*_TRANSLATED, "form_title"):
                code = language_code(spec)
                builder.note_language(code)
                translated.setdefault((base, code), index)
            elif not sep:
                plain.setdefault(base, index)
        for base in (*_TRANSLATED, "form_title"):
            if base in plain:  # a plain ``label`` is in the default language, unless that has its own column
                translated.setdefault((base, default_language), plain[base])
        return cls(plain, translated, table.headers)

    def get(self, row: list[str], column: str) -> str:
        index = self.plain.get(column)
        return row[index] if index is not None else ""

    def texts(self, row: list[str], base: str) -> dict[str, str]:
        texts: dict[str, str] = {}
        for (name, code), index in self.translated.items():
            if name == base and row[index] and code not in texts:
                texts[code] = row[index]
        return texts


def form_from_sheets(sheets: Mapping[str, Table], *, filename: str | None = None) -> Form:
    """Build and validate a form from the sheets of an XLSForm (see the module docstring)."""
    file = filename or next((t.filename for t in sheets.values()), "form")
    builder = _Builder(file)
    found = ", ".join(map(repr, sheets))
    if "survey" not in sheets:
        hint = next((f"; rename {s!r} to 'survey'" for s in sheets if s.strip().lower() == "survey"), "")
        raise InputError(f"no 'survey' sheet{hint} (sheets found: {found})", file=file)
    for wanted, lookalikes in _SHEET_LOOKALIKES.items():
        similar = next((s for s in sheets if s != wanted and s.strip().lower() in lookalikes), None)
        if wanted not in sheets and similar is not None:
            raise InputError(
                f"no {wanted!r} sheet; rename {similar!r} to {wanted!r} (sheets found: {found})", file=file
            )
    settings = _settings(sheets.get("settings"), builder)
    default_language = settings.get("default_language") or ""
    survey = sheets["survey"]
    if "type" not in [h.strip().lower() for h in survey.headers]:
        raise builder.error(
            "the survey sheet has no 'type' column", sheet="survey", row=survey.header_row, column=None
        )
    columns = _Columns.of(survey, default_language or "en", builder)
    choice_table = sheets.get("choices")
    choice_columns = _Columns.of(choice_table, default_language or "en", builder) if choice_table else None
    title_columns = (
        _Columns.of(sheets["settings"], default_language or "en", builder) if "settings" in sheets else None
    )
    if not default_language:
        default_language = builder.languages[0] if builder.languages else "en"
    if default_language not in builder.languages:
        builder.languages.append(default_language)
    choice_lists = (
        _choice_lists(choice_table, choice_columns, builder) if choice_table and choice_columns else {}
    )
    children = _survey(survey, columns, choice_lists, builder)
    title = _title(sheets.get("settings"), title_columns, default_language) if title_columns else {}
    form_id = settings.get("form_id") or re.sub(r"[^A-Za-z0-9_]", "_", Path(file).stem) or "form"
    if not _NAME.fullmatch(form_id):
        raise builder.error(
            "form_id must start with a letter and hold letters, digits, _ . -",
            sheet="settings",
            row=int(settings["_row"]) if "_row" in settings else None,
            column="form_id",
            value=form_id,
        )
    form = Form(
        form_id=form_id,
        title=title or {default_language: form_id},
        version=settings.get("version", ""),
        default_language=default_language,
        languages=tuple(builder.languages),
        children=tuple(children),
        choice_lists=choice_lists,
    )
    _check_expressions(form, builder)
    return form


def _settings(table: Table | None, builder: _Builder) -> dict[str, str]:
    if table is None or not table.rows:
        return {}
    values = {
        h.strip().lower(): v for h, v in zip(table.headers, table.rows[0], strict=True) if h and "::" not in h
    }
    if values.get("default_language"):
        values["default_language"] = language_code(values["default_language"])
    values["_row"] = str(table.row_numbers[0])
    return values


def _title(table: Table | None, columns: _Columns, default_language: str) -> dict[str, str]:
    if table is None or not table.rows:
        return {}
    row = table.rows[0]
    plain_index = columns.plain.get("form_title")
    per_language = {
        code: row[index]
        for (base, code), index in columns.translated.items()
        if base == "form_title" and index != plain_index and row[index]
    }
    if per_language:
        return per_language
    plain = columns.get(row, "form_title")
    return {default_language: plain} if plain else {}


def _choice_lists(table: Table, columns: _Columns, builder: _Builder) -> dict[str, tuple[Choice, ...]]:
    for required in ("list_name", "name"):
        if required not in columns.plain:
            reason = f"the choices sheet has no {required!r} column"
            raise builder.error(reason, sheet="choices", row=table.header_row, column=None)
    lists: dict[str, list[Choice]] = {}
    seen: dict[tuple[str, str], int] = {}
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        list_name, name = columns.get(row, "list_name"), columns.get(row, "name")
        if not list_name and not name:
            continue
        if not list_name:
            raise builder.error("list_name is missing", sheet="choices", row=number, column="list_name")
        if not _CHOICE_NAME.fullmatch(name):
            reason = "a choice name is required and cannot contain spaces"
            raise builder.error(reason, sheet="choices", row=number, column="name", value=name)
        if (list_name, name) in seen:
            reason = f"duplicate choice in list {list_name!r} (first on row {seen[list_name, name]})"
            raise builder.error(reason, sheet="choices", row=number, column="name", value=name)
        seen[list_name, name] = number
        lists.setdefault(list_name, []).append(Choice(name, columns.texts(row, "label")))
    return {name: tuple(choices) for name, choices in lists.items()}


def _parse_type(raw: str) -> tuple[str, str | None]:
    """``'select_one yes_no'`` -> ``('select_one', 'yes_no')``; ``'begin group'`` -> ``'begin_group'``.

    Aliases (``int``, ``string``, ``select one``, ``select all that apply``) become the canonical names.
    """
    text = " ".join(raw.strip().split())
    lowered = text.lower()
    for prefix in ("select_one ", "select one ", "select_multiple ", "select all that apply "):
        if lowered.startswith(prefix):
            return _ALIASES.get(prefix.strip(), prefix.strip()), text[len(prefix) :].strip()
    if lowered in {"begin group", "end group", "begin repeat", "end repeat"}:
        lowered = lowered.replace(" ", "_")
    return _ALIASES.get(lowered, lowered), None


@dataclass
class _OpenGroup:
    row: int
    name: str
    label: dict[str, str]
    relevant: str
    appearance: str
    children: list[Question | Group] = field(default_factory=list)


def _survey(
    table: Table,
    columns: _Columns,
    choice_lists: Mapping[str, tuple[Choice, ...]],
    builder: _Builder,
) -> list[Question | Group]:
    root: list[Question | Group] = []
    stack: list[_OpenGroup] = []
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        raw_type, name = columns.get(row, "type"), columns.get(row, "name")
        if not raw_type:
            if name or columns.texts(row, "label"):
                raise builder.error("type is missing", sheet="survey", row=number, column="type")
            continue
        kind, list_name = _parse_type(raw_type)
        if kind in METADATA_TYPES:
            continue
        siblings = stack[-1].children if stack else root
        if kind == "end_group":
            if not stack:
                raise builder.error(
                    "end_group without a begin_group", sheet="survey", row=number, column="type"
                )
            done = stack.pop()
            group = Group(done.name, done.label, tuple(done.children), done.relevant, done.appearance)
            (stack[-1].children if stack else root).append(group)
            continue
        _check_name(name, number, builder)
        if kind == "begin_group":
            label = columns.texts(row, "label")
            relevant, appearance = columns.get(row, "relevant"), columns.get(row, "appearance")
            stack.append(_OpenGroup(number, name, label, relevant, appearance))
            continue
        siblings.append(
            _question(
                kind,
                list_name,
                raw_type=raw_type,
                name=name,
                row=row,
                number=number,
                columns=columns,
                choice_lists=choice_lists,
                builder=builder,
            )
        )
    if stack:
        reason = f"group {stack[-1].name!r} is never closed with end_group"
        raise builder.error(reason, sheet="survey", row=stack[-1].row, column="type")
    return root


def _check_name(name: str, number: int, builder: _Builder) -> None:
    if not name:
        raise builder.error("name is missing", sheet="survey", row=number, column="name")
    if not _NAME.fullmatch(name):
        reason = "a name must start with a letter or _ and hold only letters, digits, _ . -"
        raise builder.error(reason, sheet="survey", row=number, column="name", value=name)
    if name in builder.names:
        reason = f"duplicate name (first on row {builder.names[name]})"
        raise builder.error(reason, sheet="survey", row=number, column="name", value=name)
    builder.names[name] = number


def _question(
    kind: str,
    list_name: str | None,
    *,
    raw_type: str,
    name: str,
    row: list[str],
    number: int,
    columns: _Columns,
    choice_lists: Mapping[str, tuple[Choice, ...]],
    builder: _Builder,
) -> Question:
    def refuse(reason: str, column: str, value: str | None = None) -> InputError:
        return builder.error(reason, sheet="survey", row=number, column=column, value=value)

    if kind not in QUESTION_TYPES:
        if kind in _UNSUPPORTED:
            raise refuse(
                f"question type {kind!r} is not supported by Tanlu ({_UNSUPPORTED[kind]})", "type", raw_type
            )
        raise refuse("unknown question type", "type", raw_type)
    if kind in CHOICE_TYPES:
        if not list_name or " " in list_name:
            raise refuse(f"{kind} needs one choice list name, e.g. '{kind} yes_no'", "type", raw_type)
        if list_name not in choice_lists:
            raise refuse(f"choice list {list_name!r} is not on the choices sheet", "type", raw_type)
    label = columns.texts(row, "label")
    if not label:
        raise refuse("label is missing", "label")
    required = columns.get(row, "required")
    required = "yes" if required.lower() in _TRUE else "" if required.lower() in _FALSE else required
    default = columns.get(row, "default")
    if default and list_name:
        known = {choice.name for choice in choice_lists[list_name]}
        unknown = [part for part in default.split() if part not in known]
        if unknown:
            raise refuse(f"default {unknown[0]!r} is not a choice of list {list_name!r}", "default", default)
    builder.rows[name] = number
    return Question(
        name=name,
        type=kind,
        label=label,
        hint=columns.texts(row, "hint"),
        required=required,
        relevant=columns.get(row, "relevant"),
        constraint=columns.get(row, "constraint"),
        constraint_message=columns.texts(row, "constraint_message"),
        appearance=columns.get(row, "appearance"),
        default=default,
        choices=list_name,
    )


_UNSUPPORTED = {
    "calculate": "calculated fields",
    "geopoint": "locations",
    "geotrace": "locations",
    "geoshape": "locations",
    "image": "media",
    "audio": "media",
    "video": "media",
    "file": "file uploads",
    "barcode": "barcodes",
    "begin_repeat": "repeat groups",
    "end_repeat": "repeat groups",
    "rank": "ranking",
    "range": "ranges",
    "time": "times of day",
    "datetime": "date-times",
    "acknowledge": "acknowledgements",
    "hidden": "hidden fields",
    "select_one_from_file": "external choice files",
    "select_multiple_from_file": "external choice files",
}


def _check_expressions(form: Form, builder: _Builder) -> None:
    """Parse every expression, check its references and refuse circular relevant/required logic."""
    known = {question.name for question in form.questions()}
    for group in form.groups():
        if group.relevant:
            _checked(group.relevant, known, builder, builder.names[group.name], "relevant")
    for question in form.questions():
        for column in ("relevant", "constraint", "required"):
            text = getattr(question, column)
            if text and not (column == "required" and text == "yes"):
                _checked(text, known, builder, builder.names[question.name], column)
    cycle = find_cycle(dependency_graph(form))
    if cycle:
        reason = f"circular logic: {' -> '.join(cycle)}"
        raise builder.error(reason, sheet="survey", row=builder.names[cycle[0]], column="relevant")


def _checked(text: str, known: set[str], builder: _Builder, row: int, column: str) -> frozenset[str]:
    try:
        expression = parse_expression(text)
        expression.check_references(known)
    except ExpressionError as error:
        raise builder.error(
            f"invalid {column}: {error}", sheet="survey", row=row, column=column, value=text
        ) from None
    return expression.references


# ------------------------------------------------------------------------------------------------- export


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

    def texts(values: dict[str, str]) -> list[str]:
        return [values.get(code, "") for code in languages]

    header = ["type", "name"]
    header += [language_column("label", code) for code in languages]
    header += [language_column("hint", code) for code in languages]
    header += ["required", "relevant", "constraint"]
    header += [language_column("constraint_message", code) for code in languages]
    header += ["appearance", "default"]
    rows: list[list[str]] = []

    def visit(nodes: tuple[Question | Group, ...]) -> None:
        blank = [""] * len(languages)
        for node in nodes:
            if isinstance(node, Group):
                rows.append(
                    [
                        "begin_group",
                        node.name,
                        *texts(node.label),
                        *blank,
                        "",
                        node.relevant,
                        "",
                        *blank,
                        node.appearance,
                        "",
                    ]
                )
                visit(node.children)
                rows.append(["end_group", node.name, *blank, *blank, "", "", "", *blank, "", ""])
            else:
                kind = f"{node.type} {node.choices}" if node.choices else node.type
                rows.append(
                    [
                        kind,
                        node.name,
                        *texts(node.label),
                        *texts(node.hint),
                        node.required,
                        node.relevant,
                        node.constraint,
                        *texts(node.constraint_message),
                        node.appearance,
                        node.default,
                    ]
                )

    visit(form.children)
    sheet("survey", header, rows)
    choice_rows = [
        [list_name, choice.name, *texts(choice.label)]
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
                _language_spec(form.default_language),
            ]
        ],
    )
    workbook.close()
    return buffer.getvalue()


_EPOCH = datetime.datetime(2000, 1, 1)
