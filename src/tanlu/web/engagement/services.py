"""Sending footprint requests, following their status, notices and reminders.

Views, jobs and the demo call these functions; they check roles and the supplier relationship, and write the
audit log of both organizations, so that both sides can follow a request whichever adapter changed it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tanlu.errors import InputError, NotFound
from tanlu.exchange.checks import Rules
from tanlu.web.accounts.models import Membership, Organization, Role, SupplierRelationship, User
from tanlu.web.accounts.services import absolute_url, audit, require_role
from tanlu.web.engagement.models import OPEN, FootprintRequest, Notice, Reminder, RequestStatus

logger = logging.getLogger("tanlu.engagement")
#: the "due soon" reminder goes this many days before the due date; the "overdue" one the day after it
REMIND_BEFORE = timedelta(days=3)


@dataclass(frozen=True)
class Part:
    """A part to request: the customer's part number, the supplier's where known, a name."""

    part_number: str
    supplier_part_number: str = ""
    name: str = ""


def parse_parts(text: str) -> list[Part]:
    """Parts typed one per line as ``part number; supplier's part number; name`` (the last two optional)."""
    parts = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.replace("；", ";").split(";")]
        if not cells[0]:
            raise InputError(_("Line %(line)s: the part number is missing.") % {"line": number}, row=number)
        if len(cells) > 3 or any(len(cell) > 120 for cell in cells):
            raise InputError(
                _("Line %(line)s: give part number; supplier's part number; name.") % {"line": number},
                row=number,
            )
        parts.append(Part(*cells))  # type: ignore[arg-type]
    if not parts:
        raise InputError(_("Give at least one part number."))
    return parts


def rules_of(request: FootprintRequest) -> Rules:
    """The request's rules as the checks of :mod:`tanlu.exchange.checks` read them."""
    return Rules(
        declared_unit=request.declared_unit,
        gwp=request.gwp,
        standards=request.standard_list,
        max_age_months=request.max_age_months,
        min_primary_data_share=request.min_primary_data_share,
        max_dqr=request.max_dqr,
        verification_required=request.verification_required,
        product_ids=tuple(p for p in (request.supplier_part_number, request.part_number) if p),
    )


def both_audit(request: FootprintRequest, actor: User | None, action: str, detail: str = "") -> None:
    """The same event in the customer's and the supplier's audit log."""
    text = f"{request.part_number} · {request.organization.name} → {request.supplier.name}"
    for organization in (request.organization, request.supplier):
        audit(organization, actor, action, f"{text}{' · ' + detail if detail else ''}")


def notify(organization: Organization, request: FootprintRequest, kind: str) -> Notice:
    return Notice.objects.create(organization=organization, request=request, kind=kind)


def _recipients(request: FootprintRequest) -> list[tuple[str, str]]:
    """(email, language) of the supplier's owners and editors, and of the relationship's contact."""
    found: dict[str, str] = {}
    members = Membership.objects.filter(
        organization=request.supplier, role__in=[Role.OWNER, Role.EDITOR]
    ).select_related("user")
    for member in members:
        if member.user.email:
            found[member.user.email.lower()] = member.user.language or settings.LANGUAGE_CODE
    contact = request.relationship.contact_email if request.relationship else ""
    if contact and contact.lower() not in found:
        found[contact.lower()] = settings.LANGUAGE_CODE
    return sorted(found.items())


def email_supplier(request: FootprintRequest, kind: str) -> None:
    """Email the supplier's people about ``request`` (``requested``, ``reminder_before``, ``reminder_after``)."""
    url = absolute_url(reverse("engagement:received_detail", args=[request.pk]))
    for email, language in _recipients(request):
        with translation.override(language):
            subjects = {
                "requested": _("%(customer)s asks for the carbon footprint of %(part)s"),
                "reminder_before": _("Reminder: the footprint of %(part)s for %(customer)s is due soon"),
                "reminder_after": _("Overdue: the footprint of %(part)s for %(customer)s"),
            }
            subject = subjects[kind] % {"customer": request.organization.name, "part": request.part_number}
            body = render_to_string(
                "engagement/email/request.txt", {"request": request, "kind": kind, "url": url}
            )
        send_mail(subject, body, None, [email])


def _supplier_links(membership: Membership, link_ids: Iterable[int]) -> list[SupplierRelationship]:
    links = list(
        SupplierRelationship.objects.for_organization(membership.organization)
        .filter(pk__in=list(link_ids))
        .select_related("supplier")
    )
    if not links:
        raise InputError(_("Choose at least one of your suppliers."), column="suppliers")
    return links


