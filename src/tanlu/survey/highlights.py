"""Highlights (要点): statements drawn from the data, in English and Chinese, in the seed report's style.

Three kinds:

* ``share``: the share of respondents who gave an answer, e.g. "52.65% of respondents took part in wave 1" /
  "52.65%的受访者参与了第一轮调查". A form can have phrasing rules (:class:`HighlightRule`), one per
  question and option (or several options of a single-choice question, whose shares then add up); the
  built-in AIAG form has rules for the statements its report makes. Any other choice question gets a
  generic statement about its most frequent answer.
* ``change``: between two waves, the options whose share moved most (at least ``min_change`` percentage
  points), e.g. "The share choosing “Yes” for “…” rose from 18.33% to 25.31% (+6.98 percentage points)".

Every number is computed from counts and rounded half up to two decimals only when the sentence is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tanlu.survey.form import text_in
from tanlu.survey.stats import QuestionStats, SurveyStats, WaveComparison, percent_for_output

__all__ = ["AIAG_RULES", "Highlight", "HighlightRule", "highlights"]


@dataclass(frozen=True)
class Highlight:
    kind: str  # "share" or "change"
    question: str
    options: tuple[str, ...]
    value: float  # the percent (share) or percentage points (change), rounded as printed
    en: str
    zh: str

    def text(self, language: str) -> str:
        return self.zh if language == "zh" else self.en


@dataclass(frozen=True)
class HighlightRule:
    """How to phrase the share of ``options`` of ``question``; ``{percent}`` becomes e.g. ``52.65%``."""

    question: str
    options: tuple[str, ...]
    en: str
    zh: str


#: phrasing of the statements the AIAG wave 2 report makes about its own results
AIAG_RULES: tuple[HighlightRule, ...] = (
    HighlightRule(
        "wave1",
        ("yes",),
        "{percent} of respondents took part in wave 1",
        "{percent}的受访者参与了第一轮调查",
    ),
    HighlightRule(
        "pcf_disclosure",
        ("yes",),
        "{percent} of companies provide and disclose product carbon footprint data to customers or consumers",
        "{percent}的企业向客户或消费者提供并公开自己产品的碳足迹数据",
    ),
    HighlightRule(
        "supplier_target_binding",
        ("eliminate", "important_factor", "minor_factor", "no_impact"),
        "{percent} of companies set carbon emission or carbon footprint targets for their suppliers",
        "{percent}的企业为供应商制定了碳排放或碳足迹目标",
    ),
    HighlightRule(
        "supplier_target_binding",
        ("eliminate", "important_factor"),
        "{percent} of companies not only set targets for suppliers but tie them directly to the business",
        "{percent}的企业不仅为供应商制定了目标，还与商务合作直接相关",
    ),
    HighlightRule(
        "supplier_target_binding",
        ("no_target",),
        "{percent} of companies have set no targets for their suppliers at all",
        "{percent}的企业完全没有为供应商制定相关目标",
    ),
    HighlightRule(
        "supplier_data_handling",
        ("unknown",),
        "{percent} of respondents do not know whether their suppliers report or disclose such information",
        "{percent}的受访者不了解或不清楚供应商是否有报告或披露相关信息",
    ),
    HighlightRule(
        "product_pcf_disclosure",
        ("no",),
        "{percent} have not yet started to disclose the carbon footprint of the specific products they sell",
        "{percent}的企业仍未开始披露所销售的具体产品的碳足迹",
    ),
    HighlightRule(
        "main_difficulty",
        ("raw_data",),
        "{percent} find collecting raw data from manufacturing processes the most difficult part",
        "{percent}的企业认为难点在于如何从制造生产环节收集原始数据",
    ),
    HighlightRule(
        "main_difficulty",
        ("expertise",),
        "{percent} find understanding carbon measurement and reporting expertise the most difficult part",
        "{percent}的企业认为难点在于缺少碳计量与报告领域的专业知识",
    ),
    HighlightRule(
        "aiag_support",
        ("training",),
        "{percent} of companies would like carbon-related training",
        "{percent}的企业期望能得到碳相关的培训",
    ),
    HighlightRule(
        "aiag_support",
        ("methodology",),
        "{percent} of companies would like methods to quantify carbon emissions",
        "{percent}的企业希望获得如何量化碳排放的方法",
    ),
)

_RULES_BY_FORM: Mapping[str, tuple[HighlightRule, ...]] = {
    "aiag_wave2": AIAG_RULES,
    "aiag_wave1_demo": AIAG_RULES,
}


def _percent(count: int, base: int) -> tuple[float, str]:
    value = percent_for_output(count, base)
    return value, f"{value:.2f}%"


def _rule_highlight(rule: HighlightRule, stat: QuestionStats) -> Highlight | None:
    options = {option.name: option for option in stat.options}
    if any(name not in options for name in rule.options):
        return None
    if len(rule.options) > 1 and stat.type != "select_one":
        return None  # shares of a multiple choice do not add up to a share of respondents
    value, text = _percent(sum(options[name].count for name in rule.options), stat.base_n)
    return Highlight(
        "share", stat.name, rule.options, value, rule.en.format(percent=text), rule.zh.format(percent=text)
    )


def _generic_highlight(stat: QuestionStats) -> Highlight | None:
    if not stat.options or stat.base_n == 0:
        return None
    top = max(stat.options, key=lambda option: option.count)
    if top.count == 0:
        return None
    value, text = _percent(top.count, stat.base_n)
    question_en, question_zh = text_in(stat.label, "en"), text_in(stat.label, "zh")
    option_en, option_zh = text_in(top.label, "en", top.name), text_in(top.label, "zh", top.name)
    several_en = " (several answers possible)" if stat.type == "select_multiple" else ""
    several_zh = "（可多选）" if stat.type == "select_multiple" else ""
    return Highlight(
        "share",
        stat.name,
        (top.name,),
        value,
        f"{text} of respondents answered “{option_en}” to “{question_en}”{several_en}",
        f"{text}的受访者对“{question_zh}”选择了“{option_zh}”{several_zh}",
    )


def _change_highlights(comparison: WaveComparison, min_change: float, limit: int) -> list[Highlight]:
    found: list[tuple[float, Highlight]] = []
    for question in comparison.questions:
        for option in question.options:
            if option.change is None:
                continue
            before, before_text = _percent(option.earlier_count, question.earlier_base_n)
            after, after_text = _percent(option.later_count, question.later_base_n)
            points = round(after - before, 2)
            if abs(points) < min_change:
                continue
            option_en, option_zh = (
                text_in(option.label, "en", option.name),
                text_in(option.label, "zh", option.name),
            )
            question_en, question_zh = text_in(question.label, "en"), text_in(question.label, "zh")
            verb_en, verb_zh = ("rose", "上升") if points > 0 else ("fell", "下降")
            en = (
                f"The share choosing “{option_en}” for “{question_en}” {verb_en} from {before_text} to "
                f"{after_text} ({points:+.2f} percentage points)"
            )
            zh = (
                f"对“{question_zh}”选择“{option_zh}”的比例从{before_text}{verb_zh}到{after_text}"
                f"（{points:+.2f}个百分点）"
            )
            found.append((abs(points), Highlight("change", question.name, (option.name,), points, en, zh)))
    found.sort(key=lambda item: -item[0])
    return [highlight for _, highlight in found[:limit]]


def highlights(
    stats: SurveyStats,
    comparison: WaveComparison | None = None,
    *,
    rules: Sequence[HighlightRule] | None = None,
    min_change: float = 5.0,
    max_changes: int = 5,
) -> list[Highlight]:
    """Statements about ``stats`` (and the changes in ``comparison``), rule-based where rules exist."""
    chosen = tuple(rules) if rules is not None else _RULES_BY_FORM.get(stats.survey, ())
    by_question: dict[str, list[HighlightRule]] = {}
    for rule in chosen:
        by_question.setdefault(rule.question, []).append(rule)
    found: list[Highlight] = []
    for stat in stats.questions:
        if stat.name in by_question:
            found.extend(
                h for rule in by_question[stat.name] if (h := _rule_highlight(rule, stat)) is not None
            )
        elif (generic := _generic_highlight(stat)) is not None:
            found.append(generic)
    if comparison is not None:
        found.extend(_change_highlights(comparison, min_change, max_changes))
    return found
