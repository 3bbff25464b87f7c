"""A footprint request with an answer, from beta to its supplier, for the two-tenant test (tests/functional/test_tenancy.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tanlu.web.accounts.models import SupplierRelationship
from tanlu.web.engagement.models import FootprintAnswer, FootprintRequest


def beta_engagement(membership: Any) -> dict[str, int]:
    link = SupplierRelationship.objects.filter(organization=membership.organization).first()
    request = FootprintRequest.objects.create(
        organization=membership.organization,
        supplier=link.supplier,
        relationship=link,
        part_number="BETA-SECRET-PART",
        declared_unit="piece",
        due_date=date(2099, 1, 1),
    )
    answer = FootprintAnswer.objects.create(
        organization=membership.organization,
        supplier=link.supplier,
        request=request,
        version=1,
        source="pact",
        footprint_id="0" * 36,
        declared_unit="piece",
        total=1.0,
        fossil=1.0,
        worst="ok",
    )
    return {"request_id": request.pk, "answer_id": answer.pk}
