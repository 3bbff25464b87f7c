"""Answering a survey: the respondent's response, a page's answers checked and stored, submission.

Validation of answers is the survey core's (:func:`tanlu.survey.responses.check_response`), so the browser form,
the import and the API agree; :mod:`.storing` writes what passed in one short transaction.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.errors import NotFound, RowIssue
from tanlu.survey.form import Form, Page
from tanlu.survey.responses import check_response
from tanlu.web.accounts.models import hash_token
from tanlu.web.surveys.lifecycle import is_open
from tanlu.web.surveys.models import (
    Answer,
    InvitationStatus,
    ResponseStatus,
    Survey,
    SurveyInvitation,
    SurveyResponse,
)
from tanlu.web.surveys.storing import AlreadySubmitted, KeyTaken, PageResult, store

MAX_ANSWER_CHARS = 10_000
_REQUIRED = "an answer is required"


def stored_answers(response: SurveyResponse | None) -> dict[str, str]:
    if response is None:
        return {}
    return dict(Answer.objects.filter(response=response).exclude(value="").values_list("question", "value"))


def response_for_invitation(invitation: SurveyInvitation) -> SurveyResponse | None:
    if SurveyInvitation.response.is_cached(invitation):  # read along by find_invitation
        return getattr(invitation, "response", None)
    return SurveyResponse.objects.filter(invitation=invitation).first()


def response_for_resume_key(survey: Survey, key: str | None) -> SurveyResponse | None:
    """The public-link response this key started, in progress or submitted (a retry after success finds it)."""
    if not key or len(key) > 100:
        return None
    return SurveyResponse.objects.filter(survey=survey, resume_key_hash=hash_token(key)).first()


def mark_opened(invitation: SurveyInvitation) -> None:
    """The personal link was opened: ``not opened`` (or ``bounced``, evidently wrongly) becomes ``in progress``."""
    if invitation.status in {InvitationStatus.NOT_OPENED, InvitationStatus.BOUNCED}:
        SurveyInvitation.objects.filter(
            pk=invitation.pk, status__in=[InvitationStatus.NOT_OPENED, InvitationStatus.BOUNCED]
        ).update(status=InvitationStatus.IN_PROGRESS, opened_at=invitation.opened_at or timezone.now())
        invitation.status = InvitationStatus.IN_PROGRESS


def evaluate(form: Form, raw: Mapping[str, str]) -> tuple[dict[str, str], dict[str, bool], list[RowIssue]]:
    """Canonical answers of the questions shown, what is shown, and the issues (answers to hidden questions are
    dropped, not reported: a respondent who changes "yes" to "no" loses the follow-up, as on paper)."""
    response, issues = check_response(form, raw)
    visible_raw = {name: value for name, value in raw.items() if response.shown.get(name, True)}
    if len(visible_raw) != len(raw):
        response, issues = check_response(form, visible_raw)
    return response.answers, response.shown, issues


def _errors_for(issues: list[RowIssue], names: set[str], *, required: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for issue in issues:
        if issue.column in names and (required or issue.reason != _REQUIRED):
            errors.setdefault(str(issue.column), []).append(issue.reason)
    return errors


def save_page(
    survey: Survey,
    form: Form,
    *,
    page: Page,
    posted: Mapping[str, str],
    response: SurveyResponse | None,
    invitation: SurveyInvitation | None = None,
    resume_key: str | None = None,
    language: str = "",
    next_page: int = 0,
    check_required: bool = True,
    submit: bool = False,
) -> PageResult:
    """Validate the answers posted for one page (merged with those stored) and store them in one short transaction.

    Nothing is stored when an answer on the page is invalid; missing required answers block only moving on
    (``check_required``), never saving. ``submit`` checks the whole form and marks the response submitted, once.
    """
    if not is_open(survey):
        raise SurveyClosed
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        raise AlreadySubmitted
    names = {question.name for question in page.questions if question.takes_answer}
    too_long = {
        name: [_("The answer is too long.")]
        for name, value in posted.items()
        if len(value) > MAX_ANSWER_CHARS
    }
    if too_long:
        return PageResult(response, too_long)
    raw = {name: value for name, value in stored_answers(response).items() if name not in names}
    raw.update({name: value for name, value in posted.items() if name in names and value.strip()})
    answers, shown, issues = evaluate(form, raw)
    errors = _errors_for(issues, names, required=check_required or submit)
    if errors:
        return PageResult(response, errors)
    if submit:
        everything = _errors_for(issues, {q.name for q in form.answer_questions()}, required=True)
        if everything:
            return PageResult(response, everything)
    try:
        return store(
            survey,
            form=form,
            response=response,
            invitation=invitation,
            resume_key=resume_key,
            language=language,
            answers=answers,
            shown=shown,
            next_page=next_page,
            submit=submit,
        )
    except KeyTaken as taken:
        # the same first post arrived twice (a double-click, a retry): it continues the response the first stored
        return save_page(
            survey,
            form,
            page=page,
            posted=posted,
            response=taken.response,
            resume_key=resume_key,
            language=language,
            next_page=next_page,
            check_required=check_required,
            submit=submit,
        )


class SurveyClosed(NotFound):
    """The survey does not take answers (draft, closed, or past its close date)."""


def response_counts(survey: Survey) -> dict[str, int]:
    counts = dict(
        SurveyResponse.objects.filter(survey=survey).values_list("status").annotate(n=Count("id")).order_by()
    )
    return {status: counts.get(status, 0) for status in ResponseStatus.values}


def form_language(form: Form, language_code: str) -> str:
    """The form's language for an interface language (``zh-hans`` -> ``zh``), else the form's default."""
    wanted = (
        "zh" if language_code.lower().startswith("zh") else language_code.split("-", maxsplit=1)[0].lower()
    )
    return wanted if wanted in form.languages else form.default_language
