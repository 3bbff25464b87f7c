"""An inventory as plain JSON-ready data (t CO2e) and as an XLSX workbook.

JSON keys (see ``docs/formats.md``): ``gwp, scope1, scope2_location, scope2_market, scope3, by_category,
by_gas, biogenic_co2, rows`` and, besides, ``total_location, total_market, by_category_market,
by_gas_market, scope3_by_method, scope2_market_by_method, location_fallback, by_site, by_month, by_year,
factor_set_version, inputs_fingerprint, row_count, unit``; the method points: ``ch4_rule``,
``radiative_forcing`` (the air-freight RF uplift, t CO2e) and ``radiative_forcing_included``, ``other_gwp``
(t CO2e from CO2e factors published with another GWP set, by set) with ``other_gwp_share`` and
``other_gwp_share_market`` (fractions of the totals), ``spend_adjustments`` (how spend of each year was
converted and deflated) and ``incomplete`` (sites whose category 3.3 has no factor, with the sentence). Numbers are rounded only here, to 6 decimals of a
tonne (a gram).

Every string cell of the workbook goes through :func:`tanlu.tabular.neutralize_cell`, the one escaper for
spreadsheet formula injection, and is written with ``write_string`` (never as a formula).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import polars as pl
import xlsxwriter

from tanlu.carbon.activities import ACTIVITY_COLUMNS_ALL
from tanlu.carbon.completeness import category_3_3_gaps
from tanlu.carbon.explain import row_explanations
from tanlu.carbon.inventory import Inventory
from tanlu.tabular import SafeSheet

__all__ = ["inventory_to_dict", "write_xlsx"]

DIGITS = 6


def _round(mapping: Mapping[str, float]) -> dict[str, float]:
    return {key: round(value, DIGITS) for key, value in mapping.items()}


def _series(inventory: Inventory, dimension: str) -> dict[str, dict[str, float]]:
    frame = inventory.by(dimension)
    return {
        str(key): {
            "location": round(loc, DIGITS),
            "market": round(mkt, DIGITS),
            "biogenic_co2": round(bio, DIGITS),
        }
        for key, loc, mkt, bio in frame.iter_rows()
    }


def row_records(inventory: Inventory, lines: pl.DataFrame | None = None) -> list[dict[str, Any]]:
    """Every row with its figures (t CO2e) and its explanation in English and Chinese."""
    lines = inventory.lines() if lines is None else lines
    english = row_explanations(inventory, lines, lang="en")
    chinese = row_explanations(inventory, lines, lang="zh")
    columns = (
        *ACTIVITY_COLUMNS_ALL,
        "scope",
        "category",
        "method",
        "market_method",
        "fallback",
        "location_kg",
        "market_kg",
        "biogenic_kg",
    )
    records: list[dict[str, Any]] = []
    for values, text_en, text_zh in zip(lines.select(columns).iter_rows(), english, chinese, strict=True):
        row = dict(zip(columns, values, strict=True))
        records.append(
            {
                "row": row["row"],
                "site": row["site"],
                "period_start": row["period_start"].isoformat(),
                "period_end": row["period_end"].isoformat(),
                "activity": row["activity"],
                "amount": row["amount"],
                "unit": row["unit"],
                "instrument": row["instrument"],
                "note": row["note"],
                "scope": row["scope"],
                "category": row["category"],
                "method": row["method"],
                "market_method": row["market_method"] if row["scope"] == 2 else None,
                "location_fallback": row["fallback"],
                "location": round(row["location_kg"] / 1000, DIGITS),
                "market": round(row["market_kg"] / 1000, DIGITS),
                "biogenic_co2": round(row["biogenic_kg"] / 1000, DIGITS),
                "explanation": text_en,
                "explanation_zh": text_zh,
            }
        )
    return records


def inventory_to_dict(inventory: Inventory, *, include_rows: bool = True) -> dict[str, Any]:
    """The inventory as JSON-ready data in t CO2e (``rows`` is the list of rows with their explanations)."""
    totals = inventory.totals()
    return {
        "gwp": inventory.gwp.name,
        "gwp_label": inventory.gwp.label,
        "unit": "t CO2e",
        "scope1": round(totals.scope1, DIGITS),
        "scope2_location": round(totals.scope2_location, DIGITS),
        "scope2_market": round(totals.scope2_market, DIGITS),
        "scope3": round(totals.scope3, DIGITS),
        "total_location": round(totals.total_location, DIGITS),
        "total_market": round(totals.total_market, DIGITS),
        "by_category": _round(totals.by_category),
        "by_category_market": _round(totals.by_category_market),
        "by_gas": _round(totals.by_gas),
        "by_gas_market": _round(totals.by_gas_market),
        "gas_mass_t": _round(totals.gas_mass),
        "biogenic_co2": round(totals.biogenic_co2, DIGITS),
        "location_fallback": round(totals.location_fallback, DIGITS),
        "ch4_rule": inventory.factor_set.ch4_rule,
        "radiative_forcing": round(totals.radiative_forcing, DIGITS),
        "radiative_forcing_included": totals.radiative_forcing_included,
        "other_gwp": _round(totals.other_gwp),
        "other_gwp_market": _round(totals.other_gwp_market),
        "other_gwp_share": round(totals.other_gwp_share, DIGITS),
        "other_gwp_share_market": round(totals.other_gwp_share_market, DIGITS),
        "spend_adjustments": [
            {
                "activity": inventory.resolution(combo).activity,
                "unit": inventory.resolution(combo).unit,
                "year": year,
                "multiplier": adjustment.multiplier,
                "explanation": adjustment.text_en,
                "explanation_zh": adjustment.text_zh,
            }
            for (combo, year), adjustment in sorted(inventory.spend.items())
        ],
        "incomplete": [
            {
                "category": gap.category,
                "site": gap.site,
                "region": gap.region,
                "activity": gap.activity,
                "explanation": gap.text_en,
                "explanation_zh": gap.text_zh,
            }
            for gap in category_3_3_gaps(inventory)
        ],
        "scope3_by_method": _round(totals.scope3_by_method),
        "scope2_market_by_method": _round(totals.scope2_market_by_method),
        "by_site": _series(inventory, "site"),
        "by_month": _series(inventory, "month"),
        "by_year": _series(inventory, "year"),
        "factor_set_version": inventory.factor_set_version,
        "inputs_fingerprint": inventory.inputs_fingerprint,
        "row_count": inventory.rows.height,
        "rows": row_records(inventory) if include_rows else [],
    }


def write_xlsx(inventory: Inventory, target: str | Path | IO[bytes]) -> None:
    """Write the inventory as a workbook: Summary, Categories, Gases, Sites, Months, Rows, Factors,
    Provenance."""
    data = inventory_to_dict(inventory, include_rows=True)
    workbook = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_urls": False})
    bold = workbook.add_format({"bold": True})
    summary = SafeSheet(workbook, "Summary", ["item", "t CO2e"], bold)
    for key in (
        "scope1",
        "scope2_location",
        "scope2_market",
        "scope3",
        "total_location",
        "total_market",
        "biogenic_co2",
        "location_fallback",
        "radiative_forcing",
    ):
        summary.write([key, data[key]])
    summary.write(["gwp", data["gwp_label"]])
    summary.write(["radiative_forcing_included", str(data["radiative_forcing_included"])])
    summary.write(["other_gwp_share", data["other_gwp_share"]])
    summary.write(["ch4_rule", data["ch4_rule"]])
    categories = SafeSheet(workbook, "Categories", ["category", "location t CO2e", "market t CO2e"], bold)
    for category, value in data["by_category"].items():
        categories.write([category, value, data["by_category_market"][category]])
    gases = SafeSheet(workbook, "Gases", ["gas", "location t CO2e", "market t CO2e"], bold)
    for gas, value in data["by_gas"].items():
        gases.write([gas, value, data["by_gas_market"][gas]])
    masses = SafeSheet(workbook, "Gas mass", ["gas", "t of gas"], bold)
    for gas, tonnes in data["gas_mass_t"].items():
        masses.write([gas, tonnes])
    for title, key in (("Sites", "by_site"), ("Months", "by_month"), ("Years", "by_year")):
        sheet = SafeSheet(
            workbook, title, [key[3:], "location t CO2e", "market t CO2e", "biogenic t CO2"], bold
        )
        for name, values in data[key].items():
            sheet.write([name, values["location"], values["market"], values["biogenic_co2"]])
    row_headers = list(data["rows"][0]) if data["rows"] else ["row"]
    rows = SafeSheet(workbook, "Rows", row_headers, bold)
    for record in data["rows"]:
        rows.write(list(record.values()))
    used = {f for r in inventory.resolutions for b in (r.location, r.market) for f in b.factors}
    factors = SafeSheet(
        workbook,
        "Factors",
        [
            "activity",
            "name_en",
            "name_zh",
            "unit",
            "gas",
            "value",
            "method",
            "scope",
            "category",
            "region",
            "year",
            "gwp",
            "publication",
            "table",
            "link",
            "licence",
            "origin",
        ],
        bold,
    )
    for f in sorted(used, key=lambda f: (f.activity, f.method, f.gas)):
        factors.write(
            [
                f.activity,
                f.name_en,
                f.name_zh,
                f.unit,
                f.gas,
                f.value,
                f.method,
                f.scope,
                f.category,
                f.region,
                f.year,
                f.gwp,
                f.source.publication,
                f.source.table,
                f.source.link,
                f.source.licence,
                f.origin,
            ]
        )
    provenance = SafeSheet(workbook, "Provenance", ["item", "value"], bold)
    for key in ("gwp_label", "factor_set_version", "inputs_fingerprint", "row_count"):
        provenance.write([key, data[key]])
    workbook.close()
