"""A supplier answers a footprint request the organization sent, by posting ``RequestFulfilled``/``RequestRejected``
to the organization's own PACT host: the request is updated by the client side's handler
(``tanlu.web.exchange.pulling.answer_event``), once only, and only a request of that organization."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from tanlu.exchange.client import EVENT_TYPES
from tanlu.web.exchange import pulling
from tanlu.web.exchange.models import FootprintRequest, ReceivedFootprint, RequestStatus
from tanlu.web.pact.jobs import callback_base
from tanlu.web.pact.models import ReceivedEvent

from .conftest import example
from .hosts import Supplier, get_token

pytestmark = pytest.mark.django_db


def _request(supplier: Supplier, major: str = "3") -> FootprintRequest:
    """A request ``supplier``'s organization sent (as a customer) to one of its own suppliers' PACT APIs."""
    endpoint = pulling.add_endpoint(
        supplier.organization, None, name="Upstream", base_url="https://pact.upstream.example", spec=major,  # type: ignore[arg-type]
        client_id="upstream-id", client_secret="upstream-secret",
    )  # fmt: skip
    return FootprintRequest.objects.create(
        organization=supplier.organization, endpoint=endpoint, event_id=str(uuid.uuid4()),
        product_ids=["urn:upstream:1"], status=RequestStatus.SENT,
    )  # fmt: skip


def _answer(major: str, kind: str, request_id: str, **data: Any) -> dict[str, Any]:
    return {
        "specversion": "1.0", "id": str(uuid.uuid4()), "source": "//pact.upstream.example/events",
        "time": "2026-12-01T00:00:00Z", "type": EVENT_TYPES[major][kind],
        "data": {"requestEventId": request_id, **data},
    }  # fmt: skip


def _post(client: Client, url: str, token: str, event: object) -> Any:
    return client.post(
        url, json.dumps(event), content_type="application/cloudevents+json; charset=UTF-8",
        HTTP_AUTHORIZATION=f"Bearer {token}", secure=True,
    )  # fmt: skip


def test_a_fulfilled_event_updates_the_request_once(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    request = _request(a)
    client = Client()
    token = get_token(client, a, a.callers[0])  # the upstream supplier holds credentials of a's host
    pf = {**example("v3/example-1.json"), "id": str(uuid.uuid4())}
    event = _answer("3", "fulfilled", request.event_id, pfs=[pf])
    assert _post(client, f"{a.base}/3/events", token, event).status_code == 200
    request.refresh_from_db()
    assert request.status == RequestStatus.FULFILLED
    assert request.answer == ""  # every footprint was valid
    answered_at = request.answered_at
    assert isinstance(answered_at, datetime)
    received = ReceivedFootprint.objects.get(organization=a.organization)
    assert (received.pf_id, received.endpoint_id) == (pf["id"], request.endpoint_id)
    row = ReceivedEvent.objects.get(event_id=event["id"])
    assert (row.kind, row.answer) == ("answer", "fulfilled")
    assert request.event_id in row.answer_detail

    changed = {**event, "data": {**event["data"], "pfs": [{**pf, "id": str(uuid.uuid4())}]}}
    assert _post(client, f"{a.base}/3/events", token, changed).status_code == 200  # the same event id again
    request.refresh_from_db()
    assert (request.status, request.answered_at) == (RequestStatus.FULFILLED, answered_at)
    assert list(
        ReceivedFootprint.objects.filter(organization=a.organization).values_list("pf_id", flat=True)
    ) == [pf["id"]]
    assert ReceivedEvent.objects.filter(event_id=event["id"]).count() == 1

    late = _answer("3", "rejected", request.event_id, error={"code": "NotFound", "message": "gone"})
    assert _post(client, f"{a.base}/3/events", token, late).status_code == 200  # a second answer, new id
    request.refresh_from_db()
    assert request.status == RequestStatus.FULFILLED
    assert ReceivedEvent.objects.get(event_id=late["id"]).answer == ""


def test_a_v2_rejected_event_keeps_the_reason(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    request = _request(a, "2")
    client = Client()
    token = get_token(client, a, a.callers[1])
    event = _answer(
        "2", "rejected", request.event_id, error={"code": "NoSuchFootprint", "message": "不生产该产品"}
    )
    assert _post(client, f"{a.base}/2/events", token, event).status_code == 200
    request.refresh_from_db()
    assert (request.status, request.answer) == (RequestStatus.REJECTED, "NoSuchFootprint: 不生产该产品")
    assert request.answered_at is not None
    assert ReceivedEvent.objects.get(event_id=event["id"]).answer == "rejected"
    assert not ReceivedFootprint.objects.exists()


def test_an_invalid_footprint_is_named_and_not_stored(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    request = _request(a)
    client = Client()
    token = get_token(client, a, a.callers[0])
    pf = {**example("v3/example-1.json"), "id": "not-a-uuid"}
    assert (
        _post(
            client, f"{a.base}/3/events", token, _answer("3", "fulfilled", request.event_id, pfs=[pf])
        ).status_code
        == 200
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.FULFILLED
    assert request.answer.startswith("$[0].id: ")
    assert not ReceivedFootprint.objects.exists()


def test_another_organizations_request_is_not_touched(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, b = two_suppliers
    theirs = _request(b)
    client = Client()
    token = get_token(client, a, a.callers[0])
    pf = {**example("v3/example-1.json"), "id": str(uuid.uuid4())}
    event = _answer("3", "fulfilled", theirs.event_id, pfs=[pf])
    assert _post(client, f"{a.base}/3/events", token, event).status_code == 200
    theirs.refresh_from_db()
    assert theirs.status == RequestStatus.SENT
    assert not ReceivedFootprint.objects.exists()
    assert ReceivedEvent.objects.get(event_id=event["id"]).answer == ""
    missing = _answer("3", "fulfilled", theirs.event_id)  # no pfs: malformed
    response = _post(client, f"{a.base}/3/events", token, missing)
    assert (response.status_code, response.json()["code"]) == (400, "BadRequest")


@pytest.mark.parametrize("major", ["3", "2"])
def test_a_sent_request_names_the_hosts_events_endpoint_as_its_source(
    two_suppliers: tuple[Supplier, Supplier], monkeypatch: pytest.MonkeyPatch, settings: Any, major: str
) -> None:
    """The supplier answers to the request's ``source``; a Tanlu supplier's answer job
    (``tanlu.web.pact.jobs.callback_base``) turns it into this organization's events URL."""
    settings.TANLU_BASE_URL = "https://tanlu.example.com"
    a, _b = two_suppliers
    endpoint = pulling.add_endpoint(
        a.organization, None, name="Upstream", base_url="https://pact.upstream.example", spec=major,  # type: ignore[arg-type]
        client_id="upstream-id", client_secret="upstream-secret",
    )  # fmt: skip
    sent: list[dict[str, Any]] = []

    class Session:
        def send_event(self, event: dict[str, Any]) -> int:
            sent.append(event)
            return 200

    monkeypatch.setattr(pulling, "_session", lambda _endpoint: Session())
    request = pulling.send_request(endpoint, ["urn:upstream:1"], "")
    assert request.status == RequestStatus.SENT
    (event,) = sent
    assert event["source"] == f"//tanlu.example.com{a.base}/{major}/events"
    assert (
        f"{callback_base(event['source'], major)}/{major}/events"
        == f"https://tanlu.example.com{a.base}/{major}/events"
    )
