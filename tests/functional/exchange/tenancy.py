"""The exchange objects of the second tenant in the two-tenant test: a received footprint and a supplier endpoint."""

from __future__ import annotations

from typing import Any

from tanlu.web.exchange import secrets
from tanlu.web.exchange.models import ReceivedFootprint, SupplierEndpoint


def beta_exchange(membership: Any) -> dict[str, int]:
    organization = membership.organization
    endpoint = SupplierEndpoint.objects.create(
        organization=organization, name="Beta's secret supplier", base_url="https://pact.beta.example",
        client_id="beta", secret_encrypted=secrets.encrypt("beta-secret"),
    )  # fmt: skip
    received = ReceivedFootprint.objects.create(
        organization=organization, spec="3.0", pf_id="00000000-0000-4000-8000-0000000000be",
        company_name="Beta Secret Supplier 秘密供应商", declared_unit="kg", kgco2e_per_unit=1.0, document={},
        endpoint=endpoint,
    )  # fmt: skip
    return {"endpoint_id": endpoint.pk, "received_id": received.pk}
