"""The respondents' short way through the middleware (:mod:`tanlu.web.surveys.respondent_path`) answers exactly as
the whole chain does: same statuses, headers and pages, the CSRF check still on, and the whole chain for a browser
that has a session (a signed-in member opening a link keeps their own language)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import resolve

from tanlu.web.accounts.models import Membership
from tanlu.web.surveys import links, participants
from tanlu.web.surveys.models import ResponseStatus, Survey, SurveyInvitation, SurveyResponse
from tanlu.web.surveys.respondent_path import _Chain

pytestmark = pytest.mark.django_db

SHORT_WAY = "tanlu.web.surveys.respondent_path.RespondentMiddleware"
#: headers whose values differ between any two requests (times, the CSRF cookie's random value)
VOLATILE = {"Expires", "Set-Cookie"}
ALL_ANSWERS = {
    "wave1": "yes", "company_type": "supplier", "function": ["sqe"], "pcf_disclosure": "no",
    "supplier_disclosure_requirement": ["none"], "supplier_data_handling": "no_action",
    "supplier_target_binding": "no_target", "product_pcf_disclosure": "no",
    "carbon_accounting_approach": ["in_house"], "it_system": "none", "measurement_scope": ["scope1"],
    "main_difficulty": ["raw_data"], "green_energy_relocation": ["obstacles"],
    "relocation_factors": ["fiscal_policy"], "aiag_support": ["training"],
}  # fmt: skip


@pytest.fixture
def survey(open_builtin_survey: Survey) -> Survey:
    return open_builtin_survey


@pytest.fixture
def invite(owner_membership: Membership, survey: Survey) -> Callable[[str], tuple[SurveyInvitation, str]]:
    def make(email: str) -> tuple[SurveyInvitation, str]:
        data = f"email,name,company,language,tier\n{email},李娜,恒达,zh,1\n".encode()
        (invitation,) = participants.import_participants(owner_membership, survey, data, "people.csv")
        return invitation, f"/s/{links.invitation_token(invitation)}/"

    return make


def _csrf(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def _visit(url: str, *, accept_language: str = "zh-hans") -> list[tuple[int, dict[str, str], str]]:
    """What a respondent's browser sees along one link: start page, form, a bad and a good submission, afterwards."""
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=accept_language)
    replies = [client.get(url), client.get(f"{url}?page=all")]
    token = _csrf(replies[-1].content.decode())
    replies.append(client.post(url, {"page": "all", "action": "next"}))  # no CSRF token: refused
    replies.append(
        client.post(url, {"page": "all", "action": "next", "csrfmiddlewaretoken": token})
    )  # errors
    body = {"page": "all", "action": "next", "csrfmiddlewaretoken": token, **ALL_ANSWERS}
    replies += [
        client.post(url, body),
        client.get(f"{url}?thanks=1"),
        client.get("/s/unknownAAAAAAAAAAAAAAAA/"),
    ]
    replies.append(client.post(f"{url}relevance/", {"page": "0", "csrfmiddlewaretoken": token}))
    seen = []
    for reply in replies:
        headers = {name: value.replace(url, "URL") for name, value in reply.items() if name not in VOLATILE}
        text = re.sub(r'value="[A-Za-z0-9]{64}"', 'value="CSRF"', reply.content.decode())
        seen.append((reply.status_code, headers, text.replace(url, "URL")))
    return seen


def test_the_short_way_answers_as_the_whole_chain(
    invite: Callable[[str], tuple[SurveyInvitation, str]], settings: Any
) -> None:
    assert SHORT_WAY in settings.MIDDLEWARE
    short = _visit(invite("a@example.com")[1])
    settings.MIDDLEWARE = [path for path in settings.MIDDLEWARE if path != SHORT_WAY]
    whole = _visit(invite("b@example.com")[1])
    assert [status for status, _headers, _text in short] == [200, 200, 403, 400, 302, 200, 404, 200]
    for (status, headers, text), (status_whole, headers_whole, text_whole) in zip(short, whole, strict=True):
        assert (status, headers) == (status_whole, headers_whole)
        assert text == text_whole
    assert "Cookie" in short[0][1]["Vary"]
    assert SurveyResponse.objects.filter(status=ResponseStatus.SUBMITTED).count() == 2


def test_a_browser_without_a_session_takes_the_short_way_and_one_with_a_session_the_whole_chain(
    invite: Callable[[str], tuple[SurveyInvitation, str]], tenant: Any
) -> None:
    _invitation, url = invite("c@example.com")
    respondent = Client().get(url)
    assert type(respondent.wsgi_request.user) is AnonymousUser
    assert 'lang="zh-Hans"' in respondent.content.decode(), "the invitation's language"
    tenant.owner.language = "en"
    tenant.owner.save()
    member = tenant.client.get(url)
    assert member.wsgi_request.user == tenant.owner
    assert 'lang="en"' in member.content.decode(), "a signed-in member's own language still wins"


@pytest.mark.parametrize(
    "path", ["/s/abcDEF-_12/", "/s/abcDEF-_12/relevance/", "/p/abcDEF-_12/", "/p/abcDEF-_12/relevance/"]
)
def test_the_short_way_resolves_a_link_as_the_root_urlconf_does(path: str) -> None:
    short, root = _Chain([]).urls.resolve(path), resolve(path)
    for attribute in ("func", "args", "kwargs", "url_name", "route", "namespaces", "app_names", "view_name"):
        assert getattr(short, attribute) == getattr(root, attribute)
