"""Between the database and the survey core: a survey's questionnaire and its answers, read and written in bulk."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from functools import lru_cache
from operator import itemgetter
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import FloatField, QuerySet
from django.db.models.functions import Cast, Extract

from tanlu.survey.form import Form
from tanlu.survey.responses import ResponseSet
from tanlu.survey.xlsform import read_xlsform
from tanlu.web.surveys import answer_sheet, answers_read
from tanlu.web.surveys.models import Answer, ResponseStatus, Survey, SurveyInvitation, SurveyResponse


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
    rows = _in_started_order(responses)
    invitations = _invitations(survey, {row[2] for row in rows if row[2] is not None})
    names = [question.name for question in form.answer_questions()]
    count = len(rows)
    sheets = [row[3] for row in rows]
    without = [position for position, sheet in enumerate(sheets) if sheet is None] if None in sheets else []
    if without:
        missing = set(without)
        positions: range | list[int] = [p for p in range(count) if p not in missing]
        sheets = [sheets[position] for position in positions]
    else:
        positions = range(count)
    answers, shown, failed = answer_sheet.unpack(sheets, positions, count, names)
    unpacked = sorted({*failed, *without})
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
    attribute_names = sorted({key for _company, attributes in invitations.values() for key in attributes})
    no_one = ("", {})
    invited = [invitations.get(row[2], no_one) if row[2] is not None else no_one for row in rows]
    attributes = {"company": [company or "" for company, _attributes in invited]}
    for key in attribute_names:
        attributes[key] = [str(values.get(key, "")) for _company, values in invited]
    return ResponseSet(
        form=form,
        respondents=[row[1] for row in rows],
        answers=answers,
        shown=shown,
        attributes=attributes,
    )


def _in_started_order(responses: QuerySet[SurveyResponse]) -> list[tuple[Any, ...]]:
    """``(pk, respondent, invitation_id, answer_sheet)`` of ``responses`` in the order they were started.

    PostgreSQL sorts these wide rows (30 MB at 100,000 responses) on disk, which took a third of a second, so
    there they come unsorted with their start as seconds since the epoch (a double: exact to the microsecond for
    centuries) and are put in order here, by the same keys: start, then id. SQLite sorts them itself, fast.
    """
    columns = ("pk", "respondent", "invitation_id", "answer_sheet")
    if connection.vendor != "postgresql":
        return _fetch(responses.order_by("started_at", "id").values_list(*columns))
    started = Cast(Extract("started_at", "epoch", tzinfo=datetime.UTC), FloatField())
    rows = _fetch(responses.annotate(started_epoch=started).values_list(*columns, "started_epoch"))
    if not rows:
        return rows
    order = np.lexsort(
        (
            np.fromiter(map(itemgetter(0), rows), dtype=np.int64),
            np.fromiter(map(itemgetter(4), rows), dtype=float),
        )
    )
    if bool(np.all(order[1:] > order[:-1])):  # stored in that order already, as imports and most surveys are
        return rows
    return [rows[position] for position in order.tolist()]


def _fetch(rows: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` query as the driver gives them: integers and texts need none of the ORM's
    per-value converters, which cost a quarter of a second at 100,000 responses."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _invitations(survey: Survey, ids: set[int]) -> dict[int, tuple[str, dict[str, Any]]]:
    """Company and attributes of the invitations ``ids`` (the survey's, read in one query, only when a response
    came through one: most imported and public-link responses did not)."""
    if not ids:
        return {}
    found = {
        pk: (company, attributes or {})
        for pk, company, attributes in SurveyInvitation.objects.filter(survey=survey).values_list(
            "pk", "company", "attributes"
        )
        if pk in ids
    }
    missing = sorted(ids - found.keys())  # a response moved from another survey's invitation, in principle
    for start in range(0, len(missing), 500):
        for pk, company, attributes in SurveyInvitation.objects.filter(
            pk__in=missing[start : start + 500]
        ).values_list("pk", "company", "attributes"):
            found[pk] = (company, attributes or {})
    return found


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
