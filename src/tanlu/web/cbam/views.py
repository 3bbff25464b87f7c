"""Pages of the CBAM area: the installations with their goods, uploading an installation workbook (read in a
background job, every refused row named), an installation's specific embedded emissions per CN code with the
default values beside them and what each figure is made of, the parts of the product model each process makes,
and the communication for EU importers made as a download in a job.

Viewers read; editors upload and link parts. Every object is reached through the tenancy helpers, so another organization's id
answers 404 like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.cbam import forms, reasons, services
from tanlu.web.cbam.models import Good, ImportStatus, Installation, InstallationImport, PartLink
from tanlu.web.cbam.tasks import COMMUNICATION, READ
from tanlu.web.cbam.views_declare import declared_context
from tanlu.web.inventory.models import Site
from tanlu.web.inventory.views_data import can
from tanlu.web.jobs import services as jobs
from tanlu.web.jobs.documents import start_document
from tanlu.web.products.models import Product


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    return render(
        request,
        "cbam/home.html",
        {
            "installations": scoped(request, Installation).defer("workbook"),
            "goods": scoped(request, Good).select_related("installation"),
            "imports": scoped(request, InstallationImport)[:10],
            "can_edit": can(request, Role.EDITOR),
            "form": forms.UploadForm(),
            "can_declare": Site.objects.for_organization(request.organization).exists(),  # type: ignore[attr-defined]
        },
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        batch = services.upload(
            request.membership,  # type: ignore[attr-defined]
            filename=file.name,
            content=file.read(),
        )
        job = jobs.start(
            organization=batch.organization,
            user=request.user,  # type: ignore[arg-type]
            kind=READ,
            label=_("Reading %(file)s") % {"file": batch.filename},
            parameters={"import_id": batch.pk, "language": request.LANGUAGE_CODE},
        )
        return redirect("jobs:detail", job_id=job.pk)
    return render(request, "cbam/upload.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def import_detail(request: HttpRequest, cbam_import_id: int) -> HttpResponse:
    batch = get_scoped_or_404(request, InstallationImport, pk=cbam_import_id)
    issues = [
        {"issue": issue, "reason": reasons.localize_reason(issue.reason)}
        for issue in services.stored_issues(batch)
    ]
    return render(
        request,
        "cbam/import.html",
        {"batch": batch, "issues": issues, "rejected": batch.status == ImportStatus.REJECTED},
    )


def _goods(found: Installation) -> list[Good]:
    """The installation's goods, each with ``made_of`` (the core's result with its rows, for the explanation)
    and ``parts`` (the product model's parts the process makes)."""
    results = services.explained(found)
    links = list(PartLink.objects.filter(installation=found).select_related("part"))
    goods = list(found.goods.all())
    for good in goods:
        good.made_of = results.get(good.process_id)  # type: ignore[attr-defined]
        good.parts = [link.part for link in links if link.process_id == good.process_id]  # type: ignore[attr-defined]
    return goods


def _page(request: HttpRequest, found: Installation, **context: Any) -> dict[str, Any]:
    return {
        "installation": found,
        "goods": _goods(found),
        "form": forms.CommunicationForm(),
        "can_edit": can(request, Role.EDITOR),
        "parts": scoped(request, Product),
        **declared_context(request, found, **context),
        **context,
    }


@login_required
def installation(request: HttpRequest, installation_id: int) -> HttpResponse:
    found = get_scoped_or_404(request, Installation, pk=installation_id)
    return render(request, "cbam/installation.html", _page(request, found))


@login_required
@require_POST
def parts(request: HttpRequest, installation_id: int) -> HttpResponse:
    found = get_scoped_or_404(request, Installation, pk=installation_id)
    processes = list(found.goods.values_list("process_id", flat=True))
    if found.site_id is not None:
        processes = list(found.processes.values_list("process_id", flat=True))
    form = forms.PartLinkForm(request.POST, processes=processes, organization=request.organization)  # type: ignore[attr-defined]
    if not form.is_valid():
        errors = [f"{form.fields[name].label}: {' '.join(e)}" for name, e in form.errors.items()]
        return render(
            request, "cbam/installation.html", _page(request, found, part_errors=errors), status=400
        )
    data = form.cleaned_data
    services.link_part(
        request.membership,  # type: ignore[attr-defined]
        found,
        data["process_id"],
        data["part"],
        unlink=data["unlink"],
    )
    return redirect(reverse("cbam:installation", args=[found.pk]))


@login_required
@require_POST
def communication(request: HttpRequest, installation_id: int) -> HttpResponse:
    found = get_scoped_or_404(request, Installation, pk=installation_id)
    form = forms.CommunicationForm(request.POST)
    if not form.is_valid():
        return render(request, "cbam/installation.html", _page(request, found, form=form), status=400)
    kind = form.cleaned_data["format"]
    job = start_document(
        organization=found.organization,
        user=request.user,  # type: ignore[arg-type]
        kind=COMMUNICATION,
        label=_("CBAM communication (%(format)s): %(installation)s")
        % {"format": kind.upper(), "installation": found.name},
        parameters={"installation_id": found.pk, "format": kind, "language": request.LANGUAGE_CODE},
    )
    return redirect("jobs:detail", job_id=job.pk)
