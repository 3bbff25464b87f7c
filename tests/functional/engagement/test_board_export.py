"""The board's XLSX export: every supplier of the OEM with its requests, survey answers and targets, no formula
cell anywhere (names, comments and answers starting with = + - @ are text), and nothing of another OEM."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import openpyxl
import pytest

from tanlu.web.accounts.models import Organization, OrganizationKind, SupplierRelationship
from tanlu.web.engagement.models import SupplierTarget

from .helpers import Pair
from .test_board import footprint

pytestmark = pytest.mark.django_db

HOSTILE = ('=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)")


def _cells(content: bytes) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_the_export_has_no_formula_cells(
    tenant_factory: Callable[..., Any], link_supplier: Callable[..., Pair]
) -> None:
    oem = tenant_factory("Alpha Motors 阿尔法汽车", kind=OrganizationKind.OEM)
    pair = link_supplier(oem, HOSTILE[0])
    SupplierRelationship.objects.filter(pk=pair.link.pk).update(supplier_code=HOSTILE[1], category=HOSTILE[3])
    footprint(pair.link, HOSTILE[2], year=2025, total=3.0, decision="rejected", comment=HOSTILE[3])
    SupplierTarget.objects.create(
        organization=oem.organization,
        supplier=pair.supplier.organization,
        relationship=pair.link,
        kind="disclosure",
        part_family=HOSTILE[2],
        deadline=date(2099, 1, 1),
        note=HOSTILE[0],
    )
    other = tenant_factory("Beta Auto", kind=OrganizationKind.OEM)
    secret = Organization.objects.create(name="Beta Only Supplier", kind=OrganizationKind.SUPPLIER)
    SupplierRelationship.objects.create(organization=other.organization, supplier=secret)
    response = oem.client.get("/requests/board/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    cells = _cells(response.content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {str(c.value) for c in cells if c.value is not None}
    for hostile in HOSTILE:
        assert "'" + hostile in texts, hostile
        assert hostile not in texts
    assert "Beta Only Supplier" not in texts
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 4


def test_the_export_follows_the_filter(
    tenant_factory: Callable[..., Any], link_supplier: Callable[..., Pair]
) -> None:
    oem = tenant_factory("Alpha Motors", kind=OrganizationKind.OEM)
    link_supplier(oem, "Kept Castings")
    link_supplier(oem, "Dropped Plastics")
    texts = {str(c.value) for c in _cells(oem.client.get("/requests/board/export.xlsx?q=kept").content)}
    assert "Kept Castings" in texts
    assert "Dropped Plastics" not in texts
