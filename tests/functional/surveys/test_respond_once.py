"""A public-link submission is stored once: double-clicks, concurrent retries and retries after success.

A personal link has one response per invitation (a unique key); a public one has one per resume key, which the
form's first post carries (hidden field ``key``) and the browser then keeps as a cookie.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from tanlu.web.accounts.models import Membership
from tanlu.web.surveys import lifecycle, links, versions
from tanlu.web.surveys.models import ResponseStatus, Survey, SurveyResponse

from .test_respond import PAGES

pytestmark = pytest.mark.django_db

EVERYTHING = {name: value for page in PAGES for name, value in page.items()}


@pytest.fixture
def public_url(tenant: Any) -> tuple[Survey, str]:
    membership = Membership.objects.get(user=tenant.owner, organization=tenant.organization)
    survey = versions.create_builtin_survey(membership)
    lifecycle.open_survey(membership, survey)
    lifecycle.update_settings(membership, survey, closes_at=None, public_link_enabled=True)
    survey.refresh_from_db()
    return survey, f"/p/{links.public_token(survey)}/"


def _form_key(html: str) -> str:
    match = re.search(r'name="key" value="([^"]+)"', html)
    assert match, "the public form carries its submission key"
    return match.group(1)


def _one_page_submission(client: Client, url: str) -> dict[str, Any]:
    key = _form_key(client.get(url + "?page=all").content.decode())
    return {"page": "all", "action": "next", "key": key, **EVERYTHING}


def test_double_click_on_a_fresh_one_page_form_stores_one_response(public_url: tuple[Survey, str]) -> None:
    survey, url = public_url
    client = Client()
    data = _one_page_submission(client, url)
    first, second = client.post(url, data), Client().post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"].endswith("?thanks=1")
    assert second["Location"].endswith("?thanks=1"), "the second click is told the answers arrived"
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert SurveyResponse.objects.get(survey=survey).status == ResponseStatus.SUBMITTED
    # another visit gets a new form with a new key, and so a second response
    assert Client().post(url, _one_page_submission(Client(), url)).status_code == 302
    assert SurveyResponse.objects.filter(survey=survey).count() == 2


def test_double_click_on_a_first_page_continues_one_response(public_url: tuple[Survey, str]) -> None:
    survey, url = public_url
    client = Client()
    key = _form_key(client.get(url + "?page=0").content.decode())
    # both clicks leave before the first reply (and its cookie) arrives
    replies = [Client().post(url, {"page": 0, "action": "next", "key": key, **PAGES[0]}) for _ in range(2)]
    assert [reply.status_code for reply in replies] == [302, 302]
    cookies = [reply.cookies[f"tanlu_resume_{survey.pk}"].value for reply in replies]
    assert cookies == [key, key], "whichever reply the browser keeps, it resumes the one response"
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_saved_page_then_repeated_submits_and_a_retry_after_success(public_url: tuple[Survey, str]) -> None:
    survey, url = public_url
    client = Client()
    key = _form_key(client.get(url + "?page=0").content.decode())
    saved = client.post(url, {"page": 0, "action": "save", "key": key, **PAGES[0]})
    assert saved["Location"].endswith("?saved=1")
    cookie = client.cookies[f"tanlu_resume_{survey.pk}"].value
    data = {"page": "all", "action": "next", **EVERYTHING}
    for _ in range(10):
        client.cookies[f"tanlu_resume_{survey.pk}"] = cookie  # each retry still carries the cookie
        reply = client.post(url, data)
        assert reply.status_code == 302
        assert reply["Location"].endswith("?thanks=1")
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    # the same cookie after success: the thanks page, nothing stored
    client.cookies[f"tanlu_resume_{survey.pk}"] = cookie
    after = client.get(url)
    assert after.status_code == 200
    assert after.cookies[f"tanlu_resume_{survey.pk}"].value == "", "the browser is told to forget the key"
    client.cookies[f"tanlu_resume_{survey.pk}"] = cookie
    assert client.post(url, data)["Location"].endswith("?thanks=1")
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_one_response_per_resume_key_is_a_database_constraint(public_url: tuple[Survey, str]) -> None:
    survey, _url = public_url
    fields = {"organization_id": survey.organization_id, "survey": survey, "resume_key_hash": "a" * 64}
    SurveyResponse.objects.create(respondent="first", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(respondent="second", status=ResponseStatus.SUBMITTED, **fields)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="threads on the in-memory SQLite test database fail with table locks; the PostgreSQL run has this",
)
def test_concurrent_identical_submits_store_one_response(public_url: tuple[Survey, str]) -> None:
    """A saved page, then 10 identical submissions at once (a user hammering the button, a proxy retrying)."""
    survey, url = public_url
    client = Client()
    key = _form_key(client.get(url + "?page=0").content.decode())
    client.post(url, {"page": 0, "action": "save", "key": key, **PAGES[0]})
    cookie = client.cookies[f"tanlu_resume_{survey.pk}"].value
    fresh = Client()
    fresh_data = _one_page_submission(fresh, url)
    start = threading.Barrier(20)
    statuses: list[int] = []

    def submit(data: dict[str, Any], resume: str | None) -> None:
        own = Client()
        if resume:
            own.cookies[f"tanlu_resume_{survey.pk}"] = resume
        start.wait()
        try:
            statuses.append(own.post(url, data).status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=({"page": "all", "action": "next", **EVERYTHING}, cookie))
        for _ in range(10)
    ] + [threading.Thread(target=submit, args=(fresh_data, None)) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 20
    assert SurveyResponse.objects.filter(survey=survey).count() == 2
    assert not SurveyResponse.objects.filter(survey=survey, status=ResponseStatus.IN_PROGRESS).exists()
