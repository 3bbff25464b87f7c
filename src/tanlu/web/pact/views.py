"""Pages of the PACT API host: the organization's customers, their credentials (new secret shown once, revoke)
and the products each customer sees; the requests and notices customers sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.pact import forms, services
from tanlu.web.pact.models import Credential, Customer, ReceivedEvent


def _owner(request: HttpRequest) -> None:
    require_role(request.membership, Role.OWNER)  # type: ignore[attr-defined]


def _api_url(request: HttpRequest) -> str:
    host = services.host_for(request.organization)  # type: ignore[attr-defined]
    return request.build_absolute_uri(f"/pact/{host.slug}").replace("http://", "https://", 1)


@login_required
def customers(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    form = forms.CustomerForm()
    if request.method == "POST":
        _owner(request)
        form = forms.CustomerForm(request.POST)
        if form.is_valid():
            customer = services.add_customer(request.organization, form.cleaned_data["name"])  # type: ignore[attr-defined]
            audit(request.organization, request.user, "pact.customer_added", customer.name)  # type: ignore[attr-defined]
            return redirect("pact:customer", customer_id=customer.pk)
    listed = scoped(request, Customer).annotate(
        live=Count("credentials", filter=Q(credentials__revoked_at__isnull=True), distinct=True),
        shared=Count("grants", distinct=True),
    )
    received = scoped(request, ReceivedEvent).select_related("customer")[:50]
    return render(
        request,
        "pact/customers.html",
        {"form": form, "customers": listed, "events": received, "api_url": _api_url(request)},
    )


def _customer_page(
    request: HttpRequest, customer: Customer, issued: tuple[Credential, str] | None = None
) -> HttpResponse:
    products = services.products_published(customer.organization)
    granted = list(customer.grants.values_list("product_id", flat=True))
    form = forms.GrantsForm(initial={"product_ids": granted}, products=products)
    return render(
        request,
        "pact/customer.html",
        {
            "customer": customer,
            "credentials": customer.credentials.all(),
            "form": form,
            "products": products,
            "issued": issued,
            "api_url": _api_url(request),
        },
    )


@login_required
def customer(request: HttpRequest, customer_id: int) -> HttpResponse:
    return _customer_page(request, get_scoped_or_404(request, Customer, pk=customer_id))


@login_required
@require_POST
def new_credential(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Issue a client id and secret; the page that answers this POST is the only place the secret appears."""
    found = get_scoped_or_404(request, Customer, pk=customer_id)
    _owner(request)
    issued = services.issue_credential(found, request.user)  # type: ignore[arg-type]
    audit(request.organization, request.user, "pact.credential_issued", f"{found.name} {issued[0].client_id}")  # type: ignore[attr-defined]
    response = _customer_page(request, found, issued)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, customer_id: int, credential_id: int) -> HttpResponse:
    found = get_scoped_or_404(request, Customer, pk=customer_id)
    credential = get_scoped_or_404(request, Credential, pk=credential_id, customer=found)
    _owner(request)
    services.revoke(credential)
    audit(request.organization, request.user, "pact.credential_revoked", credential.client_id)  # type: ignore[attr-defined]
    messages.success(request, _("Credential %(client_id)s revoked.") % {"client_id": credential.client_id})
    return redirect("pact:customer", customer_id=found.pk)


@login_required
@require_POST
def choose(request: HttpRequest, customer_id: int) -> HttpResponse:
    found = get_scoped_or_404(request, Customer, pk=customer_id)
    _owner(request)
    form = forms.GrantsForm(request.POST, products=services.products_published(found.organization))
    if not form.is_valid():
        messages.error(request, _("Choose among the published products."))
        return redirect("pact:customer", customer_id=found.pk)
    services.set_grants(found, form.cleaned_data["product_ids"])
    audit(
        request.organization,
        request.user,
        "pact.grants",
        f"{found.name}: {len(form.cleaned_data['product_ids'])}",
    )  # type: ignore[attr-defined]
    messages.success(request, _("%(customer)s now sees the chosen products.") % {"customer": found.name})
    return redirect("pact:customer", customer_id=found.pk)
