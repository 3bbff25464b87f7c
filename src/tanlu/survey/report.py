"""The survey report model and its JSON, which the web layer renders as HTML and PDF.

JSON shape (keys beyond these may be added, never removed)::

    {"survey": "aiag_wave2", "title": {"en": "...", "zh": "..."}, "respondents": 245,
     "base": "shown", "filters": [{"field": "tier", "values": ["tier1"]}],
     "questions": [
        {"name": "it_system", "type": "select_one", "label": {"en": "...", "zh": "..."},
         "shown": 245, "answered": 245, "skipped": 0, "base": "shown", "base_n": 245,
         "options": [{"name": "none", "label": {...}, "count": 205, "percent": 83.67}, ...],
         "exceeds_100": false},
        {"name": "pcf_disclosure_sample", "type": "text", "label": {...}, "shown": 62, "answered": 48,
         "skipped": 14, "base": "shown", "base_n": 62, "answers": ["...", ...]},
        {"name": "employees", "type": "integer", ..., "summary": {"count": 3, "mean": 4.0, ...}}],
     "highlights": [{"kind": "share", "question": "wave1", "options": ["yes"], "value": 52.65,
                     "en": "...", "zh": "..."}],
     "comparison": {"earlier": "...", "later": "...", "base": "shown", "questions": [
        {"name": "...", "earlier_base_n": 120, "later_base_n": 245, "options": [
            {"name": "yes", "label": {...}, "earlier_count": 22, "later_count": 62,
             "earlier_percent": 18.33, "later_percent": 25.31, "change": 6.98}]}]}}

``percent`` and ``change`` are rounded half up to two decimals here, at output, from the exact counts
(``change`` is the difference of the two rounded shares, as a reader would compute it); everything before
this point keeps full precision. ``comparison`` is ``null`` without an earlier wave.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tanlu.survey.highlights import Highlight, highlights
from tanlu.survey.responses import ResponseSet
from tanlu.survey.stats import (
    Base,
    Filter,
    QuestionStats,
    SurveyStats,
    WaveComparison,
    compare_waves,
    percent_for_output,
    survey_stats,
)

__all__ = [
    "PERCENT_PLACES",
    "SMALL_BASE",
    "Report",
    "build_report",
    "is_small_base",
    "report_json",
    "report_to_dict",
]

#: decimals of every printed percentage (the seed report prints two: 52.65%); pages, PDF and XLSX use the same
PERCENT_PLACES = 2
#: below this many respondents in a base, a share is flagged "small base: read with care" (a common survey-reporting
#: threshold: at n = 30 one respondent moves a share by 3.3 points, and a 95% interval is about ±18 points)
SMALL_BASE = 30


def is_small_base(base_n: int) -> bool:
    """Whether percentages over ``base_n`` respondents are flagged (an empty base has no percentages to flag)."""
    return 0 < base_n < SMALL_BASE


@dataclass(frozen=True)
class Report:
    """Everything a rendered report shows: statistics, highlights and, optionally, a wave comparison."""

    stats: SurveyStats
    highlights: tuple[Highlight, ...] = ()
    comparison: WaveComparison | None = None


def build_report(
    responses: ResponseSet,
    *,
    base: Base = "shown",
    where: Sequence[Filter] = (),
    earlier: ResponseSet | None = None,
    with_highlights: bool = True,
) -> Report:
    """Compute the report of ``responses`` (compared with the ``earlier`` wave when given)."""
    stats = survey_stats(responses, base=base, where=where)
    comparison = compare_waves(earlier, responses, base=base) if earlier is not None else None
    found = tuple(highlights(stats, comparison)) if with_highlights else ()
    return Report(stats=stats, highlights=found, comparison=comparison)


def _question(stat: QuestionStats) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": stat.name,
        "type": stat.type,
        "label": stat.label,
        "shown": stat.shown,
        "answered": stat.answered,
        "skipped": stat.skipped,
        "base": stat.base,
        "base_n": stat.base_n,
    }
    if stat.type in {"select_one", "select_multiple"}:
        data["options"] = [
            {
                "name": option.name,
                "label": option.label,
                "count": option.count,
                "percent": percent_for_output(option.count, option.base_n),
            }
            for option in stat.options
        ]
        data["exceeds_100"] = stat.exceeds_100
    elif stat.numeric is not None:
        summary = stat.numeric
        data["summary"] = {
            "count": summary.count,
            "mean": summary.mean,
            "median": summary.median,
            "min": summary.minimum,
            "max": summary.maximum,
        }
    else:
        data["answers"] = list(stat.answers)
    return data


def _comparison(comparison: WaveComparison) -> dict[str, Any]:
    questions = []
    for question in comparison.questions:
        options = []
        for option in question.options:
            before = (
                percent_for_output(option.earlier_count, question.earlier_base_n)
                if option.earlier_percent is not None
                else None
            )
            after = (
                percent_for_output(option.later_count, question.later_base_n)
                if option.later_percent is not None
                else None
            )
            change = round(after - before, 2) if before is not None and after is not None else None
            options.append(
                {
                    "name": option.name,
                    "label": option.label,
                    "earlier_count": option.earlier_count,
                    "later_count": option.later_count,
                    "earlier_percent": before,
                    "later_percent": after,
                    "change": change,
                }
            )
        questions.append(
            {
                "name": question.name,
                "type": question.type,
                "label": question.label,
                "earlier_base_n": question.earlier_base_n,
                "later_base_n": question.later_base_n,
                "options": options,
            }
        )
    return {
        "earlier": comparison.earlier,
        "later": comparison.later,
        "base": comparison.base,
        "questions": questions,
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data (see the module docstring for the shape)."""
    stats = report.stats
    return {
        "survey": stats.survey,
        "title": stats.title,
        "respondents": stats.respondents,
        "base": stats.base,
        "filters": [{"field": f.field, "values": sorted(f.values)} for f in stats.filters],
        "questions": [_question(stat) for stat in stats.questions],
        "highlights": [
            {
                "kind": h.kind,
                "question": h.question,
                "options": list(h.options),
                "value": h.value,
                "en": h.en,
                "zh": h.zh,
            }
            for h in report.highlights
        ],
        "comparison": _comparison(report.comparison) if report.comparison is not None else None,
    }


def report_json(report: Report, *, indent: int | None = None) -> str:
    """The report as JSON text (UTF-8 characters kept, not escaped)."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent)
