"""``POST /{2,3}/events``: CloudEvents from a customer, checked, stored once per event id, and answered.

A ``RequestCreated`` event is stored for the organization to see and answered by a background job
(:mod:`tanlu.web.pact.jobs`): ``RequestFulfilled`` with the Active footprints the customer may see that match the
request's criteria, else ``RequestRejected`` (``NotFound``).  The answer goes to the event's ``source`` (its
``/{major}/events`` endpoint) through the PACT client's guarded path: HTTPS only, never to a private, loopback
or link-local address (loopback only with ``TANLU_PACT_CLIENT_ALLOW_LOOPBACK``, for tests).
``Published`` events are kept as notices.  ``RequestFulfilled``/``RequestRejected`` events are a supplier's answers
to requests the organization sent as a customer (:func:`tanlu.web.exchange.pulling.send_request`): they are kept and
passed to the client side's handler, :func:`tanlu.web.exchange.pulling.answer_event`, which marks the request of
this organization with that ``requestEventId`` and stores the footprints that pass validation (:func:`answer`).
A replayed event id changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from tanlu.exchange import listing
from tanlu.exchange.client import EVENT_TYPES
from tanlu.web.exchange import pulling
from tanlu.web.exchange.models import RequestStatus
from tanlu.web.pact.models import AnswerStatus, Credential, EventKind, ReceivedEvent

PUBLISHED = {
    "3": "org.wbcsd.pact.ProductFootprint.PublishedEvent.3",
    "2": "org.wbcsd.pathfinder.ProductFootprint.Published.v1",
}
_CRITERIA_LISTS = ("productId", "companyId", "geography", "classification", "status")
_CRITERIA_TIMES = ("validOn", "validAfter", "validBefore")


class BadEvent(ValueError):
    """The event is not a valid PACT CloudEvent; the message says what is wrong (sent back in the 400 body)."""


@dataclass(frozen=True)
class Checked:
    kind: str
    event: dict[str, Any]


def _text(event: dict[str, Any], name: str, longest: int) -> str:
    value = event.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > longest:
        raise BadEvent(f"{name} must be a non-empty string of at most {longest} characters")
    return value


def _uuids(data: dict[str, Any], name: str) -> None:
    ids = data.get(name)
    if not isinstance(ids, list) or not ids or len(ids) > 1000:
        raise BadEvent(f"data.{name} must be a non-empty list")
    for index, value in enumerate(ids):
        try:
            uuid.UUID(str(value))
        except ValueError:
            raise BadEvent(f"data.{name}[{index}] is not a UUID") from None


def _criteria_v3(data: dict[str, Any]) -> None:
    for name in _CRITERIA_LISTS:
        values = data.get(name)
        if values is not None and not (isinstance(values, list) and all(isinstance(v, str) for v in values)):
            raise BadEvent(f"data.{name} must be a list of strings")
    for name in _CRITERIA_TIMES:
        value = data.get(name)
        if value is not None and (not isinstance(value, str) or listing.parse_time(value) is None):
            raise BadEvent(f"data.{name} must be a date-time")


def check(major: str, event: object) -> Checked:
    """The event's kind when ``event`` is a valid PACT CloudEvent for API version ``major``; else raises."""
    if not isinstance(event, dict):
        raise BadEvent("the body must be a CloudEvent JSON object")
    if event.get("specversion") != "1.0":
        raise BadEvent("specversion must be 1.0")
    _text(event, "id", 300)
    _text(event, "source", 500)
    kind = event.get("type")
    if event.get("time") is not None and (
        not isinstance(event["time"], str) or listing.parse_time(event["time"]) is None
    ):
        raise BadEvent("time must be a date-time")
    data = event.get("data")
    if not isinstance(data, dict):
        raise BadEvent("data must be an object")
    types = EVENT_TYPES[major]
    if kind == PUBLISHED[major]:
        _uuids(data, "pfIds")
        return Checked(EventKind.PUBLISHED, event)
    if kind == types["created"]:
        if major == "3":
            _criteria_v3(data)
        elif not isinstance(data.get("pf"), dict):
            raise BadEvent("data.pf must be an object")
        return Checked(EventKind.REQUEST, event)
    if kind in (types["fulfilled"], types["rejected"]):
        if not isinstance(data.get("requestEventId"), str):
            raise BadEvent("data.requestEventId must be a string")
        if kind == types["fulfilled"] and not isinstance(data.get("pfs"), list):
            raise BadEvent("data.pfs must be a list")
        if kind == types["rejected"] and not isinstance(data.get("error"), dict):
            raise BadEvent("data.error must be an object")
        return Checked(EventKind.ANSWER, event)
    raise BadEvent(f"unknown event type for PACT v{major}: {str(kind)[:120]!r}")


def record(credential: Credential, major: str, checked: Checked) -> ReceivedEvent | None:
    """Store the event; None when this customer already sent an event with this id (a replay)."""
    event = checked.event
    row = ReceivedEvent(
        organization_id=credential.organization_id, customer=credential.customer, major=major,
        event_id=event["id"], event_type=event["type"], kind=checked.kind, source=event["source"],
        data=event["data"], answer=AnswerStatus.PENDING if checked.kind == EventKind.REQUEST else "",
    )  # fmt: skip
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        return None
    return row


def answer(row: ReceivedEvent, event: dict[str, Any]) -> None:
    """A supplier's ``RequestFulfilled``/``RequestRejected`` event (stored as ``row``) applied to the request it
    answers, through the same handler as on the client side; the row says what it did.  An event answering no open
    request of this organization (unknown id, another organization's request, one answered already) changes no
    request."""
    request = pulling.answer_event(row.customer.organization, event)
    if request is None:
        status, detail = AnswerStatus.NONE, "answers no open request of this organization"
    else:
        fulfilled = request.status == RequestStatus.FULFILLED
        status = AnswerStatus.FULFILLED if fulfilled else AnswerStatus.REJECTED
        detail = f"request {request.event_id} {request.status}"
    ReceivedEvent.objects.filter(pk=row.pk).update(answer=status, answer_detail=detail)


def request_criteria(major: str, data: dict[str, Any]) -> listing.Criteria:
    """What a ``RequestCreated`` event asks for, as listing criteria (v2: ``pf.productIds``)."""
    pairs: list[tuple[str, str]] = []
    if major == "3":
        for name in _CRITERIA_LISTS:
            pairs += [(name, value) for value in data.get(name) or []]
        pairs += [(name, data[name]) for name in _CRITERIA_TIMES if data.get(name)]
    else:
        product_ids = data.get("pf", {}).get("productIds") or []
        pairs += [("productId", str(value)) for value in product_ids if isinstance(value, str)]
    return listing.criteria(pairs)
