"""The surveys JSON API: token authentication, the seed report through HTTP, uploads all or nothing, tenancy.

Expected numbers: AIAG *Carbon Performance Survey* report of 30 March 2023 (wave 2), every printed percentage, as
transcribed in ``tests/fixtures/surveys/aiag_wave2_expected.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tanlu.web.accounts import services
from tanlu.web.accounts.models import Membership, Role
from tanlu.web.surveys import importing
from tanlu.web.surveys.models import SurveyResponse

FIXTURES = Path(__file__).parents[2] / "fixtures" / "surveys"
pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def api(tenant: Any) -> dict[str, Any]:
    membership = Membership.objects.get(user=tenant.owner, organization=tenant.organization)
    _record, token = services.create_api_token(membership, name="tests")
    survey = importing.import_form(tenant.organization, (FIXTURES / "aiag_wave2.xlsx").read_bytes()).survey
    return {
        "client": Client(),
        "auth": {"HTTP_AUTHORIZATION": f"Bearer {token}"},
        "survey": survey,
        "tenant": tenant,
    }


def _upload(api: dict[str, Any], path: Path, name: str | None = None) -> Any:
    with path.open("rb") as handle:
        return api["client"].post(
            f"/api/surveys/{api['survey'].identifier}/responses", {"file": handle}, **api["auth"]
        )


def test_upload_then_report_reproduces_the_seed(api: dict[str, Any]) -> None:
    response = _upload(api, FIXTURES / "aiag_wave2_responses.csv")
    assert response.status_code == 201, response.content
    assert response.json() == {"survey": "aiag_wave2", "imported": 245, "encoding": "utf-8"}
    report = api["client"].get("/api/surveys/aiag_wave2/report", **api["auth"]).json()
    expected = json.loads((FIXTURES / "aiag_wave2_expected.json").read_text(encoding="utf-8"))
    questions = {
        q["name"]: {o["name"]: o["percent"] for o in q.get("options", [])} for q in report["questions"]
    }
    for name, shares in expected.items():
        for option, printed in shares.items():
            assert f"{questions[name][option]:.2f}" == printed, (name, option)
    assert report["respondents"] == 245
    filtered = (
        api["client"].get("/api/surveys/aiag_wave2/report?where=company_type:oem", **api["auth"]).json()
    )
    assert filtered["respondents"] == 5


def test_a_bad_upload_answers_400_with_every_row_and_stores_nothing(
    api: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("respondent,wave1,it_system\nr1,yes,nothing\nr2,perhaps,none\n", encoding="utf-8")
    response = _upload(api, path)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {(e["row"], e["column"], e["value"]) for e in errors} >= {
        (2, "it_system", "nothing"),
        (3, "wave1", "perhaps"),
    }
    assert all(e["reason"] for e in errors)
    assert SurveyResponse.objects.count() == 0


def test_responses_download_is_csv(api: dict[str, Any]) -> None:
    _upload(api, FIXTURES / "aiag_wave2_responses.csv")
    response = api["client"].get("/api/surveys/aiag_wave2/responses?format=csv", **api["auth"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbfrespondent,")


def test_without_a_credential_the_api_answers_401(api: dict[str, Any]) -> None:
    assert Client().get("/api/surveys/aiag_wave2/report").status_code == 401
    bad = {"HTTP_AUTHORIZATION": "Bearer tanlu_not-a-token"}
    assert Client().get("/api/surveys", **bad).status_code == 401


def test_another_organizations_survey_is_404_like_a_missing_one(
    api: dict[str, Any], tenant_factory: Callable[..., Any]
) -> None:
    other = tenant_factory("Gamma 伽马")
    importing.import_form(other.organization, (FIXTURES / "aiag_wave1.xlsx").read_bytes())
    theirs = api["client"].get("/api/surveys/aiag_wave1_demo/report", **api["auth"])
    missing = api["client"].get("/api/surveys/nothing_here/report", **api["auth"])
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    listed = api["client"].get("/api/surveys", **api["auth"]).json()
    assert [s["identifier"] for s in listed] == ["aiag_wave2"]


def test_a_viewer_cannot_upload(api: dict[str, Any], make_user: Callable[..., Any]) -> None:
    viewer = make_user()
    membership = Membership.objects.create(
        user=viewer, organization=api["tenant"].organization, role=Role.VIEWER
    )
    _record, token = services.create_api_token(membership, name="viewer")
    with (FIXTURES / "aiag_wave2_responses.csv").open("rb") as handle:
        response = Client().post(
            "/api/surveys/aiag_wave2/responses", {"file": handle}, HTTP_AUTHORIZATION=f"Bearer {token}"
        )
    assert response.status_code == 403
    assert SurveyResponse.objects.count() == 0


def test_the_endpoints_are_documented_in_openapi() -> None:
    schema = Client().get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "/api/surveys/{identifier}/report" in paths
    assert "post" in paths["/api/surveys/{identifier}/responses"]
    assert paths["/api/surveys/{identifier}/report"]["get"]["security"]
