"""Pages for results: the dashboard, calculation runs and their explanations, what moved, the report (HTML, PDF,
XLSX) and its boundary settings, the method guide, and targets."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.carbon.factors import CATEGORIES
from tanlu.errors import InputError, RowsRejected
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.inventory import calculation, dashboard, explaining, forms, guide, reasons, reports, targets
from tanlu.web.inventory.jobs import REPORT_PDF
from tanlu.web.inventory.models import (
    CalculationRun,
    FactorSetVersion,
    ProductionMetric,
    ReportSettings,
    Target,
)
from tanlu.web.inventory.views_data import can
from tanlu.web.jobs.documents import start_document
from tanlu.web.params import optional_int_param

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _lang(request: HttpRequest) -> explaining.Language:
    return explaining.language(request.LANGUAGE_CODE)


def _basis(request: HttpRequest) -> str:
    return "location" if request.GET.get("basis") == "location" else "market"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    organization = request.organization  # type: ignore[attr-defined]
    years = calculation.years_with_data(organization)
    runs = calculation.latest_runs_by_year(organization)
    year = optional_int_param(request.GET.get("year"), name="year", high=9999) or (
        max(runs) if runs else (years[0] if years else None)
    )
    run = runs.get(year) if year else None
    if (chosen := optional_int_param(request.GET.get("run"), name="run")) is not None:
        # a stored run given back by a calculation (e.g. the option switched back) rather than the newest
        run = get_scoped_or_404(request, CalculationRun.objects.select_related("factor_set"), pk=chosen)
        year = run.year
    context: dict[str, Any] = {
        "years": sorted(set(years) | set(runs), reverse=True),
        "year": year,
        "run": run,
        "can_edit": can(request, Role.EDITOR),
        "basis": _basis(request),
        "calculate_form": forms.CalculateForm(
            initial={"year": year, "gwp": calculation.default_gwp(organization)}
        ),
    }
    if run is not None:
        context.update(dashboard.context(run, _lang(request), _basis(request)))
        context["status"] = calculation.status(organization, run)
    return render(request, "inventory/dashboard.html", context)


@login_required
@require_POST
def calculate(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    form = forms.CalculateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year and a GWP set."))
        return redirect("inventory:dashboard")
    version: Any = "latest"
    if (factor_set := optional_int_param(request.POST.get("factor_set"), name="factor_set")) is not None:
        version = get_scoped_or_404(request, FactorSetVersion, pk=factor_set)
    try:
        run, created = calculation.calculate(
            request.membership, form.cleaned_data["year"], gwp=form.cleaned_data["gwp"], version=version
        )  # type: ignore[attr-defined]
    except RowsRejected as error:
        for issue in error.issues[:20]:
            messages.error(request, reasons.localize_issue(issue))
        return redirect("inventory:dashboard")
    except InputError as error:
        messages.error(request, reasons.localize_reason(error.issue.reason))
        return redirect("inventory:dashboard")
    if created:
        messages.success(request, _("The inventory of %(year)s was calculated.") % {"year": run.year})
    else:
        messages.info(
            request,
            _("Nothing changed since the stored result of %(date)s: it is shown unchanged.")
            % {"date": run.created_at.date().isoformat()},
        )
    return redirect(f"{_url('inventory:dashboard')}?year={run.year}&run={run.pk}")


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse  # noqa: PLC0415

    return reverse(name, args=args)


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    listed = scoped(request, CalculationRun).select_related("factor_set", "created_by")
    return render(request, "inventory/runs.html", {"runs": listed})


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """A total drilled down: ?scope, ?category, ?site, ?activity narrow it; rows are spelled out as sentences."""
    run = get_scoped_or_404(request, CalculationRun.objects.select_related("factor_set"), pk=run_id)
    scope = int(request.GET["scope"]) if request.GET.get("scope") in ("1", "2", "3") else None
    category = request.GET.get("category") if request.GET.get("category") in CATEGORIES else None
    site = request.GET.get("site") or None
    activity = request.GET.get("activity") or None
    lang = _lang(request)
    try:
        recomputed = calculation.recompute(run)
    except InputError as error:
        return render(request, "inventory/run_detail.html", {"run": run, "error": str(error)})
    basis = (
        _basis(request)
        if scope == 2 or category in ("purchased_electricity", "purchased_heat")
        else ("market" if request.GET.get("basis") == "market" else "location")
    )
    data = explaining.breakdown(
        recomputed.inventory,
        scope=scope,
        category=category,
        site=site,
        activity=activity,
        basis=basis,
        lang=lang,
        limit=200,
    )
    title_parts = []
    if scope:
        title_parts.append(explaining.scope_name(scope, lang))
    if category:
        title_parts.append(explaining.category_name(category, lang))
    if site:
        title_parts.append(site)
    if activity:
        title_parts.append(activity)
    return render(
        request,
        "inventory/run_detail.html",
        {
            "run": run,
            "data": data,
            "scope": scope,
            "category": category,
            "site": site,
            "activity": activity,
            "title": " / ".join(title_parts) or _("Total"),
            "inputs_changed": recomputed.inputs_changed,
            "query_basis": basis,
            "show_basis": scope in (None, 2)
            and category in (None, "purchased_electricity", "purchased_heat"),
            "scopes": [
                (1, run.scope1),
                (2, run.scope2_market if basis == "market" else run.scope2_location),
                (3, run.scope3),
            ],
        },
    )


@login_required
def run_compare(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_scoped_or_404(request, CalculationRun.objects.select_related("factor_set"), pk=run_id)
    versions = list(scoped(request, FactorSetVersion))
    chosen = None
    if (version := optional_int_param(request.GET.get("version"), name="version")) is not None:
        chosen = get_scoped_or_404(request, FactorSetVersion, pk=version)
    elif versions:
        chosen = versions[0]
    moved = calculation.compare(run, chosen)
    lang = _lang(request)
    for line in moved:
        line["name"] = explaining.category_name(line["category"], lang)
    return render(
        request,
        "inventory/run_compare.html",
        {
            "run": run,
            "versions": versions,
            "chosen": chosen,
            "moved": moved,
            "total_old": sum(m["old_market"] for m in moved),
            "total_new": sum(m["new_market"] for m in moved),
            "can_edit": can(request, Role.EDITOR),
        },
    )


@login_required
def report(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_scoped_or_404(
        request, CalculationRun.objects.select_related("factor_set", "organization"), pk=run_id
    )
    context = reports.report_context(run, _lang(request))
    context["can_manage"] = can(request, Role.OWNER)
    return render(request, "inventory/report.html", context)


@login_required
@require_POST
def report_pdf(request: HttpRequest, run_id: int) -> HttpResponse:
    """Start rendering the PDF report in the background; the job's page shows progress, then the download."""
    run = get_scoped_or_404(request, CalculationRun, pk=run_id)
    job = start_document(
        organization=run.organization,
        user=request.user,
        kind=REPORT_PDF,
        label=_("PDF report: GHG inventory %(year)s") % {"year": run.year},
        parameters={"run_id": run.pk, "lang": _lang(request), "language": request.LANGUAGE_CODE},
    )
    return redirect("jobs:detail", job_id=job.pk)


