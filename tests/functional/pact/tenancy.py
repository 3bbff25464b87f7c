"""Beta's PACT host objects for the two-tenant test (tests/functional/test_tenancy.py)."""

from __future__ import annotations

from tanlu.web.accounts.models import Membership
from tanlu.web.pact import services


def beta_pact(membership: Membership) -> dict[str, int]:
    customer = services.add_customer(membership.organization, "Beta's secret customer 秘密客户")
    credential, _secret = services.issue_credential(customer, membership.user)
    return {"customer_id": customer.pk, "credential_id": credential.pk}
