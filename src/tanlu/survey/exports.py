"""Downloads: raw responses as CSV and XLSX, and the report as an XLSX workbook with native Excel charts.

Raw responses are one row per respondent: ``respondent``, the respondent attributes, then one column per
question; a select_multiple answer appears both as space-separated choice names (column ``q``) and as 0/1
columns ``q/choice`` (the KoboToolbox convention), so :func:`~tanlu.survey.responses.import_responses` reads
the file back. Every text cell, headers included, goes through :func:`~tanlu.tabular.neutralize_cell`
(spreadsheet formula injection); numbers in XLSX are written as numbers. CSV is UTF-8 with a BOM so that
Excel opens Chinese text correctly.

The report workbook has a ``summary`` sheet (title, respondents, base, filters, highlights), one sheet per
question named by its number and label (options with count and share, and a bar chart drawn by Excel from those
cells; free-text answers listed; the question's code on the sheet), a codebook sheet (every question's and
option's code with its label and sheet) and, when responses are given, a ``responses`` sheet for reading (choices
by label, 0/1 flags and numbers as numbers; headers are the codes). Its labels are in the report's language.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Sequence

import xlsxwriter

from tanlu.survey.form import text_in
from tanlu.survey.report import PERCENT_PLACES, Report
from tanlu.survey.responses import RESPONDENT_COLUMN, ResponseSet
from tanlu.survey.stats import QuestionStats, percent_for_output
from tanlu.tabular import neutralize_cell

__all__ = ["report_xlsx", "response_rows", "responses_csv", "responses_xlsx"]

_BASE_NAMES = {
    "shown": {"en": "respondents shown the question", "zh": "看到该题的受访者"},
    "answered": {"en": "respondents who answered", "zh": "回答该题的受访者"},
    "respondents": {"en": "all respondents", "zh": "全部受访者"},
}
#: the workbook's own words, in the report's language (English for any language but Chinese)
_WORDS = {
    "survey": {"en": "survey", "zh": "调查"},
    "respondents": {"en": "respondents", "zh": "受访者"},
    "base": {"en": "base", "zh": "比例基数"},
    "filters": {"en": "filters", "zh": "筛选条件"},
    "no filter": {"en": "none (all responses)", "zh": "无（全部回答）"},
    "highlights": {"en": "highlights", "zh": "要点"},
    "shown": {"en": "shown", "zh": "看到该题"},
    "answered": {"en": "answered", "zh": "已回答"},
    "skipped": {"en": "skipped", "zh": "跳过"},
    "base n": {"en": "base n", "zh": "基数 n"},
    "option": {"en": "option", "zh": "选项"},
    "count": {"en": "count", "zh": "人数"},
    "percent": {"en": "percent", "zh": "比例"},
    "mean": {"en": "mean", "zh": "平均值"},
    "median": {"en": "median", "zh": "中位数"},
    "min": {"en": "min", "zh": "最小值"},
    "max": {"en": "max", "zh": "最大值"},
    "answers": {"en": "answers", "zh": "回答"},
    "codebook": {"en": "codebook", "zh": "编码表"},
    "sheet": {"en": "sheet", "zh": "工作表"},
    "question code": {"en": "question code", "zh": "题目代码"},
    "question": {"en": "question", "zh": "题目"},
    "option code": {"en": "option code", "zh": "选项代码"},
    "exceeds 100": {
        "en": "several answers possible: shares add up to more than 100%",
        "zh": "可多选：各选项比例之和超过100%",
    },
}
_CREATED = datetime.datetime(2000, 1, 1)


def _word(key: str, language: str) -> str:
    return _WORDS[key]["zh" if language == "zh" else "en"]


def response_rows(
    responses: ResponseSet, *, include_respondent: bool = True
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the raw responses (not yet neutralized; the writers do that)."""
    form = responses.form
    header: list[str] = [RESPONDENT_COLUMN] if include_respondent else []
    header += list(responses.attributes)
    columns: list[list[str]] = []
    if include_respondent:
        columns.append(responses.respondents)
    columns += [responses.attributes[name] for name in responses.attributes]
    for question in form.answer_questions():
        values = responses.answers[question.name]
        header.append(question.name)
        columns.append(values)
        if question.type == "select_multiple":
            for choice in form.choices_for(question):
                header.append(f"{question.name}/{choice.name}")
                columns.append(
                    ["1" if choice.name in value.split() else "0" if value else "" for value in values]
                )
    rows = [list(row) for row in zip(*columns, strict=True)] if columns else []
    return header, rows


