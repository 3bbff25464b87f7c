"""The owner's side of surveys: the list, creating one (built-in or XLSForm), its overview, questionnaire and invitations.

Viewers read everything; editors and owners change things. Every object is reached through the tenancy helpers, so
another organization's ids answer 404; every change is checked again by the service it calls.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from tanlu.errors import InputError, RowsRejected
from tanlu.survey.form import text_in
from tanlu.survey.xlsform import write_xlsform
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.surveys import answering, forms, import_notes, lifecycle, links, mailing, versions
from tanlu.web.surveys.models import ResponseStatus, Survey

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _can_edit(request: HttpRequest) -> bool:
    membership = request.membership  # type: ignore[attr-defined]
    return membership is not None and membership.allows(Role.EDITOR)


def _survey(request: HttpRequest, survey_id: int) -> Survey:
    return get_scoped_or_404(request, Survey.objects.defer("form_xlsx"), pk=survey_id)


def _issues(error: InputError) -> list[str]:
    """Every problem of an upload, one line each, naming file, sheet, row and column."""
    if isinstance(error, RowsRejected):
        return [str(issue) for issue in error.issues]
    return [str(error.issue)]


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    surveys = (
        scoped(request, Survey)
        .defer("form_xlsx")
        .annotate(
            invited=Count("invitations", distinct=True),
            submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED), distinct=True),
        )
    )
    return render(
        request,
        "surveys/list.html",
        {"surveys": surveys, "can_edit": _can_edit(request), "upload_form": forms.UploadForm()},
    )


_ZH_NUMBERS = "一二三四五六七八九十"


def _wave_titles(wave: int) -> dict[str, str]:
    """The shipped questionnaire's names for a wave (what the AIAG prints: 第二轮, Wave 2)."""
    number = _ZH_NUMBERS[wave - 1] if 1 <= wave <= len(_ZH_NUMBERS) else str(wave)
    return {"title_zh": f"碳表现调查（第{number}轮）", "title_en": f"Carbon Performance Survey (Wave {wave})"}


