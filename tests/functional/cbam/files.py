"""Installation workbooks for the CBAM web tests: the core's example (wire rod and bolts), and a bad variant with
one error of each kind issue #10 names (no production, a precursor without emissions or default, a CN code outside
annex I, electricity in kg)."""

from __future__ import annotations

import copy

from tanlu.carbon.cbam.example import EXAMPLE_SHEETS, input_workbook_bytes


def _sheets() -> dict[str, list[list[object]]]:
    return copy.deepcopy({name: [list(row) for row in rows] for name, rows in EXAMPLE_SHEETS.items()})


def good_workbook(name: str = "") -> bytes:
    """The example; with ``name``, the installation is called that (another tenant's installation)."""
    if not name:
        return input_workbook_bytes()
    sheets = _sheets()
    sheets["installation"][1][1] = name
    return input_workbook_bytes(sheets)


def bad_workbook() -> bytes:
    sheets = _sheets()
    sheets["processes"][2][3] = 0  # BOLT (row 3): no production
    sheets["processes"].append(["NUT", "Nuts", "8708 29 10", 50])  # row 4: a car body part, not annex I
    sheets["emissions"][3][4] = "kg"  # BOLT furnace (row 4): electricity in kg
    sheets["precursors"][1][7] = ""  # WR billets (row 2): purchased without the supplier's SEE
    return input_workbook_bytes(sheets)
