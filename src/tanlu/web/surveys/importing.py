"""Importing questionnaires (XLSForm) and response tables into an organization's surveys.

Shared by the CLI (``tanlu survey import-form`` / ``import-responses``) and the JSON API. Both imports are all or
nothing: a form that does not parse, or a response table with any bad cell, stores nothing and raises a
:class:`~tanlu.errors.TanluError` that lists every problem (row, column, value and reason).

* :func:`import_form` creates the survey named by the form's ``form_id``, or stores a new version of its
  questionnaire; a new version may not drop a question that already has answers.
* :func:`import_responses` validates the table with the core (:func:`tanlu.survey.responses.import_responses`:
  skip logic, required answers, constraints, choice names), then writes one submitted, ``imported`` response per
  row and one :class:`~tanlu.web.surveys.models.Answer` per question, with whether it was shown, in short
  committed chunks that become visible together (:mod:`tanlu.web.surveys.import_store`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.db import transaction

from tanlu.errors import InputError, NotFound, RowIssue, RowsRejected
from tanlu.survey.form import Form
from tanlu.survey.responses import RESPONDENT_COLUMN
from tanlu.survey.responses import import_responses as validate_table
from tanlu.survey.xlsform import read_xlsform, write_xlsform
from tanlu.tabular import read_table
from tanlu.web.accounts.models import Organization
from tanlu.web.surveys import import_store
from tanlu.web.surveys.loading import load_form
from tanlu.web.surveys.models import Answer, Survey, SurveyResponse

__all__ = [
    "FormImport",
    "ResponsesImport",
    "find_organization",
    "find_survey",
    "import_form",
    "import_responses",
]

_IDENTIFIER = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")


@dataclass(frozen=True)
class FormImport:
    survey: Survey
    created: bool
    version: int


@dataclass(frozen=True)
class ResponsesImport:
    survey: Survey
    imported: int
    encoding: str | None


def find_organization(choice: str | None) -> Organization:
    """The organization named by id or name; without a choice, the only one in the database."""
    organizations = Organization.objects.order_by("pk")
    if choice:
        found = organizations.filter(pk=int(choice)) if choice.isdigit() else organizations.none()
        found = found or organizations.filter(name=choice) or organizations.filter(name_en=choice)
        if len(found) == 1:
            return found[0]
        raise NotFound(f"no organization {choice!r}; there are: {_listing(organizations)}")
    count = organizations.count()
    if count == 1:
        return organizations[0]
    if count == 0:
        raise NotFound("the database has no organization yet: run `tanlu createadmin` or `tanlu demo` first")
    raise InputError(
        f"the database has {count} organizations; choose one: {_listing(organizations)}",
        column="--organization",
    )


def _listing(organizations: object) -> str:
    return "; ".join(f"{o.pk} {o.name}" for o in organizations)  # type: ignore[attr-defined]


def find_survey(organization: Organization, identifier: str) -> Survey:
    """The organization's survey with this identifier (form_id), or :class:`NotFound`."""
    survey = Survey.objects.for_organization(organization).filter(identifier=identifier).first()
    if survey is None:
        known = ", ".join(Survey.objects.for_organization(organization).values_list("identifier", flat=True))
        raise NotFound(
            f"no survey {identifier!r} in {organization.name}" + (f"; there are: {known}" if known else "")
        )
    return survey


def _answered_questions(survey: Survey) -> set[str]:
    return set(
        Answer.objects.filter(response__survey=survey)
        .exclude(value="")
        .values_list("question", flat=True)
        .distinct()
    )


