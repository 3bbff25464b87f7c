"""The organization's sites (plants, offices): listed with how many accepted rows each has, added and edited by
editors. A site's grid region decides its electricity's location-based factor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.inventory import forms
from tanlu.web.inventory.models import ImportStatus, Site
from tanlu.web.inventory.views_data import can


@login_required
def sites(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    form = forms.SiteForm(request.POST or None)
    if request.method == "POST":
        require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
        if form.is_valid():
            if scoped(request, Site).filter(name=form.cleaned_data["name"]).exists():
                form.add_error("name", _("A site of that name exists."))
            else:
                site = form.save(commit=False)
                site.organization = request.organization  # type: ignore[attr-defined]
                site.save()
                messages.success(request, _("Site added."))
                return redirect("inventory:sites")
    listed = scoped(request, Site).annotate(
        row_count=Count("rows", filter=Q(rows__batch__status=ImportStatus.ACCEPTED))  # not those being stored
    )
    return render(
        request,
        "inventory/sites.html",
        {"sites": listed, "form": form, "can_edit": can(request, Role.EDITOR)},
    )


@login_required
def site_edit(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_scoped_or_404(request, Site, pk=site_id)
    form = forms.SiteForm(request.POST or None, instance=site)
    if request.method == "POST":
        require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
        clash = scoped(request, Site).filter(name=request.POST.get("name", "")).exclude(pk=site.pk).exists()
        if clash:
            form.add_error("name", _("A site of that name exists."))
        elif form.is_valid():
            form.save()
            messages.success(request, _("Site saved."))
            return redirect("inventory:sites")
    return render(
        request,
        "inventory/site_edit.html",
        {"site": site, "form": form, "can_edit": can(request, Role.EDITOR)},
    )
