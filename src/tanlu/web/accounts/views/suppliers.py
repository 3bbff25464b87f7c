"""The current organization's suppliers, and the customers that list it as theirs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.web.accounts import forms, services
from tanlu.web.accounts.models import Role, SupplierRelationship
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization


@login_required
def supplier_list(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    links = scoped(request, SupplierRelationship).select_related("supplier")
    query = request.GET.get("q", "").strip()
    if query:
        links = links.filter(
            Q(supplier__name__icontains=query)
            | Q(supplier__name_en__icontains=query)
            | Q(supplier_code__icontains=query)
            | Q(contact_email__icontains=query)
        )
    customers = SupplierRelationship.objects.filter(supplier=request.organization).select_related(
        "organization"
    )  # type: ignore[attr-defined]
    return render(
        request,
        "accounts/suppliers.html",
        {
            "links": links,
            "customers": customers,
            "query": query,
            "can_edit": request.membership.allows(Role.EDITOR),  # type: ignore[attr-defined]
        },
    )


@login_required
def supplier_add(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    services.require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    form = forms.SupplierForm(request.POST or None, initial={"language": request.LANGUAGE_CODE, "tier": 1})
    if request.method == "POST" and form.is_valid():
        link = services.add_supplier(request.membership, **form.cleaned_data)  # type: ignore[attr-defined]
        messages.success(request, _("%(name)s was added to your suppliers.") % {"name": link.supplier.name})
        return redirect("accounts:supplier_detail", link_id=link.pk)
    return render(request, "accounts/supplier_form.html", {"form": form})


@login_required
def supplier_detail(request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_scoped_or_404(request, SupplierRelationship.objects.select_related("supplier"), pk=link_id)
    form = forms.SupplierEditForm(request.POST or None, instance=link)
    if request.method == "POST":
        services.require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
        if form.is_valid():
            services.update_supplier(request.membership, link, **form.cleaned_data)  # type: ignore[attr-defined]
            messages.success(request, _("The supplier's details were saved."))
            return redirect("accounts:supplier_detail", link_id=link.pk)
    return render(
        request,
        "accounts/supplier_detail.html",
        {
            "link": link,
            "form": form,
            "can_edit": request.membership.allows(Role.EDITOR),  # type: ignore[attr-defined]
        },
    )


@login_required
@require_POST
def supplier_remove(request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_scoped_or_404(request, SupplierRelationship.objects.select_related("supplier"), pk=link_id)
    services.remove_supplier(request.membership, link)  # type: ignore[attr-defined]
    messages.success(request, _("%(name)s was removed from your suppliers.") % {"name": link.supplier.name})
    return redirect("accounts:suppliers")
