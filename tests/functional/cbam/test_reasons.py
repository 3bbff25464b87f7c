"""Every reason the CBAM reader gives for a refused workbook has a message in the web app, so a Chinese reader never
sees the core's English: one variant of the example workbook per mistake, each reason matched and translated."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tanlu.carbon.cbam.example import EXAMPLE_SHEETS, input_workbook_bytes
from tanlu.errors import InputError, RowIssue, RowsRejected
from tanlu.web.cbam import reasons, services

Sheets = dict[str, list[list[object]]]


def _sheets() -> Sheets:
    return copy.deepcopy({name: [list(row) for row in rows] for name, rows in EXAMPLE_SHEETS.items()})


def _field(sheets: Sheets, key: str, value: object) -> None:
    for row in sheets["installation"]:
        if row[0] == key:
            row[1] = value
            return
    sheets["installation"].append([key, value])


def _cell(sheet: str, row: int, column: str, value: object) -> Callable[[Sheets], None]:
    def change(sheets: Sheets) -> None:
        header = sheets[sheet][0]
        sheets[sheet][row - 1][header.index(column)] = value

    return change


MISTAKES: dict[str, Callable[[Sheets], None]] = {
    "unknown field": lambda s: s["installation"].append(["colour", "blue"]),
    "missing field": lambda s: _field(s, "unlocode", ""),
    "bad UN/LOCODE": lambda s: _field(s, "unlocode", "Ningbo"),
    "latitude": lambda s: _field(s, "latitude", 95),
    "category": lambda s: _field(s, "aggregated_goods_categories", "Screws"),
    "price without currency": lambda s: _field(s, "carbon_price_currency", ""),
    "no process id": _cell("processes", 2, "process_id", ""),
    "process id twice": _cell("processes", 3, "process_id", "WR"),
    "no production": _cell("processes", 3, "production_t", 0),
    "negative production": _cell("processes", 3, "production_t", -5),
    "not a number": _cell("processes", 3, "production_t", "eight hundred"),
    "CN code digits": _cell("processes", 3, "cn_code", "73"),
    "CN outside annex I": _cell("processes", 3, "cn_code", "8708 29 10"),
    "CN excluded": _cell("processes", 3, "cn_code", "7204 10 00"),
    "category not the installation's": _cell("processes", 3, "cn_code", "7616 10 00"),
    "electricity in kg": _cell("emissions", 4, "electricity_unit", "kg"),
    "unknown process": _cell("emissions", 2, "process_id", "NUT"),
    "no factor": _cell("emissions", 4, "electricity_factor_tco2e_per_mwh", ""),
    "source": _cell("precursors", 2, "source", "bought"),
    "purchased without SEE": _cell("precursors", 2, "see_direct", ""),
    "country not shipped": _cell("precursors", 3, "country", "US"),
    "no default value": _cell("precursors", 3, "cn_code", "7213 91 10"),
    "own without process": _cell("precursors", 4, "from_process", ""),
    "own from nowhere": _cell("precursors", 4, "from_process", "ROD"),
    "own of another code": _cell("precursors", 4, "cn_code", "7207 11 16"),
    "own from itself": lambda s: s["precursors"].append(
        ["BOLT", "7318 15 88", "own", 1, "BOLT", "", "", "", ""]
    ),
    "more than produced": _cell("precursors", 4, "quantity_t", 2000),
    "cycle": lambda s: s["precursors"].append(["WR", "7318 15 88", "own", 1, "BOLT", "", "", "", ""]),
    "missing sheets": lambda s: [s.pop(name) for name in ("emissions", "precursors")],
    "missing column": lambda s: [row.pop(3) for row in s["processes"]],
}


def _issues(change: Callable[[Sheets], None]) -> list[RowIssue]:
    sheets = _sheets()
    change(sheets)
    try:
        services.read_data(input_workbook_bytes(sheets), "mistake.xlsx")
        services.calculate(services.read_data(input_workbook_bytes(sheets), "mistake.xlsx"))
    except RowsRejected as error:
        return list(error.issues)
    except InputError as error:
        return [error.issue]
    return []


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_every_reason_of_the_reader_has_a_message(mistake: str) -> None:
    issues = _issues(MISTAKES[mistake])
    assert issues, f"{mistake}: the workbook was accepted"
    unknown = [issue.reason for issue in issues if not reasons.is_known(issue.reason)]
    assert unknown == [], unknown
    with translation.override("en"):
        assert [reasons.localize_reason(i.reason) for i in issues] == [i.reason for i in issues]


def test_the_reasons_read_in_chinese() -> None:
    with translation.override("zh-hans"):
        if gettext("a process with no production: give its tonnes").startswith("a process"):
            pytest.skip("the CBAM messages are not in the Chinese catalogue yet (make messages)")
        for mistake, change in MISTAKES.items():
            for issue in _issues(change):
                text = reasons.localize_reason(issue.reason)
                assert text != issue.reason, f"{mistake}: {text}"
