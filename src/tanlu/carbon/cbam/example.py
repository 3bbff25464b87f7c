"""A small installation for demos, documentation and tests: wire rod and, from it, bolts (CN 7318 15).

:data:`EXAMPLE_SHEETS` is the input workbook as rows (first row the header); :func:`input_workbook_bytes` writes
it (or any variant of it) as XLSX. The figures are worked by hand in ``tests/unit/carbon/cbam/test_calculate.py``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import xlsxwriter

from tanlu.tabular import SafeSheet

__all__ = ["EXAMPLE_SHEETS", "input_workbook_bytes"]

Rows = Sequence[Sequence[object]]

EXAMPLE_SHEETS: dict[str, Rows] = {
    "installation": [
        ["field", "value"],
        ["name", "Ningbo Fastener Works, plant 1"],
        ["operator", "Ningbo Fastener Co., Ltd."],
        ["unlocode", "CN NGB"],
        ["latitude", 29.8683],
        ["longitude", 121.544],
        ["aggregated_goods_categories", "Iron or steel products"],
        ["reporting_period", "2026"],
        ["carbon_price_scheme", "none (national ETS does not cover this installation)"],
        ["carbon_price_per_tco2e", 0],
        ["carbon_price_currency", "CNY"],
    ],
    "processes": [
        ["process_id", "name", "cn_code", "production_t"],
        ["WR", "Wire rod rolling", "7213 91 10", 1000],
        ["BOLT", "Bolt forming and heat treatment", "7318 15 88", 800],
    ],
    "emissions": [
        [
            "process_id",
            "source",
            "direct_tco2e",
            "electricity",
            "electricity_unit",
            "electricity_factor_tco2e_per_mwh",
            "factor_source",
        ],
        [
            "WR",
            "natural gas, reheating furnace (2 TJ x 56.1 t/TJ)",
            112.2,
            120000,
            "kWh",
            0.5,
            "grid factor used",
        ],
        ["BOLT", "natural gas, quench furnace", 30, "", "", "", ""],
        ["BOLT", "electric heat-treatment furnace", 0, 400, "MWh", 0.5, "grid factor used"],
    ],
    "precursors": [
        [
            "process_id",
            "cn_code",
            "source",
            "quantity_t",
            "from_process",
            "supplier",
            "country",
            "see_direct",
            "see_indirect",
        ],
        ["WR", "7207 11 16", "purchased", 700, "", "Supplier A billets", "", 1.85, 0.12],
        ["WR", "7207 11 16", "default", 350, "", "Supplier B billets", "", "", ""],
        ["BOLT", "7213 91 10", "own", 850, "WR", "", "", "", ""],
    ],
}


def input_workbook_bytes(sheets: Mapping[str, Rows] = EXAMPLE_SHEETS) -> bytes:
    """An input workbook with one sheet per entry of ``sheets`` (numbers as numbers, text as text)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    for name, rows in sheets.items():
        header, *body = rows
        sheet = SafeSheet(workbook, name, [str(cell) for cell in header])
        for row in body:
            sheet.write([None if cell == "" else cell for cell in row])
    workbook.close()
    return buffer.getvalue()
