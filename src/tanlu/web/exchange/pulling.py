"""A customer's side of PACT: adding a supplier's endpoint, pulling its footprints (a background job) and
sending it requests.  The protocol is :mod:`tanlu.exchange.client`; here are the stored endpoint, the outbound
policy from the settings and what is kept of the answers."""

from __future__ import annotations

import ssl

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.exchange import client
from tanlu.web.accounts.models import Organization, User
from tanlu.web.exchange import receiving, secrets
from tanlu.web.exchange.models import FootprintRequest, RequestStatus, SupplierEndpoint
from tanlu.web.jobs.services import Progress
from tanlu.web.pact import services as pact_services


def add_endpoint(
    organization: Organization,
    user: User,
    *,
    name: str,
    base_url: str,
    spec: str,
    client_id: str,
    client_secret: str,
) -> SupplierEndpoint:
    return SupplierEndpoint.objects.create(
        organization=organization, name=name, base_url=base_url, spec=spec, client_id=client_id,
        secret_encrypted=secrets.encrypt(client_secret), created_by=user,
    )  # fmt: skip


def _session(endpoint: SupplierEndpoint) -> client.Session:
    secret = secrets.decrypt(endpoint.secret_encrypted)
    if secret is None:
        raise client.PactClientError(_("The stored client secret cannot be read any more: enter it again."))
    target = client.Endpoint(endpoint.base_url, endpoint.client_id, secret, endpoint.spec, endpoint.auth_url)
    ca_file = settings.TANLU_PACT_CLIENT_CA_FILE
    context = ssl.create_default_context(cafile=ca_file) if ca_file else None
    return client.connect(
        target, target.policy(allow_loopback=settings.TANLU_PACT_CLIENT_ALLOW_LOOPBACK, context=context)
    )


def pull(endpoint: SupplierEndpoint, progress: Progress) -> str:
    """Every footprint the supplier shows us, checked and stored; returns a summary line for the job."""
    progress(0, 0, _("Asking %(supplier)s for a token") % {"supplier": endpoint.name})
    try:
        session = _session(endpoint)
        found = client.pull(
            session,
            progress=lambda count, _m: progress(count, 0, _("%(count)s footprints read") % {"count": count}),
        )
    except client.PactClientError as error:
        SupplierEndpoint.objects.filter(pk=endpoint.pk).update(last_error=str(error)[:2000])
        raise
    checked = [receiving.check_data(pf) for pf in found]
    rows = [row for item in checked for row in item.footprints]
    problems = [
        f"[{index}] {problem.path}: {problem.reason}"
        for index, item in enumerate(checked)
        for problem in item.problems
    ]
    with transaction.atomic():
        receiving.store(endpoint.organization, rows, endpoint=endpoint)
        SupplierEndpoint.objects.filter(pk=endpoint.pk).update(
            last_pulled_at=timezone.now(), last_error="\n".join(problems)[:20000]
        )
    progress(
        len(found),
        len(found),
        _("%(stored)s footprints stored, %(refused)s refused")
        % {"stored": len(rows), "refused": len(found) - len(rows)},
    )
    return reverse("exchange:received")


def send_request(endpoint: SupplierEndpoint, product_ids: list[str], comment: str) -> FootprintRequest:
    """Send a ``RequestCreated`` event; the request is stored with what happened (sent or not, and why).  Its
    ``source`` is the events endpoint of the organization's own PACT host, where the supplier sends its answer
    (:func:`answer_event`)."""
    slug = pact_services.host_for(endpoint.organization).slug
    source = f"//{settings.TANLU_BASE_URL.split('://', 1)[-1]}/pact/{slug}/{endpoint.spec}/events"
    event = client.request_created_event(
        source=source, product_ids=product_ids, comment=comment, major=endpoint.spec
    )
    request = FootprintRequest(
        organization=endpoint.organization, endpoint=endpoint, event_id=event["id"], product_ids=product_ids,
        comment=comment, status=RequestStatus.SENT,
    )  # fmt: skip
    try:
        _session(endpoint).send_event(event)
    except client.PactClientError as error:
        request.status, request.answer = RequestStatus.FAILED, str(error)[:2000]
    request.save()
    return request


def answer_event(organization: Organization, event: object) -> FootprintRequest | None:
    """A supplier's ``RequestFulfilled``/``RequestRejected`` event for a request ``organization`` sent: the
    request is marked and valid footprints are stored.  None when the event answers no request of ours (or one
    answered already: the request is locked while it is marked, so two answers never both apply)."""
    answer = client.request_answer(event)
    if answer is None:
        return None
    with transaction.atomic():
        request = (
            FootprintRequest.objects.select_for_update()
            .filter(organization=organization, event_id=answer.request_event_id)
            .first()
        )
        if request is None or request.status != RequestStatus.SENT:
            return None
        if answer.fulfilled:
            checked = receiving.check_data(answer.footprints)
            receiving.store(organization, checked.footprints, endpoint=request.endpoint)
            request.status = RequestStatus.FULFILLED
            request.answer = "\n".join(f"{p.path}: {p.reason}" for p in checked.problems)[:2000]
        else:
            request.status, request.answer = RequestStatus.REJECTED, answer.error[:2000]
        request.answered_at = timezone.now()
        request.save(update_fields=["status", "answer", "answered_at"])
    return request
