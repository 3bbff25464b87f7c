"""Two tenants side by side: a member of A can reach nothing of B, by any URL that takes an object id."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tanlu.survey.builtin import build_builtin_xlsx
from tanlu.web.accounts import services
from tanlu.web.accounts.models import ApiToken, Invitation, Membership, Role, SupplierRelationship
from tanlu.web.jobs import services as jobs
from tanlu.web.jobs.models import Job
from tanlu.web.surveys.models import Highlight, Survey, SurveyInvitation, SurveyResponse

pytestmark = pytest.mark.django_db(transaction=False)


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def object_urls() -> list[tuple[str, list[str]]]:
    """Every URL pattern of Tanlu's own apps that takes an object id, with the names of its parameters."""
    found = []
    for route, pattern in _patterns(get_resolver()):
        if route.startswith(("admin/", "api/")) or not pattern.pattern.converters:
            continue
        names = list(pattern.pattern.converters)
        if (
            "token" in names
        ):  # invitation and password-reset tokens are secrets, not ids: see test_members/test_auth
            continue
        found.append((route, names))
    return found


@pytest.fixture
def two_tenants(tenant_factory: Callable[..., Any], make_user: Callable[..., Any]) -> dict[str, Any]:
    alpha = tenant_factory("Alpha Motors")
    beta = tenant_factory("Beta Components 贝塔部件")
    beta_member = make_user()
    beta_membership = Membership.objects.create(
        user=beta_member, organization=beta.organization, role=Role.EDITOR
    )
    beta_owner_membership = Membership.objects.get(user=beta.owner, organization=beta.organization)
    beta_link = services.add_supplier(
        beta_owner_membership,
        name="Beta's Secret Supplier 秘密供应商",
        contact_email="secret@beta.example",
        invite=True,
    )
    beta_invitation = services.invite_member(
        beta_owner_membership, email="newbie@beta.example", role=Role.VIEWER
    )
    from tanlu.web import demo  # noqa: F401, PLC0415 - registers the demo job kind

    beta_job = jobs.start(organization=beta.organization, user=beta.owner, kind="demo", label="Beta's job")
    survey = Survey.objects.create(
        organization=beta.organization,
        identifier="beta_secret_survey",
        title_en="Beta's Secret Survey",
        form_xlsx=build_builtin_xlsx(),
    )
    survey_invitation = SurveyInvitation.objects.create(
        organization=beta.organization, survey=survey, email="respondent@beta.example", token_hash="0" * 64
    )
    response = SurveyResponse.objects.create(
        organization=beta.organization, survey=survey, respondent="r1", invitation=survey_invitation
    )
    highlight = Highlight.objects.create(organization=beta.organization, survey=survey, text_en="Beta secret")
    api_token, _secret = services.create_api_token(beta_owner_membership, name="Beta's token")
    from .inventory.tenancy import beta_inventory  # noqa: PLC0415

    inventory_ids = beta_inventory(beta_owner_membership)
    from .products.tenancy import beta_products  # noqa: PLC0415

    product_ids = beta_products(beta_owner_membership)
    from .engagement.tenancy import beta_engagement  # noqa: PLC0415

    engagement_ids = beta_engagement(beta_owner_membership)
    from .pact.tenancy import beta_pact  # noqa: PLC0415

    pact_ids = beta_pact(beta_owner_membership)
    from .exchange.tenancy import beta_exchange  # noqa: PLC0415

    exchange_ids = beta_exchange(beta_owner_membership)
    from .cbam.tenancy import beta_cbam  # noqa: PLC0415

    cbam_ids = beta_cbam(beta_owner_membership)
    return {
        "alpha": alpha,
        "beta": beta,
        "ids": {
            "membership_id": beta_membership.pk,
            "invitation_id": beta_invitation.pk,
            "link_id": beta_link.pk,
            "job_id": beta_job.pk,
            "survey_id": survey.pk,
            "survey_invitation_id": survey_invitation.pk,
            "response_id": response.pk,
            "highlight_id": highlight.pk,
            "api_token_id": api_token.pk,
            **inventory_ids,
            **product_ids,
            **engagement_ids,
            **pact_ids,
            **exchange_ids,
            **cbam_ids,
        },
    }