@login_required
def create_builtin(request: HttpRequest) -> HttpResponse:
    """The AIAG questionnaire as a new survey: asks its wave, its names and the earlier wave to compare with."""
    if (response := _need_organization(request)) is not None:
        return response
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    earlier = scoped(request, Survey).defer("form_xlsx").order_by("-created_at")
    waves = [
        int(match.group(1))
        for identifier in earlier.values_list("identifier", flat=True)
        if (match := re.fullmatch(r"aiag_wave(\d{1,2})(?:_\d+)?", identifier))
    ]
    wave = max(waves, default=1) + 1
    initial = {"wave": wave, **_wave_titles(wave), "previous_wave": earlier.first() if waves else None}
    form = forms.BuiltinForm(earlier, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = versions.create_builtin_survey(
            request.membership,  # type: ignore[attr-defined]
            wave=data["wave"],
            titles={"zh": data["title_zh"], "en": data["title_en"]},
            previous_wave=data["previous_wave"],
        )
        messages.success(
            request, _("The survey was created as a draft. Check it, then open it to take answers.")
        )
        return redirect("surveys:detail", survey_id=survey.pk)
    return render(
        request, "surveys/new_builtin.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@login_required
def create_upload(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    issues: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            survey = versions.create_survey_from_upload(request.membership, upload.read(), upload.name)  # type: ignore[attr-defined]
        except InputError as error:
            issues = _issues(error)
        else:
            messages.success(request, _("The questionnaire was imported as a draft survey."))
            _note_unasked(request, survey)
            return redirect("surveys:detail", survey_id=survey.pk)
    return render(
        request, "surveys/new.html", {"form": form, "issues": issues}, status=400 if issues else 200
    )


def _note_unasked(request: HttpRequest, survey: Survey) -> None:
    """Say at once what the imported form holds that the browser will not ask (the questionnaire tab lists it)."""
    lines = import_notes.describe(versions.survey_form(survey))
    if lines:
        text = ngettext(
            "%(count)d row of the form is kept but not asked or applied here: %(rows)s",
            "%(count)d rows of the form are kept but not asked or applied here: %(rows)s",
            len(lines),
        )
        messages.warning(request, text % {"count": len(lines), "rows": "; ".join(lines)})


@login_required
def detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    form = versions.survey_form(survey)
    settings_form = forms.SettingsForm(
        initial={"closes_at": survey.closes_at, "public_link_enabled": survey.public_link_enabled}
    )
    return render(request, "surveys/detail.html", _detail_context(request, survey, form, settings_form))


def _detail_context(
    request: HttpRequest, survey: Survey, form: object, settings_form: forms.SettingsForm
) -> dict:  # type: ignore[type-arg]
    invitations = mailing.invitation_counts(survey)
    responses = answering.response_counts(survey)
    base = links.link_base(request.build_absolute_uri("/"))
    return {
        "survey": survey,
        "tab": "overview",
        "questionnaire": form,
        "invitations": invitations,
        "responses": responses,
        "is_open": lifecycle.is_open(survey),
        "public_url": links.public_url(survey, base)
        if survey.public_link_enabled and survey.public_link_nonce
        else "",
        "link_base": base,
        "base_configured": links.base_url_configured(),
        "settings_form": settings_form,
        "can_edit": _can_edit(request),
        "page_count": len(form.pages()),  # type: ignore[attr-defined]
        "question_count": len(form.answer_questions()),  # type: ignore[attr-defined]
    }


@login_required
@require_POST
def update_settings(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    settings_form = forms.SettingsForm(request.POST)
    if not settings_form.is_valid():
        context = _detail_context(request, survey, versions.survey_form(survey), settings_form)
        return render(request, "surveys/detail.html", context, status=400)
    lifecycle.update_settings(request.membership, survey, **settings_form.cleaned_data)  # type: ignore[attr-defined]
    messages.success(request, _("The survey's settings were saved."))
    return redirect("surveys:detail", survey_id=survey.pk)


@login_required
@require_POST
def open_survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    try:
        lifecycle.open_survey(request.membership, survey)  # type: ignore[attr-defined]
    except InputError as error:
        messages.error(request, error.issue.reason)
    else:
        messages.success(request, _("The survey is open: its links take answers."))
    return redirect("surveys:detail", survey_id=survey.pk)


@login_required
@require_POST
def close_survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    lifecycle.close_survey(request.membership, survey)  # type: ignore[attr-defined]
    messages.success(request, _("The survey is closed: its links show that it has ended."))
    return redirect("surveys:detail", survey_id=survey.pk)


@login_required
@require_POST
def renew_public_link(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    lifecycle.renew_public_link(request.membership, survey)  # type: ignore[attr-defined]
    messages.success(request, _("The public link was replaced; the old one no longer works."))
    return redirect("surveys:detail", survey_id=survey.pk)


@login_required
def questionnaire(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    form = versions.survey_form(survey)
    texts = forms.TextsForm(form, request.POST or None)
    if request.method == "POST":
        require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
        if texts.is_valid():
            versions.edit_texts(request.membership, survey, titles=texts.titles(), labels=texts.labels())  # type: ignore[attr-defined]
            messages.success(request, _("The texts were saved as a new version of the questionnaire."))
            return redirect("surveys:questionnaire", survey_id=survey.pk)
    return render(request, "surveys/questionnaire.html", _questionnaire_context(request, survey, texts))


def _questionnaire_context(
    request: HttpRequest,
    survey: Survey,
    texts: forms.TextsForm,
    upload: forms.UploadForm | None = None,
    issues: list[str] | None = None,
) -> dict:  # type: ignore[type-arg]
    form = texts.questionnaire
    pages = []
    for page in form.pages():
        pages.append(
            {
                "label_zh": text_in(page.label, "zh"),
                "label_en": text_in(page.label, "en"),
                "questions": [
                    {
                        "question": question,
                        "label_zh": question.label.get("zh", ""),
                        "label_en": question.label.get("en", ""),
                        "choices": [
                            (c.name, c.label.get("zh", ""), c.label.get("en", ""))
                            for c in form.choices_for(question)
                        ],
                    }
                    for question in page.questions
                ],
            }
        )
    return {
        "survey": survey,
        "tab": "questionnaire",
        "questionnaire": form,
        "pages": pages,
        "texts": texts,
        "upload_form": upload or forms.UploadForm(),
        "issues": issues or [],
        "unasked": import_notes.describe(form),
        "can_edit": _can_edit(request),
        "editing": request.GET.get("edit") == "1" or texts.is_bound,
    }


@login_required
@require_POST
def upload_version(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    upload_form = forms.UploadForm(request.POST, request.FILES)
    issues: list[str] = []
    if upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        try:
            versions.upload_version(request.membership, survey, upload.read(), upload.name)  # type: ignore[attr-defined]
        except InputError as error:
            issues = _issues(error)
        else:
            messages.success(request, _("The new version of the questionnaire is in use."))
            _note_unasked(request, survey)
            return redirect("surveys:questionnaire", survey_id=survey.pk)
    texts = forms.TextsForm(versions.survey_form(survey))
    context = _questionnaire_context(request, survey, texts, upload_form, issues)
    return render(request, "surveys/questionnaire.html", context, status=400)


@login_required
@require_GET
def download_xlsform(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    data = write_xlsform(versions.survey_form(survey))
    response = HttpResponse(data, content_type=XLSX)
    name = slugify(survey.identifier) or "survey"
    response["Content-Disposition"] = f'attachment; filename="{name}-v{survey.form_version}.xlsx"'
    return response
