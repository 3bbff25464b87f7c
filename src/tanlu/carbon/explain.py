"""Explanations: every total drills down to its rows, and every row reads as a sentence in English or Chinese.

A row reads like::

    Row 2 (site A, 2023-01-01 – 2023-01-31): 12,000 m³ Natural gas (stationary combustion)
    × 2.2 kg CO2e/m³ [IPCC 2006 Guidelines …, Table 1.4 …; GWP AR6] = 26.4 t CO2e (Scope 1, Stationary
    combustion)

followed, when needed, by how the unit was converted (net calorific value, density, exchange rate) and, for
Scope 2, by the market-based figure and which step of the hierarchy gave it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import polars as pl

from tanlu.carbon.factors import CATEGORY_NAMES, Factor
from tanlu.carbon.gwp import FOSSIL_CH4_CATEGORIES, GwpSet
from tanlu.carbon.inventory import Basis, Inventory, Resolution
from tanlu.carbon.spend import SpendAdjustment
from tanlu.carbon.units import display_unit

__all__ = [
    "SCOPE_NAMES",
    "Contribution",
    "Explanation",
    "explain_resolution",
    "explain_row",
    "explain_total",
    "format_number",
    "row_explanations",
]

Language = Literal["en", "zh"]
SCOPE_NAMES = {1: ("Scope 1", "范围一"), 2: ("Scope 2", "范围二"), 3: ("Scope 3", "范围三")}
MARKET_METHODS = {
    "certificate": ("energy attribute certificate covers this amount", "能源属性证书覆盖该电量"),
    "supplier-specific": ("supplier-specific factor", "供应商特定排放因子"),
    "contract": ("contractual (market) factor", "合同（市场）排放因子"),
    "residual_mix": ("residual mix factor", "剩余组合排放因子"),
    "location_fallback": (
        "no certificate, contract or residual mix: location factor used as fallback",
        "无证书、合同或剩余组合因子：以基于位置的因子替代",
    ),
}


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_number(value: float) -> str:
    """A number for people, the same in English and Chinese: thousands separated, about four significant digits.

    ``12,000``, ``2.16``, ``0.000501``; below 0.0001 and from 10¹⁵ on, a power of ten written as people write it,
    ``3.671×10⁻⁵``, never Python's ``3.671e-05``.
    """
    magnitude = abs(value)
    if magnitude and (magnitude < 1e-4 or magnitude >= 1e15):
        mantissa, exponent = f"{value:.3e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}×10{str(int(exponent)).translate(_SUPERSCRIPT)}"
    if magnitude >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


#: the calorific basis of an energy unit, in Chinese (glossary: net calorific value 低位发热量)
_BASIS_ZH = ((" (gross)", "（高位发热量）"), (" (net)", "（低位发热量）"))


def _unit(text: str, lang: Language) -> str:
    """:func:`display_unit` with the calorific basis said in the reader's language."""
    shown = display_unit(text)
    if lang == "zh":
        for english, chinese in _BASIS_ZH:
            shown = shown.replace(english, chinese)
    return shown


def _tonnes(kg: float) -> str:
    return f"{format_number(kg / 1000)} t CO2e"


def _sources(factors: tuple[Factor, ...]) -> str:
    tables: dict[str, list[str]] = {}
    for factor in factors:
        listed = tables.setdefault(factor.source.publication, [])
        if factor.source.table and factor.source.table not in listed:
            listed.append(factor.source.table)
    return "; ".join(", ".join([publication, *listed]) for publication, listed in tables.items())


#: why fossil methane has the weight it has (the factor set's CH4 rule), by whether the fossil value was used
CH4_NOTES = {
    True: (
        "fossil CH4 released unburnt: fossil GWP, incl. its oxidation to CO2",
        "未经燃烧释放的化石甲烷：采用化石GWP（含其氧化成的CO2）",
    ),
    False: (
        "fossil CH4 of combustion: non-fossil GWP, its carbon is already in the CO2 factor",
        "燃烧产生的化石甲烷：采用非化石GWP，其碳已计入CO2因子",
    ),
}


