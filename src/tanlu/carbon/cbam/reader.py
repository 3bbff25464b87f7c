"""Reading the CBAM input workbook (sheets ``installation``, ``processes``, ``emissions``, ``precursors``).

The format is documented in ``docs/cbam.md``. Every problem of every sheet is collected and raised at once as one
:class:`~tanlu.errors.RowsRejected`, each issue naming file, sheet, row and column: a process without production,
a precursor without emissions or default value, a CN code outside CBAM's annex I, electricity in a unit that is
not energy (``kg``), an own precursor from a process that does not exist, a cycle of own precursors.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from tanlu.carbon.cbam.defaults import default_value, shipped_country
from tanlu.carbon.cbam.goods import AGGREGATED_CATEGORIES, aggregated_category, check_cbam_good
from tanlu.carbon.cbam.model import (
    EmissionSource,
    Installation,
    InstallationData,
    Origin,
    Precursor,
    PrecursorKind,
    Process,
)
from tanlu.carbon.cbam.price import FIELDS as PRICE_FIELDS
from tanlu.carbon.cbam.price import read_carbon_price
from tanlu.carbon.headers import map_headers
from tanlu.carbon.units import convert
from tanlu.errors import InputError, NotFound, RowIssue, RowsRejected, UnitError
from tanlu.tabular import Table, decimal_from_text, read_workbook_sheets

__all__ = ["SHEETS", "installation_from_tables", "read_installation"]

SHEETS = ("installation", "processes", "emissions", "precursors")
_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "installation": (("field", "value"), ()),
    "processes": (("process_id", "cn_code", "production_t"), ("name", "category")),
    "emissions": (
        ("process_id", "direct_tco2e"),
        ("source", "electricity", "electricity_unit", "electricity_factor_tco2e_per_mwh", "factor_source"),
    ),
    "precursors": (
        ("process_id", "cn_code", "source", "quantity_t"),
        ("from_process", "supplier", "country", "see_direct", "see_indirect"),
    ),
}
_FIELDS = ("name", "unlocode", "latitude", "longitude", "aggregated_goods_categories")
_OPTIONAL_FIELDS = (
    "operator",
    "reporting_period",
    *PRICE_FIELDS,
)
_UNLOCODE = re.compile(r"([A-Z]{2}) ?([A-Z2-9]{3})")
_KINDS = {kind.value: kind for kind in PrecursorKind}


class _Sheet:
    """One sheet's rows as canonical cells, with an ``issue`` helper that names file, sheet, row and column."""

    def __init__(self, table: Table, name: str, file: str, issues: list[RowIssue]) -> None:
        self.name, self.file, self.issues = name, file, issues
        required, optional = _COLUMNS[name]
        self.rows: list[tuple[int, dict[str, str]]] = []
        try:
            mapping = map_headers(table.headers, required=required, optional=optional, file=file, aliases={})
        except InputError as error:
            issues.append(RowIssue(table.header_row, error.column, None, error.issue.reason, file, name))
            return
        for number, row in zip(table.row_numbers, table.rows, strict=True):
            cells = {column: row[index].strip() for column, index in mapping.items()}
            self.rows.append((number, {column: cells.get(column, "") for column in (*required, *optional)}))

    def issue(self, row: int, column: str, value: str, reason: str) -> None:
        self.issues.append(RowIssue(row, column, value, reason, self.file, self.name))

    def origin(self, row: int) -> Origin:
        return Origin(self.file, self.name, row)

    def number(
        self, row: int, cells: Mapping[str, str], column: str, *, positive: bool = False
    ) -> float | None:
        """The cell as a float, or ``None`` after recording why it is not a (positive) number."""
        text = cells[column]
        if not text:
            self.issue(row, column, text, "a number is required")
            return None
        try:
            value = decimal_from_text(text, file=self.file, sheet=self.name, row=row, column=column)
        except InputError as error:
            self.issue(row, column, text, error.issue.reason)
            return None
        if not math.isfinite(value) or value < 0 or (positive and value == 0):
            self.issue(row, column, text, "must be greater than 0" if positive else "must not be negative")
            return None
        return value

    def cn_code(self, row: int, cells: Mapping[str, str]) -> str | None:
        try:
            return check_cbam_good(cells["cn_code"])
        except InputError as error:
            self.issue(row, "cn_code", cells["cn_code"], error.issue.reason)
            return None


