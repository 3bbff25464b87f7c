"""What people write in a plant's data (电力, 天然气, diesel, R134a …) and which factor it means at a site.

An EHS engineer writes "电力" or "用电量", not ``electricity_cn_east_2023``: the factor depends on where and
when the electricity was used. :func:`common_kind` turns the written name into a kind (``electricity``), and
:func:`resolve` picks the kind's factor for a site's grid region and the data's year: the site's own region
first, then its country, then a global default, and within those the latest factor year not after the data's
(else the earliest after it). :func:`grid_region` reads the region a person typed for a site ("华东电网",
"China East grid", "江苏", "US-CAMX") as the region code the factors carry (``CN-east``).

:func:`search` ranks the factor set's activities for a query (what the mapping and fix pages' pickers show):
matches on the words of the key and both names, the site's region first, never a flat list of every key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from tanlu.carbon.factors import FactorSet

__all__ = ["COMMON_NAMES", "common_kind", "grid_region", "resolve", "search"]

#: kind → the names people write for it (compared without case, spaces, punctuation)
COMMON_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "electricity": (
            "电力",
            "电",
            "用电",
            "用电量",
            "电量",
            "耗电量",
            "外购电力",
            "外购电",
            "购入电力",
            "网电",
            "电网电力",
            "electricity",
            "electric power",
            "power",
            "grid electricity",
            "purchased electricity",
        ),
        "natural_gas": ("天然气", "管道天然气", "燃气", "natural gas", "gas", "pipeline gas"),
        "diesel": ("柴油", "0号柴油", "diesel", "diesel oil", "gas oil", "gasoil"),
        "diesel_road": ("车用柴油", "柴油（车辆）", "diesel vehicles", "road diesel"),
        "gasoline": ("汽油", "车用汽油", "92号汽油", "95号汽油", "gasoline", "petrol", "motor gasoline"),
        "lpg": ("液化石油气", "液化气", "lpg", "liquefied petroleum gas", "propane"),
        "fuel_oil": ("燃料油", "重油", "fuel oil", "heavy fuel oil", "residual fuel oil"),
        "coal": ("煤", "原煤", "烟煤", "燃煤", "coal", "bituminous coal"),
        "coke": ("焦炭", "coke"),
        "steam": (
            "蒸汽",
            "外购蒸汽",
            "热力",
            "外购热力",
            "热水",
            "steam",
            "heat",
            "purchased heat",
            "district heat",
        ),
        "refrigerant_r134a": ("r134a", "hfc134a", "冷媒r134a", "制冷剂r134a"),
        "refrigerant_r410a": ("r410a", "冷媒r410a", "制冷剂r410a"),
        "refrigerant_r32": ("r32", "hfc32", "冷媒r32", "制冷剂r32"),
        "refrigerant_r404a": ("r404a", "冷媒r404a", "制冷剂r404a"),
        "refrigerant_r1234yf": ("r1234yf", "hfo1234yf", "冷媒r1234yf", "制冷剂r1234yf"),
        "sf6": ("sf6", "六氟化硫"),
        "co2_gas": ("二氧化碳", "co2", "焊接二氧化碳", "co2 welding gas"),
        "steel": ("钢材", "钢", "钢铁", "粗钢", "steel", "crude steel"),
        "aluminium": ("铝材", "铝", "原铝", "铝锭", "aluminium", "aluminum", "primary aluminium"),
        "copper": ("铜", "铜材", "阴极铜", "copper"),
        "glass": ("玻璃", "glass"),
        "plastics": ("塑料", "塑料件", "plastics", "plastic"),
        "tyres": ("轮胎", "tyres", "tires"),
        "freight_road": ("货运", "公路货运", "公路运输", "卡车运输", "road freight", "trucking", "freight"),
        "freight_rail": ("铁路货运", "铁路运输", "rail freight"),
        "freight_sea": ("海运", "海运货运", "集装箱海运", "sea freight", "ocean freight"),
        "freight_air": ("空运", "航空货运", "air freight"),
    }
)

#: kind → the factor keys that can stand for it (the best of those in the set is chosen by region and year)
_KIND_KEYS: Mapping[str, str] = MappingProxyType(
    {
        "electricity": r"electricity_(cn_(?!fossil)[a-z_]+|uk|us(_[a-z]+)?)_\d{4}",
        "natural_gas": r"natural_gas(_desnz_\d{4})?",
        "diesel": r"diesel(_desnz_\d{4})?",
        "diesel_road": r"diesel_road",
        "gasoline": r"motor_gasoline_road|motor_gasoline_desnz_\d{4}",
        "lpg": r"lpg",
        "fuel_oil": r"residual_fuel_oil",
        "coal": r"bituminous_coal",
        "coke": r"coke_oven_coke",
        "steam": r"heat_steam_[a-z]+_\d{4}",
        "refrigerant_r134a": r"refrigerant_hfc134a",
        "refrigerant_r410a": r"refrigerant_r410a",
        "refrigerant_r32": r"refrigerant_hfc32",
        "refrigerant_r404a": r"refrigerant_r404a",
        "refrigerant_r1234yf": r"refrigerant_hfo1234yf",
        "sf6": r"sf6_release",
        "co2_gas": r"co2_release",
        "steel": r"steel_crude",
        "aluminium": r"aluminium_primary",
        "copper": r"copper_cathode",
        "glass": r"glass",
        "plastics": r"plastics_average",
        "tyres": r"tyres",
        "freight_road": r"freight_hgv_average",
        "freight_rail": r"freight_rail",
        "freight_sea": r"freight_container_ship",
        "freight_air": r"freight_air_international",
    }
)

#: region code → what people write for it: China's regional grids with their provinces and big cities,
#: the UK; US eGRID subregions are matched by their code
_REGION_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "CN-east": (
            "华东",
            "east china",
            "china east",
            "上海",
            "江苏",
            "浙江",
            "安徽",
            "福建",
            "苏州",
            "昆山",
            "无锡",
            "常州",
            "南京",
            "杭州",
            "宁波",
            "合肥",
            "厦门",
            "shanghai",
            "jiangsu",
            "zhejiang",
        ),
        "CN-north": (
            "华北",
            "north china",
            "china north",
            "北京",
            "天津",
            "河北",
            "山西",
            "山东",
            "内蒙古",
            "济南",
            "青岛",
            "beijing",
            "tianjin",
            "shandong",
        ),
        "CN-northeast": (
            "东北",
            "northeast china",
            "china northeast",
            "辽宁",
            "吉林",
            "黑龙江",
            "沈阳",
            "长春",
            "大连",
            "哈尔滨",
        ),
        "CN-central": (
            "华中",
            "central china",
            "china central",
            "河南",
            "湖北",
            "湖南",
            "江西",
            "武汉",
            "郑州",
            "长沙",
            "南昌",
        ),
        "CN-northwest": (
            "西北",
            "northwest china",
            "china northwest",
            "陕西",
            "甘肃",
            "青海",
            "宁夏",
            "新疆",
            "西安",
        ),
        "CN-south": (
            "南方",
            "华南",
            "south china",
            "china south",
            "china southern",
            "广东",
            "广西",
            "云南",
            "贵州",
            "海南",
            "广州",
            "深圳",
            "佛山",
            "东莞",
            "guangdong",
            "shenzhen",
        ),
        "CN-southwest": ("西南", "southwest china", "china southwest", "四川", "重庆", "西藏", "成都"),
        "CN": ("中国", "全国", "china", "national grid"),
        "GB": ("英国", "united kingdom", "uk", "great britain", "england", "scotland", "wales", "gb"),
        "US": ("美国", "united states", "usa", "us"),
    }
)


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-()（）·,，.。/]+", "", text.casefold())


_NAME_KIND = {_norm(name): kind for kind, names in COMMON_NAMES.items() for name in names}


def common_kind(text: str) -> str | None:
    """The kind a written activity name means (``"电力"`` → ``"electricity"``), or ``None``."""
    norm = _norm(text)
    if norm in _NAME_KIND:
        return _NAME_KIND[norm]
    # a refrigerant's code with words around it: "R410A冷媒", "制冷剂 R-134a", "HFC-32 refrigerant"
    refrigerant = re.fullmatch(
        r"[^0-9a-z]*(?:r|hfc|hfo)(134a|410a|32|404a|1234yf)(?:refrigerant)?[^0-9a-z]*", norm
    )
    if refrigerant:
        return _NAME_KIND.get(f"r{refrigerant.group(1)}")
    return None


_US_SUBREGIONS = frozenset(
    [
        "akgd",
        "akms",
        "aznm",
        "camx",
        "erct",
        "frcc",
        "hims",
        "hioa",
        "mroe",
        "mrow",
        "newe",
        "nwpp",
        "nycw",
        "nyli",
        "nyup",
        "prms",
        "rfce",
        "rfcm",
        "rfcw",
        "rmpa",
        "spno",
        "spso",
        "srmv",
        "srmw",
        "srso",
        "srtv",
        "srvc",
    ]
)


def _names_in(norm: str, words: set[str], names: tuple[str, ...]) -> bool:
    """Whether one of ``names`` is written in ``norm``: Chinese names and longer English ones anywhere, short
    English codes (uk, us) only as a word of their own."""
    for name in names:
        key = _norm(name)
        if key == norm or ((len(key) > 3 or not key.isascii()) and key in norm) or key in words:
            return True
    return False


def grid_region(text: str) -> str | None:
    """The region code of what a person wrote for a site's grid region; sub-national regions win over
    countries (``"华东电网 China East grid"`` → ``CN-east``, ``"US-CAMX"`` → ``US-CAMX``, ``"英国"`` → ``GB``)."""
    norm = _norm(text)
    if not norm:
        return None
    words = {_norm(w) for w in re.split(r"[\s\-_/,，()（）]+", text.casefold()) if w}
    code = re.fullmatch(r"(?:us)?([a-z]{4})", norm)
    if code and code.group(1) in _US_SUBREGIONS:
        return f"US-{code.group(1).upper()}"
    cn = re.fullmatch(r"cn(east|north|northeast|central|northwest|south|southwest)", norm)
    if cn:
        return f"CN-{cn.group(1)}"
    for region, names in _REGION_NAMES.items():
        if _names_in(norm, words, names):
            return region
    return None


def _country(region: str) -> str:
    return region.split("-", 1)[0] if region else ""


def _region_rank(factor_region: str, site_region: str | None) -> int:
    if site_region and factor_region == site_region:
        return 0
    if site_region and factor_region == _country(site_region):
        return 1
    if factor_region in ("GLO", ""):
        return 2
    if site_region and _country(factor_region) == _country(site_region):
        return 3
    return 4


def _year_rank(year: int | None, data_year: int | None) -> tuple[int, int]:
    if year is None or data_year is None:
        return (0, -(year or 0))
    return (0, data_year - year) if year <= data_year else (1, year - data_year)


def _region_and_year(factors: FactorSet, key: str) -> tuple[str, int | None]:
    found = factors.default_factors(key) or factors.factors_for(key)
    return (found[0].region, found[0].year) if found else ("", None)


def resolve(kind: str, factors: FactorSet, *, region: str | None, year: int | None) -> str | None:
    """The activity key of ``kind``'s best factor for a site in ``region`` (a code from :func:`grid_region`,
    ``None`` when unknown) and data of ``year``. ``None`` when the set has none, or when the kind depends on
    the grid (electricity) and the site's region is unknown or has no factor of its own or of its country:
    a plant's electricity is never silently given another country's grid."""
    pattern = _KIND_KEYS.get(kind)
    if pattern is None:
        return None
    candidates = [key for key in factors.activities() if re.fullmatch(pattern, key)]
    ranked = []
    for key in candidates:
        factor_region, factor_year = _region_and_year(factors, key)
        ranked.append((_region_rank(factor_region, region), _year_rank(factor_year, year), key))
    ranked.sort()
    if not ranked:
        return None
    best_region, _year, best = ranked[0]
    if kind == "electricity" and (region is None or best_region > 1):
        return None
    return best


def search(factors: FactorSet, query: str, *, region: str | None = None, limit: int = 20) -> list[str]:
    """Activity keys matching ``query`` (every word in the key or one of the names; a common name such as
    电力 also matches its kind's keys), best first: the site's region and country, then global factors,
    then others; an empty query gives the activities of the site's region and the global ones."""
    words = [_norm(w) for w in re.split(r"\s+", query.strip()) if _norm(w)]
    kind = common_kind(query) if query.strip() else None
    kind_pattern = _KIND_KEYS.get(kind or "")
    scored: list[tuple[int, int, str]] = []
    for key, info in factors.activities().items():
        haystack = _norm(f"{key} {info.name_en} {info.name_zh}")
        by_kind = kind_pattern is not None and re.fullmatch(kind_pattern, key) is not None
        if words and not by_kind and not all(w in haystack for w in words):
            continue
        rank = _region_rank(_region_and_year(factors, key)[0], region)
        if not words and rank > 2:
            continue
        scored.append((0 if by_kind else 1, rank, key))
    return [key for *_rank, key in sorted(scored)[:limit]]
