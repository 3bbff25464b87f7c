"""The demo's supplier board: 华东汽车集团 with its three suppliers (the demo supplier among them), requests in
different states, one footprint rejected with a reason, targets set, the AIAG survey answered in two waves; a second
run of the step changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from tanlu.web import demo
from tanlu.web.accounts.middleware import SESSION_ORGANIZATION_KEY
from tanlu.web.accounts.models import Membership, Organization, User
from tanlu.web.engagement.demo import HARNESS, HUASU, OEM, PRECISION, engagement_demo
from tanlu.web.engagement.models import FootprintRequest, SupplierTarget
from tanlu.web.surveys.models import SurveyResponse

from .helpers import calculated

pytestmark = pytest.mark.django_db


def test_the_demo_fills_every_column_of_the_board() -> None:
    admin = User.objects.create_superuser("root", "root@example.com", "correct-horse-battery-staple")
    context = demo.DemoContext(owners=[admin])
    demo.organizations_and_suppliers(context)
    calculated(Membership.objects.get(user=admin, organization__name=PRECISION))
    summary = engagement_demo(context)
    assert summary.startswith("6 footprint requests")
    assert "4 supplier targets" in summary
    oem = Organization.objects.get(name=OEM)
    assert SurveyResponse.objects.filter(organization=oem, status="submitted").count() == 5
    client = Client()
    client.force_login(admin)
    session = client.session
    session[SESSION_ORGANIZATION_KEY] = oem.pk
    session.save()
    page = client.get("/requests/board/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    rows = {row.supplier.name: row for row in page.context["rows"]}
    assert set(rows) == {PRECISION, HUASU, HARNESS}
    precision, huasu, harness = rows[PRECISION], rows[HUASU], rows[HARNESS]
    assert (precision.accepted, precision.rejected) == (1, 1)
    assert huasu.pending == 1
    assert harness.statuses["overdue"] == 1
    assert precision.changed > 0
    assert precision.survey.previous is not None
    assert harness.survey is not None
    assert harness.survey.previous is None
    assert {v.status for v in huasu.targets} == {"on_track"}
    assert {v.status for v in harness.targets} == {"off_track"}
    assert len(precision.targets) == 2
    assert page.context["chart"].startswith("<svg")
    detail = client.get(f"/requests/board/{precision.link.pk}/")
    assert "24" in detail.content.decode()  # the rejection's reason
    assert client.get("/requests/board/export.xlsx").status_code == 200
    assert engagement_demo(context) == "unchanged"
    assert FootprintRequest.objects.count() == 6
    assert SupplierTarget.objects.count() == 4
    assert SurveyResponse.objects.filter(organization=oem).count() == 5
