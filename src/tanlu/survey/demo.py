"""Deterministic synthetic responses for demos and tests: the AIAG wave 2 results, and a smaller wave 1.

Wave 2: exactly 245 respondents whose answers reproduce every percentage the AIAG Carbon Performance Survey
report (30 March 2023) prints. The report gives shares, not counts; with 245 respondents each printed share
``p`` comes from ``count = round(p * 245 / 100)``, and :func:`wave2_counts` checks that this count gives
the printed share back to two decimals (245 = 5 x 49, so no share falls on a rounding tie). Answers are
spread over respondents with a seeded random generator: every respondent answers every required
question, the exclusive option "none of the above" of ``measurement_scope`` is never combined with another,
and the free-text answers to ``pcf_disclosure_sample`` are the 48 answers the report prints, given to 48 of
the 62 respondents who said yes. The report prints no text for the other follow-ups, so they stay empty.

Wave 1: 120 synthetic respondents on a shorter form (a subset of the wave 2 questions under the same names),
with plausibly different shares, for wave comparisons. It is not data from the report.

Respondent attributes (customer OEM, tier, region) are synthetic, as invitations would carry them.
"""

from __future__ import annotations

import dataclasses
import functools
import random
from collections.abc import Mapping, Sequence
from fractions import Fraction

from tanlu.errors import RowsRejected
from tanlu.survey.builtin import builtin_form
from tanlu.survey.form import Form, Group, Question
from tanlu.survey.responses import Response, ResponseSet, check_response

__all__ = [
    "WAVE1_COUNTS",
    "WAVE2_PRINTED_PERCENT",
    "WAVE2_RESPONDENTS",
    "WAVE2_SAMPLE_ANSWERS",
    "demo_wave1_form",
    "demo_wave1_responses",
    "demo_wave2_responses",
    "wave2_counts",
]

WAVE2_RESPONDENTS = 245

#: question -> option -> share as the wave 2 report prints it (the generator's input)
WAVE2_PRINTED_PERCENT: dict[str, dict[str, str]] = {
    "wave1": {"yes": "52.65", "no": "47.35"},
    "company_type": {"oem": "2.04", "supplier": "97.96"},
    "function": {
        "public_affairs": "5.31",
        "finance": "0.00",
        "purchasing": "1.63",
        "sqe": "6.53",
        "logistics": "3.27",
        "operations": "22.45",
        "others": "63.27",
    },
    "pcf_disclosure": {"yes": "25.31", "no": "74.69"},
    "supplier_disclosure_requirement": {
        "company_overall": "17.14",
        "specific_products": "14.69",
        "all": "10.61",
        "none": "40.00",
        "not_applicable": "20.41",
    },
    "supplier_data_handling": {
        "no_action": "8.16",
        "disclosure_only": "28.16",
        "verified": "13.88",
        "unknown": "49.80",
    },
    "supplier_target_binding": {
        "eliminate": "2.45",
        "important_factor": "13.47",
        "minor_factor": "22.86",
        "no_impact": "5.71",
        "no_target": "55.51",
    },
    "product_pcf_disclosure": {"yes": "17.96", "no": "82.04"},
    "carbon_accounting_approach": {"in_house": "46.94", "outsourcing": "19.18", "others": "40.82"},
    "it_system": {"internal": "8.98", "third_party": "7.35", "none": "83.67"},
    "measurement_scope": {
        "scope1": "28.98",
        "scope2": "24.90",
        "scope3": "11.43",
        "product": "28.57",
        "none": "46.12",
    },
    "main_difficulty": {
        "raw_data": "55.92",
        "expertise": "54.69",
        "training": "22.86",
        "third_party_services": "15.92",
        "other": "22.04",
    },
    "green_energy_relocation": {
        "mostly_green": "16.73",
        "clear_plans": "24.90",
        "obstacles": "51.43",
        "unwilling": "8.57",
    },
    "relocation_factors": {
        "fiscal_policy": "69.80",
        "green_finance": "48.98",
        "land_policy": "57.96",
        "logistics_costs": "57.55",
        "industrial_cluster": "71.02",
    },
    "aiag_support": {
        "webinar": "51.43",
        "conference": "43.27",
        "training": "78.37",
        "methodology": "63.67",
        "audit": "34.29",
        "reporting": "54.69",
    },
}

