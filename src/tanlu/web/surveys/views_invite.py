"""The invitations page: adding participants (from the organization's suppliers, one by one, or a list), sending
invitations and reminders, and the list of participants with their status.

Adding from suppliers takes the organization's own supplier relationships, filtered on the page (name, tier,
region, category): the ones ticked, or every one the filter matches. The filter is read from the query (GET) to
show the choice and again from the form (POST) to act on it, each value accepted only when it is one of the
organization's own, so a forged value filters nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from tanlu.errors import InputError, RowsRejected
from tanlu.web.accounts.models import Role, SupplierRelationship
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.surveys import forms, lifecycle, links, mailing, participants
from tanlu.web.surveys.models import InvitationStatus, Survey, SurveyInvitation
from tanlu.web.surveys.views_manage import _can_edit, _issues, _survey

#: participants per page of the list, and suppliers shown to pick from (the rest by "every one matching")
PAGE_SIZE = 50
SUPPLIERS_SHOWN = 100


@login_required
def invitations(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    return render(request, "surveys/invitations.html", _context(request, survey))


def _context(
    request: HttpRequest,
    survey: Survey,
    *,
    upload: forms.ParticipantsForm | None = None,
    person: forms.ParticipantForm | None = None,
    issues: list[str] | None = None,
    rejected: RowsRejected | None = None,
) -> dict[str, Any]:
    rows = scoped(request, SurveyInvitation).filter(survey=survey)
    status = request.GET.get("status", "")
    if status in InvitationStatus.values:
        rows = rows.filter(status=status)
    query = request.GET.get("q", "").strip()[:200]
    if query:
        rows = rows.filter(Q(email__icontains=query) | Q(name__icontains=query) | Q(company__icontains=query))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    attribute_names = sorted({key for invitation in page for key in (invitation.attributes or {})})
    being_sent = mailing.being_sent(survey)
    unsent = SurveyInvitation.objects.filter(survey=survey, sent_at__isnull=True).exclude(pk__in=being_sent)
    base = links.link_base(request.build_absolute_uri("/"))
    return {
        "survey": survey,
        "tab": "invitations",
        "page": page,
        "rows": [
            (invitation, [invitation.attributes.get(name, "") for name in attribute_names])
            for invitation in page
        ],
        "attributes": [participants.attribute_label(name) for name in attribute_names],
        "counts": mailing.invitation_counts(survey),
        "status_filter": status,
        "query": query,
        "statuses": InvitationStatus.choices,
        "unsent": unsent.count(),
        "being_sent": len(being_sent),
        "unfinished": SurveyInvitation.objects.filter(
            survey=survey,
            sent_at__isnull=False,
            status__in=[InvitationStatus.NOT_OPENED, InvitationStatus.IN_PROGRESS],
        ).count(),
        "upload_form": upload or forms.ParticipantsForm(),
        "person_form": person or forms.ParticipantForm(initial={"language": request.LANGUAGE_CODE}),
        "suppliers": _supplier_choice(request, survey, request.GET),
        "languages": forms.PARTICIPANT_LANGUAGES,
        "issues": issues or [],
        "rejected": rejected.issues if rejected is not None else [],
        "can_edit": _can_edit(request),
        "is_open": lifecycle.is_open(survey),
        "link_base": base,
        "base_configured": links.base_url_configured(),
    }


def _filtered_suppliers(
    request: HttpRequest, params: Mapping[str, str]
) -> tuple[QuerySet[SupplierRelationship], dict[str, Any]]:
    """The organization's supplier relationships matching the filter, and the filter's values and options."""
    every = scoped(request, SupplierRelationship)
    options = {
        "tier": sorted(set(every.values_list("tier", flat=True))),
        "region": sorted(set(every.exclude(region="").values_list("region", flat=True))),
        "category": sorted(set(every.exclude(category="").values_list("category", flat=True))),
    }
    chosen = {"sq": params.get("sq", "").strip()[:100]}
    found = every.select_related("supplier")
    if chosen["sq"]:
        text = chosen["sq"]
        found = found.filter(
            Q(supplier__name__icontains=text)
            | Q(supplier__name_en__icontains=text)
            | Q(supplier_code__icontains=text)
            | Q(contact_name__icontains=text)
            | Q(contact_email__icontains=text)
        )
    for key, values in options.items():
        value = params.get(key, "")
        match = next((option for option in values if str(option) == value), None)
        chosen[key] = "" if match is None else value
        if match is not None:
            found = found.filter(**{key: match})
    return found.order_by("supplier__name", "pk"), {"chosen": chosen, "options": options}


def _supplier_choice(request: HttpRequest, survey: Survey, params: Mapping[str, str]) -> dict[str, Any]:
    found, filters = _filtered_suppliers(request, params)
    invited = {email.lower() for email in survey.invitations.values_list("email", flat=True)}
    total = found.count()
    shown = [
        (
            link,
            "invited" if link.contact_email.lower() in invited else "" if link.contact_email else "no_email",
        )
        for link in found[:SUPPLIERS_SHOWN]
    ]
    return {
        **filters,
        "any": scoped(request, SupplierRelationship).exists(),
        "total": total,
        "shown": shown,
        "more": max(total - SUPPLIERS_SHOWN, 0),
    }


@login_required
@require_POST
def invite_suppliers(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    found, _filters = _filtered_suppliers(request, request.POST)
    if request.POST.get("which") != "all":
        ids = [
            int(value) for value in request.POST.getlist("supplier") if value.isascii() and value.isdigit()
        ]
        found = found.filter(pk__in=[pk for pk in ids if pk < 2**31])
    language = request.POST.get("language", "")
    if language not in dict(forms.PARTICIPANT_LANGUAGES):
        language = ""
    chosen = list(found)
    if not chosen:
        messages.error(request, _("Tick at least one supplier, or invite every one the filter matches."))
        return redirect("surveys:invitations", survey_id=survey.pk)
    result = participants.invite_suppliers(request.membership, survey, chosen, language=language)  # type: ignore[attr-defined]
    if result.added:
        count = len(result.added)
        messages.success(
            request,
            ngettext(
                "%(count)s supplier was added. Send the invitation when you are ready.",
                "%(count)s suppliers were added. Send the invitations when you are ready.",
                count,
            )
            % {"count": count},
        )
    for left_out, reason in (
        (result.invited_already, _("invited already")),
        (result.without_email, _("no contact email in the supplier list")),
    ):
        if left_out:
            names = ", ".join(link.supplier.name for link in left_out[:10]) + (
                "…" if len(left_out) > 10 else ""
            )
            messages.warning(
                request,
                ngettext(
                    "%(count)s supplier left out (%(reason)s): %(names)s",
                    "%(count)s suppliers left out (%(reason)s): %(names)s",
                    len(left_out),
                )
                % {"count": len(left_out), "reason": reason, "names": names},
            )
    return redirect("surveys:invitations", survey_id=survey.pk)


@login_required
@require_POST
def add_participant(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    person = forms.ParticipantForm(request.POST)
    if person.is_valid():
        try:
            invitation = participants.add_participant(request.membership, survey, **person.cleaned_data)  # type: ignore[attr-defined]
        except InputError as error:
            person.add_error("email" if error.issue.column == "email" else None, error.issue.reason)
        else:
            messages.success(
                request,
                _("%(email)s was added. Send the invitation when you are ready.")
                % {"email": invitation.email},
            )
            return redirect("surveys:invitations", survey_id=survey.pk)
    return render(request, "surveys/invitations.html", _context(request, survey, person=person), status=400)


@login_required
@require_POST
def import_participants(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    upload_form = forms.ParticipantsForm(request.POST, request.FILES)
    issues: list[str] = []
    rejected = None
    if upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        try:
            added = participants.import_participants(request.membership, survey, upload.read(), upload.name)  # type: ignore[attr-defined]
        except RowsRejected as error:
            rejected = error
        except InputError as error:
            issues = _issues(error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s participant was added. Send the invitation when you are ready.",
                    "%(count)s participants were added. Send the invitations when you are ready.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect("surveys:invitations", survey_id=survey.pk)
    context = _context(request, survey, upload=upload_form, issues=issues, rejected=rejected)
    return render(request, "surveys/invitations.html", context, status=400)


@login_required
@require_POST
def send_invitations(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    return _send(request, survey, reminder=False)


@login_required
@require_POST
def send_reminders(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    return _send(request, survey, reminder=True)


def _send(request: HttpRequest, survey: Survey, *, reminder: bool) -> HttpResponse:
    send = mailing.send_reminders if reminder else mailing.send_invitations
    try:
        count, _job = send(
            request.membership, survey, base_url=links.link_base(request.build_absolute_uri("/"))
        )  # type: ignore[attr-defined]
    except InputError as error:
        messages.error(request, error.issue.reason)
        return redirect("surveys:invitations", survey_id=survey.pk)
    if not count:
        messages.info(
            request,
            _("Nobody is waiting for a reminder.") if reminder else _("Everyone has been invited already."),
        )
    elif reminder:
        messages.success(
            request,
            ngettext(
                "A reminder is being sent to %(count)s participant.",
                "Reminders are being sent to %(count)s participants.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.success(
            request,
            ngettext(
                "The invitation is being sent to %(count)s participant.",
                "Invitations are being sent to %(count)s participants.",
                count,
            )
            % {"count": count},
        )
    return redirect("surveys:invitations", survey_id=survey.pk)


@login_required
@require_POST
def mark_bounced(request: HttpRequest, survey_id: int, survey_invitation_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    invitation = get_scoped_or_404(request, SurveyInvitation, pk=survey_invitation_id, survey=survey)
    mailing.mark_bounced(request.membership, invitation)  # type: ignore[attr-defined]
    messages.success(request, _("%(email)s is marked as bounced.") % {"email": invitation.email})
    return redirect("surveys:invitations", survey_id=survey.pk)


@login_required
@require_GET
def participants_template(request: HttpRequest, survey_id: int) -> HttpResponse:
    """A CSV to fill in: the columns the participant import reads, with one example row."""
    _survey(request, survey_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["email", "name", "company", "language", "customer_oem", "tier", "region"])
    writer.writerow(
        ["zhang.wei@example.com", "张伟", "苏州恒达汽车零部件有限公司", "zh", "OEM A", "1", "华东"]
    )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="participants.csv"'
    return response
