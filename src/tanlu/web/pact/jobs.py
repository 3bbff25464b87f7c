"""Background job of the PACT host: answering a customer's ``RequestCreated`` event (never inside the request
that brought it).  See :mod:`tanlu.web.pact.events` for what the answer holds and where it may go."""

from __future__ import annotations

import ssl
import uuid
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from tanlu.exchange import client
from tanlu.web.jobs.models import Job
from tanlu.web.jobs.services import Progress, register
from tanlu.web.pact import events, services
from tanlu.web.pact.models import AnswerStatus, ReceivedEvent

ANSWER = "pact.answer"
#: footprints sent in one RequestFulfilled event at most
MAX_ANSWERED = 100
_REJECT_CODE = {"3": "NotFound", "2": "NoSuchFootprint"}


def callback_base(source: str, major: str) -> str:
    """The base URL whose ``/{major}/events`` receives the answer: ``source`` itself when it already names that
    endpoint (``//host/3/events``, as the v3 examples write it), else ``source`` as the API's base URL."""
    url = ("https:" + source if source.startswith("//") else source).rstrip("/")
    suffix = f"/{major}/events"
    return url[: -len(suffix)] if url.endswith(suffix) else url


def answer_event(row: ReceivedEvent, own_source: str) -> dict[str, Any]:
    """The RequestFulfilled or RequestRejected event answering ``row``."""
    types = client.EVENT_TYPES[row.major]
    criteria = events.request_criteria(row.major, row.data)
    found: list[dict[str, Any]] = []
    if not criteria.empty:
        active = services.visible(row.customer, row.major).filter(status="Active").order_by("pk")
        for document in active.values_list("document", flat=True).iterator(chunk_size=500):
            if criteria.matches(document):
                found.append(document)
                if len(found) == MAX_ANSWERED:
                    break
    data: dict[str, Any] = {"requestEventId": row.event_id}
    if found:
        kind, data["pfs"] = types["fulfilled"], found
    else:
        kind = types["rejected"]
        data["error"] = {
            "code": _REJECT_CODE[row.major],
            "message": "No footprint you may see matches the request.",
        }
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": own_source,
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "type": kind,
        "data": data,
    }


def send(row: ReceivedEvent, own_source: str) -> str:
    event = answer_event(row, own_source)
    status = AnswerStatus.FULFILLED if "pfs" in event["data"] else AnswerStatus.REJECTED
    target = client.Endpoint(callback_base(row.source, row.major), "", "", row.major)
    ca_file = getattr(settings, "TANLU_PACT_CLIENT_CA_FILE", None)
    context = ssl.create_default_context(cafile=ca_file) if ca_file else None
    policy = target.policy(
        allow_loopback=getattr(settings, "TANLU_PACT_CLIENT_ALLOW_LOOPBACK", False), context=context
    )
    try:
        client.Session(target, policy, token="").send_event(event)
        detail = f"{event['type']} {event['id']}"
    except client.PactClientError as error:
        status, detail = AnswerStatus.FAILED, str(error)
    ReceivedEvent.objects.filter(pk=row.pk).update(answer=status, answer_detail=detail[:2000])
    return str(status)


@register(ANSWER)
def answer_job(job: Job, progress: Progress) -> str:
    row = ReceivedEvent.objects.select_related("customer__organization").get(
        organization=job.organization, pk=job.parameters["event_pk"]
    )
    progress(0, 1, "")
    outcome = send(row, job.parameters["source"])
    progress(1, 1, outcome)
    return ""
