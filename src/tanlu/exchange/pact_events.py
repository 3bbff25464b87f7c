"""PACT request events: the ``RequestCreated`` CloudEvent a customer sends, and the ``RequestFulfilled`` or
``RequestRejected`` answer it reads back, in the v3 and v2 event types.

Shared by the client (:mod:`tanlu.exchange.client` re-exports these names) and the web app's PACT API, which
receives the same events; plain data in and out, no network.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = ["EVENT_TYPES", "RequestAnswer", "request_answer", "request_created_event"]

EVENT_TYPES = {
    "3": {
        "created": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3",
        "fulfilled": "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3",
        "rejected": "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3",
    },
    "2": {
        "created": "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1",
        "fulfilled": "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1",
        "rejected": "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1",
    },
}


def request_created_event(
    *, source: str, product_ids: Sequence[str], comment: str = "", major: str = "3"
) -> dict[str, Any]:
    """A ``RequestCreated`` CloudEvent asking for the footprints of ``product_ids`` (PACT v3 / v2 event types)."""
    data: dict[str, Any]
    if major == "3":  # v3's criteria are the listing's filters; it has no comment
        kind, data = EVENT_TYPES["3"]["created"], {"productId": list(product_ids)}
    else:
        kind, data = (
            EVENT_TYPES["2"]["created"],
            {"pf": {"productIds": list(product_ids)}, "comment": comment},
        )
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": source,
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "type": kind,
        "data": data,
    }


@dataclass(frozen=True)
class RequestAnswer:
    """A supplier's answer to a request: which request, fulfilled (with footprints) or rejected (with a reason)."""

    request_event_id: str
    fulfilled: bool
    footprints: list[dict[str, Any]]
    error: str = ""


def request_answer(event: object) -> RequestAnswer | None:
    """The answer a ``RequestFulfilled``/``RequestRejected`` event (v3 or v2) carries; None for any other event."""
    if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
        return None
    kind, data = event.get("type"), event["data"]
    request_id = data.get("requestEventId")
    if not isinstance(request_id, str):
        return None
    if kind in (EVENT_TYPES["3"]["fulfilled"], EVENT_TYPES["2"]["fulfilled"]):
        pfs = data.get("pfs")
        items = [pf for pf in pfs if isinstance(pf, dict)] if isinstance(pfs, list) else []
        return RequestAnswer(request_id, True, items)
    if kind in (EVENT_TYPES["3"]["rejected"], EVENT_TYPES["2"]["rejected"]):
        error = data.get("error") if isinstance(data.get("error"), dict) else {}
        return RequestAnswer(
            request_id, False, [], f"{error.get('code', '')}: {error.get('message', '')}".strip(": ")
        )
    return None
