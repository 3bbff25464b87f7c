"""Results of a survey for its organization: live results with filters, cross-tabs, waves, highlights, report, files.

Views stay thin: they find the survey through the tenancy helpers, parse GET parameters (so every view is
bookmarkable) and call :mod:`.reports`, :mod:`.exports` and :mod:`.highlight_services`. HTMX requests get the part
of the page that changes; without JavaScript the same forms reload the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.errors import InputError
from tanlu.survey.form import CHOICE_TYPES, text_in
from tanlu.survey.stats import BASES, crosstab
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.jobs.documents import start_document
from tanlu.web.surveys import exports, highlight_services, reports
from tanlu.web.surveys.jobs import REPORT_PDF
from tanlu.web.surveys.models import Highlight, HighlightKind, Survey

BASE_LABELS = {
    "shown": gettext_lazy("Respondents shown the question"),
    "answered": gettext_lazy("Respondents who answered it"),
    "respondents": gettext_lazy("All respondents"),
}


def _survey(request: HttpRequest, survey_id: int) -> Survey:
    return get_scoped_or_404(request, Survey.objects.select_related("previous_wave"), pk=survey_id)


def _tabs_available() -> bool:
    """The shared survey tabs link to the authoring pages; show them once those pages exist."""
    try:
        reverse("surveys:detail", args=[0])
    except NoReverseMatch:
        return False
    return True


def _page(request: HttpRequest, survey: Survey, tab: str, **context: Any) -> dict[str, Any]:
    language = reports.report_language()
    title, title_other = reports.survey_title(survey, language)
    return {
        "survey": survey,
        "tab": tab,
        "tabs": _tabs_available(),
        "title": title,
        "title_other": title_other,
        "language": language,
        "can_edit": bool(getattr(request, "membership", None)) and request.membership.allows(Role.EDITOR),  # type: ignore[attr-defined]
        **context,
    }


def _only_get(request: HttpRequest) -> HttpResponse | None:
    return None if request.method in {"GET", "HEAD"} else HttpResponseNotAllowed(["GET"])


def _filter_choices(computed: reports.SurveyReport, language: str) -> list[dict[str, Any]]:
    """What results can be filtered by: each choice question's options, and each respondent attribute's values."""
    groups: list[dict[str, Any]] = []
    form = computed.responses.form
    for question in form.answer_questions():
        if question.type in CHOICE_TYPES:
            groups.append(
                {
                    "label": text_in(question.label, language, question.name),
                    "options": [
                        (f"{question.name}:{c.name}", text_in(c.label, language, c.name))
                        for c in form.choices_for(question)
                    ],
                }
            )
    for name, values in computed.responses.attributes.items():
        distinct = sorted({v for v in values if v})
        if distinct and len(distinct) <= 200:
            groups.append({"label": name, "options": [(f"{name}:{v}", v) for v in distinct]})
    return groups


def _filter_label(field: str, value: str, computed: reports.SurveyReport, language: str) -> str:
    form = computed.responses.form
    if form.has_question(field):
        question = form.question(field)
        names = {c.name: text_in(c.label, language, c.name) for c in form.choices_for(question)}
        return f"{text_in(question.label, language, field)} = {names.get(value, value)}"
    return f"{field} = {value}"


@login_required
def results(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Every question: shown, answered, skipped; option counts and shares with their base; searchable free text."""
    survey = _survey(request, survey_id)
    if (refused := _only_get(request)) is not None:
        return refused
    where_values = [w for w in request.GET.getlist("where") if w]
    base = request.GET.get("base", "shown")
    query = request.GET.get("q", "").strip()
    computed = reports.compute(survey, base=base, where=reports.parse_filters(where_values), compare=False)
    language = reports.report_language()
    questions = reports.question_views(computed.report, language)
    for view in questions:
        if view["kind"] == "text" and query:
            view["answers"] = [a for a in view["answers"] if query.casefold() in a.casefold()]
    active = []
    for value in where_values:
        field, _sep, option = value.partition(":")
        rest = [w for w in where_values if w != value]
        params = [("where", w) for w in rest] + ([("base", base)] if base != "shown" else [])
        params += [("q", query)] if query else []
        active.append(
            {
                "value": value,
                "label": _filter_label(field, option, computed, language),
                "remove": f"?{urlencode(params)}",
            }
        )
    context = _page(
        request,
        survey,
        "results",
        report=computed.report,
        stats=computed.report.stats,
        questions=questions,
        base=base,
        bases=[(b, str(BASE_LABELS[b])) for b in BASES],
        where=where_values,
        active_filters=active,
        filter_choices=_filter_choices(computed, language),
        query=query,
    )
    template = "surveys/results_body.html" if request.headers.get("HX-Request") else "surveys/results.html"
    return render(request, template, context)


