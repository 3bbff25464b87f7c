"""The communication for EU importers: installation, processes, purchased precursors and the summary per good.

One :class:`Communication` holds every sheet as rows of named fields; :func:`workbook_bytes` writes it as XLSX
(xlsxwriter through :class:`~tanlu.tabular.SafeSheet`: numbers as numbers, text neutralized, never a formula) and
:func:`communication_json` as JSON with the same fields, so the two cannot disagree. Sheet names follow the
Commission's communication template for installations (``A_InstData``, ``D_Processes``, ``E_PurchPrec``,
``Summary_Products``, ``Summary_Communication``); the summary states for every figure what it is made from (input rows and formula).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter

from tanlu.carbon.cbam.calculate import DefaultComparison, ProcessResult, compare_with_defaults
from tanlu.carbon.cbam.defaults import REGULATION
from tanlu.carbon.cbam.model import InstallationData, Precursor, PrecursorKind
from tanlu.carbon.cbam.price import describe, price_fields
from tanlu.tabular import SafeSheet, render_number

__all__ = ["Communication", "Sheet", "build_communication", "communication_json", "workbook_bytes"]

METHOD = (
    "Regulation (EU) 2023/956 Annex IV; Implementing Regulation (EU) 2025/2547 (definitive period; transitional "
    "method of Implementing Regulation (EU) 2023/1773 Annex III)"
)


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, its columns as (field, header) and its rows keyed by field."""

    name: str
    key: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Communication:
    """Every sheet of the communication, in workbook order, and the year of the default-value comparison."""

    sheets: tuple[Sheet, ...]
    year: int
    file: str


def _n(value: float) -> str:
    return render_number(round(value, 6))


def _installation_sheet(data: InstallationData) -> Sheet:
    inst = data.installation
    price = inst.carbon_price
    fields = [
        ("installation_name", "Name of the installation", inst.name),
        ("operator", "Name of the operator", inst.operator),
        ("unlocode", "UN/LOCODE", inst.unlocode),
        ("country", "Country", inst.country),
        ("latitude", "Coordinates of the main emission source: latitude", inst.latitude),
        ("longitude", "Coordinates of the main emission source: longitude", inst.longitude),
        ("aggregated_goods_categories", "Aggregated goods categories", "; ".join(inst.categories)),
        ("reporting_period", "Reporting period", inst.reporting_period),
        *price_fields(price),
        ("method", "Calculation method", METHOD),
        ("source_file", "Made from", data.file),
    ]
    rows = tuple({"field": key, "label": label, "value": value} for key, label, value in fields)
    return Sheet(
        "A_InstData", "installation", (("label", "Field"), ("value", "Value"), ("field", "Key")), rows
    )


def _process_rows(results: Sequence[ProcessResult]) -> tuple[dict[str, Any], ...]:
    rows = []
    for result in results:
        process = result.process
        mwh = sum(source.electricity_mwh for source in result.sources)
        own = [use for use in result.uses if use.precursor.kind is PrecursorKind.OWN]
        rows.append(
            {
                "process_id": process.process_id,
                "process_name": process.name,
                "aggregated_goods_category": process.category,
                "cn_code": process.cn_code,
                "production_t": process.production_t,
                "direct_emissions_tco2e": result.attributed_direct,
                "electricity_mwh": mwh,
                "electricity_factor_tco2e_per_mwh": result.attributed_indirect / mwh if mwh else 0.0,
                "indirect_emissions_tco2e": result.attributed_indirect,
                "emission_sources": "; ".join(
                    f"{s.source}: {_n(s.direct_tco2e)} t CO2e direct, {_n(s.electricity_mwh)} MWh × "
                    f"{_n(s.electricity_factor)} t CO2e/MWh ({s.factor_source or 'factor source not given'}) "
                    f"[emissions row {s.where.row}]"
                    for s in result.sources
                ),
                "own_precursors": "; ".join(
                    f"{use.precursor.from_process} CN {use.precursor.cn_code}: {_n(use.precursor.quantity_t)} t "
                    f"[precursors row {use.precursor.where.row}]"
                    for use in own
                ),
                "source_row": process.where.row,
            }
        )
    return tuple(rows)


_PROCESS_COLUMNS = (
    ("process_id", "Production process"),
    ("process_name", "Name"),
    ("aggregated_goods_category", "Aggregated goods category"),
    ("cn_code", "CN code"),
    ("production_t", "Total production level (t)"),
    ("direct_emissions_tco2e", "Directly attributable emissions (t CO2e)"),
    ("electricity_mwh", "Electricity consumption (MWh)"),
    ("electricity_factor_tco2e_per_mwh", "Emission factor of electricity (t CO2e/MWh)"),
    ("indirect_emissions_tco2e", "Indirect emissions (t CO2e)"),
    ("emission_sources", "Made from: emission sources"),
    ("own_precursors", "Own precursors consumed"),
    ("source_row", "Input row (processes)"),
)