@login_required
def report_xlsx(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_scoped_or_404(
        request, CalculationRun.objects.select_related("factor_set", "organization"), pk=run_id
    )
    response = HttpResponse(reports.xlsx(run, _lang(request)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ghg-inventory-{run.year}.xlsx"'
    return response


@login_required
def report_settings(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    organization = request.organization  # type: ignore[attr-defined]
    instance = ReportSettings.objects.for_organization(organization).first() or ReportSettings(
        organization=organization
    )
    form = forms.ReportSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST":
        require_role(request.membership, Role.OWNER)  # type: ignore[attr-defined]
        if form.is_valid():
            form.save()
            audit(organization, request.user, "inventory.report_settings", "")  # type: ignore[arg-type]
            messages.success(request, _("The report settings were saved."))
            return redirect("inventory:report_settings")
    return render(
        request, "inventory/report_settings.html", {"form": form, "can_manage": can(request, Role.OWNER)}
    )


@login_required
def guide_index(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    lang = _lang(request)
    run = calculation.latest_run(request.organization)  # type: ignore[attr-defined]
    figures = {line.key: line.location_t for line in calculation.lines(run, "category")} if run else {}
    entries = [
        {
            "slug": t.slug,
            "title": guide.text(t.title, lang),
            "scope": t.scope,
            "category": t.category,
            "tonnes": figures.get(t.category) if t.category else None,
        }
        for t in guide.TOPICS
    ]
    return render(request, "inventory/guide_index.html", {"entries": entries, "run": run})


def guide_page(slug: str):  # type: ignore[no-untyped-def]
    topic = guide.BY_SLUG[slug]

    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        if (response := _need_organization(request)) is not None:
            return response
        lang = _lang(request)
        run = calculation.latest_run(request.organization)  # type: ignore[attr-defined]
        data = None
        if run is not None:
            try:
                inventory = calculation.recompute(run).inventory
                data = explaining.breakdown(
                    inventory,
                    scope=topic.scope,
                    category=topic.category,
                    lang=lang,
                    limit=3,
                    basis="market" if topic.scope == 2 else "location",
                )
            except InputError:
                data = None
        index = guide.TOPICS.index(topic)
        return render(
            request,
            "inventory/guide_page.html",
            {
                "topic": topic,
                "title": guide.text(topic.title, lang),
                "paragraphs": [guide.text(p, lang) for p in topic.method],
                "formula": guide.text(topic.formula, lang),
                "collect": [guide.text(c, lang) for c in topic.collect],
                "run": run,
                "data": data,
                "previous": guide.TOPICS[index - 1] if index > 0 else None,
                "next": guide.TOPICS[index + 1] if index + 1 < len(guide.TOPICS) else None,
                "previous_title": guide.text(guide.TOPICS[index - 1].title, lang) if index > 0 else "",
                "next_title": guide.text(guide.TOPICS[index + 1].title, lang)
                if index + 1 < len(guide.TOPICS)
                else "",
            },
        )

    view.__name__ = f"guide_{slug.replace('-', '_')}"
    return view


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    organization = request.organization  # type: ignore[attr-defined]
    target_form = forms.TargetForm(request.POST if request.POST.get("form") == "target" else None)
    metric_form = forms.MetricForm(request.POST if request.POST.get("form") == "metric" else None)
    if request.method == "POST":
        require_role(request.membership, Role.OWNER)  # type: ignore[attr-defined]
        form = target_form if request.POST.get("form") == "target" else metric_form
        if form.is_valid():
            if form is metric_form:
                ProductionMetric.objects.update_or_create(
                    organization=organization,
                    year=form.cleaned_data["year"],
                    defaults={"value": form.cleaned_data["value"], "unit": form.cleaned_data["unit"]},
                )
                messages.success(request, _("Production figure saved."))
            else:
                target = form.save(commit=False)
                target.organization = organization
                target.save()
                messages.success(request, _("Target added."))
            return redirect("inventory:targets")
    goals = [targets.progress(t) for t in scoped(request, Target)]
    return render(
        request,
        "inventory/targets.html",
        {
            "goals": goals,
            "target_form": target_form,
            "metric_form": metric_form,
            "metrics": scoped(request, ProductionMetric),
            "can_manage": can(request, Role.OWNER),
        },
    )


@login_required
def target_detail(request: HttpRequest, target_id: int) -> HttpResponse:
    target = get_scoped_or_404(request, Target, pk=target_id)
    if request.method == "POST":
        require_role(request.membership, Role.OWNER)  # type: ignore[attr-defined]
        if request.POST.get("action") == "delete":
            target.delete()
            messages.info(request, _("Target deleted."))
            return redirect("inventory:targets")
        raise Http404
    return render(
        request,
        "inventory/target_detail.html",
        {"goal": targets.progress(target), "can_manage": can(request, Role.OWNER)},
    )
