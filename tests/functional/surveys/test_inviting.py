"""Inviting from the organization's suppliers (ticked, filtered or all), one typed-in person, the state right after
sending, and which address the emailed links start with."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.conf import settings
from django.core import mail

from tanlu.web.accounts import services as accounts
from tanlu.web.accounts.models import Membership
from tanlu.web.jobs.models import Job
from tanlu.web.surveys import lifecycle, links, participants, tasks, versions
from tanlu.web.surveys.models import Survey, SurveyInvitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(tenant: Any) -> Membership:
    return Membership.objects.get(user=tenant.owner, organization=tenant.organization)


@pytest.fixture
def survey(owner: Membership) -> Survey:
    return versions.create_builtin_survey(owner)


@pytest.fixture
def suppliers(owner: Membership) -> dict[str, Any]:
    rows = [
        ("恒达汽车零部件", "张伟", "zhang@hengda.example", 1, "华东"),
        ("Bright Castings", "Ann Lee", "ann@bright.example", 1, "华南"),
        ("无邮箱铸造", "", "", 2, "华东"),
        ("Second Tier Plastics", "Bo", "bo@plastics.example", 2, "华南"),
    ]
    return {
        name: accounts.add_supplier(
            owner, name=name, contact_name=contact, contact_email=email, tier=tier, region=region
        )
        for name, contact, email, tier, region in rows
    }


def test_one_ticked_supplier_then_every_one_a_filter_matches(
    tenant: Any, survey: Survey, suppliers: dict[str, Any]
) -> None:
    url = f"/surveys/{survey.pk}/invitations/suppliers/"
    page = tenant.client.get(f"/surveys/{survey.pk}/invitations/?tier=1").content.decode()
    assert "Bright Castings" in page
    assert "Second Tier Plastics" not in page, "the filter narrows the choice"
    assert "Invite all 2 suppliers matching" in page
    hengda = suppliers["恒达汽车零部件"]
    tenant.client.post(url, {"which": "ticked", "supplier": [str(hengda.pk)], "language": "zh-hans"})
    invitation = SurveyInvitation.objects.get(survey=survey)
    assert (invitation.email, invitation.name, invitation.company, invitation.language) == (
        "zhang@hengda.example",
        "张伟",
        "恒达汽车零部件",
        "zh-hans",
    )
    assert invitation.attributes == {"tier": "1", "region": "华东"}
    reply = tenant.client.post(url, {"which": "all", "tier": "1", "language": "en"}, follow=True)
    assert "1 supplier was added" in reply.content.decode()
    assert "1 supplier left out (invited already): 恒达汽车零部件" in reply.content.decode()
    assert set(SurveyInvitation.objects.values_list("email", flat=True)) == {
        "zhang@hengda.example",
        "ann@bright.example",
    }
    reply = tenant.client.post(url, {"which": "all", "tier": "2", "language": "en"}, follow=True)
    assert "left out (no contact email in the supplier list): 无邮箱铸造" in reply.content.decode()
    assert SurveyInvitation.objects.filter(survey=survey).count() == 3


def test_a_forged_filter_or_another_tenants_supplier_adds_nobody(
    tenant: Any, tenant_factory: Any, survey: Survey, suppliers: dict[str, Any]
) -> None:
    other = tenant_factory("Other OEM")
    other_owner = Membership.objects.get(user=other.owner, organization=other.organization)
    foreign = accounts.add_supplier(other_owner, name="Foreign", contact_email="x@foreign.example")
    url = f"/surveys/{survey.pk}/invitations/suppliers/"
    tenant.client.post(url, {"which": "ticked", "supplier": [str(foreign.pk), "99999999999999999999", "٣"]})
    assert not SurveyInvitation.objects.exists()
    tenant.client.post(
        url, {"which": "all", "tier": "99999999999999999999", "region": "nowhere", "language": "xx"}
    )
    invited = SurveyInvitation.objects.filter(survey=survey)
    assert invited.count() == 3, (
        "an unknown filter value filters nothing; the foreign supplier is never reached"
    )
    assert set(invited.values_list("language", flat=True)) == {""}


def test_one_person_typed_in(tenant: Any, survey: Survey) -> None:
    url = f"/surveys/{survey.pk}/invitations/add/"
    added = tenant.client.post(
        url, {"email": " Li@Example.com ", "name": "李娜", "company": "恒达", "language": "en"}
    )
    assert added.status_code == 302
    assert SurveyInvitation.objects.get(survey=survey).email == "li@example.com"
    again = tenant.client.post(url, {"email": "li@example.com", "language": "en"})
    assert again.status_code == 400
    assert "li@example.com is invited already." in again.content.decode()
    assert tenant.client.post(url, {"email": "not an address", "language": "en"}).status_code == 400
    assert SurveyInvitation.objects.count() == 1


def test_right_after_sending_nobody_is_waiting_and_a_second_click_sends_nothing(
    tenant: Any, owner: Membership, survey: Survey
) -> None:
    lifecycle.open_survey(owner, survey)
    participants.import_participants(owner, survey, b"email\na@example.com\nb@example.com\n", "p.csv")
    # the job is queued (its on-commit start is not run here): as when a worker has not picked it up yet
    tenant.client.post(f"/surveys/{survey.pk}/invitations/send/")
    page = tenant.client.get(f"/surveys/{survey.pk}/invitations/").content.decode()
    assert "0 not sent yet · 2 being sent" in page
    assert "Send 0 invitations</button>" in page
    assert "disabled>" in page
    reply = tenant.client.post(f"/surveys/{survey.pk}/invitations/send/", follow=True)
    assert "Everyone has been invited already." in reply.content.decode()
    assert Job.objects.filter(kind=tasks.EMAIL_JOB).count() == 1


def test_links_start_with_the_requests_address_when_no_base_url_is_configured(
    tenant: Any,
    owner: Membership,
    survey: Survey,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    lifecycle.open_survey(owner, survey)
    (invitation,) = participants.import_participants(owner, survey, b"email\na@example.com\n", "p.csv")
    configured = tenant.client.get(f"/surveys/{survey.pk}/").content.decode()
    assert "start with https://tanlu.example.test: the configured TANLU_BASE_URL" in configured
    monkeypatch.setattr(settings, "CONFIG", dataclasses.replace(settings.CONFIG, base_url=""))
    detail = tenant.client.get(f"/surveys/{survey.pk}/", HTTP_HOST="localhost:8123").content.decode()
    assert "start with http://localhost:8123: the address this page was opened at" in detail
    with django_capture_on_commit_callbacks(execute=True):
        tenant.client.post(f"/surveys/{survey.pk}/invitations/send/", HTTP_HOST="localhost:8123")
    (message,) = mail.outbox
    assert links.respond_url(invitation, "http://localhost:8123") in message.body
    assert "127.0.0.1:8000" not in message.body
