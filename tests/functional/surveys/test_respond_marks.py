"""The respondent's page says which questions must be answered before anything is posted, and fits a phone.

Issue 13, item 6: required questions were learnt only from the error after 下一页 (Next).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tanlu.web.accounts.models import Membership
from tanlu.web.surveys import lifecycle, links, participants, versions
from tanlu.web.surveys.models import Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(tenant: Any) -> str:
    membership = Membership.objects.get(user=tenant.owner, organization=tenant.organization)
    survey: Survey = versions.create_builtin_survey(membership)
    lifecycle.open_survey(membership, survey)
    data = "email,name,company,language\nli.na@example.com,李娜,恒达,en\n".encode()
    (invitation,) = participants.import_participants(membership, survey, data, "people.csv")
    return f"/s/{links.invitation_token(invitation)}/"


def _legend(html: str, name: str) -> str:
    match = re.search(rf'<legend id="q-{name}-legend">(.*?)</legend>', html, re.S)
    assert match, name
    return match.group(1)


def test_required_questions_carry_a_marker_and_the_page_explains_it(url: str) -> None:
    html = Client().get(url + "?page=0").content.decode()
    for name in ("wave1", "company_type", "function"):
        legend = _legend(html, name)
        assert '<span class="required-mark" aria-hidden="true">*</span>' in legend
        assert '<span class="visually-hidden"> (required)</span>' in legend, "a screen reader hears it"
    assert 'class="required-legend' in html
    assert "Questions marked with an asterisk (*) must be answered" in html


def test_an_optional_question_is_marked_optional_not_required(url: str) -> None:
    client = Client()
    client.get(url + "?page=0")
    html = client.get(url + "?page=1").content.decode()
    assert "pcf_disclosure-legend" in html
    assert "(optional)" not in _legend(html, "pcf_disclosure")


def test_the_header_lets_a_long_organization_name_wrap(url: str) -> None:
    html = Client().get(url).content.decode()
    assert 'class="app-header app-header--respond"' in html
    css = (Path(__file__).parents[3] / "src/tanlu/web/static/tanlu/css/tanlu.css").read_text()
    rule = css[css.index(".app-header--respond .app-header__brand {") :].split("}")[0]
    assert "white-space: normal" in rule
    assert "padding-inline-end: 0" in rule
