"""Who is calling the PACT API: client credentials at ``/auth/token`` (HTTP Basic, throttled) and bearer tokens
everywhere else.  A token names its host (``aud``) and credential (``sub``); it works only on that host, only
until it expires and only while the credential is not revoked."""

from __future__ import annotations

import base64
import binascii
import hmac
import time
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tanlu.exchange import tokens
from tanlu.web.accounts import throttle
from tanlu.web.pact.compiled import MARKER_IDS, MARKER_TEXT, Compiled, compile_query
from tanlu.web.pact.models import Credential, PactHost
from tanlu.web.pact.services import secret_hash, token_key

ADDRESS_FACTOR = throttle.ADDRESS_FACTOR


@dataclass(frozen=True)
class BasicCredentials:
    client_id: str
    secret: str


def basic_credentials(request: HttpRequest) -> BasicCredentials | None:
    """The client id and secret of an ``Authorization: Basic`` header (RFC 7617), or None."""
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or not encoded or len(encoded) > 2048:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, colon, secret = decoded.partition(":")
    return BasicCredentials(client_id, secret) if colon and client_id else None


def _limits(request: HttpRequest, host: PactHost, client_id: str) -> list[throttle.Limit]:
    limit, window = settings.TANLU_LOGIN_ATTEMPTS, settings.TANLU_LOGIN_WINDOW
    digest = secret_hash(f"{host.slug}:{client_id}")[:32]
    return [
        throttle.Limit(f"pact-fail:client:{digest}", limit, window),
        throttle.Limit(f"pact-fail:addr:{throttle.client_address(request)}", limit * ADDRESS_FACTOR, window),
    ]


def retry_after(request: HttpRequest, host: PactHost, client_id: str) -> int:
    """Seconds this client id (or address) must wait after too many bad secrets; 0 when it may try."""
    return throttle.retry_after(_limits(request, host, client_id))


def check_secret(request: HttpRequest, host: PactHost, given: BasicCredentials) -> Credential | None:
    """The live credential ``given`` names on ``host``, or None (and the failure is counted)."""
    credential = (
        Credential.objects.filter(
            organization_id=host.organization_id, client_id=given.client_id, revoked_at__isnull=True
        )
        .select_related("customer")
        .first()
    )
    expected = credential.secret_hash if credential is not None else secret_hash("no such client")
    if credential is None or not hmac.compare_digest(expected, secret_hash(given.secret)):
        throttle.record(_limits(request, host, given.client_id))
        return None
    Credential.objects.filter(pk=credential.pk).update(last_used_at=timezone.now())
    return credential


def record_failure(request: HttpRequest, host: PactHost, client_id: str) -> None:
    throttle.record(_limits(request, host, client_id))


def issue_token(host: PactHost, credential: Credential) -> str:
    claims = {"aud": host.slug, "sub": credential.client_id, "org": credential.organization_id}
    return tokens.issue(token_key(), claims, now=int(time.time()))


def bearer(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def credential_for(slug: str, token: str) -> Credential:
    """The live credential behind ``token`` on the host ``slug``; raises :class:`tokens.TokenRefused` (or its
    :class:`tokens.TokenExpired`) otherwise, revoked credentials included.  The token names the host (``aud``),
    the credential (``sub``) and its organization (``org``), all signed by us; a host's slug is random and never
    reused, so one indexed lookup of the credential, in that organization, is the whole check."""
    claims = tokens.verify(token_key(), token, audience=slug, now=int(time.time()))
    live = live_credential(claims.get("org"), str(claims.get("sub")))
    found = list(live.select_related("customer__organization")[:1])
    if not found:
        raise tokens.TokenRefused("the credential was revoked")
    return found[0]


@dataclass(frozen=True)
class Caller:
    """Who calls ListFootprints: the live credential's client id and its customer (no ORM objects: the listing
    needs these three values only)."""

    client_id: str
    customer_id: int
    organization_id: int


@dataclass(frozen=True)
class Bearer:
    """Who a valid token names: a credential's client id and organization, signed by us.  Whether the credential
    is still live is not known yet: ListFootprints reads its page through the credential
    (:func:`tanlu.web.pact.services.visible_through`, no rows for a revoked one) and calls :func:`confirm` when the
    page is empty or it answers an error, so a revoked credential still stops at once, one round trip fewer."""

    client_id: str
    organization_id: int


def live_credential(organization_id: object, client_id: str) -> QuerySet[Credential]:
    """The credential ``client_id`` of the organization while it is not revoked (an empty queryset otherwise)."""
    live: QuerySet[Credential] = Credential.objects.filter(
        organization_id=organization_id, client_id=client_id, revoked_at__isnull=True
    )
    return live


@cache
def _caller_query() -> Compiled:
    markers = {"organization": MARKER_IDS[0], "client": MARKER_TEXT}
    return compile_query(live_credential(MARKER_IDS[0], MARKER_TEXT).values_list("customer_id")[:1], markers)


def bearer_for(slug: str, token: str) -> Bearer:
    """Who ``token`` names on the host ``slug``, from the token alone (its signature, audience and expiry);
    raises :class:`tokens.TokenRefused` (or its :class:`tokens.TokenExpired`) otherwise."""
    claims = tokens.verify(token_key(), token, audience=slug, now=int(time.time()))
    organization, client_id = claims.get("org"), str(claims.get("sub"))
    if not isinstance(organization, int) or isinstance(organization, bool):
        raise tokens.TokenRefused("the token names no organization")
    return Bearer(client_id, organization)


def confirm(bearer: Bearer) -> Caller:
    """The live credential ``bearer`` names, as a :class:`Caller`; raises :class:`tokens.TokenRefused` when it
    was revoked (one compiled query)."""
    found = _caller_query().rows(organization=bearer.organization_id, client=bearer.client_id)
    if not found:
        raise tokens.TokenRefused("the credential was revoked")
    return Caller(bearer.client_id, int(found[0][0]), bearer.organization_id)


def caller_for(slug: str, token: str) -> Caller:
    """What :func:`credential_for` checks, answered by one compiled query (the credential is looked up on every
    request, so revoking it still stops its tokens at once)."""
    return confirm(bearer_for(slug, token))