def _installation(sheet: _Sheet) -> Installation | None:
    fields: dict[str, tuple[str, int]] = {}
    for row, cells in sheet.rows:
        key = cells["field"].strip().lower().replace(" ", "_")
        if key not in (*_FIELDS, *_OPTIONAL_FIELDS):
            sheet.issue(row, "field", cells["field"], "unknown field; see docs/cbam.md")
        else:
            fields[key] = (cells["value"], row)
    missing = [key for key in _FIELDS if not fields.get(key, ("", 0))[0]]
    for key in missing:
        sheet.issue(fields.get(key, ("", 0))[1] or 1, "value", "", f"the field {key!r} is required")
    if missing:
        return None
    unlocode_text, row = fields["unlocode"]
    match = _UNLOCODE.fullmatch(unlocode_text.strip().upper())
    if not match:
        sheet.issue(row, "value", unlocode_text, "a UN/LOCODE is a country code and 3 letters, e.g. CN SHA")
    coordinates = []
    for key, limit in (("latitude", 90.0), ("longitude", 180.0)):
        text, row = fields[key]
        value = sheet.number(row, {"value": text.lstrip("-")}, "value")
        if value is not None and value > limit:
            sheet.issue(row, "value", text, f"{key} lies between -{limit:g} and {limit:g}")
        coordinates.append(-value if value is not None and text.startswith("-") else value)
    text, row = fields["aggregated_goods_categories"]
    categories = tuple(part.strip() for part in re.split(r"[;,，；]", text) if part.strip())
    known = {category.casefold(): category for category in AGGREGATED_CATEGORIES}
    for category in categories:
        if category.casefold() not in known:
            sheet.issue(row, "value", category, "expected one of " + ", ".join(AGGREGATED_CATEGORIES))
    price = read_carbon_price(sheet, fields)
    if not match or None in coordinates:
        return None
    return Installation(
        name=fields["name"][0],
        unlocode=f"{match.group(1)} {match.group(2)}",
        latitude=float(coordinates[0] or 0.0),
        longitude=float(coordinates[1] or 0.0),
        categories=tuple(known.get(category.casefold(), category) for category in categories),
        reporting_period=fields.get("reporting_period", ("", 0))[0],
        operator=fields.get("operator", ("", 0))[0],
        carbon_price=price,
    )


def _processes(sheet: _Sheet, categories: Sequence[str] | None) -> list[Process]:
    processes: list[Process] = []
    seen: set[str] = set()
    for row, cells in sheet.rows:
        pid = cells["process_id"]
        if not pid:
            sheet.issue(row, "process_id", pid, "a process id is required")
        elif pid in seen:
            sheet.issue(row, "process_id", pid, "this process id is used twice")
        seen.add(pid)
        code = sheet.cn_code(row, cells)
        production: float | None = None
        if not cells["production_t"] or cells["production_t"] in {"0", "0.0"}:
            sheet.issue(
                row, "production_t", cells["production_t"], "a process with no production: give its tonnes"
            )
        else:
            production = sheet.number(row, cells, "production_t", positive=True)
        category = aggregated_category(code) if code else ""
        if code and cells["category"] and cells["category"].casefold() != category.casefold():
            sheet.issue(row, "category", cells["category"], f"CN {code} belongs to {category!r}")
        if code and categories is not None and category not in categories:
            sheet.issue(
                row, "cn_code", cells["cn_code"], f"{category!r} is not among the installation's categories"
            )
        if pid and code and production is not None:
            processes.append(
                Process(pid, cells["name"] or pid, code, category, production, sheet.origin(row))
            )
    return processes


def _electricity_mwh(sheet: _Sheet, row: int, cells: Mapping[str, str]) -> float | None:
    if not cells["electricity"]:
        return 0.0
    amount = sheet.number(row, cells, "electricity")
    unit = cells["electricity_unit"] or "MWh"
    try:
        multiplier = convert(unit, "MWh").multiplier
    except UnitError:
        sheet.issue(row, "electricity_unit", unit, "electricity is energy: give it in MWh, kWh or GJ")
        return None
    return None if amount is None else amount * multiplier


def _emissions(sheet: _Sheet, process_ids: set[str]) -> list[EmissionSource]:
    sources: list[EmissionSource] = []
    for row, cells in sheet.rows:
        pid = cells["process_id"]
        if pid not in process_ids:
            sheet.issue(row, "process_id", pid, "no such process on the sheet 'processes'")
        direct = sheet.number(row, cells, "direct_tco2e")
        mwh = _electricity_mwh(sheet, row, cells)
        factor = 0.0
        if mwh:
            factor_value = sheet.number(row, cells, "electricity_factor_tco2e_per_mwh")
            factor = factor_value if factor_value is not None else math.nan
        if pid in process_ids and direct is not None and mwh is not None and not math.isnan(factor):
            source = cells["source"] or f"row {row}"
            sources.append(
                EmissionSource(pid, source, direct, mwh, factor, cells["factor_source"], sheet.origin(row))
            )
    return sources


def _own(sheet: _Sheet, row: int, cells: Mapping[str, str], base: Precursor) -> Precursor | None:
    if not cells["from_process"]:
        sheet.issue(row, "from_process", "", "an own precursor names the process that makes it")
        return None
    return replace(base, from_process=cells["from_process"])