@login_required
def crosstab_view(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Two choice questions against each other: counts, and row or column percentages."""
    survey = _survey(request, survey_id)
    if (refused := _only_get(request)) is not None:
        return refused
    computed = reports.compute(survey, compare=False)
    form = computed.responses.form
    language = reports.report_language()
    choices = [
        (q.name, text_in(q.label, language, q.name))
        for q in form.answer_questions()
        if q.type in CHOICE_TYPES
    ]
    names = [name for name, _label in choices]
    rows = request.GET.get("rows") or (names[1] if len(names) > 1 else "")
    columns = request.GET.get("columns") or (names[0] if names else "")
    percent = request.GET.get("percent", "column")
    context = _page(request, survey, "results", choices=choices, rows=rows, columns=columns, percent=percent)
    if rows in names and columns in names:
        table = crosstab(computed.responses, rows, columns)
        row_percent, column_percent = table.row_percent(), table.column_percent()
        labels = {}
        for name in (rows, columns):
            question = form.question(name)
            labels[name] = {c.name: text_in(c.label, language, c.name) for c in form.choices_for(question)}
        body = []
        for i, option in enumerate(table.rows):
            cells = [
                {"count": table.counts[i][j], "row": row_percent[i][j], "column": column_percent[i][j]}
                for j in range(len(table.columns))
            ]
            body.append({"label": labels[rows][option], "cells": cells, "total": table.row_totals[i]})
        context.update(
            table=table,
            header=[labels[columns][c] for c in table.columns],
            body=body,
            row_label=dict(choices)[rows],
            column_label=dict(choices)[columns],
            multiple=any(form.question(n).type == "select_multiple" for n in (rows, columns)),
        )
    template = "surveys/crosstab_table.html" if request.headers.get("HX-Request") else "surveys/crosstab.html"
    return render(request, template, context)


@login_required
def waves(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Choose the previous wave; compare the questions the two surveys share by name."""
    survey = _survey(request, survey_id)
    others = scoped(request, Survey).exclude(pk=survey.pk).order_by("-created_at")
    if request.method == "POST":
        require_role(getattr(request, "membership", None), Role.EDITOR)
        chosen = request.POST.get("previous_wave", "")
        survey.previous_wave = get_scoped_or_404(request, others, pk=chosen) if chosen else None
        survey.save(update_fields=["previous_wave", "updated_at"])
        messages.success(request, _("The previous wave is saved."))
        return redirect("surveys:waves", survey_id=survey.pk)
    language = reports.report_language()
    context = _page(
        request, survey, "results", others=[(s.pk, reports.survey_title(s, language)[0]) for s in others]
    )
    if survey.previous_wave is not None:
        computed = reports.compute(survey)
        names = (reports.survey_title(survey.previous_wave, language)[0], context["title"])
        context.update(
            computed=computed,
            previous=survey.previous_wave,
            wave_names=names,
            comparison=reports.comparison_views(computed.report, language, names),
            earlier_respondents=len(computed.earlier) if computed.earlier is not None else 0,
        )
    return render(request, "surveys/waves.html", context)


@login_required
def highlights(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The summary and take-aways: pick generated statements, write your own, edit and order them."""
    survey = _survey(request, survey_id)
    membership = getattr(request, "membership", None)
    if request.method == "POST":
        try:
            highlight_services.add(
                membership,
                survey,
                kind=request.POST.get("kind", HighlightKind.SUMMARY),
                key=request.POST.get("key", ""),
                text_en=request.POST.get("text_en", ""),
                text_zh=request.POST.get("text_zh", ""),
            )
        except InputError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The statement is added to the report."))
        return redirect("surveys:highlights", survey_id=survey.pk)
    stored = reports.curated(survey)
    context = _page(
        request,
        survey,
        "report",
        summary=stored[HighlightKind.SUMMARY],
        takeaways=stored[HighlightKind.TAKEAWAY],
        candidates=highlight_services.candidates(survey),
        kinds=HighlightKind.choices,
    )
    return render(request, "surveys/highlights.html", context)


def _highlight(request: HttpRequest, survey_id: int, highlight_id: int) -> tuple[Survey, Highlight]:
    survey = _survey(request, survey_id)
    return survey, get_scoped_or_404(request, Highlight.objects.filter(survey=survey), pk=highlight_id)


@login_required
@require_POST
def highlight_edit(request: HttpRequest, survey_id: int, highlight_id: int) -> HttpResponse:
    survey, highlight = _highlight(request, survey_id, highlight_id)
    try:
        highlight_services.update(
            getattr(request, "membership", None),
            highlight,
            text_en=request.POST.get("text_en", ""),
            text_zh=request.POST.get("text_zh", ""),
            kind=request.POST.get("kind", highlight.kind),
        )
    except InputError as error:
        messages.error(request, str(error))
    return redirect("surveys:highlights", survey_id=survey.pk)


@login_required
@require_POST
def highlight_move(request: HttpRequest, survey_id: int, highlight_id: int) -> HttpResponse:
    survey, highlight = _highlight(request, survey_id, highlight_id)
    highlight_services.move(
        getattr(request, "membership", None), highlight, request.POST.get("direction", "up")
    )
    return redirect(f"{reverse('surveys:highlights', args=[survey.pk])}#highlight-{highlight.pk}")


@login_required
@require_POST
def highlight_delete(request: HttpRequest, survey_id: int, highlight_id: int) -> HttpResponse:
    survey, highlight = _highlight(request, survey_id, highlight_id)
    highlight_services.delete(getattr(request, "membership", None), highlight)
    messages.success(request, _("The statement is removed from the report."))
    return redirect("surveys:highlights", survey_id=survey.pk)


@login_required
def report(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The report as a page: summary, take-aways, every question, the wave comparison, and the downloads."""
    survey = _survey(request, survey_id)
    if (refused := _only_get(request)) is not None:
        return refused
    language = reports.report_language()
    context = reports.report_context(reports.compute(survey), language)
    context.pop("survey")
    return render(request, "surveys/report.html", _page(request, survey, "report", **context))


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_file(request: HttpRequest, survey_id: int, file_format: str) -> HttpResponse:
    """The report as XLSX or JSON, in the reader's language (the PDF is made in the background: report_pdf)."""
    survey = _survey(request, survey_id)
    if (refused := _only_get(request)) is not None:
        return refused
    computed = reports.compute(survey)
    language = reports.report_language()
    if file_format == "json":
        return JsonResponse(reports.report_json_data(computed), json_dumps_params={"ensure_ascii": False})
    data = reports.report_xlsx(computed, language)
    return _download(data, f"{survey.identifier}-report.{file_format}", exports.CONTENT_TYPES[file_format])


@login_required
@require_POST
def report_pdf(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Start rendering the PDF report in the background; its job page shows the progress and then the download."""
    survey = _survey(request, survey_id)
    job = start_document(
        organization=survey.organization,
        user=request.user,
        kind=REPORT_PDF,
        label=_("PDF report: %(survey)s") % {"survey": survey},
        parameters={
            "survey_id": survey.pk,
            "language": get_language(),
            # the job's page links back to where the report was asked for
            "back_url": reverse("surveys:report", args=[survey.pk]),
            "back_label": _("Back to the survey's report"),
        },
    )
    return redirect("jobs:detail", job_id=job.pk)


@login_required
def responses_file(request: HttpRequest, survey_id: int, file_format: str) -> HttpResponse:
    """The raw responses, one row per respondent, as CSV or XLSX."""
    survey = _survey(request, survey_id)
    if (refused := _only_get(request)) is not None:
        return refused
    download = exports.responses_file(survey, file_format)
    return _download(download.data, download.filename, download.content_type)
