"""A stored survey's report: computed by the core, rendered as JSON, HTML, PDF and XLSX.

The numbers all come from :func:`tanlu.survey.report.build_report` over the survey's submitted responses (read in
bulk by :func:`~tanlu.web.surveys.loading.load_responses`), compared with the previous wave when the survey has one.
This module adds what only the web layer knows: the owner's curated highlights (summary and take-aways), charts,
texts in the reader's language next to the other language, and the files.

The base of every percentage is stated with it: by default, the respondents to whom the question was shown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from tanlu.errors import InputError
from tanlu.survey import exports as core_exports
from tanlu.survey.form import CHOICE_TYPES, text_in
from tanlu.survey.highlights import Highlight as CoreHighlight
from tanlu.survey.report import (
    PERCENT_PLACES,
    SMALL_BASE,
    Report,
    build_report,
    is_small_base,
    report_to_dict,
)
from tanlu.survey.responses import ResponseSet
from tanlu.survey.stats import BASES, Base, Filter, QuestionChange, QuestionStats, percent_for_output
from tanlu.web.pdf import render_pdf
from tanlu.web.surveys import charts
from tanlu.web.surveys.loading import load_responses
from tanlu.web.surveys.models import Highlight, HighlightKind, Survey

__all__ = [
    "SurveyReport",
    "base_sentence",
    "compute",
    "parse_filters",
    "question_views",
    "report_json_data",
    "report_language",
    "report_pdf",
    "report_xlsx",
]


def report_language(language: str | None = None) -> str:
    """The core's language code (``zh`` or ``en``) for a Django language code (default: the active one)."""
    code = (language or get_language() or "zh-hans").lower()
    return "zh" if code.startswith("zh") else "en"


def _other(language: str) -> str:
    return "en" if language == "zh" else "zh"


@dataclass(frozen=True)
class SurveyReport:
    """A computed report with its responses (for the raw sheet) and the previous wave with its responses, when
    there is one (read once: the wave page counts them instead of reading them again)."""

    survey: Survey
    report: Report
    responses: ResponseSet
    previous: Survey | None
    earlier: ResponseSet | None = None


def parse_filters(values: Iterable[str]) -> list[Filter]:
    """Filters from ``field:value`` strings (GET ``where`` parameters); values of one field are alternatives."""
    grouped: dict[str, set[str]] = {}
    for text in values:
        field, sep, value = text.partition(":")
        if not sep or not field.strip() or not value.strip():
            raise InputError("a filter is written field:value", column="where", value=text)
        grouped.setdefault(field.strip(), set()).add(value.strip())
    return [Filter(field, frozenset(values)) for field, values in grouped.items()]


def compute(
    survey: Survey,
    *,
    base: str = "shown",
    where: Sequence[Filter] = (),
    compare: bool = True,
) -> SurveyReport:
    """The report of ``survey``'s submitted responses, filtered, compared with its previous wave."""
    if base not in BASES:
        raise InputError(f"unknown base {base!r}; use one of {', '.join(BASES)}", column="base", value=base)
    responses = load_responses(survey)
    previous = survey.previous_wave if compare and survey.previous_wave_id else None
    if previous is not None and previous.organization_id != survey.organization_id:
        previous = None
    earlier = load_responses(previous) if previous is not None else None
    typed_base: Base = base  # type: ignore[assignment]
    report = build_report(responses, base=typed_base, where=where, earlier=earlier)
    return SurveyReport(survey, report, responses, previous, earlier)


def curated(survey: Survey) -> dict[str, list[Highlight]]:
    """The owner's summary statements and take-aways, in their order."""
    found: dict[str, list[Highlight]] = {HighlightKind.SUMMARY: [], HighlightKind.TAKEAWAY: []}
    for highlight in Highlight.objects.for_organization(survey.organization).filter(survey=survey):
        found.setdefault(highlight.kind, []).append(highlight)
    return found


