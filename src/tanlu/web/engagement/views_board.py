"""The supplier board pages: the board (filter, sort, search, XLSX), one supplier's page, its targets, and the
targets a supplier's customers set it.

The customer's pages reach suppliers, requests and targets through :func:`tanlu.web.accounts.tenancy.scoped`;
the supplier's page through :func:`tanlu.web.engagement.tenancy.addressed`. Another organization's id answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.web.accounts.models import Role, SupplierRelationship
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.engagement import board, board_xlsx, targets
from tanlu.web.engagement.board_survey import answer_rows
from tanlu.web.engagement.forms import SupplierTargetForm
from tanlu.web.engagement.models import FootprintRequest, SupplierTarget
from tanlu.web.engagement.tenancy import addressed
from tanlu.web.engagement.views import answer_rows as request_answer_rows
from tanlu.web.engagement.views import can

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def board_page(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    rows = board.build(request.organization, timezone.localdate())  # type: ignore[attr-defined]
    kept, chosen = board.choose(rows, request.GET)
    return render(
        request,
        "engagement/board.html",
        {
            "tab": "board",
            "rows": kept,
            "total": len(rows),
            "chosen": chosen,
            "options": board.options(rows),
            "shows": board.SHOW,
            "sorts": board.SORTS,
            "chart": board.status_chart(kept),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def board_export(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    rows = board.build(request.organization, timezone.localdate())  # type: ignore[attr-defined]
    kept, _chosen = board.choose(rows, request.GET)
    response = HttpResponse(board_xlsx.workbook(kept), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="supplier-board-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response


@login_required
def board_supplier(request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_scoped_or_404(request, SupplierRelationship.objects.select_related("supplier"), pk=link_id)
    (row,) = board.build(request.organization, timezone.localdate(), link=link)  # type: ignore[attr-defined]
    requests = [
        {"req": r, "answers": request_answer_rows(row.facts.answers.get(r.pk, [])[:1])}
        for r in row.facts.requests
    ]
    return render(
        request,
        "engagement/board_supplier.html",
        {
            "tab": "board",
            "row": row,
            "requests": requests,
            "survey_rows": answer_rows(row.survey) if row.survey else [],
            "can_edit": can(request, Role.EDITOR),
        },
    )


def _target_form(
    request: HttpRequest, link: SupplierRelationship, target: SupplierTarget | None
) -> HttpResponse:
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    form = SupplierTargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        created = saved.pk is None
        saved.organization, saved.supplier, saved.relationship = link.organization, link.supplier, link
        if created:
            saved.created_by = request.user
        saved.save()
        audit(
            link.organization,
            request.user,  # type: ignore[arg-type]
            "supplier_target.set" if created else "supplier_target.changed",
            f"{link.supplier.name}: {targets.describe(saved)}",
        )
        messages.success(request, _("The target was saved; the supplier sees it with its progress."))
        return redirect("engagement:board_supplier", link_id=link.pk)
    return render(
        request,
        "engagement/board_target.html",
        {"tab": "board", "link": link, "form": form, "target": target},
    )


@login_required
def target_new(request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_scoped_or_404(request, SupplierRelationship.objects.select_related("supplier"), pk=link_id)
    return _target_form(request, link, None)


@login_required
def target_edit(request: HttpRequest, target_id: int) -> HttpResponse:
    target = get_scoped_or_404(
        request, SupplierTarget.objects.select_related("relationship__supplier"), pk=target_id
    )
    return _target_form(request, target.relationship, target)


@login_required
@require_POST
def target_delete(request: HttpRequest, target_id: int) -> HttpResponse:
    target = get_scoped_or_404(
        request, SupplierTarget.objects.select_related("relationship__supplier"), pk=target_id
    )
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    audit(
        target.organization,
        request.user,  # type: ignore[arg-type]
        "supplier_target.removed",
        f"{target.relationship.supplier.name}: {targets.describe(target)}",
    )
    link_id = target.relationship_id
    target.delete()
    messages.success(request, _("The target was removed."))
    return redirect("engagement:board_supplier", link_id=link_id)


@login_required
def targets_received(request: HttpRequest) -> HttpResponse:
    """The targets the organization's customers set it, each judged on that customer's requests to it only."""
    if (response := _need_organization(request)) is not None:
        return response
    today = timezone.localdate()
    facts = targets.facts_by_pair(addressed(request, FootprintRequest))
    views = [
        targets.progress(
            target, facts.get((target.organization_id, target.supplier_id), targets.Facts()), today
        )
        for target in addressed(request, SupplierTarget)
        .select_related("organization")
        .order_by("organization__name", "kind", "id")
    ]
    return render(request, "engagement/board_received.html", {"tab": "targets", "views": views})
