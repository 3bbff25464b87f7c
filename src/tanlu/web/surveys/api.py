"""The surveys part of the JSON API: list surveys, read a report, download and upload responses.

Every endpoint needs an API token (``Authorization: Bearer tanlu_…``) or a signed-in session, and works in that
credential's organization only: another organization's survey answers 404 exactly like a missing one. Errors are
``{"detail": …, "errors": [{row, column, value, reason, …}]}`` (the API's one TanluError handler).
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from tanlu.errors import NotFound
from tanlu.web.accounts.api_auth import api_auth
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import scoped
from tanlu.web.surveys import exports, importing, reports
from tanlu.web.surveys.models import ResponseStatus, Survey

router = Router(auth=api_auth, tags=["surveys"])


class SurveyOut(Schema):
    identifier: str
    title: dict[str, str]
    status: str
    form_version: int
    respondents: int
    previous_wave: str | None


class ImportOut(Schema):
    survey: str
    imported: int
    encoding: str | None


class ErrorOut(Schema):
    type: str
    detail: str
    errors: list[dict[str, Any]] = []


class ReportQuery(Schema):
    base: Literal["shown", "answered", "respondents"] = "shown"
    where: list[str] = []
    compare: bool = True


def _survey(request: HttpRequest, identifier: str) -> Survey:
    survey = scoped(request, Survey).select_related("previous_wave").filter(identifier=identifier).first()
    if survey is None:
        raise NotFound("no such survey")
    return survey


def _download(download: exports.Download) -> HttpResponse:
    response = HttpResponse(download.data, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("", response=list[SurveyOut], summary="The organization's surveys")
def list_surveys(request: HttpRequest) -> list[dict[str, Any]]:
    surveys = scoped(request, Survey).select_related("previous_wave").order_by("identifier")
    return [
        {
            "identifier": s.identifier,
            "title": {"en": s.title_en, "zh": s.title_zh},
            "status": s.status,
            "form_version": s.form_version,
            "respondents": s.responses.filter(status=ResponseStatus.SUBMITTED).count(),
            "previous_wave": s.previous_wave.identifier if s.previous_wave else None,
        }
        for s in surveys
    ]


@router.get(
    "/{identifier}/report",
    response={200: dict[str, Any], 400: ErrorOut, 404: ErrorOut},
    summary="The survey's report as JSON",
    description=(
        "Every question with shown, answered and skipped counts; for choice questions each option's count and "
        "percent (rounded half up to two decimals) of the base; free-text answers; generated highlights; the "
        "owner's summary and take-aways; and the comparison with the previous wave. `base` is `shown` (default: "
        "respondents to whom the question was shown), `answered` or `respondents`. `where=field:value` "
        "(repeatable) keeps respondents whose answer or invitation attribute `field` is `value`."
    ),
)
def survey_report(request: HttpRequest, identifier: str, query: Query[ReportQuery]) -> dict[str, Any]:
    survey = _survey(request, identifier)
    computed = reports.compute(
        survey, base=query.base, where=reports.parse_filters(query.where), compare=query.compare
    )
    return reports.report_json_data(computed)


@router.get(
    "/{identifier}/responses",
    response={200: None, 400: ErrorOut, 404: ErrorOut},
    summary="The submitted responses as CSV or XLSX",
    description="One row per respondent; select_multiple both as space-separated names and as 0/1 columns "
    "(`question/choice`). Every cell that a spreadsheet would read as a formula is written as text.",
)
def download_responses(
    request: HttpRequest, identifier: str, format: Literal["csv", "xlsx"] = "csv"
) -> HttpResponse:
    return _download(exports.responses_file(_survey(request, identifier), format))


@router.post(
    "/{identifier}/responses",
    response={201: ImportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Import responses from a CSV or XLSX file, all or nothing",
    description="The header holds question names; select_multiple answers are space-separated choice names. "
    "CSV in UTF-8 or GBK. A file with any bad cell stores nothing and answers 400 listing every bad row, column, "
    "value and reason. Needs the editor role.",
)
def upload_responses(request: HttpRequest, identifier: str, file: File[UploadedFile]) -> Status:
    require_role(getattr(request, "membership", None), Role.EDITOR)
    survey = _survey(request, identifier)
    result = importing.import_responses(survey, file.read(), filename=file.name or "responses.csv")
    return Status(
        201, {"survey": survey.identifier, "imported": result.imported, "encoding": result.encoding}
    )
