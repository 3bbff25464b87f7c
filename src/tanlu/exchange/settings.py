"""Company, product and method details for an export: a ``settings`` sheet of the model, then the command's options.

The sheet (``settings`` in a workbook, ``settings.csv`` in a model folder) has the columns ``key`` and ``value``
and, optionally, ``product_id``: a row with a product id applies to that product only, and wins over a row
without one.  Options given to the command win over both.  Keys are listed in :data:`KEYS` (and in
``docs/exchange.md``); an unknown key is an error naming its row, so a typo never goes unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tanlu.errors import FileFormatError, RowIssue, RowsRejected
from tanlu.tabular import Table, read_table, read_workbook_sheets

SHEET = "settings"
KEYS = {
    "company_name": "the name of the company that declares the footprint",
    "company_ids": "the company's URNs, separated by spaces or commas (urn:bpn:BPNL…)",
    "product_ids": "the product's URNs (default urn:tanlu:product:<product_id>)",
    "product_description": "what the product is, for the customer",
    "product_classifications": "classification URNs (urn:pact:productclassification:un-cpc:…)",
    "product_category_cpc": "UN CPC code (required by PACT v2.3)",
    "reference_period_start": "first day of the activity data (date)",
    "reference_period_end": "last day of the activity data (date)",
    "validity_period_start": "first day the footprint may be used (date)",
    "validity_period_end": "last day the footprint may be used (date)",
    "country": "ISO 3166-1 alpha-2 country of production",
    "country_subdivision": "ISO 3166-2 subdivision of production (CN-JS)",
    "region": "UN region of production as PACT names it (Eastern Asia)",
    "fossil_carbon_content": "kg of fossil carbon per declared unit (default 0)",
    "biogenic_carbon_content": "kg of biogenic carbon per declared unit",
    "standards": "cross-sectoral standards, PACT names (ISO14067 GHGP-Product PACT-3.0)",
    "sector_rules": "product category rules followed, separated by semicolons",
    "sector_rules_operator": "who publishes them: PEF, EPD International or Other",
    "sector_rules_other_operator": "the publisher's name when the operator is Other",
    "boundary_description": "the processes inside the boundary",
    "allocation_description": "how emissions were allocated",
    "exempted_description": "what was left out and why",
    "verification_provider": "who verified the footprint",
    "verification_coverage": "PCF calculation model, PCF program or product level",
    "verification_standard": "the standard verified against",
    "verification_completed_at": "when the verification was completed (date)",
    "verification_id": "the certificate or statement id (Catena-X attestation)",
    "verification_type": "Catena-X attestation type (PCF 3rd party verification)",
    "pcf_legal_statement": "Catena-X legal statement",
    "pcf_type": "Catena-X: Retrospective PCF or a prospective type",
    "allocation_waste_incineration": "Catena-X: cut-off, reverse cut-off, system expansion, polluter pays principle",
    "comment": "a note to the customer",
}


@dataclass(frozen=True)
class ExportSettings:
    """Settings for every product, and per product those that apply to it only."""

    common: Mapping[str, str] = field(default_factory=dict)
    per_product: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def for_product(self, product_id: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
        """The settings that apply to ``product_id``: common, then the product's rows, then ``overrides``."""
        values = dict(self.common)
        values.update(self.per_product.get(product_id, {}))
        values.update({key: value for key, value in (overrides or {}).items() if value})
        return values


def read_settings(model_path: Path) -> ExportSettings:
    """The ``settings`` sheet of a model workbook or folder; empty settings when the model has none."""
    table = _settings_table(model_path)
    if table is None:
        return ExportSettings()
    return settings_from_table(table)


def _settings_table(model_path: Path) -> Table | None:
    if model_path.is_dir():
        csv = model_path / f"{SHEET}.csv"
        return read_table(csv) if csv.is_file() else None
    try:
        return read_workbook_sheets(model_path, sheets=[SHEET])[SHEET]
    except FileFormatError as error:
        if f"no sheet named {SHEET!r}" in str(error):
            return None
        raise


def settings_from_table(table: Table) -> ExportSettings:
    """Settings from a ``key, value[, product_id]`` table; every unknown key or missing column is one issue."""
    headers = [header.strip().casefold() for header in table.headers]
    issues = [
        RowIssue(
            table.header_row,
            column,
            None,
            "the settings sheet needs this column",
            table.filename,
            table.sheet,
        )
        for column in ("key", "value")
        if column not in headers
    ]
    if issues:
        raise RowsRejected(issues, file=table.filename)
    common: dict[str, str] = {}
    per_product: dict[str, dict[str, str]] = {}
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        cells = dict(zip(headers, row, strict=True))
        key = cells["key"].strip()
        if not key:
            continue
        if key not in KEYS:
            reason = "not a setting; see docs/exchange.md for the keys"
            issues.append(RowIssue(number, "key", key, reason, table.filename, table.sheet))
            continue
        product = cells.get("product_id", "").strip()
        target = per_product.setdefault(product, {}) if product else common
        target[key] = cells["value"].strip()
    if issues:
        raise RowsRejected(issues, file=table.filename)
    return ExportSettings(common, per_product)
