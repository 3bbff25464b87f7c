"""Forms from other tools, imported through the web page, are answered in the browser.

The respondent sees the questions Tanlu renders (an ``or_other`` text, skip logic on a calculated value) and
never an input for what it does not (a location, a photo, a repeat); the owner sees those listed.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tanlu.survey.demo import demo_wave2_responses
from tanlu.survey.exports import responses_csv
from tanlu.web.accounts.models import Membership
from tanlu.web.surveys import importing, lifecycle, links, versions
from tanlu.web.surveys.models import Answer, ResponseStatus, Survey, SurveyResponse

pytestmark = pytest.mark.django_db


def _fixtures() -> ModuleType:
    path = Path(__file__).parents[2] / "fixtures" / "xlsform" / "forms.py"
    spec = importlib.util.spec_from_file_location("tanlu_xlsform_fixture_forms", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURES = _fixtures()


def imported(tenant: Any, sheets: dict[str, list[list[str]]], form_id: str) -> tuple[Survey, str]:
    sheets = {**sheets, "settings": [["form_id", "form_title"], [form_id, form_id]]}
    data = SimpleUploadedFile("form.xlsx", FIXTURES.workbook(sheets), content_type="application/octet-stream")
    response = tenant.client.post("/surveys/new/", {"file": data}, follow=True)
    assert response.status_code == 200, response.content.decode()[:2000]
    survey = Survey.objects.get(identifier=form_id)
    owner = Membership.objects.get(user=tenant.owner, organization=tenant.organization)
    lifecycle.open_survey(owner, survey)
    lifecycle.update_settings(owner, survey, closes_at=None, public_link_enabled=True)
    survey.refresh_from_db()
    return survey, response.content.decode()


def test_unrendered_questions_are_listed_and_never_shown(tenant: Any) -> None:
    survey, page = imported(tenant, FIXTURES.NOT_RENDERED, "sites")
    assert "where (geopoint): locations are not supported here" in page
    assert "line (text): repeated groups are not supported here" in page
    client = Client()
    url = f"/p/{links.public_token(survey)}/"
    html = client.get(url + "?page=0").content.decode()
    assert 'name="site_name"' in html
    for hidden in ("where", "photo", "code", "supplier", "line", "output"):
        assert f'name="{hidden}"' not in html
    assert client.post(url, {"page": 0, "action": "next", "site_name": "Kunshan"}).status_code == 302
    assert client.post(url, {"page": 1, "action": "next", "comment": ""}).status_code == 302
    response = SurveyResponse.objects.get(survey=survey)
    assert response.status == ResponseStatus.SUBMITTED


def test_or_other_and_a_calculated_value_work_in_the_browser(tenant: Any) -> None:
    survey, _ = imported(tenant, FIXTURES.OR_OTHER, "fuels")
    client = Client()
    url = f"/p/{links.public_token(survey)}/"
    html = client.get(url + "?page=0").content.decode()
    assert 'value="other"' in html
    answers = {"fuel": "other", "fuel_other": "biomass", "fuels": ["gas"]}
    assert client.post(url, {"page": 0, "action": "next", **answers}).status_code == 302
    stored = dict(Answer.objects.filter(response__survey=survey).values_list("question", "value"))
    assert stored["fuel"] == "other"
    assert stored["fuel_other"] == "biomass"

    survey, _ = imported(tenant, FIXTURES.CALCULATE, "energy")
    url = f"/p/{links.public_token(survey)}/"
    client = Client()
    assert 'name="why_large"' not in client.get(url + "?page=0").content.decode()
    fragment = client.post(url + "relevance/", {"electricity": "90", "gas": "20"}).content.decode()
    assert 'name="why_large"' in fragment, "the calculated energy (110 MWh) is large: the follow-up is shown"
    fragment = client.post(url + "relevance/", {"electricity": "40", "gas": "20"}).content.decode()
    assert 'name="why_large"' not in fragment


def test_a_response_export_imports_back(tenant: Any) -> None:
    """Issue 13 item 2: the CSV export (respondent, company, tier... then the questions) reads back in."""
    owner = Membership.objects.get(user=tenant.owner, organization=tenant.organization)
    survey = versions.create_builtin_survey(owner)
    original = demo_wave2_responses()
    data = responses_csv(original)
    result = importing.import_responses(survey, data, filename="responses.csv")
    assert result.imported == len(original)
    exported = tenant.client.get(f"/surveys/{survey.pk}/responses.csv")
    assert exported.status_code == 200
    other = versions.create_builtin_survey(owner)
    again = importing.import_responses(other, exported.content, filename="export.csv")
    assert again.imported == len(original)
    stored = Answer.objects.filter(response__survey=other, question="it_system").exclude(value="").count()
    assert stored == sum(1 for value in original.answers["it_system"] if value)


def test_editing_texts_keeps_what_is_not_asked(tenant: Any) -> None:
    survey, _ = imported(tenant, FIXTURES.NOT_RENDERED, "sites")
    before = versions.survey_form(survey)
    page = tenant.client.get(f"/surveys/{survey.pk}/questionnaire/?edit=1")
    data = {name: field.initial or "" for name, field in page.context["texts"].fields.items()}
    data["label__site_name__en"] = "Name of the site"
    assert tenant.client.post(f"/surveys/{survey.pk}/questionnaire/", data).status_code == 302
    survey.refresh_from_db()
    edited = versions.survey_form(survey)
    assert edited.question("site_name").label["en"] == "Name of the site"
    assert edited.hidden_questions == before.hidden_questions
    download = tenant.client.get(f"/surveys/{survey.pk}/questionnaire.xlsx")
    assert versions.read_form_upload(download.content, "again.xlsx") == edited
