"""Storing a checked page of answers: the response, its answers and the invitation's status in one transaction.

Concurrent first saves of one invitation or resume key are decided by the database's unique keys, never by a read
before the write. The response's answer sheet (:mod:`.answer_sheet`) is written with its answers, in the same
transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.errors import InputError
from tanlu.survey.form import Form
from tanlu.web.accounts.models import hash_token
from tanlu.web.surveys import answer_sheet, first_save, loading
from tanlu.web.surveys.models import (
    InvitationStatus,
    ResponseStatus,
    Survey,
    SurveyInvitation,
    SurveyResponse,
)


@dataclass
class PageResult:
    """What saving a page did: the response (None when nothing was stored) and the errors per question."""

    response: SurveyResponse | None
    errors: dict[str, list[str]]
    submitted: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class AlreadySubmitted(InputError):
    """The response was submitted; it can no longer be changed."""

    def __init__(self) -> None:
        super().__init__(_("These answers were submitted already."))


class KeyTaken(Exception):
    """A first save whose resume key another request stored first: ``response`` is the one it stored."""

    def __init__(self, response: SurveyResponse) -> None:
        super().__init__(response.pk)
        self.response = response


def store(
    survey: Survey,
    *,
    form: Form,
    response: SurveyResponse | None,
    invitation: SurveyInvitation | None,
    resume_key: str | None,
    language: str,
    answers: dict[str, str],
    shown: dict[str, bool],
    next_page: int,
    submit: bool,
) -> PageResult:
    now = timezone.now()
    visible = {q.name: shown.get(q.name, False) for q in form.answer_questions()}
    # a first save needs no DELETE of earlier answers: the rows are built here, outside the write lock
    new_answers = (
        [(name, answers.get(name, "") if seen else "", seen) for name, seen in visible.items()]
        if response is None
        else []
    )
    sheet = answer_sheet.pack(new_answers) if response is None else None
    try:
        with transaction.atomic():
            if response is None:
                response = first_save.insert_response(
                    survey,
                    invitation=invitation,
                    resume_key_hash=hash_token(resume_key) if resume_key else None,
                    respondent=secrets.token_hex(8),
                    status=ResponseStatus.SUBMITTED if submit else ResponseStatus.IN_PROGRESS,
                    language=language[:10],
                    page=next_page,
                    now=now,
                    submitted_at=now if submit else None,
                    answer_sheet=sheet,
                )
            elif not submit:
                updated = SurveyResponse.objects.filter(
                    pk=response.pk, status=ResponseStatus.IN_PROGRESS
                ).update(
                    page=next_page, language=language[:10], form_version=survey.form_version, updated_at=now
                )
                if not updated:
                    raise AlreadySubmitted
            elif submit:
                # the status check makes a double submission change nothing the second time
                updated = SurveyResponse.objects.filter(
                    pk=response.pk, status=ResponseStatus.IN_PROGRESS
                ).update(
                    status=ResponseStatus.SUBMITTED,
                    submitted_at=now,
                    language=language[:10],
                    form_version=survey.form_version,
                    updated_at=now,
                )
                if not updated:
                    raise AlreadySubmitted
                response.status, response.submitted_at = ResponseStatus.SUBMITTED, now
            if new_answers:
                first_save.insert_answers(response.pk, new_answers)
            else:
                loading.save_answers(response, answers, visible)
            if invitation is not None:
                status = InvitationStatus.COMPLETED if submit else InvitationStatus.IN_PROGRESS
                if invitation.status != status or invitation.opened_at is None:
                    invitation.opened_at = invitation.opened_at or now
                    first_save.set_invitation_status(invitation.pk, status, invitation.opened_at)
                    invitation.status = status
    except IntegrityError:
        # a concurrent first save of the same invitation or resume key created the response: nothing of ours was
        # stored (the unique keys on ``invitation`` and ``resume_key_hash`` decide which request stored it)
        first = (
            SurveyResponse.objects.filter(survey=survey, resume_key_hash=hash_token(resume_key)).first()
            if response is None and invitation is None and resume_key
            else None
        )
        raise (AlreadySubmitted() if first is None else KeyTaken(first)) from None
    response.page = next_page
    return PageResult(response, {}, submitted=submit)
