"""Helpers of the engagement tests: the example product model, a pair of organizations, the request form."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

import tanlu.carbon.products
from tanlu.web.accounts import services as accounts
from tanlu.web.accounts.models import Membership, OrganizationKind, Role, SupplierRelationship, User
from tanlu.web.products import calculation, importing
from tanlu.web.products.models import CalculationRun

EXAMPLE = Path(tanlu.carbon.products.__file__).parent / "data" / "example"


def example_model() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(EXAMPLE.glob("*.csv")):
            archive.writestr(path.name, path.read_text(encoding="utf-8"))
    return buffer.getvalue()


def calculated(membership: Membership) -> CalculationRun:
    """The example model imported and calculated for ``membership``'s organization."""
    batch, _repeated = importing.upload(membership, filename="model.zip", content=example_model())
    importing.read(batch)
    batch.refresh_from_db()
    assert batch.status == "valid", batch.error
    importing.accept(membership, batch)
    run, _created = calculation.calculate(membership, gwp="AR6")
    return run


@dataclass
class Tenant:
    """An organization with an owner signed in through ``client``."""

    organization: Any
    owner: User
    client: Client


@dataclass
class Pair:
    oem: Tenant
    supplier: Tenant
    link: SupplierRelationship

    @property
    def oem_membership(self) -> Membership:
        return Membership.objects.get(user=self.oem.owner, organization=self.oem.organization)

    @property
    def supplier_membership(self) -> Membership:
        return Membership.objects.get(user=self.supplier.owner, organization=self.supplier.organization)


@pytest.fixture
def link_supplier(make_user: Callable[..., User]) -> Callable[..., Pair]:
    def link(oem: Any, name: str, *, language: str = "zh-hans") -> Pair:
        owner_membership = Membership.objects.get(user=oem.owner, organization=oem.organization)
        relationship = accounts.add_supplier(
            owner_membership,
            name=name,
            contact_email=f"contact@{abs(hash(name))}.example",
            supplier_code="S-1",
        )
        user = make_user(language=language)
        Membership.objects.create(user=user, organization=relationship.supplier, role=Role.OWNER)
        client = Client()
        client.force_login(user)
        return Pair(oem=oem, supplier=Tenant(relationship.supplier, user, client), link=relationship)

    return link


@pytest.fixture
def pair(tenant_factory: Callable[..., Any], link_supplier: Callable[..., Pair]) -> Pair:
    oem = tenant_factory("Alpha Motors 阿尔法汽车", kind=OrganizationKind.OEM)
    return link_supplier(oem, "苏州精工 Precision Castings")


def request_form(pair: Pair, **changes: Any) -> dict[str, Any]:
    return {
        "suppliers": [pair.link.pk],
        "parts": "PIN-SET; HSG-110; Guide pin set",
        "declared_unit": "piece",
        "due_date": "2099-01-31",
        "gwp": "AR6",
        "standards": ["ISO14067"],
        "max_age_months": "24",
        "min_primary_data_share": "10",
        "max_dqr": "3",
        **changes,
    }
