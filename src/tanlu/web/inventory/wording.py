"""The words a reader sees for the inventory's codes (#12 item 8): gases, methods, categories, units and the
factors' sources, in English or Chinese. The codes themselves (``CH4_fossil``, ``location_fallback``,
``purchased_electricity``) stay in exports and the API; pages and the PDF show these words.

A source's publication and table are cited in Chinese by the bundled library's own publications; a factor of the
organization's own is cited as its owner wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from tanlu.carbon.factors import Source
from tanlu.carbon.units import display_unit

Language = Literal["en", "zh"]

#: gas key → (English, Chinese); refrigerant designations (HFC-134a, R-410A) are the substances' names in both
GASES: dict[str, tuple[str, str]] = {
    "CO2": ("CO₂", "二氧化碳"),
    "CO2_biogenic": ("biogenic CO₂", "生物源二氧化碳"),
    "CH4_fossil": ("CH₄ (fossil)", "甲烷（化石源）"),
    "CH4_biogenic": ("CH₄ (non-fossil)", "甲烷（非化石源）"),
    "CH4_non_fossil": ("CH₄ (non-fossil)", "甲烷（非化石源）"),
    "CH4": ("CH₄", "甲烷"),
    "N2O": ("N₂O", "氧化亚氮"),
    "SF6": ("SF₆", "六氟化硫"),
    "NF3": ("NF₃", "三氟化氮"),
    "CF4": ("CF₄ (PFC-14)", "四氟化碳（PFC-14）"),
    "C2F6": ("C₂F₆ (PFC-116)", "六氟乙烷（PFC-116）"),
    "CO2e": ("CO₂e", "二氧化碳当量"),
    "CO2e_RF": ("CO₂e, radiative forcing uplift", "二氧化碳当量（辐射强迫增量）"),
}
#: a factor's method, an activity's Scope 2 market-based method, a Scope 3 line's method → (English, Chinese)
METHODS: dict[str, tuple[str, str]] = {
    "": ("default", "默认"),
    "location": ("location-based", "基于位置法"),
    "market": ("contract (market-based)", "合同因子（基于市场法）"),
    "residual": ("residual mix", "剩余组合因子"),
    "residual_mix": ("residual mix", "剩余组合因子"),
    "contract": ("contract with the utility", "与供电方的合同"),
    "certificate": ("certificates (zero emissions)", "绿证（零排放）"),
    "supplier-specific": ("supplier-specific", "供应商特定法"),
    "location_fallback": ("location factor (no market instrument)", "位置因子（无市场工具）"),
    "emission-factor": ("emission factor × activity data", "排放因子法"),
    "location-based": ("location-based", "基于位置法"),
    "average-data": ("average-data", "平均数据法"),
    "spend-based": ("spend-based", "支出法"),
}
#: the bundled library's publications in Chinese
PUBLICATIONS_ZH: dict[str, str] = {
    "GHG Protocol Corporate Standard, fugitive emissions by mass balance (1 kg released = 1 kg of gas)": (
        "《温室气体核算体系：企业核算与报告标准》，逸散排放质量平衡法（释放1千克即1千克该气体）"
    ),
    "IPCC 2006 Guidelines for National Greenhouse Gas Inventories, Vol. 2 Energy": (
        "《2006年IPCC国家温室气体清单指南》第2卷 能源"
    ),
    "International Aluminium Institute, greenhouse gas emissions intensity, primary aluminium (data year 2022)": (
        "国际铝业协会，原铝温室气体排放强度（数据年份2022）"
    ),
    "International Copper Association, Copper Environmental Profile (2017; data year 2013)": (
        "国际铜业协会，《铜环境概况》（2017年；数据年份2013）"
    ),
    "MEE & NBS announcement on electricity CO2 emission factors": "生态环境部、国家统计局电力二氧化碳排放因子公告",
    "UK DESNZ Greenhouse gas reporting: conversion factors 2025 (flat file v1, 2025-06-10)": (
        "英国能源安全与净零排放部（DESNZ）《温室气体报告转换因子2025》（平面文件第1版，2025-06-10）"
    ),
    "US EPA Supply Chain GHG Emission Factors v1.2 by NAICS-6 (USEEIO v2.0; GHG year 2019; AR4; purchaser prices)": (
        "美国环保署《供应链温室气体排放因子》1.2版，按NAICS六位行业（USEEIO 2.0；温室气体年份2019；"
        "IPCC第四次评估报告；购买者价格）"
    ),
    "US EPA eGRID2022 (released Jan 2024), CO2 total output emission rate": (
        "美国环保署eGRID2022（2024年1月发布），二氧化碳总发电排放率"
    ),
    "worldsteel Association, Sustainability Indicators 2024 (data year 2023)": (
        "世界钢铁协会，《可持续发展指标2024》（数据年份2023）"
    ),
}
#: the bundled library's tables in Chinese, where the table is a sentence rather than a row id
TABLES_ZH: dict[str, str] = {
    "Table 1.4 (default CO2 emission factors for combustion)": "表1.4（燃烧的默认二氧化碳排放因子）",
    "Table 2.3 (manufacturing industries and construction)": "表2.3（制造业和建筑业）",
    "Table 3.2.1 (road transport default CO2)": "表3.2.1（道路运输默认二氧化碳）",
    "Table 3.2.2 (road transport default CH4/N2O)": "表3.2.2（道路运输默认甲烷/氧化亚氮）",
    "CO2 intensity, t CO2 per t crude steel cast (1.92)": "二氧化碳强度，每吨粗钢1.92吨二氧化碳",
    "cradle-to-gate global warming potential of copper cathode, kg CO2e per kg (4.1)": (
        "阴极铜从摇篮到大门的全球变暖潜势，每千克4.1千克二氧化碳当量"
    ),
    "cradle-to-gate, t CO2e per t primary aluminium (15.1)": "从摇篮到大门，每吨原铝15.1吨二氧化碳当量",
    "mass released x GWP of the gas": "释放质量 × 该气体的全球变暖潜势",
    "subregion CO2 total output emission rate (lb/MWh x 0.45359237 / 1000)": (
        "子区域二氧化碳总发电排放率（磅/兆瓦时 × 0.45359237 / 1000）"
    ),
}
_MEE = re.compile(r"MEE & NBS announcement (?:on )?(?P<rest>.*)")
_MEE_NUMBER = re.compile(r"(?P<year>\d{4}) No\.(?P<number>\d+)(?: \((?P<title>[^)]*)\))?")
_MEE_YEAR = re.compile(
    r"(?P<year>\d{4}) electricity CO2 emission factors(?: \((?:dated (?P<dated>[\d-]+), released "
    r"(?P<released>[\d-]+)|reported (?P<reported>[^)]*))\))?"
)
_DESNZ_RF = re.compile(
    r".*With RF \(id (?P<with>[\d_]+), (?P<a>[\d.]+)\) minus Without RF \(id (?P<without>[\d_]+), (?P<b>[\d.]+)\).*"
)
_DESNZ_ID = re.compile(r".*; id (?P<id>[\d_]+)(?:; .*)?")
_NAICS = re.compile(r"NAICS (?P<code>\d{6}) [^;]*; Supply Chain Emission Factors with Margins; .*")


#: GWP set → (English, Chinese)
GWP_SETS = {
    "AR4": ("IPCC AR4", "IPCC第四次评估报告"),
    "AR5": ("IPCC AR5", "IPCC第五次评估报告"),
    "AR6": ("IPCC AR6", "IPCC第六次评估报告"),
}


def gwp_name(gwp: str, lang: Language) -> str:
    names = GWP_SETS.get(gwp.upper())
    return gwp if names is None else names[0 if lang == "en" else 1]


_BUNDLED = re.compile(r"tanlu-bundled-(?P<release>[\d.]+)@(?P<hash>[0-9a-f]+)")
_OWN = re.compile(r"(?:tanlu-bundled-[\d.]+\+)?org\d+-v(?P<number>\d+)@(?P<hash>[0-9a-f]+)")


def factor_set_name(version: str, lang: Language) -> dict[str, str]:
    """A factor set's version string (``tanlu-bundled-2026.11@542ce2fc83d9``, ``org7-v3@…``) as words and
    its hash (``factor_set_name``, ``factor_set_hash``) for a Chinese reader; English readers and another
    version string get the string as it is."""
    if lang == "en":
        return {}
    if bundled := _BUNDLED.fullmatch(version):
        release = bundled.group("release")
        name = f"bundled library {release}" if lang == "en" else f"内置因子库{release}版"
        return {"factor_set_name": name, "factor_set_hash": bundled.group("hash")}
    if own := _OWN.fullmatch(version):
        number = own.group("number")
        name = (
            f"bundled library with your factors v{number}"
            if lang == "en"
            else f"内置因子库及贵组织因子第{number}版"
        )
        return {"factor_set_name": name, "factor_set_hash": own.group("hash")}
    return {}


def gas_name(gas: str, lang: Language) -> str:
    names = GASES.get(gas)
    return gas if names is None else names[0 if lang == "en" else 1]


def method_name(method: str, lang: Language) -> str:
    names = METHODS.get(method)
    return method if names is None else names[0 if lang == "en" else 1]


def unit_name(unit: str, lang: Language) -> str:
    """A factor's unit as printed; in Chinese the calorific basis and the currency are said in Chinese."""
    shown = display_unit(unit)
    if lang == "en":
        return shown
    shown = shown.replace(" (net)", "（低位热值）").replace(" (gross)", "（高位热值）")
    return "美元" if shown == "USD" else shown


