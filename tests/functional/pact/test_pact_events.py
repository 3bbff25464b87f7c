"""The PACT API host's Action Events endpoint (v3.0 and v2.3): a customer's request is checked, stored once and
answered in the background, never to a private address; malformed events answer 400; a published notice is kept.
The token, listing and footprint endpoints are ``test_pact_api.py``."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from tanlu.web.pact.models import ReceivedEvent

from .hosts import Caller, Supplier, get_token

pytestmark = pytest.mark.django_db


def _event(kind: str, data: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "specversion": "1.0", "id": str(uuid.uuid4()), "source": "https://customer.example.com",
        "time": "2026-01-01T00:00:00Z", "type": kind, "data": data, **fields,
    }  # fmt: skip


def _post(client: Client, url: str, token: str, event: object) -> Any:
    return client.post(
        url, json.dumps(event), content_type="application/cloudevents+json; charset=UTF-8",
        HTTP_AUTHORIZATION=f"Bearer {token}", secure=True,
    )  # fmt: skip


V3_PUBLISHED = "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"
V3_CREATED = "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3"
V2_CREATED = "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1"


def test_events_are_checked_stored_once_and_answered_in_the_background(
    two_suppliers: tuple[Supplier, Supplier],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    a, _b = two_suppliers
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(
        "tanlu.exchange.client.Session.send_event",
        lambda self, event: sent.append((self.endpoint.base_url, event)) or 200,
    )
    client = Client()
    caller: Caller = a.callers[0]
    token = get_token(client, a, caller)
    url = f"{a.base}/3/events"
    product = f"urn:tanlu:{a.organization.pk}:P1"
    request = _event(V3_CREATED, {"productId": [product], "comment": "2025 please"})
    rejected = _event(V3_CREATED, {"productId": ["urn:pact:null"]}, source="//customer.example.com/3/events")
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, url, token, request).status_code == 200
        assert _post(client, url, token, request).status_code == 200  # replayed: nothing new
        assert _post(client, url, token, rejected).status_code == 200
    assert [base for base, _e in sent] == ["https://customer.example.com"] * 2
    fulfilled, refusal = (event for _b, event in sent)
    assert fulfilled["type"] == "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3"
    assert fulfilled["data"]["requestEventId"] == request["id"]
    assert [pf["id"] for pf in fulfilled["data"]["pfs"]] == [a.ids["P1"][1]]  # the Active version only
    assert refusal["data"]["error"]["code"] == "NotFound"
    stored = ReceivedEvent.objects.filter(customer=caller.customer)
    assert sorted(stored.values_list("answer", flat=True)) == ["fulfilled", "rejected"]


def test_answers_never_go_to_private_addresses(
    two_suppliers: tuple[Supplier, Supplier], django_capture_on_commit_callbacks: Any
) -> None:
    a, _b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[0])
    product = f"urn:tanlu:{a.organization.pk}:P1"
    for source in (
        "https://127.0.0.1:8443",
        "https://10.0.0.5",
        "http://customer.example.com",
        "//[::1]/3/events",
    ):
        event = _event(V3_CREATED, {"productId": [product]}, source=source)
        with django_capture_on_commit_callbacks(execute=True):
            assert _post(client, f"{a.base}/3/events", token, event).status_code == 200
        row = ReceivedEvent.objects.get(event_id=event["id"])
        assert row.answer == "failed", (source, row.answer_detail)


@pytest.mark.parametrize(
    ("major", "event"),
    [
        ("3", _event(V3_PUBLISHED, {"pfIds": ["urn:gtin:4712345060507"]})),
        ("3", _event(V3_PUBLISHED, {"pfIds": []})),
        ("3", {**_event(V3_PUBLISHED, {"pfIds": [str(uuid.uuid4())]}), "specversion": "0.3"}),
        ("3", _event("com.example.Unknown", {})),
        ("3", _event(V3_CREATED, {"validOn": "soon"})),
        ("3", ["not", "an", "object"]),
        ("2", _event("org.wbcsd.pathfinder.ProductFootprint.Published.v1", {"pfIds": ["x"]})),
        ("2", _event(V2_CREATED, {"comment": "no pf"})),
    ],
)
def test_malformed_events_answer_400(
    two_suppliers: tuple[Supplier, Supplier], major: str, event: object
) -> None:
    a, _b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[0])
    response = _post(client, f"{a.base}/{major}/events", token, event)
    assert (response.status_code, response.json()["code"]) == (400, "BadRequest")


@pytest.mark.parametrize("major", ["3", "2"])
def test_published_notice_is_accepted_and_kept(two_suppliers: tuple[Supplier, Supplier], major: str) -> None:
    a, _b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[1])
    kind = V3_PUBLISHED if major == "3" else "org.wbcsd.pathfinder.ProductFootprint.Published.v1"
    event = _event(kind, {"pfIds": [str(uuid.uuid4())]})
    assert _post(client, f"{a.base}/{major}/events", token, event).status_code == 200
    assert ReceivedEvent.objects.get(event_id=event["id"]).customer == a.callers[1].customer
    bad = _post(client, f"{a.base}/{major}/events", "invalid", event)
    assert bad.json()["code"] == "BadRequest"
    assert bad.status_code in (400, 401)
