"""Footprints arriving from suppliers: a PACT or Catena-X JSON file, a pull from a supplier's PACT API, or the
answer to a request.  Everything is validated against the shipped schemas first and stored all or nothing;
a footprint seen again (same format and id) is updated, so a Deprecated status arrives too.

Violations keep their JSON path; the reason is translated where it is one of the validator's standard phrases
(:func:`localized`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tanlu.exchange import catenax, pact_io
from tanlu.exchange.validation import Violation
from tanlu.web.accounts.models import Organization
from tanlu.web.exchange.models import ReceivedFootprint, SupplierEndpoint
from tanlu.web.products.models import PurchasedItem

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    path: str
    reason: str


def localized(violation: Violation) -> Problem:
    """The violation with its reason in the reader's language when it is a phrase Tanlu knows."""
    reason = violation.reason
    patterns = (
        (r"^required property is missing$", lambda m: _("required property is missing")),
        (r"^(.*) is not a valid (.*)$", lambda m: _("%(value)s is not a valid %(kind)s") % {"value": m[1], "kind": m[2]}),
        (r"^(.*) does not have the expected form (.*)$", lambda m: _("%(value)s does not have the expected form %(form)s") % {"value": m[1], "form": m[2]}),
        (r"^(.*) is not one of (.*)$", lambda m: _("%(value)s is not one of %(choices)s") % {"value": m[1], "choices": m[2]}),
        (r"^(.*) is not of type (.*)$", lambda m: _("%(value)s is not of type %(kind)s") % {"value": m[1], "kind": m[2]}),
        (r"^no ProductFootprint in the file$", lambda m: _("no footprint in the file")),
        (r"^not a PACT ProductFootprint", lambda m: _("not a PACT footprint: it has neither specVersion nor pcf")),
    )  # fmt: skip
    for pattern, translate in patterns:
        match = re.match(pattern, reason, flags=re.DOTALL)
        if match:
            return Problem(violation.path, translate(match))
    return Problem(violation.path, reason)


@dataclass(frozen=True)
class Checked:
    """A file's footprints: what format they follow, their problems, and the valid ones ready to store."""

    kind: str
    problems: list[Problem]
    footprints: list[dict[str, Any]]


def _is_catenax(data: object) -> bool:
    first = data[0] if isinstance(data, list) and data else data
    return isinstance(first, dict) and "scopeOfPcfForm" in first


def check_data(data: object) -> Checked:
    """Every footprint of parsed JSON checked; ``footprints`` are the stored rows' fields when nothing is wrong."""
    rows: list[dict[str, Any]] = []
    violations: list[Violation] = []
    if _is_catenax(data):
        for at, item in catenax.payloads(data):
            version, found = catenax.check_payload(item, at=at)
            violations += found
            if version is not None and not found and isinstance(item, dict):
                rows.append(_catenax_row(version, item))
        kind = "Catena-X"
    else:
        for checked in pact_io.check_documents(data):
            violations += checked.violations
            if not checked.violations and isinstance(checked.document, dict) and checked.major:
                rows.append(_pact_row(checked.major, checked.document))
        kind = "PACT"
    if not rows and not violations:
        violations.append(Violation("$", "no ProductFootprint in the file"))
    problems = [localized(v) for v in violations]
    return Checked(kind, problems, [] if problems else rows)


def check_upload(content: bytes) -> Checked:
    """An uploaded file: JSON first (a message naming line and column), then :func:`check_data`."""
    if len(content) > MAX_UPLOAD_BYTES:
        return Checked("", [Problem("$", _("The file is larger than 20 MB."))], [])
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Checked("", [Problem("$", _("The file is not UTF-8 text."))], [])
    except json.JSONDecodeError as error:
        where = {"line": error.lineno, "column": error.colno}
        return Checked(
            "", [Problem("$", _("Not JSON: stops at line %(line)s, column %(column)s.") % where)], []
        )
    return check_data(data)


def _pact_row(major: str, doc: dict[str, Any]) -> dict[str, Any]:
    pcf = doc["pcf"]
    if major == "3":
        amount, unit = pcf["pcfExcludingBiogenicUptake"], pcf["declaredUnitOfMeasurement"]
    else:
        amount, unit = pcf["pCfExcludingBiogenic"], pcf["declaredUnit"]
    share = pcf.get("primaryDataShare")
    return {
        "spec": "3.0" if major == "3" else "2.3",
        "pf_id": str(doc["id"]),
        "status": str(doc.get("status", "Active")),
        "company_name": str(doc.get("companyName", "")),
        "product_name": str(doc.get("productNameCompany", "")),
        "product_ids": list(doc.get("productIds", [])),
        "declared_unit": str(unit),
        "kgco2e_per_unit": float(amount),
        "primary_data_share": float(share) if share is not None else None,
        "document": doc,
    }


def _catenax_row(version: str, doc: dict[str, Any]) -> dict[str, Any]:
    summary = catenax._summary(version, doc)
    group = doc["companyAndProductInformation"][0]
    company, product = group["companyInformation"][0], group["productInformation"][0]
    return {
        "spec": f"catenax-{version}",
        "pf_id": summary.pf_id,
        "status": summary.status,
        "company_name": str(company.get("companyName", "")),
        "product_name": str(product.get("productNameCompany", "")),
        "product_ids": list(summary.product_ids),
        "declared_unit": str(product.get("declaredUnitOfMeasurement", "")),
        "kgco2e_per_unit": summary.pcf_excluding_uptake,
        "primary_data_share": None,
        "document": doc,
    }


@transaction.atomic
def store(
    organization: Organization,
    rows: list[dict[str, Any]],
    *,
    filename: str = "",
    endpoint: SupplierEndpoint | None = None,
) -> list[ReceivedFootprint]:
    """Store checked footprints (all of them, in one transaction); returns the stored rows."""
    stored = []
    for row in rows:
        fields = {key: value for key, value in row.items() if key not in ("spec", "pf_id")}
        item, _created = ReceivedFootprint.objects.update_or_create(
            organization=organization,
            spec=row["spec"],
            pf_id=row["pf_id"],
            defaults={**fields, "filename": filename[:255], "endpoint": endpoint},
        )
        stored.append(item)
    return stored


def use_as_purchased_item(received: ReceivedFootprint, item_id: str) -> PurchasedItem:
    """Make (or update) the product model's purchased item ``item_id`` with the supplier's footprint."""
    source = f"{received.company_name} PACT {received.spec} {received.pf_id}"[:300]
    item, _created = PurchasedItem.objects.update_or_create(
        organization=received.organization,
        item_id=item_id,
        defaults={
            "name": received.product_name[:200],
            "unit": received.declared_unit[:40],
            "kgco2e_per_unit": received.kgco2e_per_unit,
            "primary_data_share": received.primary_data_share,
            "source": source,
        },
    )
    return item