#: the answers to "if so, please specify a sample" as the report prints them (lines it wrapped are joined)
WAVE2_SAMPLE_ANSWERS: tuple[str, ...] = (
    "客户有要求时向顾客提供碳排放数据",
    "由三方认证公司对排放源进行CO2量进行检测",
    "通过客户提供的《温室气体盘查表》表格，提交企业相关数据",
    "n/a",
    "无",
    "IMDS",
    "依据产品生产工艺流程，统计能源消耗，核算碳排放！",
    "我公司已获评江苏省绿色工厂称号",
    "公司公开碳排放盘查报告",
    "无",
    "https://corporate.jp.sharp/eco/report/pdf/ssr2022_e.pdf",
    "根据客户的要求提供",
    "客户派遣专业人员来公司收集数据核算其相应零部件的碳排放",
    "我们基于CICES的框架向一些客户提供过产品的原材料、用能、物流信息，用于计算产品碳足迹。",
    "无",
    "按照部分主机厂要求填写生产过程中碳排放数据，例如沃尔沃，捷豹路虎等等。",
    "公布碳排查报告",
    "核算我们的碳排放量，制定年度减排计划",
    "吉利产品线要求提供碳足迹数据",
    "我司在2022年度按照吉利汽车要求，对吉利汽车2020-2022年所有供货产品进行了从摇篮到大门的碳足迹核算，并获得对方认可",
    "提供以產量分配Scope 1及Scope 2的碳數據到個別的客戶產品",
    "配合客户做碳排放数据调研",
    "配合NIO和FAW客户完成产品的碳足迹核酸",
    "无",
    "零件1  生产制造物流产生 24.9kg CO2/件",
    "无",
    "NA",
    "在上海市重点用能单位能耗监测系统上公开电、油、气数据",
    "沪光公司官网已对外公布相关信息",
    "无",
    "2022年9月进行ISO14064温室气体核查，声明编号OCPF-2022-08",
    "具体的数据按照零件已经提交给客户",
    "2023年准备披露",
    "https://www.aptiv.com/en/about/sustainability",
    "从原材料采购绿电铝的比例来展示碳足迹的数据",
    "铝合金产品碳排放为7.01kgco2e",
    "碳足迹证书",
    "向PSA公司提供过链接数据",
    "关于碳达峰和碳排放目标要求",
    "无",
    "节电",
    "按照客户要求的模板提交",
    "含碳0.8%一下",
    "总部正布署LCA流程，并逐渐形成计算PCF的内部核算能力，难点：GHG Scope 3 的碳核算",
    "通过主机厂内部系统平台，披露一些特定产品的碳足迹信息。",
    "无",
    "上汽通用458格栅",
    "碳排放减量目标及实际行动",
)

#: synthetic wave 1 counts over 120 respondents (question -> option -> count)
WAVE1_COUNTS: dict[str, dict[str, int]] = {
    "company_type": {"oem": 4, "supplier": 116},
    "pcf_disclosure": {"yes": 22, "no": 98},
    "supplier_data_handling": {"no_action": 12, "disclosure_only": 30, "verified": 10, "unknown": 68},
    "supplier_target_binding": {
        "eliminate": 2,
        "important_factor": 10,
        "minor_factor": 20,
        "no_impact": 8,
        "no_target": 80,
    },
    "it_system": {"internal": 6, "third_party": 4, "none": 110},
    "measurement_scope": {"scope1": 24, "scope2": 20, "scope3": 8, "product": 18, "none": 70},
    "aiag_support": {
        "webinar": 60,
        "conference": 45,
        "training": 84,
        "methodology": 66,
        "audit": 30,
        "reporting": 58,
    },
}
_WAVE1_RESPONDENTS = 120
_WAVE1_TEXT_QUESTIONS = ("pcf_disclosure_sample",)
_EXCLUSIVE = {"measurement_scope": "none"}
_OEMS = ("SAIC-GM", "Geely", "FAW", "NIO", "Volvo")
_TIERS = ("tier1", "tier2")
_REGIONS = ("East China", "South China", "North China", "Central China", "West China")


def _round_half_up(value: Fraction) -> Fraction:
    return Fraction((value * 100 + Fraction(1, 2)).__floor__(), 100)


def wave2_counts() -> dict[str, dict[str, int]]:
    """Counts over 245 respondents that reproduce every printed wave 2 share to two decimals."""
    counts: dict[str, dict[str, int]] = {}
    for question, shares in WAVE2_PRINTED_PERCENT.items():
        counts[question] = {}
        for option, printed in shares.items():
            count = round(Fraction(printed) * WAVE2_RESPONDENTS / 100)
            if _round_half_up(Fraction(count * 100, WAVE2_RESPONDENTS)) != Fraction(printed):
                raise ValueError(f"{question}/{option}: no count of {WAVE2_RESPONDENTS} gives {printed}%")
            counts[question][option] = count
    return counts


