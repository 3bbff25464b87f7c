"""Pages for product footprints: calculating (a background job), runs and what moved, a product's footprint
with its contribution tree (expandable level by level, with HTMX or without JavaScript), hotspots and what-if,
and the report as a page, a PDF (a background job) and an XLSX workbook."""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanlu.errors import InputError
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.jobs import services as jobs
from tanlu.web.jobs.documents import start_document
from tanlu.web.products import calculation, core, explaining, forms, reasons, reports
from tanlu.web.products.jobs import CALCULATE, REPORT_PDF
from tanlu.web.products.models import Allocation, CalculationRun, ProductSite, PurchasedItem, Result

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _lang(request: HttpRequest) -> str:
    return explaining.language(request.LANGUAGE_CODE)


@login_required
@require_POST
def calculate(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    form = forms.CalculateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a GWP set."))
        return redirect("products:home")
    job = jobs.start(
        organization=request.organization,  # type: ignore[attr-defined]
        user=request.user,  # type: ignore[arg-type]
        kind=CALCULATE,
        label=_("Product footprints (%(gwp)s)") % {"gwp": form.cleaned_data["gwp"]},
        parameters={
            "user_id": request.user.pk,
            "gwp": form.cleaned_data["gwp"],
            "samples": form.cleaned_data["samples"],
            "language": request.LANGUAGE_CODE,
        },
    )
    return redirect("jobs:detail", job_id=job.pk)


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    return render(
        request, "products/runs.html", {"runs": scoped(request, CalculationRun).select_related("created_by")}
    )


@login_required
def run_detail(request: HttpRequest, pcf_run_id: int) -> HttpResponse:
    run = get_scoped_or_404(request, CalculationRun.objects.select_related("created_by"), pk=pcf_run_id)
    earlier = calculation.previous_run(run)
    return render(
        request,
        "products/run.html",
        {
            "run": run,
            "results": Result.objects.filter(run=run),
            "earlier": earlier,
            "moved": calculation.what_moved(run, earlier),
            "limit": calculation.EXEMPTION_LIMIT,
        },
    )


def _result(request: HttpRequest, pcf_run_id: int, pcf_result_id: int) -> Result:
    run = get_scoped_or_404(request, CalculationRun, pk=pcf_run_id)
    return get_scoped_or_404(request, Result.objects.select_related("run"), pk=pcf_result_id, run=run)


@login_required
def footprint(request: HttpRequest, pcf_run_id: int, pcf_result_id: int) -> HttpResponse:
    """One product: total, fossil and biogenic, stages, gases, PDS, DQR, exemptions, the tree and what-if."""
    result = _result(request, pcf_run_id, pcf_result_id)
    lang = _lang(request)
    context: dict[str, Any] = {
        "result": result,
        "run": result.run,
        "stages": _named(calculation.lines(result, "stage"), explaining.stage_names()),
        "gases": sorted(calculation.lines(result, "gas").items()),
        "limit": calculation.EXEMPTION_LIMIT,
        "kinds": explaining.kind_names(),
    }
    try:
        explained = explaining.explain(result.run)
        root = explaining.tree(
            explained, result.product_id, explaining.parse_path(request.GET.get("open", "")), lang
        )
    except InputError as error:
        context["error"] = reasons.localize_reason(error.issue.reason)
    else:
        context.update(
            {
                "tree": root,
                "chart": explaining.hotspots(explained, result.product_id),
                "model_changed": explained.model_changed,
            }
        )
        context.update(_what_if_context(request, explained, result))
    return render(request, "products/footprint.html", context)


def _named(values: dict[str, float], names: dict[str, str]) -> list[tuple[str, float]]:
    """Stages in report order (materials first), each under its name in the reader's language."""
    order = {k: i for i, k in enumerate(calculation.STAGES)}
    return [(names.get(k, k), values[k]) for k in sorted(values, key=lambda k: (order.get(k, 99), k))]


@login_required
@require_GET
def tree_node(request: HttpRequest, pcf_run_id: int, pcf_result_id: int) -> HttpResponse:
    """The children of one node (HTMX fragment); without HTMX, the page with that node opened."""
    result = _result(request, pcf_run_id, pcf_result_id)
    path = explaining.parse_path(request.GET.get("path", ""))
    if not request.headers.get("HX-Request"):
        return redirect(f"{request.path.rsplit('tree/', 1)[0]}?open={'.'.join(map(str, path))}#tree")
    try:
        node = explaining.subtree(explaining.explain(result.run), result.product_id, path, _lang(request))
    except InputError as error:
        return HttpResponse(reasons.localize_reason(error.issue.reason), status=400)
    if node is None:
        raise Http404
    return render(
        request,
        "products/_tree_children.html",
        {"node": node, "result": result, "kinds": explaining.kind_names()},
    )


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _what_if_context(request: HttpRequest, explained: Any, result: Result) -> dict[str, Any]:
    """The what-if form and, when asked, the products that move, before and after; nothing is stored."""
    organization = request.organization  # type: ignore[attr-defined]
    items = list(
        PurchasedItem.objects.for_organization(organization).values_list("item_id", "kgco2e_per_unit")
    )
    sites = list(ProductSite.objects.for_organization(organization).values_list("name", "allocation"))
    factors = core.organization_factors(organization)
    electricity = sorted(
        (key, info.name_zh if _lang(request) == "zh" else info.name_en)
        for key, info in factors.activities().items()
        if info.scope == 2
    )
    asked = request.GET
    purchased: dict[str, float] = {}
    allocation: dict[str, str] = {}
    mix: dict[str, str] = {}
    errors = []
    if asked.get("item") and asked.get("item_value"):
        value = _number(asked["item_value"])
        if value is None or asked["item"] not in dict(items):
            errors.append(_("Give a footprint of zero or more for a purchased item of the model."))
        else:
            purchased[asked["item"]] = value
    if asked.get("site") in dict(sites) and asked.get("allocation") in Allocation.values:
        allocation[asked["site"]] = asked["allocation"]
    if asked.get("mix_site") in dict(sites) and asked.get("mix") in dict(electricity):
        mix[asked["mix_site"]] = asked["mix"]
    rows: list[dict[str, Any]] | None = None
    if (purchased or allocation or mix) and not errors:
        try:
            answer = core.what_if(
                explained.model,
                explained.footprints,
                purchased=purchased,
                allocation=allocation,
                electricity=mix,
            )
        except InputError as error:
            errors.append(reasons.localize_reason(error.issue.reason))
        else:
            rows = core.what_if_rows(answer)
    return {
        "whatif": {
            "items": items,
            "sites": sites,
            "allocations": Allocation.choices,
            "electricity": electricity,
            "asked": asked,
            "rows": rows,
            "errors": errors,
            "mine": next((r for r in rows or [] if r["product_id"] == result.product_id), None),
        }
    }


@login_required
def report(request: HttpRequest, pcf_run_id: int) -> HttpResponse:
    run = get_scoped_or_404(request, CalculationRun.objects.select_related("organization"), pk=pcf_run_id)
    return render(request, "products/report.html", reports.report_context(run, _lang(request)))


@login_required
@require_POST
def report_pdf(request: HttpRequest, pcf_run_id: int) -> HttpResponse:
    run = get_scoped_or_404(request, CalculationRun, pk=pcf_run_id)
    job = start_document(
        organization=run.organization,
        user=request.user,  # type: ignore[arg-type]
        kind=REPORT_PDF,
        label=_("PDF report: product footprints of %(date)s") % {"date": run.created_at.date().isoformat()},
        parameters={"run_id": run.pk, "language": request.LANGUAGE_CODE},
    )
    return redirect("jobs:detail", job_id=job.pk)


@login_required
def report_xlsx(request: HttpRequest, pcf_run_id: int) -> HttpResponse:
    run = get_scoped_or_404(request, CalculationRun.objects.select_related("organization"), pk=pcf_run_id)
    response = HttpResponse(reports.xlsx(run, _lang(request)), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="product-footprints-{run.created_at:%Y%m%d}.xlsx"'
    )
    return response
