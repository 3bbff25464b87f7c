"""Helpers of the PACT host tests: who calls (a customer's credential and secret), which supplier, and a token."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from django.test import Client

from tanlu.web.accounts.models import Organization
from tanlu.web.pact.models import Credential, Customer, PactHost


@dataclass
class Caller:
    customer: Customer
    credential: Credential
    secret: str


@dataclass
class Supplier:
    organization: Organization
    host: PactHost
    callers: list[Caller]
    ids: dict[str, list[str]] = field(default_factory=dict)  # part number -> v3 ids (oldest first)
    v2_ids: dict[str, list[str]] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"/pact/{self.host.slug}"


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def get_token(client: Client, supplier: Supplier, caller: Caller) -> str:
    response = client.post(
        f"{supplier.base}/auth/token",
        "grant_type=client_credentials",
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=basic(caller.credential.client_id, caller.secret),
        secure=True,
    )
    assert response.status_code == 200, response.content
    return str(response.json()["access_token"])