def _gases(basis: Basis, gwp: GwpSet, lang: Language = "en") -> str:
    gases = [f for f in basis.factors if f.gas != "CO2e_RF"]
    if len(gases) <= 1 and all(f.gas in ("CO2", "CO2e") for f in gases):
        return ""
    parts = [
        f"{f.gas} {format_number(f.value)} kg/{display_unit(f.unit)} "
        f"× GWP {format_number(basis.weights[f.gas])}"
        for f in gases
    ]
    note = ""
    methane = next((f for f in gases if f.gas == "CH4_fossil"), None)
    if methane is not None:
        non_fossil = gwp.weight("CH4_biogenic")
        fossil = basis.weights["CH4_fossil"] == gwp.fossil_ch4 and (
            gwp.fossil_ch4 != non_fossil or methane.category in FOSSIL_CH4_CATEGORIES
        )
        note = "; " + CH4_NOTES[fossil][0 if lang == "en" else 1]
    return " (" + " + ".join(parts) + note + f", {gwp.label})"


def _radiative_forcing(basis: Basis, amount: float, lang: Language) -> str:
    """The RF uplift of an air-freight row, said apart from (or, when asked for, inside) its figure."""
    if not basis.rf_per_unit:
        return ""
    uplift = _tonnes(amount * basis.rf_per_unit)
    included = basis.rf_included
    if lang == "en":
        where = "included in the figure" if included else "reported apart, not in the total"
        return f"; radiative forcing uplift {uplift} ({where})"
    where = "已计入上述结果" if included else "单独报告，不计入总量"
    return f"；辐射强迫增量{uplift}（{where}）"


def _basis_text(
    resolution: Resolution,
    basis: Basis,
    amount: float,
    gwp: GwpSet,
    *,
    lang: Language,
    spend: SpendAdjustment | None = None,
) -> str:
    """``12,000 m³ × 2.2 kg CO2e/m³ [sources; GWP AR6] = 26.4 t CO2e`` plus the unit conversion steps, the spend
    year's rate and deflator, and the RF uplift of air freight."""
    unit = _unit(resolution.unit, lang)
    amount_text = f"{format_number(amount)} {unit}"
    if not basis.factors:
        return f"{amount_text} × 0 = 0 t CO2e"
    factor_unit = _unit(basis.factors[0].unit, lang)
    per_unit = basis.co2e_per_unit * (spend.multiplier if spend is not None else 1.0)
    gwp_text = f"GWP {gwp.label}"
    published = {f.gwp for f in basis.factors if f.gas == "CO2e"}
    if published:
        sets = "/".join(sorted(name for name in published if name))
        if lang == "en":
            gwp_text += f", CO2e as published with {sets}" if sets else ", CO2e as published"
        else:
            gwp_text += f"，按来源以{sets}公布的CO2e" if sets else "，按来源公布的CO2e"
    text = (
        f"{amount_text} × {format_number(per_unit)} kg CO2e/{unit} [{_sources(basis.factors)}; {gwp_text}]"
        f" = {_tonnes(amount * per_unit)}"
    )
    if basis.conversion is not None and (basis.conversion.steps or factor_unit != unit):
        label = "factor" if lang == "en" else "因子"
        # spend of another year: the spend text below gives the year's rate instead of the price year's
        steps = " ".join(basis.conversion.steps) if spend is None else ""
        text += (
            f"; {label} {format_number(basis.factor_co2e)} kg CO2e/{factor_unit}, "
            f"1 {unit} = {format_number(basis.conversion.multiplier * (spend.multiplier if spend else 1.0))} "
            f"{factor_unit}" + (f" ({steps})" if steps else "")
        )
    if spend is not None:
        text += f"; {spend.text_en}" if lang == "en" else f"；{spend.text_zh}"
    return text + _gases(basis, gwp, lang) + _radiative_forcing(basis, amount, lang)


