"""The engagement demo step: requests in every state, one rejected with a reason, one accepted into the OEM's
product model; a second run changes nothing. (The step runs after the organizations and products steps; here the
demo supplier's model is the core's example, calculated directly, to keep the test fast.)"""

from __future__ import annotations

import pytest

from tanlu.web import demo
from tanlu.web.accounts.models import Membership, User
from tanlu.web.engagement.demo import PRECISION, engagement_demo
from tanlu.web.engagement.models import FootprintAnswer, FootprintRequest
from tanlu.web.products.models import PurchasedItem

from .helpers import calculated

pytestmark = pytest.mark.django_db


def test_demo_requests_in_every_state() -> None:
    admin = User.objects.create_superuser("root", "root@example.com", "correct-horse-battery-staple")
    context = demo.DemoContext(owners=[admin])
    demo.organizations_and_suppliers(context)
    calculated(Membership.objects.get(user=admin, organization__name=PRECISION))
    assert engagement_demo(context).startswith("6 footprint requests")
    states = sorted(r.shown_status for r in FootprintRequest.objects.all())
    assert states == ["accepted", "delivered", "overdue", "rejected", "seen", "sent"]
    rejected = FootprintAnswer.objects.get(decision="rejected")
    assert "24" in rejected.comment
    assert rejected.findings
    accepted = FootprintAnswer.objects.get(decision="accepted")
    item = PurchasedItem.objects.get(organization=accepted.organization, item_id="HD-BRK-0110")
    assert item.kgco2e_per_unit == pytest.approx(accepted.total)
    assert engagement_demo(context) == "unchanged"
    assert FootprintRequest.objects.count() == 6
