"""The Excel PCF template of a request: the customer's and the supplier's download, the supplier's upload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tanlu.errors import InputError
from tanlu.exchange.template_problems import TemplateRejected
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.engagement import forms, workbook
from tanlu.web.engagement.models import FootprintRequest
from tanlu.web.engagement.tenancy import get_addressed_or_404
from tanlu.web.engagement.views_supplier import upload_refused
from tanlu.web.products.models import Result


def _download(content: bytes, footprint_request: FootprintRequest) -> HttpResponse:
    response = HttpResponse(content, content_type=workbook.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{workbook.filename_of(footprint_request)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def request_template(request: HttpRequest, request_id: int) -> HttpResponse:
    """The customer's template: every open request to this supplier, pre-filled with the parts."""
    footprint_request = get_scoped_or_404(
        request, FootprintRequest.objects.select_related("organization", "supplier"), pk=request_id
    )
    content = workbook.customer_workbook(request.membership, footprint_request)  # type: ignore[attr-defined]
    return _download(content, footprint_request)


@login_required
def received_template(request: HttpRequest, request_id: int) -> HttpResponse:
    """The supplier's template: the same rows, filled from its calculated footprints where a product fits."""
    footprint_request = get_addressed_or_404(
        request, FootprintRequest.objects.select_related("organization", "supplier"), pk=request_id
    )
    chosen = scoped(request, Result).filter(pk=request.GET.get("result") or None).first()
    try:
        content = workbook.supplier_workbook(request.membership, footprint_request, chosen)  # type: ignore[attr-defined]
    except InputError as error:
        messages.error(request, error.issue.reason)
        return redirect("engagement:received_detail", request_id=footprint_request.pk)
    return _download(content, footprint_request)


@login_required
@require_POST
def answer_with_template(request: HttpRequest, request_id: int) -> HttpResponse:
    footprint_request = get_addressed_or_404(
        request, FootprintRequest.objects.select_related("organization", "supplier"), pk=request_id
    )
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    form = forms.TemplateUploadForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            answers = workbook.answer_with_template(
                request.membership,  # type: ignore[attr-defined]
                footprint_request,
                upload.name,
                upload.read(),
            )
        except TemplateRejected as error:
            problems = [workbook.problem_text(p) for p in error.problems]
        except InputError as error:
            problems = [error.issue.reason]
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s footprint was sent to %(customer)s and checked.",
                    "%(count)s footprints were sent to %(customer)s and checked.",
                    len(answers),
                )
                % {"count": len(answers), "customer": footprint_request.organization.name},
            )
            return redirect("engagement:received_detail", request_id=footprint_request.pk)
    return upload_refused(request, footprint_request, form, problems, "template-file")
