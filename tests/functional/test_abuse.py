"""Smaller abuse cases: password-reset floods, guessed invitation links, off-site ``next``, the API docs' assets,
malformed numbers in forms, and a response export that reads back in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.test import Client

from tanlu.errors import RowsRejected
from tanlu.web.accounts.models import Membership, User
from tanlu.web.security import CONTENT_SECURITY_POLICY
from tanlu.web.surveys import exports, importing, lifecycle, links, participants, versions
from tanlu.web.surveys.models import Answer, Survey, SurveyResponse

pytestmark = pytest.mark.django_db


def test_password_reset_is_rate_limited_per_address_and_per_account(
    make_user: Callable[..., User], settings: Any
) -> None:
    settings.TANLU_LOGIN_ATTEMPTS = 3
    make_user(email="zhao@example.com")
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(3):
        assert client.post("/accounts/password-reset/", {"email": "zhao@example.com"}).status_code == 302
    assert len(mail.outbox) == 3
    refused = client.post("/accounts/password-reset/", {"email": "zhao@example.com"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Please wait" in refused.content.decode()
    assert len(mail.outbox) == 3, "no more mail to the account"
    # the account's limit holds from any address; an unknown address counts the same (nothing to learn from it)
    assert (
        Client(REMOTE_ADDR="203.0.113.1")
        .post("/accounts/password-reset/", {"email": "ZHAO@example.com"})
        .status_code
        == 429
    )
    for number in range(9):
        client.post("/accounts/password-reset/", {"email": f"nobody{number}@example.com"})
    assert client.post("/accounts/password-reset/", {"email": "other@example.com"}).status_code == 429
    assert len(mail.outbox) == 3


def test_guessed_member_invitation_links_are_limited(settings: Any) -> None:
    settings.TANLU_SURVEY_TOKEN_MISSES = 3
    client = Client(REMOTE_ADDR="198.51.100.8")
    for number in range(3):
        assert client.get(f"/invitations/guess{number}AAAAAAAAAAAAAAAAAAAAAAAAAA/").status_code == 404
    refused = client.get("/invitations/guess9AAAAAAAAAAAAAAAAAAAAAAAAAA/")
    assert refused.status_code == 429
    assert (
        "请等待"
        in Client(REMOTE_ADDR="198.51.100.8", HTTP_ACCEPT_LANGUAGE="zh-hans")
        .get("/invitations/x/")
        .content.decode()
    )
    assert Client(REMOTE_ADDR="198.51.100.9").get("/invitations/x/").status_code == 404


@pytest.mark.parametrize(
    "target",
    ["//evil.example/", "/\\evil.example", "https://evil.example/", "///evil.example", "\\\\evil", " //evil"],
)
def test_switching_organization_never_leaves_the_site(tenant: Any, target: str) -> None:
    reply = tenant.client.post(
        "/organizations/switch/", {"organization": tenant.organization.pk, "next": target}
    )
    assert reply.status_code == 302
    assert reply["Location"] == "/"


def test_switching_organization_keeps_a_local_next(tenant: Any) -> None:
    reply = tenant.client.post(
        "/organizations/switch/", {"organization": tenant.organization.pk, "next": "/surveys/?q=1"}
    )
    assert reply["Location"] == "/surveys/?q=1"


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "", "²", "-1"])
def test_a_malformed_organization_is_a_clear_400(tenant: Any, value: str) -> None:
    reply = tenant.client.post("/organizations/switch/", {"organization": value})
    assert reply.status_code == 400
    assert "organization" in reply.content.decode()


def test_a_close_date_out_of_range_is_a_clear_400(tenant: Any) -> None:
    membership = Membership.objects.get(user=tenant.owner, organization=tenant.organization)
    survey = versions.create_builtin_survey(membership)
    for value in ("0001-01-01", "9999-12-31"):
        reply = tenant.client.post(f"/surveys/{survey.pk}/settings/", {"closes_at": value})
        assert reply.status_code == 400
        assert "Choose a date between the years 2000 and 9998" in reply.content.decode()


def test_a_malformed_row_number_is_a_clear_400(tenant: Any) -> None:
    from .inventory.tenancy import beta_inventory  # noqa: PLC0415

    membership = Membership.objects.get(user=tenant.owner, organization=tenant.organization)
    batch = beta_inventory(membership)["import_id"]
    for value in ("99999999999999999999", "abc"):
        reply = tenant.client.post(f"/inventory/imports/{batch}/fix/", {"row": value})
        assert reply.status_code == 400
        assert "row" in reply.content.decode()


def test_api_docs_serve_swagger_ui_from_the_package_under_the_policy(tenant: Any) -> None:
    reply = tenant.client.get("/api/docs")
    html = reply.content.decode()
    assert reply.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "http" not in html.split("<body", 1)[1].split("swagger-settings")[0]
    assert reply["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    for asset in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert finders.find(f"ninja/{asset}"), asset


def test_a_response_export_reads_back_in(tenant: Any) -> None:
    """Export (with the invitations' company and attributes) then import into a copy of the questionnaire."""
    from .surveys.test_respond import answer_all  # noqa: PLC0415

    membership = Membership.objects.get(user=tenant.owner, organization=tenant.organization)
    source = versions.create_builtin_survey(membership)
    lifecycle.open_survey(membership, source)
    data = "email,name,company,language,tier\nli@example.com,李娜,恒达,zh,1\nwu@example.com,吴,=cmd,en,2\n"
    for invitation in participants.import_participants(membership, source, data.encode(), "people.csv"):
        answer_all(Client(), links.respond_url(invitation).split(".test", 1)[1], source)
    exported = exports.responses_file(source, "csv").data
    assert exported.decode("utf-8-sig").splitlines()[0].startswith("respondent,company,tier,")
    copy = Survey.objects.create(
        organization=tenant.organization, identifier="copy", form_xlsx=source.form_xlsx, status="open"
    )
    result = importing.import_responses(copy, exported, filename="export.csv")
    assert result.imported == 2

    def answers(survey: Survey) -> list[tuple[str, str, bool]]:
        return sorted(
            Answer.objects.filter(response__survey=survey).values_list("question", "value", "shown")
        )

    assert answers(copy) == answers(source)
    assert SurveyResponse.objects.filter(survey=copy, imported=True).count() == 2
    with pytest.raises(RowsRejected, match="already imported"):
        importing.import_responses(copy, exported, filename="export.csv")
