"""The customer's side: send footprint requests, follow them, check what arrives, accept or reject."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.errors import InputError
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import can, require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.engagement import decisions, forms, services, texts
from tanlu.web.engagement.models import Decision, FootprintAnswer, FootprintRequest, Notice
from tanlu.web.engagement.tasks import REMIND
from tanlu.web.engagement.tenancy import addressed
from tanlu.web.jobs import services as jobs


def notices(request: HttpRequest, *, as_supplier: bool) -> list[dict[str, object]]:
    """The organization's unread notices about requests it received (or sent), newest first, in the reader's
    language."""
    found = (
        scoped(request, Notice)
        .filter(read_at=None)
        .select_related("request__organization", "request__supplier")
    )
    side = "request__supplier" if as_supplier else "request__organization"
    found = found.filter(**{side: request.organization})  # type: ignore[attr-defined]
    return [{"notice": n, "text": texts.notice_text(n)} for n in found[:20]]


@login_required
def requests_sent(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    sent = scoped(request, FootprintRequest).select_related("supplier")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        sent = sent.filter(
            Q(part_number__icontains=query)
            | Q(part_name__icontains=query)
            | Q(supplier__name__icontains=query)
        )
    return render(
        request,
        "engagement/requests.html",
        {
            "tab": "sent",
            "sent": sent,
            "query": query,
            "notices": notices(request, as_supplier=False),
            "received_count": addressed(request, FootprintRequest).count(),
            "can_edit": can(request, Role.EDITOR),
        },
    )


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    form = forms.RequestForm(request.POST or None, organization=request.organization)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sent = services.send_requests(
            request.membership,  # type: ignore[attr-defined]
            link_ids=[link.pk for link in data["suppliers"]],
            parts=data["parts"],
            due_date=data["due_date"],
            declared_unit=data["declared_unit"],
            gwp=data["gwp"],
            standards=data["standards"],
            max_age_months=data["max_age_months"],
            min_primary_data_share=data["min_primary_data_share"],
            max_dqr=data["max_dqr"],
            verification_required=data["verification_required"],
            message=data["message"],
        )
        messages.success(request, _("%(count)s footprint requests were sent.") % {"count": len(sent)})
        return redirect("engagement:requests")
    has_suppliers = form.fields["suppliers"].queryset.exists()  # type: ignore[attr-defined]
    return render(request, "engagement/request_new.html", {"form": form, "has_suppliers": has_suppliers})


def answer_rows(answers: list[FootprintAnswer]) -> list[dict[str, object]]:
    return [
        {
            "answer": a,
            "unit": texts.unit_name(a.declared_unit),
            "findings": texts.findings_for_display(a.findings),
            # what accepting it changed in the product model (decisions.take_over)
            "take_over_unit": texts.unit_name(str((a.take_over or {}).get("unit", ""))),
            "used_in": ", ".join((a.take_over or {}).get("used_in", [])),
        }
        for a in answers
    ]


@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    footprint_request = get_scoped_or_404(
        request, FootprintRequest.objects.select_related("supplier", "organization"), pk=request_id
    )
    services.read_notices(request.organization, footprint_request)  # type: ignore[attr-defined]
    answers = list(footprint_request.answers.all())
    latest = answers[0] if answers else None
    return render(
        request,
        "engagement/request_detail.html",
        {
            "req": footprint_request,
            "side": "customer",
            "answers": answer_rows(answers),
            "decidable": latest if latest and latest.decision == Decision.PENDING else None,
            "form": forms.DecisionForm(),
            "can_edit": can(request, Role.EDITOR),
        },
    )


@login_required
@require_POST
def answer_decide(request: HttpRequest, answer_id: int) -> HttpResponse:
    answer = get_scoped_or_404(
        request, FootprintAnswer.objects.select_related("request__supplier"), pk=answer_id
    )
    form = forms.DecisionForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    if form.is_valid():
        try:
            decisions.decide(request.membership, answer, accept=accept, comment=form.cleaned_data["comment"])  # type: ignore[attr-defined]
        except InputError as error:
            messages.error(request, error.issue.reason)
        else:
            messages.success(
                request,
                _("The footprint was accepted.")
                if accept
                else _("The footprint was rejected; the supplier sees your reason."),
            )
    return redirect("engagement:request_detail", request_id=answer.request_id)


@login_required
@require_POST
def remind_now(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    job = jobs.start(
        organization=request.organization,  # type: ignore[attr-defined]
        user=request.user,  # type: ignore[arg-type]
        kind=REMIND,
        label=_("Send reminders"),
        parameters={"language": request.LANGUAGE_CODE},
    )
    return redirect("jobs:detail", job_id=job.pk)