def _precursor_rows(results: Sequence[ProcessResult]) -> tuple[dict[str, Any], ...]:
    rows = []
    for result in results:
        for use in result.uses:
            precursor = use.precursor
            if precursor.kind is PrecursorKind.OWN:
                continue
            rows.append(
                {
                    "process_id": precursor.process_id,
                    "cn_code": precursor.cn_code,
                    "supplier": precursor.supplier,
                    "country": precursor.country,
                    "mass_t": precursor.quantity_t,
                    "see_direct": use.see_direct,
                    "see_indirect": use.see_indirect,
                    "embedded_direct_tco2e": use.embedded_direct,
                    "embedded_indirect_tco2e": use.embedded_indirect,
                    "data_type": "Default value"
                    if precursor.kind is PrecursorKind.DEFAULT
                    else "Actual data",
                    "default_reference": precursor.default_reference,
                    "source_row": precursor.where.row,
                }
            )
    return tuple(rows)


_PRECURSOR_COLUMNS = (
    ("process_id", "Consuming production process"),
    ("cn_code", "CN code of the precursor"),
    ("supplier", "Supplier / installation of origin"),
    ("country", "Country of origin"),
    ("mass_t", "Mass consumed (t)"),
    ("see_direct", "Specific direct embedded emissions (t CO2e/t)"),
    ("see_indirect", "Specific indirect embedded emissions (t CO2e/t)"),
    ("embedded_direct_tco2e", "Embedded direct emissions (t CO2e)"),
    ("embedded_indirect_tco2e", "Embedded indirect emissions (t CO2e)"),
    ("data_type", "Type of data"),
    ("default_reference", "Default value used"),
    ("source_row", "Input row (precursors)"),
)


def _kind(precursor: Precursor) -> str:
    if precursor.kind is PrecursorKind.OWN:
        return f"own from process {precursor.from_process}"
    return "default value" if precursor.kind is PrecursorKind.DEFAULT else "purchased, actual"


def _made_from(result: ProcessResult, kind: str) -> str:
    attributed = result.attributed_direct if kind == "direct" else result.attributed_indirect
    terms = [
        f"{_n(use.precursor.quantity_t)} t × {_n(use.see_direct if kind == 'direct' else use.see_indirect)} "
        f"[{_kind(use.precursor)} CN {use.precursor.cn_code}, precursors row {use.precursor.where.row}]"
        for use in result.uses
    ]
    rows = ", ".join(str(source.where.row) for source in result.sources) or "none"
    precursors = " + ".join(terms) if terms else "0"
    return (
        f"SEE {kind} = (AttrEm {kind} {_n(attributed)} t CO2e [emissions rows {rows}] + {precursors}) / "
        f"AL {_n(result.process.production_t)} t [processes row {result.process.where.row}]"
    )


def _summary_rows(
    data: InstallationData, results: Sequence[ProcessResult], year: int
) -> tuple[dict[str, Any], ...]:
    country = data.installation.country
    price = data.installation.carbon_price
    rows = []
    for result in results:
        comparison = compare_with_defaults(result, country, year)
        row: dict[str, Any] = {
            "cn_code": result.process.cn_code,
            "process_id": result.process.process_id,
            "aggregated_goods_category": result.process.category,
            "production_t": result.process.production_t,
            "see_direct": result.see_direct,
            "see_indirect": result.see_indirect,
            "see_total": result.see_total,
            "default_share": result.default_share,
            "carbon_price": describe(price, result.process.cn_code),
            "carbon_price_effective": price.effective_per_tco2e
            if price and price.covers(result.process.cn_code)
            else "",
            "carbon_price_currency": price.currency if price and price.covers(result.process.cn_code) else "",
            "made_from_direct": _made_from(result, "direct"),
            "made_from_indirect": _made_from(result, "indirect"),
        }
        row.update(_comparison_fields(comparison, result))
        rows.append(row)
    return tuple(rows)


def _comparison_fields(comparison: DefaultComparison | str, result: ProcessResult) -> dict[str, Any]:
    if isinstance(comparison, str):
        return {
            "default_year": "",
            "default_value": "",
            "default_markup": "",
            "default_with_markup": "",
            "difference_per_t": "",
            "difference_tco2e": "",
            "default_reference": comparison,
        }
    return {
        "default_year": comparison.year,
        "default_value": comparison.value.total,
        "default_markup": comparison.markup,
        "default_with_markup": comparison.default_with_markup,
        "difference_per_t": comparison.difference_per_t,
        "difference_tco2e": comparison.difference_per_t * result.process.production_t,
        "default_reference": f"{comparison.value.reference}; {comparison.value.link}",
    }