def publication_name(publication: str, lang: Language) -> str:
    if lang == "en":
        return publication
    if publication in PUBLICATIONS_ZH:
        return PUBLICATIONS_ZH[publication]
    found = _MEE.fullmatch(publication)
    return _mee(found.group("rest")) if found else publication


def _mee(rest: str) -> str:
    number = _MEE_NUMBER.fullmatch(rest)
    if number:
        title = f"（{number.group('title')}）" if number.group("title") else ""
        return f"生态环境部、国家统计局公告{number.group('year')}年第{number.group('number')}号{title}"
    year = _MEE_YEAR.fullmatch(rest)
    if year:
        when = ""
        if year.group("dated"):
            when = f"（{year.group('dated')}印发，{year.group('released')}发布）"
        elif year.group("reported"):
            when = "（2026年1月中旬公布）" if year.group("reported") == "mid-Jan 2026" else ""
        return f"生态环境部、国家统计局关于发布{year.group('year')}年电力二氧化碳排放因子的公告{when}"
    return "生态环境部、国家统计局电力二氧化碳排放因子公告"


def table_name(table: str, lang: Language) -> str:
    """A source's table in the reader's language: a sentence translated, a DESNZ row by its id (its path is
    the English breadcrumb of the flat file), a USEEIO row by its NAICS code."""
    if lang == "en" or not table:
        return table
    if table in TABLES_ZH:
        return TABLES_ZH[table]
    if mee := _MEE.fullmatch(table):
        return _mee(mee.group("rest"))
    said = table
    if naics := _NAICS.fullmatch(table):
        said = f"NAICS {naics.group('code')}，含流通环节的供应链排放因子，每2021年美元（购买者价格）"
    elif uplift := _DESNZ_RF.fullmatch(table):
        said = (
            f"条目{uplift.group('with')}（含辐射强迫，{uplift.group('a')}）减去"
            f"条目{uplift.group('without')}（不含辐射强迫，{uplift.group('b')}）"
        )
    elif desnz := _DESNZ_ID.fullmatch(table):
        said = f"条目{desnz.group('id')}"
    return said


