"""The supplier's side: the requests it received, and answering them from its footprints or with a PACT file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.errors import InputError
from tanlu.exchange.pact_io import FootprintsRejected
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.engagement import answering, forms, services, texts
from tanlu.web.engagement.models import FootprintRequest
from tanlu.web.engagement.tasks import ANSWER
from tanlu.web.engagement.tenancy import addressed, get_addressed_or_404
from tanlu.web.engagement.views import answer_rows, can, notices
from tanlu.web.jobs import services as jobs
from tanlu.web.products import calculation
from tanlu.web.products.models import Result


@login_required
def received(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    return render(
        request,
        "engagement/received.html",
        {
            "tab": "received",
            "received": addressed(request, FootprintRequest).select_related("organization"),
            "notices": notices(request, as_supplier=True),
            "sent_count": scoped(request, FootprintRequest).count(),
        },
    )


def _results(request: HttpRequest) -> list[Result]:
    run = calculation.latest_run(request.organization)  # type: ignore[attr-defined]
    return list(Result.objects.filter(run=run)) if run else []


@login_required
def received_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    footprint_request = get_addressed_or_404(
        request, FootprintRequest.objects.select_related("organization", "supplier"), pk=request_id
    )
    services.mark_seen(request.membership, footprint_request)  # type: ignore[attr-defined]
    services.read_notices(request.organization, footprint_request)  # type: ignore[attr-defined]
    results = _results(request)
    chosen = request.GET.get("result", "")
    wanted = {footprint_request.supplier_part_number, footprint_request.part_number} - {""}
    preview = next(
        (r for r in results if (str(r.pk) == chosen if chosen else r.product_id in wanted)), None
    )  # the product chosen, else the one with the requested part number
    if preview is not None and can(request, Role.EDITOR):
        services.mark_in_progress(request.membership, footprint_request)  # type: ignore[attr-defined]
    return render(
        request,
        "engagement/request_detail.html",
        {
            "req": footprint_request,
            "side": "supplier",
            "answers": answer_rows(list(footprint_request.answers.all())),
            "results": results,
            "preview": preview,
            "preview_unit": texts.unit_name(preview.unit) if preview else "",
            "upload_form": forms.UploadForm(),
            "template_form": forms.TemplateUploadForm(),
            "can_edit": can(request, Role.EDITOR),
            "answerable": footprint_request.status in answering.ANSWERABLE,
        },
    )


@login_required
@require_POST
def answer_from_results(request: HttpRequest, request_id: int) -> HttpResponse:
    footprint_request = get_addressed_or_404(request, FootprintRequest, pk=request_id)
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    result = get_scoped_or_404(request, Result, pk=request.POST.get("result", ""))
    job = jobs.start(
        organization=request.organization,  # type: ignore[attr-defined]
        user=request.user,  # type: ignore[arg-type]
        kind=ANSWER,
        label=_("Send the footprint of %(product)s") % {"product": result.product_id},
        parameters={
            "request_id": footprint_request.pk,
            "result_id": result.pk,
            "user_id": request.user.pk,
            "language": request.LANGUAGE_CODE,
        },
    )
    return redirect("jobs:detail", job_id=job.pk)


@login_required
@require_POST
def answer_with_file(request: HttpRequest, request_id: int) -> HttpResponse:
    footprint_request = get_addressed_or_404(
        request, FootprintRequest.objects.select_related("organization", "supplier"), pk=request_id
    )
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    form = forms.UploadForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            answering.answer_with_file(request.membership, footprint_request, upload.name, upload.read())  # type: ignore[attr-defined]
        except FootprintsRejected as error:
            problems = [
                _("%(path)s: %(reason)s") % {"path": v.path, "reason": v.reason} for v in error.violations
            ]
        except InputError as error:
            problems = [error.issue.reason]
        else:
            messages.success(
                request,
                _("Your footprint was sent to %(customer)s and checked.")
                % {"customer": footprint_request.organization.name},
            )
            return redirect("engagement:received_detail", request_id=footprint_request.pk)
    return upload_refused(request, footprint_request, form, problems, "file")


def upload_refused(
    request: HttpRequest, footprint_request: FootprintRequest, form: Any, problems: list[str], field: str
) -> HttpResponse:
    """The page of an answer file (PACT JSON or the Excel template) that was refused: every problem, nothing sent."""
    return render(
        request,
        "engagement/upload_refused.html",
        {
            "req": footprint_request,
            "form": form,
            "problems": problems,
            "filename": getattr(request.FILES.get(field), "name", ""),
        },
        status=400,
    )
