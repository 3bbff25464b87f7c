"""Answering a survey through its public link: anonymous, resumed with a cookie, nothing that identifies the
respondent stored, and a renewed link replacing the old one. Personal links are ``test_respond.py``.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tanlu.web.accounts.models import Membership, hash_token
from tanlu.web.surveys import lifecycle, links
from tanlu.web.surveys.models import ResponseStatus, Survey, SurveyResponse

from .test_respond import _valid_pages, post_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(open_builtin_survey: Survey) -> Survey:
    """The survey answered here (in place of conftest's results survey): the built-in one, open."""
    return open_builtin_survey


def test_public_link_is_anonymous_and_resumes_with_a_cookie(
    survey: Survey, owner_membership: Membership
) -> None:
    lifecycle.update_settings(owner_membership, survey, closes_at=None, public_link_enabled=True)
    survey.refresh_from_db()
    url = f"/p/{links.public_token(survey)}/"
    assert survey.public_token == hash_token(links.public_token(survey))
    assert links.public_token(survey) not in str(Survey.objects.filter(pk=survey.pk).values().first())
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Respondent/1.0")
    start = client.get(url)
    assert start.status_code == 200
    assert "anonymous" in start.content.decode()
    pages = _valid_pages(survey)
    post_page(client, url, 0, pages[0])
    cookie = client.cookies[f"tanlu_resume_{survey.pk}"]
    assert cookie["httponly"]
    assert cookie["path"] == url
    response = SurveyResponse.objects.get(survey=survey)
    assert response.invitation is None
    assert response.resume_key_hash == hash_token(cookie.value)
    assert client.get(url).content.decode().count('name="page" value="1"') == 1, "the same browser resumes"
    stranger = Client()
    assert 'name="page" value="1"' not in stranger.get(url + "?page=0").content.decode()
    for number, answers in enumerate(pages[1:], start=1):
        assert post_page(client, url, number, answers).status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.resume_key_hash == hash_token(cookie.value), "kept: a retry with the cookie finds it"
    stored = str(SurveyResponse.objects.filter(pk=response.pk).values().first())
    for secret in ("203.0.113.9", "Respondent/1.0", links.public_token(survey), cookie.value):
        assert secret not in stored
    assert client.cookies[f"tanlu_resume_{survey.pk}"].value == ""
    # a disabled public link answers like any unknown link
    lifecycle.update_settings(owner_membership, survey, closes_at=None, public_link_enabled=False)
    assert Client().get(url).status_code == 404


def test_renewed_public_link_replaces_the_old(survey: Survey, owner_membership: Membership) -> None:
    lifecycle.update_settings(owner_membership, survey, closes_at=None, public_link_enabled=True)
    survey.refresh_from_db()
    old = f"/p/{links.public_token(survey)}/"
    lifecycle.renew_public_link(owner_membership, survey)
    survey.refresh_from_db()
    assert Client().get(old).status_code == 404
    assert Client().get(f"/p/{links.public_token(survey)}/").status_code == 200
