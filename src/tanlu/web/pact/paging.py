"""Pages of ``ListFootprints``: keyset pagination over the visible footprints in id order, with a signed cursor.

The ``Link: <…>; rel="next"`` target carries only ``cursor``: the last row id, the limit and the filters, signed
for this host and customer with the deployment's secret key and valid for :data:`CURSOR_SECONDS`.  A tampered,
foreign or stale cursor is refused (400) instead of being trusted, so a link can neither widen the filters nor
walk into rows the customer does not see (the visible set is applied again on every page anyway).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from django.core import signing
from django.db.models import QuerySet

from tanlu.web.accounts.models import Organization
from tanlu.web.exchange.models import PublishedFootprint
from tanlu.web.pact import access, services
from tanlu.web.pact.access import Bearer, Caller
from tanlu.web.pact.compiled import MARKER_IDS, MARKER_TEXT, Compiled, compile_query

CURSOR_SECONDS = 24 * 3600
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
#: rows read per query while filters are applied in Python
CHUNK = 500


class BadCursor(ValueError):
    """The pagination cursor was not issued by this host for this customer, or has expired."""


@dataclass(frozen=True)
class Cursor:
    after: int
    limit: int
    query: list[tuple[str, str]]


def _salt(slug: str, client_id: str) -> str:
    return f"tanlu.pact.cursor:{slug}:{client_id}"


def sign(cursor: Cursor, *, slug: str, client_id: str) -> str:
    payload = {"a": cursor.after, "l": cursor.limit, "q": cursor.query}
    return signing.dumps(payload, salt=_salt(slug, client_id), compress=True)


def unsign(text: str, *, slug: str, client_id: str) -> Cursor:
    try:
        payload = signing.loads(text, salt=_salt(slug, client_id), max_age=CURSOR_SECONDS)
        return Cursor(int(payload["a"]), int(payload["l"]), [(str(k), str(v)) for k, v in payload["q"]])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadCursor("the pagination link is not valid") from None


def rows(visible: QuerySet[PublishedFootprint]) -> QuerySet[PublishedFootprint]:
    """The visible footprints as ``(pk, document as JSON text)`` in id order.  With ``pk > after`` and a slice this
    is one range scan of the index ``exchange_published_page`` (organization, spec, id), never an OFFSET nor a
    COUNT; the document comes as its stored text (``body``), so a page is served without decoding and encoding."""
    return visible.order_by("pk").values_list("pk", "body")  # type: ignore[return-value]


@lru_cache(maxsize=64)
def _page_query(major: str, size: int) -> Compiled:
    """:func:`rows` after a row id, ``size`` rows, of what the customer of a live credential may see
    (:func:`services.visible_through`), the credential's lookup included: compiled once per version and size."""
    organization_id, after = MARKER_IDS[:2]
    credentials = access.live_credential(organization_id, MARKER_TEXT)
    visible = services.visible_through(Organization(pk=organization_id), credentials, major)
    queryset = rows(visible).filter(pk__gt=after)[:size]
    markers = {"organization": organization_id, "client": MARKER_TEXT, "after": after}
    return compile_query(queryset, markers, inline=frozenset({"organization"}))


def page(
    caller: Bearer | Caller,
    major: str,
    *,
    after: int,
    limit: int,
    keep: Callable[[dict[str, Any]], bool] | None,
) -> tuple[list[str], int | None]:
    """Up to ``limit`` documents (JSON texts) the caller may see after row ``after`` that ``keep`` accepts, and the
    row id to continue after (None when nothing follows).  The rows are read through the caller's credential, so
    rows found prove it live; when none are, :func:`access.confirm` tells an empty page from a revoked credential
    (raising :class:`tanlu.exchange.tokens.TokenRefused` for one)."""

    confirmed = False

    def fetch(size: int, after: int) -> list[tuple[int, str]]:
        nonlocal confirmed
        found = _page_query(major, size).rows(
            organization=caller.organization_id, client=caller.client_id, after=after
        )
        if not confirmed:
            if not found:
                access.confirm(Bearer(caller.client_id, caller.organization_id))
            confirmed = True
        return cast("list[tuple[int, str]]", found)  # (id, body): the driver's int and str

    if keep is None:
        found = fetch(limit + 1, after)
        more = len(found) > limit
        found = found[:limit]
        return [text for _pk, text in found], (found[-1][0] if more and found else None)
    kept: list[tuple[int, str]] = []
    cursor = after
    while True:
        chunk = fetch(CHUNK, cursor)
        for pk, text in chunk:
            if keep(json.loads(text)):
                if len(kept) == limit:
                    return [doc for _pk, doc in kept], kept[-1][0]
                kept.append((pk, text))
        if len(chunk) < CHUNK:
            return [doc for _pk, doc in kept], None
        cursor = chunk[-1][0]


def body(documents: list[str]) -> bytes:
    """The ``{"data": [...]}`` body of a page from its documents' JSON texts."""
    return ('{"data":[' + ",".join(documents) + "]}").encode()