@transaction.atomic
def import_form(organization: Organization, data: bytes, *, filename: str = "form.xlsx") -> FormImport:
    """Create the survey of this XLSForm, or store a new version of its questionnaire (see the module docstring)."""
    form = read_xlsform(data, filename=filename)
    if not _IDENTIFIER.match(form.form_id):
        raise InputError(
            "the form_id must be letters, digits, - or _ (at most 100)",
            file=filename,
            sheet="settings",
            column="form_id",
            value=form.form_id,
        )
    workbook = data if data[:2] == b"PK" else write_xlsform(form)
    titles = {"title_en": form.title.get("en", "")[:300], "title_zh": form.title.get("zh", "")[:300]}
    if not any(titles.values()):
        titles["title_en"] = next(iter(form.title.values()), form.form_id)[:300]
    survey = (
        Survey.objects.for_organization(organization)
        .select_for_update()
        .filter(identifier=form.form_id)
        .first()
    )
    if survey is None:
        survey = Survey.objects.create(
            organization=organization, identifier=form.form_id, form_xlsx=workbook, **titles
        )
        return FormImport(survey, created=True, version=survey.form_version)
    kept = {question.name for question in form.answer_questions()}
    dropped = sorted(_answered_questions(survey) - kept)
    if dropped:
        raise RowsRejected(
            [
                RowIssue(
                    row=None,
                    column=name,
                    value=None,
                    file=filename,
                    sheet="survey",
                    reason="this question has answers and the new version drops it",
                )
                for name in dropped
            ],
            file=filename,
        )
    survey.form_xlsx = workbook
    survey.form_version += 1
    for key, value in titles.items():
        setattr(survey, key, value)
    survey.save(update_fields=["form_xlsx", "form_version", "title_en", "title_zh", "updated_at"])
    return FormImport(survey, created=False, version=survey.form_version)


def import_responses(survey: Survey, data: bytes, *, filename: str = "responses.csv") -> ResponsesImport:
    """Validate a response table (CSV in UTF-8 or GBK, or XLSX) and store it all or nothing.

    The header holds question names (select_multiple as one column of space-separated choice names, or as
    ``question/choice`` 0/1 columns); an optional ``respondent`` column gives respondent ids, else the file's
    fingerprint and row number make them. A respondent id already stored for this survey rejects the file.
    Columns before the first question are respondent attributes, where the response export writes them
    (``company``, ``tier``…): an export reads back. They are checked for nothing and not stored (an imported
    response has no invitation to carry them); an unknown column after the first question rejects the file.
    """
    table = read_table(data, filename=filename, header_detection=False)
    if not table.headers or not any(table.headers):
        raise InputError("the file has no header row of question names", file=filename)
    form = load_form(survey)
    responses = validate_table(form, table, attributes=_attribute_columns(form, table.headers))
    if RESPONDENT_COLUMN not in table.headers:
        fingerprint = hashlib.sha256(data).hexdigest()[:10]
        responses.respondents[:] = [f"{fingerprint}-{number}" for number in table.row_numbers]
    issues: list[RowIssue] = []
    seen: dict[str, int] = {}
    for number, respondent in zip(table.row_numbers, responses.respondents, strict=True):
        if not respondent or len(respondent) > 64:
            issues.append(
                RowIssue(
                    number,
                    RESPONDENT_COLUMN,
                    respondent,
                    "a respondent id of 1 to 64 characters is required",
                    filename,
                )
            )
        elif respondent in seen:
            issues.append(
                RowIssue(
                    number,
                    RESPONDENT_COLUMN,
                    respondent,
                    f"the same respondent as row {seen[respondent]}",
                    filename,
                )
            )
        else:
            seen[respondent] = number
    import_store.delete_stale_batches(survey)
    # the survey's respondent ids, matched here: an IN list of 100,000 ids took Django seconds to build
    stored = SurveyResponse.objects.filter(survey=survey).values_list("respondent", flat=True)
    existing = set(stored.iterator(chunk_size=10_000)) & seen.keys()
    for respondent in sorted(existing, key=seen.__getitem__):
        reason = (
            "already imported" if RESPONDENT_COLUMN in table.headers else "this file was already imported"
        )
        issues.append(RowIssue(seen[respondent], RESPONDENT_COLUMN, respondent, reason, filename))
    if issues:
        raise RowsRejected(issues, file=filename)
    _store(survey, responses.respondents, responses.answers, responses.shown)
    return ResponsesImport(survey, len(responses), table.encoding)


def _attribute_columns(form: Form, headers: list[str]) -> list[str]:
    """The columns before the first question column, but ``respondent``; none when no column is a question."""
    questions = {question.name for question in form.questions()}
    for position, header in enumerate(headers):
        if header in questions or header.partition("/")[0] in questions:
            return [name for name in headers[:position] if name != RESPONDENT_COLUMN]
    return []


def _store(
    survey: Survey, respondents: list[str], answers: dict[str, list[str]], shown: dict[str, list[bool]]
) -> None:
    """Write submitted, imported responses and their answers in short chunks, all or nothing
    (:func:`tanlu.web.surveys.import_store.store_imported`)."""
    import_store.store_imported(survey, respondents, answers, shown)
