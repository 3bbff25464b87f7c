"""The respondent's side: a personal link ``/s/<token>/`` or the public link ``/p/<token>/``, page by page.

The basic path is plain HTML forms (no JavaScript): every page is posted, validated by the survey core and stored at
once, so a closed browser or a restarted server loses nothing. HTMX only re-evaluates skip logic as soon as an
answer changes (the ``relevance`` fragment). Token lookups are rate-limited per client address
(:mod:`tanlu.web.accounts.throttle`): after too many unknown tokens, every token answers 429 for a while, with a page
that says how long to wait.

Redirects are built as ``HttpResponseRedirect`` of the URL, not with ``redirect()``: that first tries the URL as a
view name, and the failed ``reverse()`` cost about 2 % of a submission's CPU.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tanlu.errors import NotFound
from tanlu.survey.form import Form, Page, text_in
from tanlu.web.accounts import throttle
from tanlu.web.security import too_many_attempts
from tanlu.web.surveys import answering, forms, lifecycle, links, storing, versions
from tanlu.web.surveys.models import ResponseStatus, Survey, SurveyInvitation, SurveyResponse

RESUME_COOKIE = "tanlu_resume"
RESUME_COOKIE_AGE = 60 * 60 * 24 * 90
ALL_PAGES = "all"
#: what a submission key the form carries looks like (``secrets.token_urlsafe(32)``)
_SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{32,100}")


@dataclass
class Visit:
    """Who is answering what: the survey, the form, the invitation (personal link) and the response so far."""

    survey: Survey
    form: Form
    invitation: SurveyInvitation | None
    response: SurveyResponse | None
    resume_key: str | None
    base_url: str
    public: bool


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/respond/invalid.html", status=404)


def _lookup(request: HttpRequest, token: str, *, public: bool) -> Visit | HttpResponse:
    limits = throttle.link_miss_limits(request)
    # a personal link reads the limiter's count along with the invitation: one statement, not two
    probe = None if public else throttle.presence_probe(limits)
    if probe is None and (wait := throttle.retry_after(limits)):
        return too_many_attempts(request, wait)
    counted = 0
    try:
        if public:
            survey = links.find_public_survey(token)
            invitation = None
        else:
            invitation, counted = links.find_invitation_with(token, probe)
            survey = invitation.survey
    except NotFound:
        if probe is not None and (wait := throttle.retry_after(limits)):
            return too_many_attempts(request, wait)
        throttle.record(limits)
        return _invalid(request)
    if counted and (wait := throttle.retry_after(limits)):  # after too many misses even a valid link waits
        return too_many_attempts(request, wait)
    if (
        invitation is not None
        and not request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        and invitation.language
    ):
        translation.activate(invitation.language)
        request.LANGUAGE_CODE = translation.get_language()
    resume_key = request.COOKIES.get(f"{RESUME_COOKIE}_{survey.pk}") if public else None
    response = (
        answering.response_for_resume_key(survey, resume_key)
        if public
        else answering.response_for_invitation(invitation)  # type: ignore[arg-type]
    )
    base = reverse("surveys:respond_public" if public else "surveys:respond", args=[token])
    return Visit(survey, versions.survey_form(survey), invitation, response, resume_key, base, public)


def _language(request: HttpRequest, form: Form) -> str:
    return answering.form_language(form, translation.get_language() or settings.LANGUAGE_CODE)


def _page_of(form: Form, requested: str | None, default: int) -> tuple[int | str, Page]:
    pages = form.pages()
    if requested == ALL_PAGES:
        return ALL_PAGES, Page(None, {}, tuple(form.questions()))
    try:
        index = int(requested) if requested not in (None, "") else default
    except ValueError:
        index = default
    index = max(0, min(index, len(pages) - 1))
    return index, pages[index]


def _closed_or_done(request: HttpRequest, visit: Visit) -> HttpResponse | None:
    if visit.response is not None and visit.response.status == ResponseStatus.SUBMITTED:
        if visit.public and request.method == "POST":  # the cookie outlived the submission: nothing is stored
            return _thanks(visit)
        reply = render(request, "surveys/respond/submitted.html", _context(request, visit), status=200)
        if visit.public:
            reply.delete_cookie(f"{RESUME_COOKIE}_{visit.survey.pk}", path=visit.base_url)
        return reply
    if not lifecycle.is_open(visit.survey):
        template = (
            "surveys/respond/not_open.html"
            if visit.survey.status == "draft"
            else "surveys/respond/closed.html"
        )
        return render(request, template, _context(request, visit), status=410)
    return None


def _context(request: HttpRequest, visit: Visit, **extra: Any) -> dict[str, Any]:
    language = _language(request, visit.form)
    return {
        "survey": visit.survey,
        "survey_title": text_in(visit.form.title, language, visit.survey.identifier),
        "organization": visit.survey.organization,
        "invitation": visit.invitation,
        "response": visit.response,
        "base_url": visit.base_url,
        "public": visit.public,
        **extra,
    }


def _render_page(
    request: HttpRequest,
    visit: Visit,
    index: int | str,
    page: Page,
    *,
    values: dict[str, str],
    errors: dict[str, list[str]],
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    form = visit.form
    language = _language(request, form)
    _answers, shown, _issues = answering.evaluate(form, values)
    questions = forms.page_questions(
        form,
        page,
        language=language,
        values=values,
        shown=shown,
        errors=errors,
        controls=forms.controlling_names(form),
    )
    pages = form.pages()
    number = len(pages) if index == ALL_PAGES else int(index) + 1
    context = _context(
        request,
        visit,
        submission_key=_submission_key(request) if visit.public and visit.response is None else "",
        page_index=index,
        page_number=number,
        page_count=len(pages),
        page_title=text_in(page.label, language),
        questions=questions,
        error_count=sum(1 for q in questions if q.errors),
        any_required=any(q.required for q in questions if q.type != "note"),
        is_last=index == ALL_PAGES or int(index) == len(pages) - 1,
        is_first=index == ALL_PAGES or int(index) == 0,
        one_page=index == ALL_PAGES,
        notice=notice,
        page_names=[text_in(p.label, language) for p in pages],
    )
    return render(request, "surveys/respond/page.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    return _respond(request, token, public=False)


@never_cache
@require_http_methods(["GET", "POST"])
def respond_public(request: HttpRequest, token: str) -> HttpResponse:
    return _respond(request, token, public=True)


def _respond(request: HttpRequest, token: str, *, public: bool) -> HttpResponse:
    visit = _lookup(request, token, public=public)
    if isinstance(visit, HttpResponse):
        return visit
    if (done := _closed_or_done(request, visit)) is not None:
        return done
    if request.method == "GET":
        return _get_page(request, visit)
    return _post_page(request, visit)


def _get_page(request: HttpRequest, visit: Visit) -> HttpResponse:
    if visit.invitation is not None:
        answering.mark_opened(visit.invitation)
    if request.GET.get("saved") and visit.response is not None:
        return render(request, "surveys/respond/saved.html", _context(request, visit))
    if request.GET.get("thanks") and visit.public:
        return render(request, "surveys/respond/submitted.html", _context(request, visit))
    if visit.response is None and not request.GET.get("page"):
        return render(request, "surveys/respond/start.html", _start_context(request, visit))
    default = visit.response.page if visit.response is not None else 0
    index, page = _page_of(visit.form, request.GET.get("page"), default)
    return _render_page(
        request, visit, index, page, values=answering.stored_answers(visit.response), errors={}
    )


def _start_context(request: HttpRequest, visit: Visit) -> dict[str, Any]:
    form = visit.form
    return _context(
        request,
        visit,
        page_count=len(form.pages()),
        question_count=len(form.answer_questions()),
    )


def _submission_key(request: HttpRequest) -> str:
    """The key of a public link's first post: the one its form carries (so a double-click or a retry of the same
    form stores one response), else a new one."""
    posted = request.POST.get("key", "") if request.method == "POST" else ""
    return posted if _SUBMISSION_KEY.fullmatch(posted) else secrets.token_urlsafe(32)


def _target(index: int | str, action: str, page_count: int) -> tuple[int, bool]:
    """The page to show after this one, and whether this post submits the whole response."""
    if index == ALL_PAGES:
        return 0, action == "next"
    position = int(index)
    if action == "back":
        return max(0, position - 1), False
    if action == "next":
        last = position == page_count - 1
        return (position if last else position + 1), last
    return position, False


def _revealed(form: Form, page: Page, merged: dict[str, str], rendered: set[str]) -> bool:
    """Whether the answers just posted revealed an unanswered question of this page that was not on screen."""
    _answers, shown, _issues = answering.evaluate(form, merged)
    return any(
        q.takes_answer and shown.get(q.name) and q.name not in rendered and not merged.get(q.name, "").strip()
        for q in page.questions
    )


def _post_page(request: HttpRequest, visit: Visit) -> HttpResponse:
    form = visit.form
    pages = form.pages()
    index, page = _page_of(form, request.POST.get("page"), 0)
    action = request.POST.get("action", "next")
    target, submit = _target(index, action, len(pages))
    posted = forms.posted_answers(form, page, request.POST)
    merged = {**answering.stored_answers(visit.response), **posted}
    # the no-JavaScript path: a follow-up question that the answers just revealed is shown before moving on
    hold = (
        action == "next"
        and bool(request.POST.get("rendered_marker"))
        and _revealed(form, page, merged, set(request.POST.getlist("rendered")))
    )
    new_key = _submission_key(request) if visit.public and visit.response is None else None
    try:
        result = answering.save_page(
            visit.survey,
            form,
            page=page,
            posted=posted,
            response=visit.response,
            invitation=visit.invitation,
            resume_key=new_key or visit.resume_key,
            language=translation.get_language() or "",
            next_page=(0 if index == ALL_PAGES else int(index)) if hold else target,
            check_required=action == "next" and not hold,
            submit=submit and not hold,
        )
    except storing.AlreadySubmitted:
        if visit.public:  # a retry of a submission that succeeded: the browser gets the thanks it missed
            return _thanks(visit)
        return HttpResponseRedirect(visit.base_url)
    except answering.SurveyClosed:
        return render(request, "surveys/respond/closed.html", _context(request, visit), status=410)
    if not result.ok:
        if not any(
            q.name in result.errors for q in page.questions
        ):  # on submit: the first page with an error
            index, page = next(
                (n, p) for n, p in enumerate(pages) if any(q.name in result.errors for q in p.questions)
            )
        return _render_page(request, visit, index, page, values=merged, errors=result.errors, status=400)
    if result.submitted:
        return _thanks(visit) if visit.public else HttpResponseRedirect(f"{visit.base_url}?thanks=1")
    if hold:
        visit.response = result.response
        notice = _("Your answer opened a follow-up question below. Please answer it, then continue.")
        reply = _render_page(request, visit, index, page, values=merged, errors={}, notice=notice)
    elif action == "save":
        reply = HttpResponseRedirect(f"{visit.base_url}?saved=1")
    else:
        reply = HttpResponseRedirect(f"{visit.base_url}?page={ALL_PAGES if index == ALL_PAGES else target}")
    if new_key:
        reply.set_cookie(
            f"{RESUME_COOKIE}_{visit.survey.pk}",
            new_key,
            max_age=RESUME_COOKIE_AGE,
            path=visit.base_url,
            httponly=True,
            samesite="Lax",
            secure=not settings.DEBUG,
        )
    return reply


def _thanks(visit: Visit) -> HttpResponse:
    """After a public submission: the thanks page, and the browser forgets its resume key."""
    reply = HttpResponseRedirect(f"{visit.base_url}?thanks=1")
    reply.delete_cookie(f"{RESUME_COOKIE}_{visit.survey.pk}", path=visit.base_url)
    return reply


@require_POST
def relevance(request: HttpRequest, token: str) -> HttpResponse:
    return _relevance(request, token, public=False)


@require_POST
def relevance_public(request: HttpRequest, token: str) -> HttpResponse:
    return _relevance(request, token, public=True)


def _relevance(request: HttpRequest, token: str, *, public: bool) -> HttpResponse:
    """HTMX: the page's questions that depend on others, re-evaluated with the answers as they are on screen."""
    visit = _lookup(request, token, public=public)
    if isinstance(visit, HttpResponse):
        return visit
    if not lifecycle.is_open(visit.survey):
        return HttpResponse(status=410)
    form = visit.form
    _index, page = _page_of(form, request.POST.get("page"), 0)
    posted = forms.posted_answers(form, page, request.POST)
    values = {**answering.stored_answers(visit.response), **posted}
    _answers, shown, _issues = answering.evaluate(form, values)
    questions = forms.page_questions(
        form,
        page,
        language=_language(request, form),
        values=values,
        shown=shown,
        errors={},
        controls=forms.controlling_names(form),
    )
    dependent = [q for q in questions if _depends(form, q.name)]
    return render(
        request, "surveys/respond/_relevance.html", {"questions": dependent, "base_url": visit.base_url}
    )


def _depends(form: Form, name: str) -> bool:
    for question, groups in form.walk():
        if question.name == name:
            return bool(question.relevant) or any(group.relevant for group in groups)
    return False
