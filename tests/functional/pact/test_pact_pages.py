"""The pages that manage the PACT host: only owners issue and revoke credentials, the secret appears once and is
stored only as a hash, and nothing of another organization's customers shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tanlu.web.accounts.models import Role
from tanlu.web.pact import services
from tanlu.web.pact.models import Credential

pytestmark = pytest.mark.django_db


def test_secret_is_shown_once_and_stored_hashed(tenant: Any) -> None:
    customer = services.add_customer(tenant.organization, "Gamma Motors")
    response = tenant.client.post(f"/exchange/customers/{customer.pk}/credentials/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    credential = Credential.objects.get(customer=customer)
    page = response.content.decode()
    secret = page.split('data-testid="client-secret">')[1].split("<")[0]
    assert len(secret) >= 40
    assert credential.secret_hash == services.secret_hash(secret)
    assert secret not in tenant.client.get(f"/exchange/customers/{customer.pk}/").content.decode()


def test_viewers_cannot_issue_or_revoke(
    tenant: Any, make_user: Callable[..., Any], add_member: Callable[..., Any]
) -> None:
    customer = services.add_customer(tenant.organization, "Gamma Motors")
    credential, _secret = services.issue_credential(customer, None)
    viewer = make_user()
    add_member(viewer, tenant.organization, Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    assert client.get(f"/exchange/customers/{customer.pk}/").status_code == 200
    assert client.post(f"/exchange/customers/{customer.pk}/credentials/").status_code == 403
    assert (
        client.post(f"/exchange/customers/{customer.pk}/credentials/{credential.pk}/revoke/").status_code
        == 403
    )
    assert client.post("/exchange/customers/", {"name": "x"}).status_code == 403
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_another_organizations_customers_stay_invisible(tenant_factory: Callable[..., Any]) -> None:
    alpha, beta = tenant_factory("Alpha Motors"), tenant_factory("Beta Components")
    secret_customer = services.add_customer(beta.organization, "Beta's secret customer")
    services.issue_credential(secret_customer, None)
    page = alpha.client.get("/exchange/customers/").content.decode()
    assert "secret customer" not in page
    assert services.host_for(beta.organization).slug not in page
    assert alpha.client.get(f"/exchange/customers/{secret_customer.pk}/").status_code == 404
