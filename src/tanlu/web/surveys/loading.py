"""Between the database and the survey core: a survey's questionnaire and its answers, read and written in bulk."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import polars as pl
from django.db import connection, transaction

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

    The answers are fetched as plain rows through the database cursor (no model or per-row ORM conversion) and
    split by question with polars and scattered into columns with numpy, so 100,000 respondents × 30 questions load in seconds. Invitation attributes
    (company, customer OEM, tier, region…) come along as respondent attributes, so results can be filtered by them.
    """
    form = load_form(survey)
    responses = SurveyResponse.objects.filter(survey=survey)
    if submitted_only:
        responses = responses.filter(status=ResponseStatus.SUBMITTED)
    rows = list(
        responses.order_by("started_at", "id").values_list(
            "pk", "respondent", "invitation__company", "invitation__attributes"
        )
    )
    names = [question.name for question in form.answer_questions()]
    count = len(rows)
    answers = {name: [""] * count for name in names}
    shown = {name: [False] * count for name in names}
    if count:
        position_of = np.full(max(pk for pk, *_rest in rows) + 1, -1, dtype=np.int64)
        position_of[[pk for pk, *_rest in rows]] = np.arange(count)
        sql, params = (
            Answer.objects.filter(response__in=responses.values("pk"))
            .values_list("response_id", "question", "value", "shown")
            .query.sql_with_params()
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if fetched:
            frame = pl.DataFrame(fetched, schema=["response", "question", "value", "shown"], orient="row")
            frame = frame.with_columns(position=pl.Series(position_of[frame["response"].to_numpy()]))
            for (name,), part in frame.partition_by("question", as_dict=True).items():
                if name not in answers:
                    continue
                positions = part["position"].to_numpy()
                column = np.full(count, "", dtype=object)
                column[positions] = part["value"].to_numpy().astype(object)
                answers[name] = column.tolist()
                visible = np.zeros(count, dtype=bool)
                visible[positions] = part["shown"].to_numpy()
                shown[name] = visible.tolist()
    attribute_names = sorted({key for *_head, attributes in rows for key in (attributes or {})})
    attributes = {"company": [company or "" for _pk, _r, company, _a in rows]}
    for key in attribute_names:
        attributes[key] = [str((attrs or {}).get(key, "")) for *_head, attrs in rows]
    return ResponseSet(
        form=form,
        respondents=[respondent for _pk, respondent, *_rest in rows],
        answers=answers,
        shown=shown,
        attributes=attributes,
    )


@transaction.atomic
def save_answers(response: SurveyResponse, answers: Mapping[str, str], shown: Mapping[str, bool]) -> None:
    """Replace the stored answers of ``response`` for the questions in ``shown`` (one DELETE, one INSERT)."""
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
