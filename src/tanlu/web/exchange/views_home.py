"""The exchange area's front page: what the organization publishes, to whom, and what it receives, with the way
to each page of the area.  Counts only; every list is on its own page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tanlu.web.accounts.tenancy import scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.exchange.models import (
    FootprintRequest,
    PublishedFootprint,
    ReceivedFootprint,
    RequestStatus,
    Spec,
    Status,
    SupplierEndpoint,
)
from tanlu.web.pact.models import Credential, Customer


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    labels = dict(Spec.choices)
    published = [
        {"spec": labels.get(row["spec"], row["spec"]), "active": row["active"], "versions": row["versions"]}
        for row in scoped(request, PublishedFootprint)
        .order_by("spec")
        .values("spec")
        .annotate(active=Count("pk", filter=Q(status=Status.ACTIVE)), versions=Count("pk"))
    ]
    received = scoped(request, ReceivedFootprint).aggregate(
        total=Count("pk"), suppliers=Count("company_name", distinct=True)
    )
    requests = scoped(request, FootprintRequest).aggregate(
        open=Count("pk", filter=Q(status=RequestStatus.SENT)),
        fulfilled=Count("pk", filter=Q(status=RequestStatus.FULFILLED)),
    )
    context = {
        "published": published,
        "customers": scoped(request, Customer).count(),
        "credentials": scoped(request, Credential).filter(revoked_at__isnull=True).count(),
        "received": received,
        "endpoints": scoped(request, SupplierEndpoint).count(),
        "requests": requests,
    }
    return render(request, "exchange/home.html", context)
