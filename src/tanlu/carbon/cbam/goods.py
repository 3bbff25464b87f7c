"""CBAM goods: the CN codes of Regulation (EU) 2023/956 Annex I for iron and steel and aluminium, and the
aggregated goods categories of Implementing Regulation (EU) 2023/1773 Annex II (kept in the definitive period by
Implementing Regulation (EU) 2025/2547).

A CN code is written with or without spaces (``7318 15 90``, ``73181590``); :func:`normalise_cn` keeps the digits.
A code is in CBAM's scope when it starts with one of :data:`ANNEX_I_PREFIXES` and with none of
:data:`ANNEX_I_EXCLUSIONS` (chapter 72 is covered except ferro-silicon and the other ferro-alloys listed, and
ferrous waste and scrap, 7204).
"""

from __future__ import annotations

import re

from tanlu.errors import InputError

__all__ = [
    "AGGREGATED_CATEGORIES",
    "ANNEX_I_EXCLUSIONS",
    "ANNEX_I_PREFIXES",
    "SUPPLY_CHAIN_GOODS",
    "aggregated_category",
    "check_cbam_good",
    "normalise_cn",
    "sector",
]

#: Regulation (EU) 2023/956 Annex I, section "Iron and steel" and section "Aluminium" (CN prefixes).
ANNEX_I_PREFIXES: dict[str, str] = {
    "26011200": "iron and steel",  # agglomerated iron ores and concentrates
    "72": "iron and steel",
    "7301": "iron and steel",
    "7302": "iron and steel",
    "730300": "iron and steel",
    "7304": "iron and steel",
    "7305": "iron and steel",
    "7306": "iron and steel",
    "7307": "iron and steel",
    "7308": "iron and steel",
    "730900": "iron and steel",
    "7310": "iron and steel",
    "731100": "iron and steel",
    "7318": "iron and steel",
    "7326": "iron and steel",
    "7601": "aluminium",
    "7603": "aluminium",
    "7604": "aluminium",
    "7605": "aluminium",
    "7606": "aluminium",
    "7607": "aluminium",
    "7608": "aluminium",
    "76090000": "aluminium",
    "7610": "aluminium",
    "76110000": "aluminium",
    "7612": "aluminium",
    "76130000": "aluminium",
    "7614": "aluminium",
    "7616": "aluminium",
}

#: Codes of chapter 72 that Annex I leaves out.
ANNEX_I_EXCLUSIONS: dict[str, str] = {
    "72022": "ferro-silicon",
    "72023000": "ferro-silico-manganese",
    "72025000": "ferro-silico-chromium",
    "72027000": "ferro-molybdenum",
    "72028000": "ferro-tungsten and ferro-silico-tungsten",
    "72029100": "ferro-titanium and ferro-silico-titanium",
    "72029200": "ferro-vanadium",
    "72029300": "ferro-niobium",
    "72029910": "ferro-phosphorus",
    "72029930": "ferro-silico-magnesium",
    "72029980": "other ferro-alloys",
    "7204": "ferrous waste and scrap; remelting scrap ingots",
}

#: Aggregated goods categories (2023/1773 Annex II, table 1) of the two sectors, by the CN prefixes they hold;
#: the longest matching prefix decides.
_CATEGORY_PREFIXES: dict[str, str] = {
    "26011200": "Sintered ore",
    "7201": "Pig iron",
    "720211": "FeMn",
    "720219": "FeMn",
    "720241": "FeCr",
    "720249": "FeCr",
    "720260": "FeNi",
    "7203": "DRI",
    "7206": "Crude steel",
    "7207": "Crude steel",
    "721810": "Crude steel",
    "721891": "Crude steel",
    "721899": "Crude steel",
    "722410": "Crude steel",
    "722490": "Crude steel",
    "72": "Iron or steel products",
    "73": "Iron or steel products",
    "7601": "Unwrought aluminium",
    "76": "Aluminium products",
}

AGGREGATED_CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(_CATEGORY_PREFIXES.values()))

