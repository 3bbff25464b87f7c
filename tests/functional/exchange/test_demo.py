"""The exchange demo step: the demo supplier publishes its footprints, serves three of them to the OEM through its
PACT API, and the OEM has imported two; a second run adds nothing."""

from __future__ import annotations

import pytest

from tanlu.exchange.validation import check_pact
from tanlu.web import demo
from tanlu.web.accounts.models import Membership, User
from tanlu.web.exchange.demo import FILE, OEM, SUPPLIER, exchange_demo
from tanlu.web.exchange.models import PublishedFootprint, ReceivedFootprint
from tanlu.web.pact import services
from tanlu.web.pact.models import Credential, Customer

from ..engagement.helpers import calculated  # noqa: TID252 - the engagement tests' calculated demo supplier

pytestmark = pytest.mark.django_db


def test_demo_publishes_shares_and_imports() -> None:
    admin = User.objects.create_superuser("root", "root@example.com", "correct-horse-battery-staple")
    context = demo.DemoContext(owners=[admin])
    demo.organizations_and_suppliers(context)
    calculated(Membership.objects.get(user=admin, organization__name=SUPPLIER))
    summary = exchange_demo(context)
    assert "PACT v3.0 footprints published" in summary
    published = list(PublishedFootprint.objects.filter(organization__name=SUPPLIER))
    assert published
    assert all(check_pact(p.document) == ("3", []) for p in published)
    customer = Customer.objects.get(organization__name=SUPPLIER)
    assert Credential.objects.filter(customer=customer, revoked_at__isnull=True).count() == 1
    assert services.visible(customer, "3").count() == 3
    received = ReceivedFootprint.objects.filter(organization__name=OEM, filename=FILE)
    assert received.count() == 2
    assert exchange_demo(context) == summary
    assert PublishedFootprint.objects.filter(organization__name=SUPPLIER).count() == len(published)
    assert ReceivedFootprint.objects.filter(organization__name=OEM).count() == 2
