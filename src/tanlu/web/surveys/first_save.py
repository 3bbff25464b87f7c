"""A respondent's first save written with three prepared statements instead of the ORM's insert machinery.

The first save of a response is most submissions (a one-page form, or ``?page=all``): one response row, one row
per question, the invitation's status. Built through the ORM, the 19 model objects and their INSERTs cost more CPU
than the rest of the request together (``benchmarks/bench_submission_cpu.py`` with ``--profile``); here the
statements are written once per process and the rows go as plain values. Same rows, same transaction, same unique
keys: a concurrent first save of the same invitation or resume key still fails on them with ``IntegrityError``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import cache

from django.db import connection

from tanlu.web.surveys.models import Answer, Survey, SurveyInvitation, SurveyResponse

__all__ = ["insert_answers", "insert_response", "set_invitation_status"]

_RESPONSE_COLUMNS = (
    "organization_id", "survey_id", "invitation_id", "resume_key_hash", "respondent", "status", "language", "page",
    "form_version", "imported", "import_batch", "answer_sheet", "started_at", "updated_at", "submitted_at",
)  # fmt: skip


def _name(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


@cache
def _response_sql(vendor: str) -> str:
    del vendor  # one statement per database kind
    marks = ", ".join(["%s"] * len(_RESPONSE_COLUMNS))
    return (
        f"INSERT INTO {_name(SurveyResponse)} ({', '.join(_RESPONSE_COLUMNS)}) VALUES ({marks}) RETURNING id"  # noqa: S608 - names from the model
    )


@cache
def _answers_sql(vendor: str, rows: int) -> str:
    del vendor
    values = ", ".join(["(%s, %s, %s, %s)"] * rows)
    return f"INSERT INTO {_name(Answer)} (response_id, question, value, shown) VALUES {values}"  # noqa: S608


def insert_response(
    survey: Survey,
    *,
    invitation: SurveyInvitation | None,
    resume_key_hash: str | None,
    respondent: str,
    status: str,
    language: str,
    page: int,
    now: datetime.datetime,
    submitted_at: datetime.datetime | None,
    answer_sheet: str | None,
) -> SurveyResponse:
    """Insert the response row and return it as a model instance (with its new id)."""
    adapt = connection.ops.adapt_datetimefield_value
    stamp = adapt(now)
    submitted = None if submitted_at is None else stamp if submitted_at == now else adapt(submitted_at)
    values = [
        survey.organization_id, survey.pk, invitation.pk if invitation is not None else None, resume_key_hash,
        respondent, status, language, page, survey.form_version, False, "", answer_sheet, stamp, stamp, submitted,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_response_sql(connection.vendor), values)
        (new_id,) = cursor.fetchone()
    response = SurveyResponse(
        id=new_id,
        organization_id=survey.organization_id,
        survey=survey,
        invitation=invitation,
        resume_key_hash=resume_key_hash,
        respondent=respondent,
        status=status,
        language=language,
        page=page,
        form_version=survey.form_version,
        answer_sheet=answer_sheet,
        started_at=now,
        updated_at=now,
        submitted_at=submitted_at,
    )
    response._state.adding = False
    return response


def insert_answers(response_id: int, rows: Sequence[tuple[str, str, bool]]) -> None:
    """Insert ``(question, value, shown)`` rows of a response in one statement."""
    if not rows:
        return
    values = [item for question, value, shown in rows for item in (response_id, question, value, shown)]
    with connection.cursor() as cursor:
        cursor.execute(_answers_sql(connection.vendor, len(rows)), values)


def set_invitation_status(invitation_id: int, status: str, opened_at: datetime.datetime) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_name(SurveyInvitation)} SET status = %s, opened_at = %s WHERE id = %s",  # noqa: S608
            [status, connection.ops.adapt_datetimefield_value(opened_at), invitation_id],
        )