_SUMMARY_COLUMNS = (
    ("cn_code", "CN code"),
    ("process_id", "Production process"),
    ("aggregated_goods_category", "Aggregated goods category"),
    ("production_t", "Production level (t)"),
    ("see_direct", "Specific direct embedded emissions (t CO2e/t)"),
    ("see_indirect", "Specific indirect embedded emissions (t CO2e/t)"),
    ("see_total", "Specific total embedded emissions (t CO2e/t)"),
    ("default_share", "Share of embedded emissions from default values"),
    ("carbon_price", "Carbon price due"),
    ("carbon_price_effective", "Carbon price effectively paid (per t CO2e)"),
    ("carbon_price_currency", "Carbon price currency"),
    ("default_year", "Year of import (default-value comparison)"),
    ("default_value", "Default value (t CO2e/t, without mark-up)"),
    ("default_markup", "Mark-up"),
    ("default_with_markup", "Default value with mark-up (t CO2e/t)"),
    ("difference_per_t", "Default with mark-up minus actual direct SEE (t CO2e/t)"),
    ("difference_tco2e", "Difference over the production level (t CO2e)"),
    ("default_reference", "Default value source"),
    ("made_from_direct", "Made from: SEE direct"),
    ("made_from_indirect", "Made from: SEE indirect"),
)


_COMMUNICATION_COLUMNS = (
    ("installation_name", "Installation"),
    ("unlocode", "UN/LOCODE"),
    ("country", "Country of origin"),
    ("reporting_period", "Reporting period"),
    ("cn_code", "CN code"),
    ("aggregated_goods_category", "Aggregated goods category"),
    ("see_direct", "Specific direct embedded emissions (t CO2e/t)"),
    ("see_indirect", "Specific indirect embedded emissions (t CO2e/t)"),
    ("default_share", "Share of embedded emissions from default values"),
    ("carbon_price", "Carbon price due"),
    ("carbon_price_effective", "Carbon price effectively paid (per t CO2e)"),
    ("carbon_price_currency", "Carbon price currency"),
    ("made_from", "Made from"),
)


def _communication_rows(
    data: InstallationData, summary: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], ...]:
    inst = data.installation
    return tuple(
        {
            "installation_name": inst.name,
            "unlocode": inst.unlocode,
            "country": inst.country,
            "reporting_period": inst.reporting_period,
            "cn_code": row["cn_code"],
            "aggregated_goods_category": row["aggregated_goods_category"],
            "see_direct": row["see_direct"],
            "see_indirect": row["see_indirect"],
            "default_share": row["default_share"],
            "carbon_price": row["carbon_price"],
            "carbon_price_effective": row["carbon_price_effective"],
            "carbon_price_currency": row["carbon_price_currency"],
            "made_from": f"Summary_Products row {number} (process {row['process_id']})",
        }
        for number, row in enumerate(summary, start=2)
    )


def build_communication(data: InstallationData, results: Sequence[ProcessResult], year: int) -> Communication:
    """The communication of ``results`` with the default-value comparison for imports in ``year``."""
    summary = _summary_rows(data, results, year)
    communication = _communication_rows(data, summary)
    return Communication(
        sheets=(
            _installation_sheet(data),
            Sheet("D_Processes", "processes", _PROCESS_COLUMNS, _process_rows(results)),
            Sheet("E_PurchPrec", "purchased_precursors", _PRECURSOR_COLUMNS, _precursor_rows(results)),
            Sheet("Summary_Products", "summary_products", _SUMMARY_COLUMNS, summary),
            Sheet("Summary_Communication", "summary_communication", _COMMUNICATION_COLUMNS, communication),
        ),
        year=year,
        file=data.file,
    )


def communication_json(communication: Communication) -> str:
    """The communication as JSON: one list of rows per sheet, keyed by the same fields as the workbook."""
    document: dict[str, Any] = {
        "format": "tanlu-cbam-communication/1",
        "method": METHOD,
        "default_values": REGULATION,
        "year": communication.year,
        "source_file": communication.file,
    }
    for sheet in communication.sheets:
        document[sheet.key] = [dict(row) for row in sheet.rows]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def workbook_bytes(communication: Communication) -> bytes:
    """The communication as an XLSX workbook (one sheet per :class:`Sheet`, headers in English)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    for sheet in communication.sheets:
        safe = SafeSheet(workbook, sheet.name, [header for _, header in sheet.columns], bold)
        for row in sheet.rows:
            safe.write([row[key] for key, _ in sheet.columns])
        safe.sheet.freeze_panes(1, 0)
        safe.sheet.set_column(0, len(sheet.columns) - 1, 22)
    workbook.close()
    return buffer.getvalue()