def explain_resolution(
    resolution: Resolution,
    amount: float,
    gwp: GwpSet,
    *,
    lang: Language = "en",
    head: str = "",
    spend: SpendAdjustment | None = None,
) -> str:
    """One row's sentence: the location figure and, for Scope 2, the market-based figure and its method."""
    names = resolution.location.factors[0] if resolution.location.factors else None
    name = (names.name_en if lang == "en" else names.name_zh) if names else resolution.activity
    scope_name = SCOPE_NAMES[resolution.scope][0 if lang == "en" else 1]
    category_name = CATEGORY_NAMES[resolution.category][0 if lang == "en" else 1]
    location = _basis_text(resolution, resolution.location, amount, gwp, lang=lang, spend=spend)
    unit = _unit(resolution.unit, lang)
    location = location.replace(unit, f"{unit} {name}", 1)
    if lang == "en":
        text = f"{head}{location} ({scope_name}, {category_name}, {resolution.method})"
    else:
        method_zh = _METHOD_ZH.get(resolution.method, resolution.method)
        text = f"{head}{location}（{scope_name}，{category_name}，{method_zh}）"
    if resolution.scope == 2:
        method = MARKET_METHODS[resolution.market.method][0 if lang == "en" else 1]
        market = _basis_text(resolution, resolution.market, amount, gwp, lang=lang, spend=spend)
        text += f"; market-based: {method}: {market}" if lang == "en" else f"；基于市场法：{method}：{market}"
    return text


_METHOD_ZH = {
    "supplier-specific": "供应商特定法",
    "average-data": "平均数据法",
    "spend-based": "支出法",
    "location-based": "基于位置法",
    "emission-factor": "排放因子法",
}


def _row_head(row: int, site: str, start: object, end: object, lang: Language) -> str:
    if lang == "en":
        return f"Row {row} (site {site}, {start} – {end}): "
    return f"第{row}行（厂区{site}，{start}至{end}）："


def row_explanations(inventory: Inventory, lines: pl.DataFrame, *, lang: Language = "en") -> Iterator[str]:
    """The sentence of every row of ``lines`` (a frame from :meth:`Inventory.lines`), in order."""
    columns = lines.select("row", "site", "period_start", "period_end", "amount", "combo")
    for row, site, start, end, amount, combo in columns.iter_rows():
        yield explain_resolution(
            inventory.resolution(combo),
            amount,
            inventory.gwp,
            lang=lang,
            head=_row_head(row, site, start, end, lang),
            spend=inventory.spend.get((combo, start.year)) if inventory.spend else None,
        )


def explain_row(inventory: Inventory, row: int, *, lang: Language = "en") -> str:
    """The sentence of the row with this row number."""
    lines = inventory.lines(pl.col("row") == row)
    if lines.height == 0:
        raise KeyError(row)
    return next(row_explanations(inventory, lines.head(1), lang=lang))


@dataclass(frozen=True)
class Contribution:
    """One part of a total: an activity and its share."""

    activity: str
    label: str
    tonnes: float
    share: float


@dataclass(frozen=True)
class Explanation:
    """A total, the activities it is made of, and the sentences of its largest rows."""

    title: str
    basis: str
    tonnes: float
    contributions: tuple[Contribution, ...]
    rows: tuple[str, ...]
    row_count: int
    lang: Language = "en"
    #: t CO2e of the total from CO2e factors published with another GWP set, by that set (AR4, AR5, unknown)
    other_gwp: tuple[tuple[str, float], ...] = ()
    #: t CO2e of radiative-forcing uplift of the rows (air freight), and whether it is inside ``tonnes``
    radiative_forcing: float = 0.0
    radiative_forcing_included: bool = False

    def notes(self) -> list[str]:
        """What the reader must know about the total: its share on another GWP set, the RF uplift."""
        notes: list[str] = []
        other = sum(tonnes for _, tonnes in self.other_gwp)
        if other:
            share = other / self.tonnes if self.tonnes else 0.0
            sets = "/".join(name for name, _ in self.other_gwp)
            if self.lang == "zh":
                notes.append(
                    f"其中{format_number(other)} t CO2e（{share:.1%}）来自按来源以其他GWP版本（{sets}）公布的CO2e因子"
                )
            else:
                notes.append(
                    f"of which {format_number(other)} t CO2e ({share:.1%}) from CO2e factors published with "
                    f"another GWP set ({sets})"
                )
        if self.radiative_forcing:
            rf = format_number(self.radiative_forcing)
            if self.lang == "zh":
                where = "已计入" if self.radiative_forcing_included else "单独报告，未计入"
                notes.append(f"航空辐射强迫增量{rf} t CO2e（{where}）")
            else:
                where = "included" if self.radiative_forcing_included else "reported apart, not included"
                notes.append(f"radiative forcing uplift of aviation {rf} t CO2e ({where})")
        return notes

    def text(self) -> str:
        """The explanation as plain text (title, notes, parts, rows)."""
        if self.lang == "zh":
            basis = "基于位置法" if self.basis == "location" else "基于市场法"
            head = f"{self.title}：{format_number(self.tonnes)} t CO2e（{basis}，{self.row_count}行）"
        else:
            rows = f"{self.row_count} row{'' if self.row_count == 1 else 's'}"
            head = f"{self.title}: {format_number(self.tonnes)} t CO2e ({self.basis}, {rows})"
        lines = [head, *(f"  ({note})" for note in self.notes())]
        lines += [
            f"  {c.label}: {format_number(c.tonnes)} t CO2e ({c.share:.1%})" for c in self.contributions
        ]
        lines += [f"    {row}" for row in self.rows]
        return "\n".join(lines)