def cite(source: Source, lang: Language) -> str:
    """``publication, table`` in the reader's language (what a report's factor table prints)."""
    parts = (publication_name(source.publication, lang), table_name(source.table, lang))
    return ("，" if lang == "zh" else ", ").join(part for part in parts if part)


#: words of the core's unit conversions in a Chinese sentence
_SENTENCE_WORDS = {"net calorific value": "低位热值", "gross calorific value": "高位热值"}
#: the gas keys that are codes rather than formulas (``CH4_fossil``; ``CO2`` and ``kg CO2e`` read as they are)
_CODES = sorted((re.escape(g) for g in GASES if "_" in g), key=len, reverse=True)
_GAS_KEYS = re.compile(r"(?<![\w-])(" + "|".join(_CODES) + r")(?![\w-])")


def sentence(text: str, sources: Iterable[Source], lang: Language) -> str:
    """The core's sentence of a row (written by :mod:`tanlu.carbon.explain`, which cites sources in English and
    names gases by key) with its sources and gases in the reader's language."""
    if lang == "en":
        return text
    pairs: dict[str, str] = {}
    for source in sources:
        pairs[source.publication] = publication_name(source.publication, lang)
        if source.table:
            pairs[source.table] = table_name(source.table, lang)
    pairs.update(_SENTENCE_WORDS)
    for english in sorted(pairs, key=len, reverse=True):
        text = text.replace(english, pairs[english])
    return _GAS_KEYS.sub(lambda found: gas_name(found.group(1), lang), text)
