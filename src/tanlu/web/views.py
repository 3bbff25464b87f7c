"""Site-wide pages: the dashboard and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from tanlu.web.accounts.models import Invitation, InvitationStatus, Membership, SupplierRelationship, User
from tanlu.web.accounts.tenancy import scoped
from tanlu.web.jobs.models import Job


def home(request: HttpRequest) -> HttpResponse:
    if not User.objects.exists():
        return redirect("accounts:setup")
    return dashboard(request)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if request.organization is None:  # type: ignore[attr-defined]
        return redirect("accounts:organizations")
    context = {
        "member_count": scoped(request, Membership).count(),
        "supplier_count": scoped(request, SupplierRelationship).count(),
        "customer_count": SupplierRelationship.objects.filter(supplier=request.organization).count(),  # type: ignore[attr-defined]
        "pending_invitations": scoped(request, Invitation).filter(status=InvitationStatus.PENDING).count(),
        "jobs": scoped(request, Job)[:5],
    }
    return render(request, "dashboard.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
