"""Pages of the exchange area: a product exported as PACT or Catena-X JSON from its footprint page, the export
settings, importing suppliers' footprint files with the validation report, received footprints used as purchased
items, and suppliers' PACT endpoints (add, pull in the background, request)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.exchange import exporting, forms, pulling, receiving
from tanlu.web.exchange.jobs import PULL
from tanlu.web.exchange.models import (
    FootprintRequest,
    PublishedFootprint,
    ReceivedFootprint,
    SupplierEndpoint,
)
from tanlu.web.jobs import services as jobs
from tanlu.web.products.models import CalculationRun, Result

_FILE_SUFFIX = {
    "3.0": "pact-v3.0",
    "2.3": "pact-v2.3",
    "catenax-9.0.0": "catenax-9.0.0",
    "catenax-10.0.0": "catenax-10.0.0",
}


def _editor(request: HttpRequest) -> Any:
    return require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]


@login_required
@require_POST
def export(request: HttpRequest, pcf_run_id: int, pcf_result_id: int) -> HttpResponse:
    """Publish the product in the chosen format and download that version as a JSON file."""
    run = get_scoped_or_404(request, CalculationRun, pk=pcf_run_id)
    result = get_scoped_or_404(
        request, Result.objects.select_related("run__organization"), pk=pcf_result_id, run=run
    )
    _editor(request)
    back = redirect("products:footprint", pcf_run_id=run.pk, pcf_result_id=result.pk)
    form = forms.ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose PACT v3.0, PACT v2.3, Catena-X 9.0.0 or Catena-X 10.0.0."))
        return back
    spec = form.cleaned_data["spec"]
    try:
        published = exporting.export(result, spec)
    except exporting.ExportRefused as error:
        messages.error(request, str(error.issue.reason))
        return back
    except exporting.InputError as error:
        messages.error(
            request, _("The footprint cannot be exported: %(reason)s") % {"reason": error.issue.reason}
        )
        return back
    audit(
        request.organization, request.user, "exchange.export", f"{result.product_id} {spec} {published.pf_id}"
    )  # type: ignore[attr-defined]
    body = json.dumps(published.document, ensure_ascii=False, indent=2).encode("utf-8")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in result.product_id)
    response["Content-Disposition"] = f'attachment; filename="{safe}-{_FILE_SUFFIX[spec]}.json"'
    return response


@login_required
def export_settings(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    organization = request.organization  # type: ignore[attr-defined]
    current = exporting.settings_for(organization)
    if request.method == "POST":
        _editor(request)
        form = forms.ExportSettingsForm(request.POST)
        if form.is_valid():
            exporting.save_settings(organization, {**current, **form.cleaned_data})
            messages.success(request, _("Export settings saved."))
            return redirect("exchange:settings")
    else:
        form = forms.ExportSettingsForm(initial=current)
    published = scoped(request, PublishedFootprint).order_by("product_id", "spec", "-id")[:200]
    return render(request, "exchange/settings.html", {"form": form, "published": published})


@login_required
def received(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    return _received_page(request, forms.ImportForm(), None)


def _received_page(
    request: HttpRequest, form: forms.ImportForm, report: dict[str, Any] | None
) -> HttpResponse:
    footprints = scoped(request, ReceivedFootprint).select_related("endpoint")[:500]
    return render(
        request, "exchange/received.html", {"form": form, "report": report, "footprints": footprints}
    )


@login_required
@require_POST
def import_file(request: HttpRequest) -> HttpResponse:
    """Check an uploaded PACT or Catena-X file; store every footprint when all are valid, else list every problem."""
    if (response := _need_organization(request)) is not None:
        return response
    _editor(request)
    form = forms.ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _received_page(request, form, None)
    upload = form.cleaned_data["file"]
    checked = receiving.check_upload(upload.read(receiving.MAX_UPLOAD_BYTES + 1))
    if checked.problems:
        report = {"filename": upload.name, "kind": checked.kind, "problems": checked.problems}
        return _received_page(request, forms.ImportForm(), report)
    stored = receiving.store(request.organization, checked.footprints, filename=upload.name)  # type: ignore[attr-defined]
    audit(request.organization, request.user, "exchange.import", f"{upload.name}: {len(stored)}")  # type: ignore[attr-defined]
    messages.success(
        request,
        _("%(count)s footprints imported from %(file)s.") % {"count": len(stored), "file": upload.name},
    )
    return redirect("exchange:received")


@login_required
@require_POST
def use(request: HttpRequest, received_id: int) -> HttpResponse:
    """Use a received footprint as a purchased item's footprint in the product model."""
    footprint = get_scoped_or_404(request, ReceivedFootprint, pk=received_id)
    _editor(request)
    form = forms.UseForm(request.POST)
    if form.is_valid():
        item = receiving.use_as_purchased_item(footprint, form.cleaned_data["item_id"].strip())
        messages.success(
            request,
            _("Purchased item %(item)s now uses %(supplier)s's footprint. Calculate again to see the effect.")
            % {"item": item.item_id, "supplier": footprint.company_name},
        )
    else:
        messages.error(request, _("Give the purchased item's id."))
    return redirect("exchange:received")


@login_required
def suppliers(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    form = forms.EndpointForm()
    if request.method == "POST":
        _editor(request)
        form = forms.EndpointForm(request.POST)
        if form.is_valid():
            endpoint = pulling.add_endpoint(request.organization, request.user, **form.cleaned_data)  # type: ignore[attr-defined, arg-type]
            audit(request.organization, request.user, "exchange.endpoint_added", endpoint.base_url)  # type: ignore[attr-defined]
            messages.success(
                request,
                _("Supplier endpoint added. The client secret is stored encrypted and not shown again."),
            )
            return redirect("exchange:suppliers")
    endpoints = scoped(request, SupplierEndpoint)
    requests = scoped(request, FootprintRequest).select_related("endpoint")[:100]
    return render(
        request, "exchange/suppliers.html", {"form": form, "endpoints": endpoints, "requests": requests}
    )


@login_required
@require_POST
def pull(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = get_scoped_or_404(request, SupplierEndpoint, pk=endpoint_id)
    _editor(request)
    job = jobs.start(
        organization=endpoint.organization,
        user=request.user,  # type: ignore[arg-type]
        kind=PULL,
        label=_("Footprints from %(supplier)s") % {"supplier": endpoint.name},
        parameters={"endpoint_id": endpoint.pk, "language": request.LANGUAGE_CODE},
    )
    return redirect("jobs:detail", job_id=job.pk)


@login_required
@require_POST
def send_request(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = get_scoped_or_404(request, SupplierEndpoint, pk=endpoint_id)
    _editor(request)
    product_ids = request.POST.get("product_ids", "").replace(",", " ").split()[:50]
    if not product_ids or not all(p.lower().startswith("urn:") and len(p) <= 300 for p in product_ids):
        messages.error(request, _("Give the product identifiers (URNs) to ask for."))
        return redirect("exchange:suppliers")
    sent = pulling.send_request(endpoint, product_ids, request.POST.get("comment", "")[:1000])
    if sent.status == "failed":
        messages.error(request, _("The request could not be sent: %(reason)s") % {"reason": sent.answer})
    else:
        messages.success(request, _("Request sent to %(supplier)s.") % {"supplier": endpoint.name})
    return redirect("exchange:suppliers")