def _spread(
    rng: random.Random, size: int, form: Form, counts: Mapping[str, Mapping[str, int]]
) -> list[dict[str, set[str]]]:
    """Assign choices to ``size`` respondents so each option is picked exactly ``counts`` times."""
    picks: list[dict[str, set[str]]] = [{} for _ in range(size)]
    for question_name, option_counts in counts.items():
        question = form.question(question_name)
        order = list(range(size))
        rng.shuffle(order)
        if question.type == "select_one":
            tokens = [option for option, count in option_counts.items() for _ in range(count)]
            if len(tokens) != size:
                raise ValueError(f"{question_name}: counts add up to {len(tokens)}, not {size}")
            for respondent, option in zip(order, tokens, strict=True):
                picks[respondent][question_name] = {option}
            continue
        exclusive = _EXCLUSIVE.get(question_name)
        barred: set[int] = set()
        if exclusive is not None:
            for respondent in order[: option_counts[exclusive]]:
                picks[respondent][question_name] = {exclusive}
                barred.add(respondent)
        others = sorted(
            ((option, count) for option, count in option_counts.items() if option != exclusive),
            key=lambda item: -item[1],
        )
        for option, count in others:
            ranked = sorted(
                (r for r in order if r not in barred), key=lambda r: (question_name in picks[r], rng.random())
            )
            if count > len(ranked):
                raise ValueError(f"{question_name}/{option}: {count} picks but {len(ranked)} respondents")
            for respondent in ranked[:count]:
                picks[respondent].setdefault(question_name, set()).add(option)
        if any(question_name not in pick for pick in picks):
            raise ValueError(f"{question_name}: some respondents would have no answer")
    return picks


def _responses(
    form: Form,
    size: int,
    counts: Mapping[str, Mapping[str, int]],
    texts: Mapping[str, Sequence[str]],
    *,
    seed: int,
    prefix: str,
) -> ResponseSet:
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret
    picks = _spread(rng, size, form, counts)
    raws: list[dict[str, str]] = []
    for pick in picks:
        raw: dict[str, str] = {}
        for question_name, chosen in pick.items():
            choices = [choice.name for choice in form.choices_for(form.question(question_name))]
            raw[question_name] = " ".join(name for name in choices if name in chosen)
        raws.append(raw)
    for question_name, answers in texts.items():
        question = form.question(question_name)
        eligible = [i for i, raw in enumerate(raws) if _shown_without(form, question, raw)]
        for respondent, answer in zip(sorted(rng.sample(eligible, len(answers))), answers, strict=True):
            raws[respondent][question_name] = answer
    responses: list[Response] = []
    issues = []
    for index, raw in enumerate(raws, start=1):
        attributes = {
            "customer_oem": rng.choice(_OEMS),
            "tier": rng.choice(_TIERS),
            "region": rng.choice(_REGIONS),
        }
        response, found = check_response(form, raw, respondent=f"{prefix}-{index:04d}", attributes=attributes)
        issues.extend(found)
        responses.append(response)
    if issues:
        raise RowsRejected(issues, file="demo")
    return ResponseSet.from_responses(form, responses)


def _shown_without(form: Form, question: Question, raw: Mapping[str, str]) -> bool:
    response, _ = check_response(form, {k: v for k, v in raw.items() if k != question.name})
    return response.shown[question.name]


@functools.cache
def demo_wave2_responses() -> ResponseSet:
    """245 synthetic respondents reproducing every share printed in the AIAG wave 2 report."""
    texts = {"pcf_disclosure_sample": WAVE2_SAMPLE_ANSWERS}
    return _responses(
        builtin_form("aiag_wave2"), WAVE2_RESPONDENTS, wave2_counts(), texts, seed=2023, prefix="w2"
    )


@functools.cache
def demo_wave1_form() -> Form:
    """A shorter wave 1 form: the wave 2 questions in :data:`WAVE1_COUNTS` (same names), synthetic."""
    keep = set(WAVE1_COUNTS) | set(_WAVE1_TEXT_QUESTIONS)

    def prune(nodes: tuple[Question | Group, ...]) -> tuple[Question | Group, ...]:
        kept: list[Question | Group] = []
        for node in nodes:
            if isinstance(node, Group):
                children = prune(node.children)
                if children:
                    kept.append(dataclasses.replace(node, children=children))
            elif node.name in keep:
                kept.append(node)
        return tuple(kept)

    wave2 = builtin_form("aiag_wave2")
    children = prune(wave2.children)
    used = {q.choices for q in wave2.questions() if q.name in keep and q.choices}
    return dataclasses.replace(
        wave2,
        form_id="aiag_wave1_demo",
        title={"zh": "碳表现调查（第一轮，模拟数据）", "en": "Carbon Performance Survey (Wave 1, synthetic)"},
        version="2022-11",
        children=children,
        choice_lists={name: choices for name, choices in wave2.choice_lists.items() if name in used},
    )


@functools.cache
def demo_wave1_responses() -> ResponseSet:
    """120 synthetic wave 1 respondents with shares that differ plausibly from wave 2."""
    texts = {"pcf_disclosure_sample": WAVE2_SAMPLE_ANSWERS[:10]}
    return _responses(demo_wave1_form(), _WAVE1_RESPONDENTS, WAVE1_COUNTS, texts, seed=2022, prefix="w1")