def responses_csv(responses: ResponseSet, *, include_respondent: bool = True) -> bytes:
    """Raw responses as CSV (UTF-8 with BOM), every cell neutralized."""
    header, rows = response_rows(responses, include_respondent=include_respondent)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize_cell(cell) for cell in header])
    writer.writerows([neutralize_cell(cell) for cell in row] for row in rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _write_rows(
    sheet: xlsxwriter.worksheet.Worksheet, header: list[str], rows: list[list[str]], bold: object
) -> None:
    for column, text in enumerate(header):
        sheet.write_string(0, column, neutralize_cell(text), bold)
    for number, row in enumerate(rows, start=1):
        for column, text in enumerate(row):
            if text:
                sheet.write_string(number, column, neutralize_cell(text))
    sheet.freeze_panes(1, 0)


def _workbook(buffer: io.BytesIO, title: str) -> xlsxwriter.Workbook:
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    workbook.set_properties({"title": neutralize_cell(title), "created": _CREATED})
    return workbook


def responses_xlsx(responses: ResponseSet, *, include_respondent: bool = True) -> bytes:
    """Raw responses as an XLSX workbook with one ``responses`` sheet, every cell neutralized."""
    buffer = io.BytesIO()
    workbook = _workbook(buffer, responses.form.form_id)
    header, rows = response_rows(responses, include_respondent=include_respondent)
    _write_rows(workbook.add_worksheet("responses"), header, rows, workbook.add_format({"bold": True}))
    workbook.close()
    return buffer.getvalue()


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def _sheet_names(names: Sequence[str]) -> list[str]:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\'`` and unique regardless of case."""
    used = {"summary", "responses", "codebook", "摘要", "回答", "编码表"}
    result: list[str] = []
    for raw in names:
        name = " ".join(_SHEET_FORBIDDEN.sub(" ", raw).split()) or "sheet"
        candidate, counter = name[:31].rstrip(), 2
        while candidate.lower() in used:
            suffix = f"~{counter}"
            candidate, counter = name[: 31 - len(suffix)].rstrip() + suffix, counter + 1
        used.add(candidate.lower())
        result.append(candidate)
    return result


def report_xlsx(report: Report, responses: ResponseSet | None = None, *, language: str = "zh") -> bytes:
    """The report as an XLSX workbook (see the module docstring), texts in ``language`` where available."""
    stats = report.stats
    buffer = io.BytesIO()
    workbook = _workbook(buffer, text_in(stats.title, language, stats.survey))
    bold = workbook.add_format({"bold": True})
    title_format = workbook.add_format({"bold": True, "font_size": 14})
    percent = workbook.add_format({"num_format": "0.00%"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})

    summary = workbook.add_worksheet("summary")
    summary.set_column(0, 0, 28)
    summary.set_column(1, 1, 90)
    summary.write_string(0, 0, neutralize_cell(text_in(stats.title, language, stats.survey)), title_format)
    filters = "; ".join(f"{f.field} = {', '.join(sorted(f.values))}" for f in stats.filters)
    facts: list[tuple[str, str | int]] = [
        ("survey", stats.survey),
        ("respondents", stats.respondents),
        ("base", f"{stats.base}: {text_in(_BASE_NAMES[stats.base], language)}"),
        ("filters", filters or _word("no filter", language)),
    ]
    for row, (key, value) in enumerate(facts, start=2):
        summary.write_string(row, 0, _word(key, language), bold)
        if isinstance(value, int):
            summary.write_number(row, 1, value)
        else:
            summary.write_string(row, 1, neutralize_cell(value))
    first = len(facts) + 3
    summary.write_string(first, 0, _word("highlights", language), bold)
    for offset, highlight in enumerate(report.highlights, start=1):
        summary.write_string(first + offset, 1, neutralize_cell(highlight.text(language)), wrap)

    # readable sheet names: the question's number and label (its code is on the sheet and in the codebook)
    names = _sheet_names(
        [
            f"{number} {text_in(stat.label, language, stat.name)}"
            for number, stat in enumerate(stats.questions, start=1)
        ]
    )
    for stat, sheet_name in zip(stats.questions, names, strict=True):
        _question_sheet(workbook, sheet_name, stat, language, bold=bold, percent=percent, wrap=wrap)
    _codebook(workbook.add_worksheet(_word("codebook", language)), stats.questions, names, language, bold)

    if responses is not None:
        _labelled_responses(workbook.add_worksheet("responses"), responses, language, bold)
    workbook.close()
    return buffer.getvalue()


_NUMERIC = frozenset({"integer", "decimal"})


def _labelled_responses(
    sheet: xlsxwriter.worksheet.Worksheet, responses: ResponseSet, language: str, bold: object
) -> None:
    """The report's responses sheet, for reading: choices by their label in ``language`` (several joined by
    "; "), the 0/1 ``q/choice`` flags and integer/decimal answers as numbers, column headers as codes (the codebook
    names them). The raw download (:func:`responses_xlsx`) keeps codes, so that it imports back."""
    form = responses.form
    header, rows = response_rows(responses)
    kinds: dict[str, tuple[str, dict[str, str]]] = {}
    for question in form.answer_questions():
        labels = {c.name: text_in(c.label, language, c.name) for c in form.choices_for(question)}
        kinds[question.name] = (question.type, labels)
        for choice in form.choices_for(question) if question.type == "select_multiple" else ():
            kinds[f"{question.name}/{choice.name}"] = ("flag", {})
    for column, text in enumerate(header):
        sheet.write_string(0, column, neutralize_cell(text), bold)
    for number, row in enumerate(rows, start=1):
        for column, text in enumerate(row):
            if text:
                kind, labels = kinds.get(header[column], ("text", {}))
                _typed_cell(
                    sheet, number, column, text, numeric=kind == "flag" or kind in _NUMERIC, labels=labels
                )
    sheet.freeze_panes(1, 0)


def _typed_cell(
    sheet: xlsxwriter.worksheet.Worksheet,
    row: int,
    column: int,
    text: str,
    *,
    numeric: bool,
    labels: dict[str, str],
) -> None:
    if numeric:
        try:
            sheet.write_number(row, column, float(text))
        except ValueError:
            pass
        else:
            return
    shown = "; ".join(labels.get(name, name) for name in text.split()) if labels else text
    sheet.write_string(row, column, neutralize_cell(shown))


def _codebook(
    sheet: xlsxwriter.worksheet.Worksheet,
    questions: Sequence[QuestionStats],
    names: Sequence[str],
    language: str,
    bold: object,
) -> None:
    """One row per question and per option: the sheet, the codes the responses sheet uses, and their labels."""
    for column, key in enumerate(["sheet", "question code", "question", "option code", "option"]):
        sheet.write_string(0, column, _word(key, language), bold)
    sheet.set_column(0, 0, 24)
    sheet.set_column(2, 2, 60)
    sheet.set_column(4, 4, 40)
    row = 1
    for stat, sheet_name in zip(questions, names, strict=True):
        label = neutralize_cell(text_in(stat.label, language, stat.name))
        for option in stat.options or (None,):
            sheet.write_string(row, 0, sheet_name)
            sheet.write_string(row, 1, neutralize_cell(stat.name))
            sheet.write_string(row, 2, label)
            if option is not None:
                sheet.write_string(row, 3, neutralize_cell(option.name))
                sheet.write_string(row, 4, neutralize_cell(text_in(option.label, language, option.name)))
            row += 1
    sheet.freeze_panes(1, 0)


def _question_sheet(
    workbook: xlsxwriter.Workbook,
    sheet_name: str,
    stat: QuestionStats,
    language: str,
    *,
    bold: object,
    percent: object,
    wrap: object,
) -> None:
    sheet = workbook.add_worksheet(sheet_name)
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, 2, 12)
    sheet.write_string(0, 0, neutralize_cell(text_in(stat.label, language, stat.name)), wrap)
    counts = [
        ("shown", stat.shown),
        ("answered", stat.answered),
        ("skipped", stat.skipped),
        ("base n", stat.base_n),
    ]
    for row, (key, value) in enumerate(counts, start=1):
        sheet.write_string(row, 0, _word(key, language), bold)
        sheet.write_number(row, 1, value)
    sheet.write_string(5, 0, _word("base", language), bold)
    sheet.write_string(5, 1, f"{stat.base}: {text_in(_BASE_NAMES[stat.base], language)}")
    sheet.write_string(6, 0, _word("question code", language), bold)
    sheet.write_string(6, 1, neutralize_cell(stat.name))
    top = 8
    if stat.options:
        for column, title in enumerate(["option", "count", "percent"]):
            sheet.write_string(top, column, _word(title, language), bold)
        for offset, option in enumerate(stat.options, start=1):
            sheet.write_string(top + offset, 0, neutralize_cell(text_in(option.label, language, option.name)))
            sheet.write_number(top + offset, 1, option.count)
            sheet.write_number(
                top + offset,
                2,
                percent_for_output(option.count, option.base_n, PERCENT_PLACES) / 100,
                percent,
            )
        last = top + len(stat.options)
        if stat.exceeds_100:
            sheet.write_string(last + 2, 0, _word("exceeds 100", language))
        chart = workbook.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": _word("percent", language),
                "categories": [sheet_name, top + 1, 0, last, 0],
                "values": [sheet_name, top + 1, 2, last, 2],
                "data_labels": {"value": True, "num_format": "0.00%"},
            }
        )
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True})
        chart.set_x_axis({"num_format": "0%", "min": 0})
        chart.set_title({"none": True})
        chart.set_size({"width": 720, "height": 60 + 36 * len(stat.options)})
        sheet.insert_chart(top, 4, chart)
    elif stat.numeric is not None:
        summary = stat.numeric
        values = [
            ("count", summary.count),
            ("mean", summary.mean),
            ("median", summary.median),
            ("min", summary.minimum),
            ("max", summary.maximum),
        ]
        for offset, (key, number) in enumerate(values):
            sheet.write_string(top + offset, 0, _word(key, language), bold)
            sheet.write_number(top + offset, 1, number)
    else:
        sheet.write_string(top, 0, _word("answers", language), bold)
        for offset, answer in enumerate(stat.answers, start=1):
            sheet.write_string(top + offset, 0, neutralize_cell(answer), wrap)