def report_json_data(computed: SurveyReport) -> dict[str, Any]:
    """The core's JSON report plus the curated ``summary`` and ``takeaways`` and the ``previous_wave``."""
    data = report_to_dict(computed.report)
    stored = curated(computed.survey)
    for key, kind in (("summary", HighlightKind.SUMMARY), ("takeaways", HighlightKind.TAKEAWAY)):
        data[key] = [{"en": h.text_en, "zh": h.text_zh} for h in stored[kind]]
    data["previous_wave"] = computed.previous.identifier if computed.previous is not None else None
    return data


def base_sentence(stat: QuestionStats) -> str:
    """The base of the question's percentages, in words, e.g. "Base: 245 respondents who were shown this question"."""
    n = stat.base_n
    if stat.base == "answered":
        return ngettext(
            "Base: %(n)d respondent who answered this question",
            "Base: %(n)d respondents who answered this question",
            n,
        ) % {"n": n}
    if stat.base == "respondents":
        return ngettext(
            "Base: %(n)d respondent (all respondents)", "Base: %(n)d respondents (all respondents)", n
        ) % {"n": n}
    return ngettext(
        "Base: %(n)d respondent who was shown this question",
        "Base: %(n)d respondents who were shown this question",
        n,
    ) % {"n": n}


def _texts(texts: Mapping[str, str], language: str, fallback: str) -> tuple[str, str]:
    """The text in the reader's language, and the other language's text when it differs."""
    main = text_in(dict(texts), language, fallback)
    other = texts.get(_other(language), "")
    return main, (other if other and other != main else "")


def _chart_label(texts: Mapping[str, str], language: str, fallback: str) -> str:
    main, other = _texts(texts, language, fallback)
    return f"{main}\n{other}" if other else main


def small_base_warning(n: int) -> str:
    """The caution printed with percentages over fewer than :data:`~tanlu.survey.report.SMALL_BASE` respondents."""
    return ngettext(
        "Small base: only %(n)d respondent (fewer than %(limit)d); read these percentages with care.",
        "Small base: only %(n)d respondents (fewer than %(limit)d); read these percentages with care.",
        n,
    ) % {"n": n, "limit": SMALL_BASE}


def question_views(
    report: Report, language: str, *, charts_too: bool = True, for_print: bool = False
) -> list[dict[str, Any]]:
    """Per question, what a page shows: labels in both languages, counts, base, options, charts, answers.

    Pages get ``chart`` drawn for a desktop card and ``chart_narrow`` for a phone; the PDF (``for_print``) one
    ``chart`` for the A4 column.
    """
    views: list[dict[str, Any]] = []
    for number, stat in enumerate(report.stats.questions, start=1):
        label, label_other = _texts(stat.label, language, stat.name)
        view: dict[str, Any] = {
            "number": number,
            "stat": stat,
            "label": label,
            "label_other": label_other,
            "base": base_sentence(stat),
            "kind": "choice" if stat.type in CHOICE_TYPES else "numeric" if stat.numeric else "text",
            "multiple": stat.type == "select_multiple",
            "options": [],
            "answers": list(stat.answers),
            "not_shown": report.stats.respondents - stat.shown,
            "small_base": small_base_warning(stat.base_n) if is_small_base(stat.base_n) else "",
        }
        for option in stat.options:
            main, other = _texts(option.label, language, option.name)
            view["options"].append(
                {
                    "name": option.name,
                    "label": main,
                    "label_other": other,
                    "count": option.count,
                    "percent": percent_for_output(option.count, option.base_n, PERCENT_PLACES),
                }
            )
        if stat.type == "select_multiple":
            total = sum(percent_for_output(o.count, o.base_n, PERCENT_PLACES) for o in stat.options)
            view["note"] = (
                _("Several answers possible: shares are percent of respondents and add up to %(total).2f%%.")
                % {"total": total}
                if stat.exceeds_100
                else _("Several answers possible: shares are percent of respondents.")
            )
        if charts_too and stat.options:
            for key, box in _boxes(for_print):
                view[key] = charts.share_bars(
                    [_chart_label(o.label, language, o.name) for o in stat.options],
                    [o["percent"] for o in view["options"]],
                    box,
                    note=view.get("note", "") if stat.exceeds_100 else "",
                    title=label,
                )
        views.append(view)
    return views


