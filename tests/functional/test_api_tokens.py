"""API tokens: created once, shown once, scoped to one organization, audited, revocable."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tanlu.web.accounts.models import ApiToken, AuditEvent, Role

pytestmark = pytest.mark.django_db


def _create(client: Client, name: str = "ERP export") -> str:
    page = client.post("/settings/api-tokens/", {"name": name}).content.decode()
    found = re.search(r"tanlu_[\w-]{40,}", page)
    assert found, "the new token is shown once"
    return found.group(0)


def test_a_token_authenticates_the_api_in_its_organization(tenant: Any) -> None:
    token = _create(tenant.client)
    anonymous = Client()
    assert anonymous.get("/api/me").status_code == 401
    response = anonymous.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == tenant.owner.username
    assert [org["name"] for org in body["organizations"] if org["current"]] == [tenant.organization.name]
    assert ApiToken.objects.get().last_used_at is not None
    assert token not in tenant.client.get("/settings/api-tokens/").content.decode(), "shown only once"
    assert ApiToken.objects.get().token_hash != token
    assert AuditEvent.objects.filter(action="api_token.created").exists()


def test_revoked_and_wrong_tokens_are_refused(tenant: Any) -> None:
    token = _create(tenant.client)
    record = ApiToken.objects.get()
    tenant.client.post(f"/settings/api-tokens/{record.pk}/revoke/")
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert Client().get("/api/me", HTTP_AUTHORIZATION="Bearer tanlu_guess").status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoked").exists()


def test_a_token_stops_working_when_its_member_leaves(tenant: Any, make_user: Any, add_member: Any) -> None:
    colleague = make_user()
    membership = add_member(colleague, tenant.organization, Role.VIEWER)
    browser = Client()
    browser.force_login(colleague)
    token = _create(browser, "mine")
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    tenant.client.post(f"/settings/members/{membership.pk}/remove/")
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_members_see_only_their_own_tokens_and_cannot_revoke_others(
    tenant: Any, make_user: Any, add_member: Any
) -> None:
    _create(tenant.client, "owner's token")
    viewer = make_user()
    add_member(viewer, tenant.organization, Role.VIEWER)
    browser = Client()
    browser.force_login(viewer)
    assert "owner&#x27;s token" not in browser.get("/settings/api-tokens/").content.decode()
    record = ApiToken.objects.get()
    assert browser.post(f"/settings/api-tokens/{record.pk}/revoke/").status_code == 403
    assert ApiToken.objects.get().revoked_at is None


def test_openapi_documents_the_token_scheme(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "TokenAuth" in schema["components"]["securitySchemes"]