def explain_total(
    inventory: Inventory,
    *,
    scope: int | None = None,
    category: str | None = None,
    site: str | None = None,
    basis: Literal["location", "market"] = "location",
    lang: Language = "en",
    max_rows: int = 20,
) -> Explanation:
    """Drill a total (optionally one scope, category and/or site) down to its activities and largest rows."""
    conditions = [pl.lit(value=True)]
    if scope is not None:
        conditions.append(pl.col("scope") == scope)
    if category is not None:
        conditions.append(pl.col("category") == category)
    if site is not None:
        conditions.append(pl.col("site") == site)
    where = pl.all_horizontal(conditions)
    column = "location_kg" if basis == "location" else "market_kg"
    lines = inventory.lines(where)
    total = float(lines.get_column(column).sum()) / 1000
    parts = (
        lines.group_by("activity").agg((pl.col(column).sum() / 1000).alias("t")).sort("t", descending=True)
    )
    info = inventory.factor_set.activity
    contributions = tuple(
        Contribution(
            key,
            info(key).name_en if lang == "en" else info(key).name_zh,
            float(tonnes),
            float(tonnes) / total if total else 0.0,
        )
        for key, tonnes in parts.iter_rows()
    )
    largest = lines.sort(column, descending=True).head(max_rows)
    title_parts = [
        SCOPE_NAMES[scope][0 if lang == "en" else 1] if scope else "",
        CATEGORY_NAMES[category][0 if lang == "en" else 1] if category else "",
        f"site {site}" if site and lang == "en" else (f"厂区{site}" if site else ""),
    ]
    title = " / ".join(part for part in title_parts if part) or ("Total" if lang == "en" else "合计")
    return Explanation(
        title,
        basis,
        total,
        contributions,
        tuple(row_explanations(inventory, largest, lang=lang)),
        lines.height,
        lang,
        *_method_notes(inventory, lines, basis),
    )


def _method_notes(
    inventory: Inventory, lines: pl.DataFrame, basis: str
) -> tuple[tuple[tuple[str, float], ...], float, bool]:
    """(t CO2e on another GWP set by set, t CO2e of RF uplift, RF included) of the rows behind a total."""
    amounts = lines.group_by("combo", pl.col("period_start").dt.year().alias("year")).agg(
        pl.col("amount").sum()
    )
    other: dict[str, float] = {}
    rf = 0.0
    for combo, year, amount in amounts.iter_rows():
        resolution = inventory.resolution(combo)
        chosen = resolution.location if basis == "location" else resolution.market
        adjustment = inventory.spend.get((combo, year))
        weighted = amount * (adjustment.multiplier if adjustment else 1.0)
        for name, kg in chosen.other_gwp_per_unit.items():
            if kg:
                other[name] = other.get(name, 0.0) + weighted * kg / 1000
        rf += weighted * chosen.rf_per_unit / 1000
    return tuple(sorted(other.items())), rf, inventory.radiative_forcing