def _boxes(for_print: bool) -> tuple[tuple[str, charts.Box], ...]:
    return (
        (("chart", charts.PRINT),) if for_print else (("chart", charts.WIDE), ("chart_narrow", charts.NARROW))
    )


def comparison_views(
    report: Report, language: str, names: tuple[str, str], *, for_print: bool = False
) -> list[dict[str, Any]]:
    """Per question shared by the two waves: each option's share in both and the change, with charts."""
    views: list[dict[str, Any]] = []
    if report.comparison is None:
        return views
    data = {q["name"]: q for q in report_to_dict(report)["comparison"]["questions"]}
    for question in report.comparison.questions:
        rows = data[question.name]["options"]
        label, label_other = _texts(question.label, language, question.name)
        options = []
        for option, row in zip(question.options, rows, strict=True):
            main, other = _texts(option.label, language, option.name)
            options.append({**row, "label": main, "label_other": other})
        smallest = min(question.earlier_base_n, question.later_base_n)
        view: dict[str, Any] = {
            "name": question.name,
            "label": label,
            "label_other": label_other,
            "question": question,
            "options": options,
            "base": _wave_base(question),
            "small_base": small_base_warning(smallest) if is_small_base(smallest) else "",
        }
        for key, box in _boxes(for_print):
            view[key] = charts.paired_share_bars(
                [_chart_label(o.label, language, o.name) for o in question.options],
                [row["earlier_percent"] for row in rows],
                [row["later_percent"] for row in rows],
                box,
                series_names=names,
                change_suffix=" " + _("pp"),
                title=label,
            )
        views.append(view)
    return views


def _wave_base(question: QuestionChange) -> str:
    return _("Base: %(earlier)d and %(later)d respondents who were shown this question") % {
        "earlier": question.earlier_base_n,
        "later": question.later_base_n,
    }


def survey_title(survey: Survey, language: str) -> tuple[str, str]:
    return _texts({"en": survey.title_en, "zh": survey.title_zh}, language, survey.identifier)


def report_context(computed: SurveyReport, language: str, *, for_print: bool = False) -> dict[str, Any]:
    """Everything the HTML report page and the PDF template show (``for_print``: charts for the A4 column)."""
    survey = computed.survey
    title, title_other = survey_title(survey, language)
    stored = curated(survey)
    previous_names = ("", "")
    if computed.previous is not None:
        previous_names = (survey_title(computed.previous, language)[0], title)
    return {
        "survey": survey,
        "report": computed.report,
        "stats": computed.report.stats,
        "title": title,
        "title_other": title_other,
        "language": language,
        "summary": [
            h.text_zh if language == "zh" and h.text_zh else h.text_en or h.text_zh
            for h in stored[HighlightKind.SUMMARY]
        ],
        "takeaways": [
            h.text_zh if language == "zh" and h.text_zh else h.text_en or h.text_zh
            for h in stored[HighlightKind.TAKEAWAY]
        ],
        "questions": question_views(computed.report, language, for_print=for_print),
        "previous": computed.previous,
        "comparison": comparison_views(computed.report, language, previous_names, for_print=for_print)
        if computed.previous is not None
        else [],
        "generated_at": timezone.now(),
    }


def report_pdf(computed: SurveyReport, language: str) -> bytes:
    """The report as a PDF (A4, charts as SVG, Chinese in Noto Sans SC)."""
    return render_pdf("surveys/print/report.html", report_context(computed, language, for_print=True))


def _with_curated_highlights(computed: SurveyReport) -> Report:
    stored = curated(computed.survey)
    chosen = [
        CoreHighlight(kind=kind, question="", options=(), value=0.0, en=h.text_en, zh=h.text_zh)
        for kind in (HighlightKind.SUMMARY, HighlightKind.TAKEAWAY)
        for h in stored[kind]
    ]
    return dataclasses.replace(computed.report, highlights=tuple(chosen)) if chosen else computed.report


def report_xlsx(computed: SurveyReport, language: str) -> bytes:
    """The report workbook: summary with the curated highlights, a sheet and native chart per question, responses."""
    return core_exports.report_xlsx(_with_curated_highlights(computed), computed.responses, language=language)
