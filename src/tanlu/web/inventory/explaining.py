"""Drill-down pages: a total → its categories and activities → its rows, each row as the core's sentence."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from tanlu.carbon.explain import SCOPE_NAMES, explain_resolution, format_number
from tanlu.carbon.factors import CATEGORY_NAMES
from tanlu.carbon.inventory import Inventory
from tanlu.carbon.units import display_unit
from tanlu.web.inventory import wording
from tanlu.web.inventory.models import ActivityRow

Language = Literal["en", "zh"]


def language(code: str | None) -> Language:
    return "zh" if (code or "").startswith("zh") else "en"


def category_name(category: str, lang: Language) -> str:
    names = CATEGORY_NAMES.get(category)
    if names is None:
        return category
    name = names[0 if lang == "en" else 1]
    if category.startswith("3."):
        return f"{category[2:]}. {name}" if lang == "en" else f"类别{category[2:]} {name}"
    return name


def scope_name(scope: int, lang: Language) -> str:
    return SCOPE_NAMES[scope][0 if lang == "en" else 1]


def tonnes(value: float) -> str:
    return format_number(value)


@dataclass(frozen=True)
class RowLine:
    """One activity row of a total: where it comes from, its amount, the factor on each basis, the result, and
    the sentence that says it all (shown on demand)."""

    pk: int
    batch_id: int
    filename: str
    source_row: int
    site: str
    location_t: float
    market_t: float
    text: str
    activity: str = ""
    amount: float = 0.0
    unit: str = ""
    #: kg CO2e per ``unit`` of the row, location-based and market-based
    location_factor: float = 0.0
    market_factor: float = 0.0
    source: str = ""
    #: the place of ``source`` in :func:`numbered_sources` of the same rows (1, 2, …)
    source_number: int = 0
    scope: int = 0


def _where(scope: int | None, category: str | None, site: str | None, activity: str | None) -> pl.Expr:
    conditions = [pl.lit(value=True)]
    if scope is not None:
        conditions.append(pl.col("scope") == scope)
    if category:
        conditions.append(pl.col("category") == category)
    if site:
        conditions.append(pl.col("site") == site)
    if activity:
        conditions.append(pl.col("activity") == activity)
    return pl.all_horizontal(conditions)


def breakdown(
    inventory: Inventory,
    *,
    scope: int | None = None,
    category: str | None = None,
    site: str | None = None,
    activity: str | None = None,
    basis: str = "location",
    lang: Language = "en",
    limit: int = 200,
) -> dict[str, Any]:
    """A total, its parts by category and by activity, its largest rows (each with its sentence), and the
    sources of their factors."""
    column = "location_kg" if basis == "location" else "market_kg"
    frame = inventory.lines(_where(scope, category, site, activity))
    total = float(frame.get_column(column).sum() or 0.0) / 1000
    infos = inventory.factor_set.activities()

    def share(value: float) -> float:
        return 100 * value / total if total else 0.0

    categories = [
        {
            "key": key,
            "scope": int(s),
            "name": category_name(key, lang),
            "tonnes": t / 1000,
            "share": share(t / 1000),
            "rows": n,
        }
        for key, s, t, n in frame.group_by("category", "scope")
        .agg(pl.col(column).sum(), pl.len())
        .sort(column, descending=True)
        .iter_rows()
    ]
    activities = [
        {
            "key": key,
            "name": (infos[key].name_en if lang == "en" else infos[key].name_zh) if key in infos else key,
            "tonnes": t / 1000,
            "share": share(t / 1000),
            "rows": n,
            "unit": unit_sum,
        }
        for key, t, n, unit_sum in frame.group_by("activity")
        .agg(pl.col(column).sum(), pl.len(), pl.col("unit").first())
        .sort(column, descending=True)
        .iter_rows()
    ]
    largest = frame.sort(column, descending=True).head(limit)
    rows = numbered(row_lines(inventory, largest, lang=lang, basis=basis))
    return {
        "total": total,
        "row_count": frame.height,
        "categories": categories,
        "activities": activities,
        "rows": rows,
        "sources": list(dict.fromkeys(row.source for row in rows)),
        "basis": basis,
    }


def numbered(lines: list[RowLine]) -> list[RowLine]:
    """The rows with the number of their source among the distinct sources of the rows, in order of first use."""
    numbers: dict[str, int] = {}
    return [
        dataclasses.replace(line, source_number=numbers.setdefault(line.source, len(numbers) + 1))
        for line in lines
    ]


def row_lines(
    inventory: Inventory, frame: pl.DataFrame, *, lang: Language, basis: str = "location"
) -> list[RowLine]:
    ids = frame.get_column("row").to_list()
    where = {
        pk: (batch_id, filename, row)
        for pk, batch_id, filename, row in ActivityRow.objects.filter(pk__in=ids).values_list(
            "pk", "batch_id", "batch__filename", "row"
        )
    }
    result = []
    for pk, site, start, end, amount, combo, loc, mkt in frame.select(
        "row", "site", "period_start", "period_end", "amount", "combo", "location_kg", "market_kg"
    ).iter_rows():
        batch_id, filename, source_row = where.get(pk, (0, "", pk))
        if lang == "en":
            head = f"{filename}, row {source_row} (site {site}, {start} – {end}): "
        else:
            head = f"{filename} 第{source_row}行（厂区{site}，{start}至{end}）："
        resolution = inventory.resolution(combo)
        text = explain_resolution(resolution, amount, inventory.gwp, lang=lang, head=head)
        used = (*resolution.location.factors, *resolution.market.factors)
        text = wording.sentence(text, (f.source for f in used), lang)
        factors = resolution.location.factors
        first = factors[0] if factors else None
        line = RowLine(
            pk, batch_id, filename, source_row, site, loc / 1000, mkt / 1000, text,
            activity=(first.name_en if lang == "en" else first.name_zh) if first else resolution.activity,
            amount=amount, unit=display_unit(resolution.unit),
            location_factor=resolution.location.co2e_per_unit, market_factor=resolution.market.co2e_per_unit,
            source="; ".join(dict.fromkeys(wording.cite(f.source, lang) for f in factors)), scope=resolution.scope,
        )  # fmt: skip
        result.append(line)
    return result


def factor_rows(inventory: Inventory, lang: Language) -> list[dict[str, Any]]:
    """Every factor the inventory used, with its source (for reports)."""
    used = {f for r in inventory.resolutions for b in (r.location, r.market) for f in b.factors}
    return [
        {
            "activity": f.activity,
            "name": f.name_en if lang == "en" else f.name_zh,
            "unit": f.unit,
            "gas": f.gas,
            "value": f.value,
            "method": f.method,
            "category": f.category,
            "source": wording.cite(f.source, lang),
            "gas_name": wording.gas_name(f.gas, lang),
            "method_name": wording.method_name(f.method, lang) if f.method else "",
            "unit_name": wording.unit_name(f.unit, lang),
            "licence": f.source.licence,
            "year": f.year or "",
            "origin": f.origin,
        }
        for f in sorted(used, key=lambda f: (f.scope, f.category, f.activity, f.method, f.gas))
    ]