#: the CBAM goods of the automotive supply chain a form offers first (CN code, English and Chinese name, after the
#: Combined Nomenclature's headings and China's customs tariff); any other code of Annex I is accepted too
SUPPLY_CHAIN_GOODS: tuple[tuple[str, str, str], ...] = (
    ("731815", "Other screws and bolts, of iron or steel", "钢铁制其他螺钉及螺栓"),
    ("731816", "Nuts, of iron or steel", "钢铁制螺母"),
    ("731821", "Spring washers and other lock washers, of iron or steel", "钢铁制弹簧垫圈及其他防松垫圈"),
    ("731822", "Other washers, of iron or steel", "钢铁制其他垫圈"),
    ("731824", "Cotters and cotter pins, of iron or steel", "钢铁制销及开尾销"),
    ("7326", "Other articles of iron or steel", "其他钢铁制品"),
    ("7304", "Tubes, pipes and hollow profiles, seamless, of iron or steel", "钢铁制无缝管及空心异型材"),
    ("7306", "Other tubes, pipes and hollow profiles, of iron or steel", "钢铁制其他管及空心异型材"),
    ("7207", "Semi-finished products of iron or non-alloy steel (billets)", "铁或非合金钢半制成品（钢坯）"),
    (
        "7213",
        "Bars and rods, hot-rolled, in irregularly wound coils (wire rod)",
        "热轧不规则盘卷的条杆（盘条）",
    ),
    ("7217", "Wire of iron or non-alloy steel", "铁丝或非合金钢丝"),
    ("7601", "Unwrought aluminium", "未锻轧铝"),
    ("7604", "Aluminium bars, rods and profiles", "铝条、杆、型材及异型材"),
    ("7610", "Aluminium structures and parts of structures", "铝制结构体及其部件"),
    ("7616", "Other articles of aluminium", "其他铝制品"),
)

_CN = re.compile(r"[0-9]{4}([0-9]{2}){0,2}")


def normalise_cn(text: str) -> str:
    """``7318 15 90`` → ``73181590``; anything but 4, 6 or 8 digits is refused (an :class:`InputError`)."""
    digits = "".join(text.split()).replace(".", "")
    if not _CN.fullmatch(digits):
        raise InputError("a CN code has 4, 6 or 8 digits (e.g. 7318 15 or 73181590)", value=text)
    return digits


def _longest(code: str, prefixes: dict[str, str]) -> str | None:
    matches = [prefix for prefix in prefixes if code.startswith(prefix)]
    return max(matches, key=len) if matches else None


def sector(code: str) -> str | None:
    """``iron and steel`` or ``aluminium`` for a CN code in Annex I, ``None`` for one outside it."""
    prefix = _longest(code, ANNEX_I_PREFIXES)
    if prefix is None or _longest(code, ANNEX_I_EXCLUSIONS) is not None:
        return None
    return ANNEX_I_PREFIXES[prefix]


def check_cbam_good(text: str) -> str:
    """The normalised CN code, or an :class:`InputError` saying why it is not a CBAM good of these sectors."""
    code = normalise_cn(text)
    excluded = _longest(code, ANNEX_I_EXCLUSIONS)
    if excluded is not None:
        raise InputError(
            f"CN {code} ({ANNEX_I_EXCLUSIONS[excluded]}) is excluded from CBAM's annex I", value=text
        )
    if sector(code) is None:
        raise InputError(
            f"CN {code} is not in CBAM's annex I for iron and steel (chapter 72, 7301-7311, 7318, 7326) "
            "or aluminium (7601, 7603-7614, 7616)",
            value=text,
        )
    return code


def aggregated_category(code: str) -> str:
    """The aggregated goods category of a CBAM good (``73181590`` → ``Iron or steel products``)."""
    prefix = _longest(code, _CATEGORY_PREFIXES)
    if prefix is None:
        raise InputError(
            f"CN {code} has no aggregated goods category in iron and steel or aluminium", value=code
        )
    return _CATEGORY_PREFIXES[prefix]
