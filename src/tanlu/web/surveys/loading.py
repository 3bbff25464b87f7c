"""Between the database and the survey core: a survey's questionnaire and its answers, read and written in bulk."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from django.db import transaction

from tanlu.survey.form import Form
from tanlu.survey.responses import ResponseSet
from tanlu.survey.xlsform import read_xlsform
from tanlu.web.surveys.models import Answer, ResponseStatus, Survey, SurveyResponse


@lru_cache(maxsize=64)
def _parsed(survey_id: int, version: int, workbook: bytes) -> Form:
    return read_xlsform(workbook, filename=f"survey-{survey_id}-v{version}.xlsx")


def load_form(survey: Survey) -> Form:
    """The survey's questionnaire, parsed once per version and process."""
    return _parsed(survey.pk, survey.form_version, bytes(survey.form_xlsx))


def load_responses(survey: Survey, *, submitted_only: bool = True) -> ResponseSet:
    """Every response of ``survey`` as the core's column-wise ResponseSet, read with two queries.

    Invitation attributes (company, customer OEM, tier, region…) come along as respondent attributes, so results can
    be filtered by them.
    """
    form = load_form(survey)
    responses = SurveyResponse.objects.filter(survey=survey)
    if submitted_only:
        responses = responses.filter(status=ResponseStatus.SUBMITTED)
    rows = list(responses.order_by("started_at", "id").values_list(
        "pk", "respondent", "invitation__company", "invitation__attributes"))
    index = {pk: position for position, (pk, *_rest) in enumerate(rows)}
    names = [question.name for question in form.answer_questions()]
    answers = {name: [""] * len(rows) for name in names}
    shown = {name: [False] * len(rows) for name in names}
    for response_id, question, value, was_shown in Answer.objects.filter(
        response__in=responses
    ).values_list("response_id", "question", "value", "shown").iterator(chunk_size=20_000):
        position = index.get(response_id)
        if position is None or question not in answers:
            continue
        answers[question][position] = value
        shown[question][position] = was_shown
    attribute_names = sorted({key for *_head, attributes in rows for key in (attributes or {})})
    attributes = {"company": [company or "" for _pk, _r, company, _a in rows]}
    for key in attribute_names:
        attributes[key] = [str((attrs or {}).get(key, "")) for *_head, attrs in rows]
    return ResponseSet(form=form, respondents=[respondent for _pk, respondent, *_rest in rows], answers=answers,
                       shown=shown, attributes=attributes)


@transaction.atomic
def save_answers(response: SurveyResponse, answers: Mapping[str, str], shown: Mapping[str, bool]) -> None:
    """Replace the stored answers of ``response`` for the questions in ``shown`` (one DELETE, one INSERT)."""
    Answer.objects.filter(response=response, question__in=list(shown)).delete()
    Answer.objects.bulk_create([
        Answer(response=response, question=name, value=answers.get(name, "") if visible else "", shown=visible)
        for name, visible in shown.items()
    ])
