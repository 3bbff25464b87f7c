"""Linking a production process to the parts of the product model it makes: an editor links and unlinks its own
organization's parts, the links survive a new upload of the workbook, and another organization's part or a viewer
is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tanlu.web.accounts.models import Membership, Role
from tanlu.web.cbam.models import Installation, PartLink
from tanlu.web.products.models import Product

from .files import good_workbook
from .test_cbam import upload

pytestmark = pytest.mark.django_db


def _bolt(organization: Any, part_number: str = "BLT-M10") -> Product:
    return Product.objects.create(
        organization=organization,
        product_id=part_number,
        name="Hex bolt M10x1.25",
        name_zh="六角螺栓 M10×1.25",
        unit="piece",
        mass_kg=0.085,
    )


def test_an_editor_links_a_bolt_to_the_bolt_process_and_unlinks_it(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload(tenant.client, good_workbook(), "installation.xlsx", django_capture_on_commit_callbacks)
    installation = Installation.objects.get(organization=tenant.organization)
    bolt = _bolt(tenant.organization)
    url = f"/cbam/installations/{installation.pk}/parts/"
    assert tenant.client.post(url, {"process_id": "BOLT", "part": bolt.pk}).status_code == 302
    assert list(PartLink.objects.values_list("process_id", "part__product_id")) == [("BOLT", "BLT-M10")]
    page = tenant.client.get(f"/cbam/installations/{installation.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "六角螺栓 M10×1.25" in page.content.decode()
    upload(tenant.client, good_workbook(), "installation.xlsx", django_capture_on_commit_callbacks)
    assert PartLink.objects.count() == 1  # a new upload of the same installation keeps the links
    response = tenant.client.post(url, {"process_id": "BOLT", "part": bolt.pk, "unlink": "on"})
    assert response.status_code == 302
    assert not PartLink.objects.exists()


def test_another_organizations_part_or_an_unknown_process_is_refused(
    tenant: Any, tenant_factory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload(tenant.client, good_workbook(), "installation.xlsx", django_capture_on_commit_callbacks)
    installation = Installation.objects.get(organization=tenant.organization)
    theirs = _bolt(tenant_factory("Beta Bolts").organization, "BETA-SECRET-BOLT")
    url = f"/cbam/installations/{installation.pk}/parts/"
    response = tenant.client.post(url, {"process_id": "BOLT", "part": theirs.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "BETA-SECRET-BOLT" not in response.content.decode()
    mine = _bolt(tenant.organization)
    assert tenant.client.post(url, {"process_id": "NUT", "part": mine.pk}).status_code == 400
    assert not PartLink.objects.exists()


def test_a_viewer_cannot_link(tenant: Any, make_user: Any, django_capture_on_commit_callbacks: Any) -> None:
    upload(tenant.client, good_workbook(), "installation.xlsx", django_capture_on_commit_callbacks)
    installation = Installation.objects.get(organization=tenant.organization)
    viewer = make_user()
    Membership.objects.create(user=viewer, organization=tenant.organization, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    bolt = _bolt(tenant.organization)
    page = client.get(f"/cbam/installations/{installation.pk}/").content.decode()
    assert "/parts/" not in page
    response = client.post(
        f"/cbam/installations/{installation.pk}/parts/", {"process_id": "BOLT", "part": bolt.pk}
    )
    assert response.status_code == 403
    assert not PartLink.objects.exists()
