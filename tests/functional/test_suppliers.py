"""An OEM links supplier organizations and invites their contacts to run their own accounts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tanlu.web.accounts.models import Membership, OrganizationKind, Role, SupplierRelationship

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_add_a_supplier_and_invite_its_contact(tenant: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = tenant.client.post(
            "/suppliers/add/",
            {
                "name": "苏州精工冲压件有限公司",
                "name_en": "Suzhou Precision Stamping",
                "supplier_code": "SUP-1",
                "contact_name": "李伟",
                "contact_email": "li.wei@example.com",
                "category": "Stampings",
                "region": "East",
                "tier": 1,
                "invite": "on",
                "language": "zh-hans",
            },
        )
    assert response.status_code == 302
    link = SupplierRelationship.objects.get()
    assert link.organization == tenant.organization
    assert link.supplier.kind == OrganizationKind.SUPPLIER
    assert "苏州精工冲压件有限公司" in tenant.client.get("/suppliers/").content.decode()
    url = re.search(r"https://tanlu\.example\.test(/invitations/[\w-]+/)", mail.outbox[0].body).group(1)
    contact = Client()
    contact.post(
        url, {"display_name": "李伟", "username": "liwei", "password1": PASSWORD, "password2": PASSWORD}
    )
    membership = Membership.objects.get(user__username="liwei")
    assert membership.organization == link.supplier
    assert membership.role == Role.OWNER
    page = contact.get("/suppliers/").content.decode()
    assert "Alpha Motors" in page, "the supplier sees its customer"


def test_invite_needs_an_email(tenant: Any) -> None:
    response = tenant.client.post("/suppliers/add/", {"name": "No Mail Ltd", "tier": 1, "invite": "on"})
    assert response.status_code == 200
    assert not SupplierRelationship.objects.exists()


def test_edit_search_and_remove(tenant: Any) -> None:
    tenant.client.post("/suppliers/add/", {"name": "Ningbo Huasu", "tier": 1})
    link = SupplierRelationship.objects.get()
    tenant.client.post(f"/suppliers/{link.pk}/", {"supplier_code": "NB-9", "tier": 2, "contact_email": ""})
    link.refresh_from_db()
    assert (link.supplier_code, link.tier) == ("NB-9", 2)
    assert "Ningbo" in tenant.client.get("/suppliers/?q=nb-9").content.decode()
    assert "Ningbo" not in tenant.client.get("/suppliers/?q=zzz").content.decode()
    tenant.client.post(f"/suppliers/{link.pk}/remove/")
    assert not SupplierRelationship.objects.exists()


def test_viewers_read_but_do_not_change_suppliers(tenant: Any, make_user: Any, add_member: Any) -> None:
    tenant.client.post("/suppliers/add/", {"name": "Read Only Parts", "tier": 1})
    viewer = make_user()
    add_member(viewer, tenant.organization, Role.VIEWER)
    browser = Client()
    browser.force_login(viewer)
    assert "Read Only Parts" in browser.get("/suppliers/").content.decode()
    assert browser.get("/suppliers/add/").status_code == 403
    link = SupplierRelationship.objects.get()
    assert browser.post(f"/suppliers/{link.pk}/remove/").status_code == 403
