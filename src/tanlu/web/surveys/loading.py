"""Between the database and the survey core: a survey's questionnaire and its answers, read and written in bulk."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from django.db import transaction

from tanlu.survey.form import Form
from tanlu.survey.responses import ResponseSet
from tanlu.survey.xlsform import read_xlsform
from tanlu.web.surveys import answer_sheet, answers_read
from tanlu.web.surveys.models import Answer, ResponseStatus, Survey, SurveyResponse


@lru_cache(maxsize=64)
def _parsed(survey_id: int, version: int, workbook: bytes) -> Form:
    return read_xlsform(workbook, filename=f"survey-{survey_id}-v{version}.xlsx")


def load_form(survey: Survey) -> Form:
    """The survey's questionnaire, parsed once per version and process."""
    return _parsed(survey.pk, survey.form_version, bytes(survey.form_xlsx))


def load_responses(survey: Survey, *, submitted_only: bool = True) -> ResponseSet:
    """Every response of ``survey`` as the core's column-wise ResponseSet, read in bulk.

    One row per response, with its answer sheet (:mod:`tanlu.web.surveys.answer_sheet`), split in C into columns;
    the answers of a response without a sheet (stored before sheets existed, or holding a separator) are read
    from their rows, as CSV text the database writes (:mod:`tanlu.web.surveys.answers_read`). Both give the same
    columns. Invitation attributes (company, customer OEM, tier, region...) come along as respondent attributes,
    so results can be filtered by them.
    """
    form = load_form(survey)
    responses = SurveyResponse.objects.filter(survey=survey)
    if submitted_only:
        responses = responses.filter(status=ResponseStatus.SUBMITTED)
    else:
        responses = responses.exclude(status=ResponseStatus.IMPORTING)
    rows = list(
        responses.order_by("started_at", "id").values_list(
            "pk", "respondent", "invitation__company", "invitation__attributes", "answer_sheet"
        )
    )
    names = [question.name for question in form.answer_questions()]
    count = len(rows)
    packed = [(position, row[4]) for position, row in enumerate(rows) if row[4] is not None]
    answers, shown, failed = answer_sheet.unpack(
        [sheet for _position, sheet in packed], [position for position, _sheet in packed], count, names
    )
    unpacked = sorted({*failed, *(position for position, row in enumerate(rows) if row[4] is None)})
    if unpacked:
        ids = [rows[position][0] for position in unpacked]
        found, visible = answers_read.columns_by_question(
            answers_read.answer_frame(survey.pk, ids), ids, names
        )
        if len(unpacked) == count:
            answers, shown = found, visible
        for name in names if len(unpacked) < count else ():
            for offset, position in enumerate(unpacked):
                answers[name][position] = found[name][offset]
                shown[name][position] = visible[name][offset]
    attribute_names = sorted({key for row in rows for key in (row[3] or {})})
    attributes = {"company": [row[2] or "" for row in rows]}
    for key in attribute_names:
        attributes[key] = [str((row[3] or {}).get(key, "")) for row in rows]
    return ResponseSet(
        form=form,
        respondents=[row[1] for row in rows],
        answers=answers,
        shown=shown,
        attributes=attributes,
    )


@transaction.atomic
def save_answers(response: SurveyResponse, answers: Mapping[str, str], shown: Mapping[str, bool]) -> None:
    """Replace the stored answers of ``response`` for the questions in ``shown`` (one DELETE, one INSERT), and
    rewrite its answer sheet from all its rows (those of questions not in ``shown`` stay as they were)."""
    Answer.objects.filter(response=response, question__in=list(shown)).delete()
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question=name,
                value=answers.get(name, "") if visible else "",
                shown=visible,
            )
            for name, visible in shown.items()
        ]
    )
    rows = {
        question: (question, value, visible)
        for question, value, visible in Answer.objects.filter(response=response).values_list(
            "question", "value", "shown"
        )
    }
    ordered = [rows.pop(name) for name in shown if name in rows] + [rows[name] for name in sorted(rows)]
    sheet = answer_sheet.pack(ordered)
    SurveyResponse.objects.filter(pk=response.pk).update(answer_sheet=sheet)
    response.answer_sheet = sheet
