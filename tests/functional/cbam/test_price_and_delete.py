"""A declared installation's carbon price effectively paid (the declare form's fields → the stored price → the
communication, net of the rebate), and deleting an installation: editors only, after a confirmation page, audited,
another organization's installation a 404."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tanlu.web.accounts.models import AuditEvent, Membership, Role
from tanlu.web.cbam import services
from tanlu.web.cbam.models import DeclaredProcess, Good, Installation, PartLink
from tanlu.web.inventory.models import Site
from tanlu.web.products.models import Product

from .test_declare import DECLARE, add_process, declared, inventory

pytestmark = pytest.mark.django_db

PRICE = {
    "carbon_price_scheme": "China national ETS",
    "carbon_price_legal_act": "Interim Regulations on the Administration of Carbon Emissions Trading",
    "carbon_price_cn_codes": "7318 15",
    "carbon_price_per_tco2e": "90",
    "carbon_price_currency": "cny",
    "carbon_price_covered_tco2e": "1500",
    "carbon_price_rebate_form": "free allocation",
    "carbon_price_rebate_per_tco2e": "30",
    "carbon_price_rebate_covered_tco2e": "1000",
}


def _declare(tenant: Any, site: Site, **fields: str) -> Any:
    return tenant.client.post(
        "/cbam/declare/", {**DECLARE, "site": site.pk, **fields}, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_the_carbon_price_declared_reaches_the_communication_net_of_its_rebate(tenant: Any) -> None:
    site = inventory(tenant)
    assert _declare(tenant, site, **PRICE).status_code == 302
    found = Installation.objects.get(organization=tenant.organization)
    assert (found.carbon_price_currency, found.carbon_price_cn_codes) == ("CNY", "731815")
    assert (
        add_process(tenant, found, process_id="bolt", cn_code="7318 15 88", production_t="800").status_code
        == 302
    )
    add_process(tenant, found, process_id="wr", cn_code="7213 91 10", production_t="100", share="10")
    communication = services.communication(found)
    fields = {row["field"]: row["value"] for row in communication.sheets[0].rows}
    assert fields["carbon_price_effective_per_tco2e"] == 60
    assert fields["carbon_price_rebate_form"] == "free allocation"
    summary = {row["cn_code"]: row for row in communication.sheets[3].rows}
    assert "= 60 CNY/t CO2e effectively paid" in summary["73181588"]["carbon_price"]
    assert summary["72139110"]["carbon_price"] == ""  # wire rod is not among the goods covered
    page = tenant.client.get(f"/cbam/installations/{found.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "60 CNY/t CO2e effectively paid" in page
    assert "7318 15" in page
    change = tenant.client.get(f"/cbam/installations/{found.pk}/declare/").content.decode()
    assert 'value="free allocation"' in change  # the form shows the stored price again
    event = AuditEvent.objects.filter(organization=tenant.organization, action="cbam.declared").get()
    assert "China national ETS 90 CNY/t CO2e (net 60)" in event.detail


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (
            {"carbon_price_per_tco2e": "90", "carbon_price_currency": "CNY"},
            "carbon_price_scheme",
            "instrument",
        ),
        (
            {"carbon_price_scheme": "ETS", "carbon_price_currency": "CNY"},
            "carbon_price_per_tco2e",
            "per t CO2e",
        ),
        ({"carbon_price_scheme": "ETS", "carbon_price_per_tco2e": "9"}, "carbon_price_currency", "currency"),
        ({**PRICE, "carbon_price_currency": "元"}, "carbon_price_currency", "three letters"),
        ({**PRICE, "carbon_price_rebate_per_tco2e": "91"}, "carbon_price_rebate_per_tco2e", "larger than"),
        ({**PRICE, "carbon_price_cn_codes": "8708 30"}, "carbon_price_cn_codes", "annex I"),
        ({**PRICE, "carbon_price_per_tco2e": "-1"}, "carbon_price_per_tco2e", "greater than or equal"),
    ],
)
def test_a_bad_carbon_price_is_a_field_error(
    tenant: Any, fields: dict[str, str], field: str, words: str
) -> None:
    site = inventory(tenant)
    response = _declare(tenant, site, **fields)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert not Installation.objects.filter(organization=tenant.organization).exists()


def test_no_carbon_price_leaves_the_fields_empty(tenant: Any) -> None:
    found = declared(tenant)
    assert found.carbon_price is None
    assert services.communication(found).sheets[0].rows[8]["value"] == ""


def test_deleting_an_installation_asks_first_then_deletes_it_whole_and_audits(tenant: Any) -> None:
    found = declared(tenant)
    add_process(tenant, found, process_id="bolt", cn_code="7318 15 88", production_t="800")
    part = Product.objects.create(
        organization=tenant.organization, product_id="BLT-M10", name="Bolt", unit="piece"
    )
    tenant.client.post(f"/cbam/installations/{found.pk}/parts/", {"process_id": "BOLT", "part": part.pk})
    assert PartLink.objects.filter(installation=found).exists()
    page = tenant.client.get(f"/cbam/installations/{found.pk}/delete/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Delete the installation Suzhou bolts plant?" in text
    assert "1 declared production process" in text
    assert Installation.objects.filter(pk=found.pk).exists()  # asking deletes nothing
    response = tenant.client.post(f"/cbam/installations/{found.pk}/delete/")
    assert response.status_code == 302
    assert response.url == "/cbam/"
    assert not Installation.objects.filter(pk=found.pk).exists()
    assert not Good.objects.filter(organization=tenant.organization).exists()
    assert not DeclaredProcess.objects.filter(organization=tenant.organization).exists()
    assert Product.objects.filter(pk=part.pk).exists()  # the product model stays
    assert Site.objects.filter(organization=tenant.organization, name="一厂").exists()  # and the site
    event = AuditEvent.objects.filter(organization=tenant.organization, action="cbam.deleted").get()
    assert "Suzhou bolts plant (CN SZV): 1 goods, 1 processes, 1 part links" in event.detail


def test_only_editors_delete_and_another_organizations_installation_is_not_found(
    tenant: Any, tenant_factory: Any, make_user: Any
) -> None:
    found = declared(tenant)
    viewer = make_user()
    Membership.objects.create(user=viewer, organization=tenant.organization, role=Role.VIEWER)
    tenant.client.force_login(viewer)
    assert tenant.client.get(f"/cbam/installations/{found.pk}/delete/").status_code == 403
    assert tenant.client.post(f"/cbam/installations/{found.pk}/delete/").status_code == 403
    page = tenant.client.get(f"/cbam/installations/{found.pk}/").content.decode()
    assert f"/cbam/installations/{found.pk}/delete/" not in page  # no button for viewers
    other = tenant_factory("Beta Bolts")
    assert other.client.get(f"/cbam/installations/{found.pk}/delete/").status_code == 404
    assert other.client.post(f"/cbam/installations/{found.pk}/delete/").status_code == 404
    assert Installation.objects.filter(pk=found.pk).exists()
    assert not AuditEvent.objects.filter(action="cbam.deleted").exists()


def test_an_uploaded_installation_is_deleted_too(tenant: Any) -> None:
    from .files import good_workbook  # noqa: PLC0415

    membership = Membership.objects.get(organization=tenant.organization, user=tenant.owner)
    batch = services.upload(membership, filename="plant.xlsx", content=good_workbook("Uploaded plant"))
    services.read(batch)
    batch.refresh_from_db()
    assert batch.installation is not None
    assert tenant.client.post(f"/cbam/installations/{batch.installation.pk}/delete/").status_code == 302
    batch.refresh_from_db()
    assert batch.installation is None  # the import keeps its history
    assert json.dumps(batch.issues) == "[]"
