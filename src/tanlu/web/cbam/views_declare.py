"""Pages that declare an installation from a site of the inventory: the installation's form, and the forms of its
production processes and precursors on the installation page.

A form with a bad field answers 400 with the page and every error beside its field; a change that the core
cannot calculate yet (no calculation run of the year, a cycle of own precursors) is kept and the reason shown on
the installation page. Editors declare; every object is reached through the tenancy helpers.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.errors import TanluError
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.cbam import declare, sources
from tanlu.web.cbam.forms_declare import (
    PRICE_DETAILS,
    DeclareForm,
    PrecursorForm,
    ProcessForm,
    goods_choices,
)
from tanlu.web.cbam.models import DeclaredPrecursor, DeclaredProcess, Installation
from tanlu.web.cbam.reasons import localize_reason

#: the carbon price's fields of the declare form, as the installation stores them
PRICE_FIELDS = ("carbon_price_scheme", *PRICE_DETAILS)
#: the precursor form's prefix: its fields (CN code, supplier) must not share ids with the process form's
PRECURSOR = "precursor"


def _declare_page(
    request: HttpRequest, form: DeclareForm, found: Installation | None, status: int
) -> HttpResponse:
    return render(request, "cbam/declare.html", {"form": form, "installation": found}, status=status)


@login_required
def declare_installation(request: HttpRequest, installation_id: int | None = None) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    found = get_scoped_or_404(request, Installation, pk=installation_id) if installation_id else None
    initial: dict[str, Any] = {}
    if found is not None:
        initial = {
            "site": found.site_id,
            "inventory_year": found.inventory_year,
            "name": found.name,
            "operator": found.operator,
            "unlocode": found.unlocode,
            "latitude": found.latitude,
            "longitude": found.longitude,
            "categories": [c.strip() for c in found.categories.split(";")],
            **{name: getattr(found, name) for name in PRICE_FIELDS},
        }
    else:
        initial = {"categories": ["Iron or steel products"]}
    form = DeclareForm(
        request.POST or None,
        organization=request.organization,  # type: ignore[attr-defined]
        installation=found,
        initial=initial,
    )
    if request.method == "POST":
        if not form.is_valid():
            return _declare_page(request, form, found, 400)
        made = declare.declare(
            request.membership,  # type: ignore[attr-defined]
            form.cleaned_data,
            found,
            price=form.carbon_price(),
        )
        return redirect("cbam:installation", installation_id=made.pk)
    return _declare_page(request, form, found, 200)


def declared_context(request: HttpRequest, found: Installation, **forms: Any) -> dict[str, Any]:
    """What the installation page shows of a declared installation: its processes with their shares, precursors,
    the site's activities of the year (counted or not) and the forms to add to them."""
    if found.site_id is None:
        return {}
    processes = list(DeclaredProcess.objects.filter(installation=found))
    share = sources.shares(processes)
    for process in processes:
        process.effective_share = share[process.process_id] * 100  # type: ignore[attr-defined]
    try:
        activities, problem = sources.site_activities(found), ""
    except TanluError as error:
        activities, problem = [], str(error)
    return {
        "declared": True,
        "processes": processes,
        "precursors": DeclaredPrecursor.objects.filter(process__installation=found).select_related(
            "process", "from_process"
        ),
        "activities": activities,
        "inventory_problem": localize_reason(problem) if problem else "",
        "goods_choices": goods_choices(),
        "process_form": forms.get("process_form") or ProcessForm(installation=found),
        "precursor_form": forms.get("precursor_form") or PrecursorForm(installation=found, prefix=PRECURSOR),
    }


def _installation_page(request: HttpRequest, found: Installation, status: int, **forms: Any) -> HttpResponse:
    from tanlu.web.cbam.views import _page  # noqa: PLC0415 (views imports this module's context)

    return render(request, "cbam/installation.html", _page(request, found, **forms), status=status)


def _done(request: HttpRequest, found: Installation, problem: str) -> HttpResponse:
    if problem:
        messages.warning(
            request,
            _("Stored, but the goods cannot be calculated yet: %(reason)s")
            % {"reason": localize_reason(problem)},
        )
    return redirect("cbam:installation", installation_id=found.pk)


def _declared(request: HttpRequest, installation_id: int) -> Installation:
    found = get_scoped_or_404(request, Installation, pk=installation_id, site__isnull=False)
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    return found


@login_required
@require_POST
def add_process(request: HttpRequest, installation_id: int) -> HttpResponse:
    found = _declared(request, installation_id)
    form = ProcessForm(request.POST, installation=found)
    if not form.is_valid():
        return _installation_page(request, found, 400, process_form=form)
    return _done(request, found, declare.add_process(request.membership, found, form.cleaned_data))  # type: ignore[attr-defined]


@login_required
@require_POST
def remove_process(request: HttpRequest, installation_id: int) -> HttpResponse:
    """Remove the process ``process`` (its id in the form: no object id in the URL)."""
    found = _declared(request, installation_id)
    process = get_scoped_or_404(request, DeclaredProcess, pk=request.POST.get("process"), installation=found)
    return _done(request, found, declare.remove_process(request.membership, found, process))  # type: ignore[attr-defined]


@login_required
@require_POST
def add_precursor(request: HttpRequest, installation_id: int) -> HttpResponse:
    found = _declared(request, installation_id)
    form = PrecursorForm(request.POST, installation=found, prefix=PRECURSOR)
    if not form.is_valid():
        return _installation_page(request, found, 400, precursor_form=form)
    return _done(request, found, declare.add_precursor(request.membership, found, form.cleaned_data))  # type: ignore[attr-defined]


@login_required
@require_POST
def remove_precursor(request: HttpRequest, installation_id: int) -> HttpResponse:
    found = _declared(request, installation_id)
    item = get_scoped_or_404(
        request, DeclaredPrecursor, pk=request.POST.get("precursor"), process__installation=found
    )
    return _done(request, found, declare.remove_precursor(request.membership, found, item))  # type: ignore[attr-defined]


@login_required
def delete_installation(request: HttpRequest, installation_id: int) -> HttpResponse:
    """Ask, then delete the installation (GET: the confirmation page; POST: delete and go to the CBAM home)."""
    found = get_scoped_or_404(request, Installation, pk=installation_id)
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    if request.method == "POST":
        name = found.name
        declare.delete_installation(request.membership, found)  # type: ignore[attr-defined]
        messages.success(request, _("The installation %(name)s was deleted.") % {"name": name})
        return redirect("cbam:home")
    context = {
        "installation": found,
        "goods": found.goods.count(),
        "processes": found.processes.count(),
        "links": found.part_links.count(),
    }
    return render(request, "cbam/delete.html", context)