def test_every_object_url_is_covered() -> None:
    known = {
        "membership_id",
        "invitation_id",
        "link_id",
        "job_id",
        "survey_id",
        "survey_invitation_id",
        "response_id",
        "highlight_id",
        "api_token_id",
        "import_id",
        "site_id",
        "factor_id",
        "factor_set_id",
        "run_id",
        "target_id",
        "model_import_id",
        "part_id",
        "bom_line_id",
        "purchased_id",
        "pcf_site_id",
        "pcf_run_id",
        "pcf_result_id",
        "received_id",
        "endpoint_id",
        "request_id",
        "answer_id",
        "customer_id",
        "credential_id",
        "cbam_import_id",
        "installation_id",
    }
    urls = object_urls()
    assert urls, "no URL with an object id was found"
    for route, names in urls:
        assert set(names) <= known, f"{route}: add its parameters to the two-tenant test"


def test_other_tenants_ids_answer_404(two_tenants: dict[str, Any]) -> None:
    """GET and POST each answer 404, or 405 where the view takes only the other method (never 200, 302 or 403)."""
    alpha = two_tenants["alpha"]
    ids = two_tenants["ids"]
    for route, names in object_urls():
        url = "/" + route
        for name in names:
            url = url.replace(f"<int:{name}>", str(ids[name])).replace(f"<uuid:{name}>", str(ids[name]))
        statuses = {method: getattr(alpha.client, method)(url).status_code for method in ("get", "post")}
        assert set(statuses.values()) <= {404, 405}, f"{url} answered {statuses}"
        assert 404 in statuses.values(), f"{url} answered {statuses}"


def test_unknown_ids_answer_exactly_like_other_tenants_ids(two_tenants: dict[str, Any]) -> None:
    alpha = two_tenants["alpha"]
    their_url, missing_url = f"/suppliers/{two_tenants['ids']['link_id']}/", "/suppliers/999999/"
    theirs, missing = alpha.client.get(their_url), alpha.client.get(missing_url)
    assert theirs.status_code == missing.status_code == 404

    def normalized(body: bytes, url: str) -> str:
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body.decode())
        return text.replace(url, "URL")

    first, second = normalized(theirs.content, their_url), normalized(missing.content, missing_url)
    assert first == second, "\n".join(
        difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm="")
    )


def test_nothing_of_the_other_tenant_appears_in_lists(two_tenants: dict[str, Any]) -> None:
    alpha, beta = two_tenants["alpha"], two_tenants["beta"]
    for url in [
        "/",
        "/suppliers/",
        "/settings/",
        "/settings/members/",
        "/settings/audit/",
        "/organizations/",
        "/suppliers/?q=Secret",
        "/api/me",
        "/exchange/",
        "/exchange/received/",
        "/exchange/suppliers/",
        "/requests/",
        "/requests/received/",
        "/requests/board/",
        "/requests/received/targets/",
    ]:
        response = alpha.client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for secret in [
            "Beta Components",
            "Secret Supplier",
            "newbie@beta.example",
            beta.owner.email,
            "Secret Survey",
            "respondent@beta.example",
            "Beta&#x27;s token",
        ]:
            assert secret not in text, f"{url} shows {secret!r}"


def test_switching_to_an_organization_you_are_not_in_is_404(two_tenants: dict[str, Any]) -> None:
    alpha, beta = two_tenants["alpha"], two_tenants["beta"]
    response = alpha.client.post("/organizations/switch/", {"organization": beta.organization.pk})
    assert response.status_code == 404
    assert "Beta" not in alpha.client.get("/").content.decode()


def test_the_scoping_helper_is_what_views_use(two_tenants: dict[str, Any]) -> None:
    """The tenant-owned models all carry the scoping manager."""
    for model in (
        Membership,
        Invitation,
        SupplierRelationship,
        Job,
        Survey,
        SurveyInvitation,
        SurveyResponse,
        Highlight,
        ApiToken,
    ):
        assert hasattr(model.objects, "for_organization"), model
    beta = two_tenants["beta"]
    assert SupplierRelationship.objects.for_organization(beta.organization).count() == 1
    assert SupplierRelationship.objects.for_organization(None).count() == 0
