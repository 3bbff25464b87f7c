"""Two organizations publishing footprints, each with two customers holding credentials, for the PACT host tests.

Footprints are the official PACT examples (``tests/fixtures/pact``) given fresh ids and the part numbers P1 (two
versions: Deprecated and Active), P2 and P3; customer 1 sees P1 and P2, customer 2 sees P3 only."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tanlu.web.accounts.models import Organization, OrganizationKind
from tanlu.web.exchange.models import PublishedFootprint
from tanlu.web.pact import services

from .hosts import Caller, Supplier

FIXTURES = Path(__file__).parents[2] / "fixtures" / "pact"


def example(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _publish(organization: Organization, spec: str, part: str, document: dict[str, Any], status: str) -> str:
    pf_id = str(uuid.uuid4())
    doc = {**copy.deepcopy(document), "id": pf_id, "status": status}
    if spec == "3.0":
        doc["productIds"] = [f"urn:tanlu:{organization.pk}:{part}"]
    PublishedFootprint.objects.create(
        organization=organization, spec=spec, pf_id=pf_id, product_id=part, status=status, document=doc
    )
    return pf_id


@pytest.fixture
def make_supplier(db: Any) -> Callable[[str], Supplier]:
    v3 = [example(f"v3/example-{n}.json") for n in (1, 2, 3, 4)]
    v2 = example("v2/example-list-footprints-response.json")["data"][0]

    def make(name: str) -> Supplier:
        organization = Organization.objects.create(name=name, kind=OrganizationKind.SUPPLIER)
        supplier = Supplier(organization, services.host_for(organization), [])
        for index, (part, status) in enumerate(
            [("P1", "Deprecated"), ("P1", "Active"), ("P2", "Active"), ("P3", "Active")]
        ):
            supplier.ids.setdefault(part, []).append(_publish(organization, "3.0", part, v3[index], status))
            supplier.v2_ids.setdefault(part, []).append(_publish(organization, "2.3", part, v2, status))
        for number, parts in ((1, ["P1", "P2"]), (2, ["P3"])):
            customer = services.add_customer(organization, f"{name} customer {number}")
            services.set_grants(customer, parts)
            credential, secret = services.issue_credential(customer, None)
            supplier.callers.append(Caller(customer, credential, secret))
        return supplier

    return make


@pytest.fixture
def two_suppliers(make_supplier: Callable[[str], Supplier]) -> tuple[Supplier, Supplier]:
    return make_supplier("Supplier A"), make_supplier("Supplier B")