def _purchased(sheet: _Sheet, row: int, cells: Mapping[str, str], base: Precursor) -> Precursor | None:
    if not cells["see_direct"]:
        sheet.issue(
            row, "see_direct", "", "a purchased precursor needs the supplier's SEE (or source 'default')"
        )
        return None
    direct = sheet.number(row, cells, "see_direct")
    indirect = sheet.number(row, cells, "see_indirect") if cells["see_indirect"] else 0.0
    if direct is None or indirect is None:
        return None
    return replace(base, supplier=cells["supplier"], see_direct=direct, see_indirect=indirect)


def _default(
    sheet: _Sheet, row: int, cells: Mapping[str, str], base: Precursor, country: str
) -> Precursor | None:
    try:
        origin = shipped_country(cells["country"] or country)
    except NotFound as error:
        sheet.issue(row, "country", cells["country"], f"the precursor's country of origin: {error}")
        return None
    try:
        value = default_value(base.cn_code, origin)
    except NotFound as error:
        sheet.issue(
            row, "cn_code", cells["cn_code"], f"a precursor without emissions or default value: {error}"
        )
        return None
    return replace(
        base,
        supplier=cells["supplier"],
        country=value.country,
        see_direct=value.direct,
        see_indirect=value.indirect,
        default_reference=value.reference,
    )


def _precursor(sheet: _Sheet, row: int, cells: Mapping[str, str], country: str) -> Precursor | None:
    kind = _KINDS.get(cells["source"].strip().lower())
    if kind is None:
        sheet.issue(row, "source", cells["source"], "expected own, purchased or default")
    code = sheet.cn_code(row, cells)
    quantity = sheet.number(row, cells, "quantity_t", positive=True)
    if kind is None or code is None or quantity is None:
        return None
    base = Precursor(cells["process_id"], code, kind, quantity, sheet.origin(row))
    if kind is PrecursorKind.OWN:
        return _own(sheet, row, cells, base)
    if kind is PrecursorKind.PURCHASED:
        return _purchased(sheet, row, cells, base)
    return _default(sheet, row, cells, base, country)


def _precursors(sheet: _Sheet, processes: Mapping[str, Process], country: str) -> list[Precursor]:
    precursors: list[Precursor] = []
    for row, cells in sheet.rows:
        if cells["process_id"] not in processes:
            sheet.issue(row, "process_id", cells["process_id"], "no such process on the sheet 'processes'")
            continue
        precursor = _precursor(sheet, row, cells, country)
        if precursor is None:
            continue
        if precursor.kind is PrecursorKind.OWN:
            maker = processes.get(precursor.from_process)
            if maker is None:
                sheet.issue(
                    row, "from_process", precursor.from_process, "no such process on the sheet 'processes'"
                )
                continue
            if maker.cn_code != precursor.cn_code:
                sheet.issue(
                    row, "cn_code", cells["cn_code"], f"process {maker.process_id} makes CN {maker.cn_code}"
                )
                continue
            if maker.process_id == precursor.process_id:
                sheet.issue(
                    row, "from_process", precursor.from_process, "a process cannot be its own precursor"
                )
                continue
        precursors.append(precursor)
    for pid, maker in processes.items():
        used = sum(p.quantity_t for p in precursors if p.kind is PrecursorKind.OWN and p.from_process == pid)
        if used > maker.production_t * (1 + 1e-9):
            sheet.issue(
                maker.where.row,
                "quantity_t",
                f"{used:g}",
                f"other processes consume more of {pid} than it produces ({maker.production_t:g} t)",
            )
    return precursors


def installation_from_tables(tables: Mapping[str, Table], file: str) -> InstallationData:
    """Check every sheet and build the data; :class:`RowsRejected` lists every problem found."""
    issues: list[RowIssue] = []
    missing = [name for name in SHEETS if name not in tables]
    if missing:
        raise InputError(
            f"the workbook needs the sheets {', '.join(SHEETS)}; missing: {', '.join(missing)}", file=file
        )
    sheets = {name: _Sheet(tables[name], name, file, issues) for name in SHEETS}
    installation = _installation(sheets["installation"])
    processes = _processes(sheets["processes"], installation.categories if installation else None)
    by_id = {process.process_id: process for process in processes}
    emissions = _emissions(sheets["emissions"], set(by_id))
    precursors = _precursors(sheets["precursors"], by_id, installation.country if installation else "CN")
    if issues or installation is None:
        raise RowsRejected(issues, file=file)
    return InstallationData(installation, tuple(processes), tuple(emissions), tuple(precursors), file=file)


def read_installation(path: Path) -> InstallationData:
    """Read and check an input workbook (XLSX) from ``path``."""
    tables = read_workbook_sheets(path, header_detection=False)
    lowered = {name.strip().lower(): table for name, table in tables.items()}
    return installation_from_tables(lowered, path.name)
