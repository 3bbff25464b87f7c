"""An organization's own factor file: ``activity, unit, gas, value, scope, category, method, source`` (+ provenance).

``year`` is optional: a factor per CNY applied to an amount in CNY needs no price year. Only when a row's
currency differs from the factor's (CNY spend, a factor per USD) is the price year needed; the inventory then
says so, naming the ``year`` column (:func:`tanlu.carbon.activities_combos.activity_conversion`).

Rows are validated like activity rows (every bad row listed in one :class:`~tanlu.errors.RowsRejected`); the factors
are added to a :class:`~tanlu.carbon.factors.FactorSet` with :meth:`~tanlu.carbon.factors.FactorSet.with_factors`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from tanlu.carbon.factors import METHODS, Factor, Source, category_scope, check_consistent
from tanlu.carbon.gwp import GWP_SET_NAMES, canonical_gas
from tanlu.carbon.headers import map_headers
from tanlu.carbon.units import parse_unit
from tanlu.errors import InputError, RowIssue, RowsRejected, UnitError
from tanlu.tabular import decimal_from_text, read_table

__all__ = ["FACTOR_COLUMNS", "OPTIONAL_FACTOR_COLUMNS", "parse_factor_table", "read_factor_file"]

FACTOR_COLUMNS = ("activity", "unit", "gas", "value", "scope", "category", "method", "source")
OPTIONAL_FACTOR_COLUMNS = ("name_en", "name_zh", "region", "year", "table", "link", "licence", "note", "gwp")
_SCOPE_TEXT = {
    "1": 1,
    "2": 2,
    "3": 3,
    "scope1": 1,
    "scope2": 2,
    "scope3": 3,
    "范围一": 1,
    "范围二": 2,
    "范围三": 3,
}


def _scope_and_method(
    cells: Mapping[str, str], category: str, issue: Callable[[str, str], None]
) -> tuple[int, str]:
    scope = 0
    try:
        scope = category_scope(category)
    except InputError as error:
        issue("category", error.issue.reason)
    scope_text = "".join(cells["scope"].split()).lower()
    if scope_text and scope and _SCOPE_TEXT.get(scope_text) != scope:
        issue("scope", f"category {category} is in scope {scope}")
    method = cells["method"].strip().lower()
    if method not in METHODS:
        issue("method", "expected location, market, residual or empty")
    elif method and scope in (1, 3):
        issue("method", "location, market and residual apply to Scope 2 categories only; leave it empty")
    if scope == 2 and not method:
        method = "location"
    return scope, method


def _parse_factor_row(
    cells: Mapping[str, str], *, row: int, file: str | None, origin: str
) -> tuple[Factor | None, list[RowIssue]]:
    issues: list[RowIssue] = []

    def issue(column: str, reason: str) -> None:
        issues.append(RowIssue(row=row, column=column, value=cells.get(column, ""), reason=reason, file=file))

    activity = cells["activity"].strip()
    if not activity:
        issue("activity", "an activity key is required")
    unit = cells["unit"].strip()
    try:
        parse_unit(unit)
    except UnitError as error:
        issue("unit", str(error))
    gas = ""
    try:
        gas = canonical_gas(cells["gas"])
    except InputError as error:
        issue("gas", error.issue.reason)
    value = 0.0
    try:
        value = decimal_from_text(cells["value"], file=file, row=row, column="value")
        if value < 0:
            issue("value", "a factor cannot be negative")
    except InputError as error:
        issue("value", error.issue.reason)
    category = cells["category"].strip().lower()
    scope, method = _scope_and_method(cells, category, issue)
    if not cells["source"].strip():
        issue("source", "every factor needs its source (publication, table or supplier document)")
    year_text = cells.get("year", "").strip()
    if year_text and not (year_text.isdigit() and 1900 <= int(year_text) <= 2100):
        issue("year", "expected a four-digit year")
    gwp = cells.get("gwp", "").strip().upper()
    if gwp and gwp not in GWP_SET_NAMES:
        issue(
            "gwp", f"expected the GWP set a CO2e value was weighted with: {', '.join(GWP_SET_NAMES)} or empty"
        )
    if issues:
        return None, issues
    factor = Factor(
        activity=activity,
        name_en=cells.get("name_en", "").strip() or activity,
        name_zh=cells.get("name_zh", "").strip() or cells.get("name_en", "").strip() or activity,
        unit=unit,
        gas=gas,
        value=value,
        scope=scope,
        category=category,
        method=method,
        source=Source(
            cells["source"].strip(),
            cells.get("table", "").strip(),
            cells.get("link", "").strip(),
            cells.get("licence", "").strip(),
        ),
        region=cells.get("region", "").strip(),
        year=int(year_text) if year_text else None,
        note=cells.get("note", "").strip(),
        origin=origin,
        gwp=gwp,
    )
    return factor, []


def parse_factor_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    row_numbers: Sequence[int],
    *,
    file: str | None = None,
) -> list[Factor]:
    """Factors from a table in the factor file format; raises :class:`RowsRejected` listing every bad row."""
    mapping = map_headers(headers, required=FACTOR_COLUMNS, optional=OPTIONAL_FACTOR_COLUMNS, file=file)
    origin = f"file:{file}" if file else "file"
    factors: list[Factor] = []
    issues: list[RowIssue] = []
    seen: dict[tuple[str, str, str], int] = {}
    for cells_row, number in zip(rows, row_numbers, strict=True):
        cells = {
            name: (cells_row[index] if index < len(cells_row) else "") for name, index in mapping.items()
        }
        factor, row_issues = _parse_factor_row(cells, row=number, file=file, origin=origin)
        issues.extend(row_issues)
        if factor is not None:
            key = (factor.activity, factor.method, factor.gas)
            if key in seen:
                issues.append(
                    RowIssue(
                        row=number,
                        column="gas",
                        value=factor.gas,
                        file=file,
                        reason=f"duplicate of row {seen[key]} (same activity, method and gas)",
                    )
                )
            else:
                seen[key] = number
                factors.append(factor)
    if issues:
        raise RowsRejected(issues, file=file)
    if not factors:
        raise InputError("the factor file has no factor rows", file=file)
    check_consistent(factors)
    return factors


def read_factor_file(source: Path | bytes, *, filename: str | None = None) -> list[Factor]:
    """Read an organization's factor file (CSV or XLSX; see ``docs/formats.md``)."""
    table = read_table(source, filename=filename)
    return parse_factor_table(table.headers, table.rows, table.row_numbers, file=table.filename)