@transaction.atomic
def send_requests(
    membership: Membership | None,
    *,
    link_ids: Sequence[int],
    parts: Sequence[Part],
    due_date: date,
    declared_unit: str,
    gwp: str = "AR6",
    standards: Sequence[str] = (),
    max_age_months: int = 36,
    min_primary_data_share: float | None = None,
    max_dqr: float | None = None,
    verification_required: bool = False,
    message: str = "",
) -> list[FootprintRequest]:
    """One request per supplier and part, each visible to that supplier at once and emailed to its people."""
    actor = require_role(membership, Role.EDITOR)
    if due_date < timezone.localdate():
        raise InputError(_("The due date is in the past."), column="due_date", value=due_date.isoformat())
    sent = []
    for link in _supplier_links(actor, link_ids):
        for part in parts:
            request = FootprintRequest.objects.create(
                organization=actor.organization,
                supplier=link.supplier,
                relationship=link,
                part_number=part.part_number,
                supplier_part_number=part.supplier_part_number,
                part_name=part.name,
                declared_unit=declared_unit,
                due_date=due_date,
                gwp=gwp,
                standards=" ".join(standards),
                max_age_months=max_age_months,
                min_primary_data_share=min_primary_data_share,
                max_dqr=max_dqr,
                verification_required=verification_required,
                message=message,
                created_by=actor.user,
            )
            both_audit(request, actor.user, "footprint_request.sent", _due(request))
            notify(link.supplier, request, "requested")
            transaction.on_commit(lambda r=request: email_supplier(r, "requested"))  # type: ignore[misc]
            sent.append(request)
    logger.info("org %s sent %s footprint requests", actor.organization.pk, len(sent))
    return sent


def _due(request: FootprintRequest) -> str:
    return f"due {request.due_date.isoformat()}"


def supplier_membership(membership: Membership | None, request: FootprintRequest, role: str) -> Membership:
    """The acting member, who must belong to the request's supplier with at least ``role``."""
    actor = require_role(membership, role)
    if actor.organization_id != request.supplier_id:
        raise NotFound
    return actor


def customer_membership(membership: Membership | None, request: FootprintRequest, role: str) -> Membership:
    actor = require_role(membership, role)
    if actor.organization_id != request.organization_id:
        raise NotFound
    return actor


def move(request: FootprintRequest, status: str, actor: User | None, detail: str = "") -> None:
    """Set a request's status and log it on both sides."""
    request.status = status
    request.save(update_fields=["status", "updated_at"])
    both_audit(request, actor, f"footprint_request.{status}", detail)


def mark_seen(membership: Membership | None, request: FootprintRequest) -> None:
    """The supplier opened the request: a request still only sent becomes seen."""
    actor = supplier_membership(membership, request, Role.VIEWER)
    if request.status == RequestStatus.SENT:
        move(request, RequestStatus.SEEN, actor.user)


def mark_in_progress(membership: Membership | None, request: FootprintRequest) -> None:
    """The supplier started an answer."""
    actor = supplier_membership(membership, request, Role.EDITOR)
    if request.status in (RequestStatus.SENT, RequestStatus.SEEN):
        move(request, RequestStatus.IN_PROGRESS, actor.user)


def read_notices(organization: Organization, request: FootprintRequest) -> None:
    Notice.objects.filter(organization=organization, request=request, read_at=None).update(
        read_at=timezone.now()
    )


def remind(organization: Organization | None = None, today: date | None = None) -> int:
    """Send the reminders that are due: before the due date and after it, once each, email and in the app.

    Runs as a job (``engagement.remind``) for one customer's requests, or for every customer's (``organization``
    None); safe to run as often as wanted. Returns the reminders sent.
    """
    today = today or timezone.localdate()
    sent = 0
    open_requests = FootprintRequest.objects.filter(status__in=OPEN).select_related(
        "organization", "supplier", "relationship"
    )
    if organization is not None:
        open_requests = open_requests.filter(organization=organization)
    for request in open_requests.filter(due_date__lte=today + REMIND_BEFORE):
        kind = Reminder.AFTER if request.due_date < today else Reminder.BEFORE
        with transaction.atomic():
            _reminder, created = Reminder.objects.get_or_create(
                organization=request.organization, request=request, kind=kind
            )
            if not created:
                continue
            notify(request.supplier, request, f"reminder_{kind}")
            if kind == Reminder.AFTER:
                notify(request.organization, request, "overdue")
            both_audit(request, None, f"footprint_request.reminder_{kind}", _due(request))
            transaction.on_commit(lambda r=request, k=kind: email_supplier(r, f"reminder_{k}"))  # type: ignore[misc]
        sent += 1
    logger.info("engagement reminders sent: %s", sent)
    return sent
