"""The PACT HTTP API of one organization, at ``/pact/<slug>/…`` (the paths PACT fixes, below the host's prefix):

``/.well-known/openid-configuration``, ``/auth/token``, and for ``N`` in 3 and 2: ``GET /N/footprints``,
``GET /N/footprints/{id}``, ``POST /N/events``.  Only HTTPS requests are served (a plain HTTP request answers 400,
never a redirect a client could follow with its token).  Error bodies are PACT ``{"code", "message"}`` objects
(the token endpoint answers OAuth 2 ``{"error", "error_description"}``):

=================================  ===================  ===================
case                               v3                   v2
=================================  ===================  ===================
missing, malformed, forged token   401 BadRequest       400 BadRequest
expired token                      401 TokenExpired     401 TokenExpired
footprint missing or not visible   404 NotFound         404 NoSuchFootprint
bad parameter, cursor or event     400 BadRequest       400 BadRequest
unsupported ``$filter``            —                    400 NotImplemented
=================================  ===================  ===================

A footprint the customer may not see answers exactly like one that does not exist (also another
organization's), so ids reveal nothing.  An unknown ``<slug>`` answers like a wrong secret or token.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from tanlu.exchange import listing, tokens
from tanlu.web.jobs import services as jobs
from tanlu.web.pact import access, events, paging, services
from tanlu.web.pact.jobs import ANSWER
from tanlu.web.pact.models import Credential, EventKind, PactHost

_NOT_FOUND = {"3": "NotFound", "2": "NoSuchFootprint"}
_INVALID_TOKEN_STATUS = {"3": 401, "2": 400}

View = Callable[..., HttpResponse]


def error(status: int, code: str, message: str) -> JsonResponse:
    response = JsonResponse({"code": code, "message": message}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def oauth_error(status: int, code: str, description: str) -> JsonResponse:
    response = JsonResponse({"error": code, "error_description": description}, status=status)
    response["Cache-Control"] = "no-store"
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="PACT"'
    return response


def _host(slug: str) -> PactHost | None:
    return PactHost.objects.filter(slug=slug).first()


def _base_url(request: HttpRequest, slug: str) -> str:
    return request.build_absolute_uri(f"/pact/{slug}")


def https_only(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.is_secure():
            return error(400, "BadRequest", "The PACT API is served over HTTPS only.")
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)


def authenticated_by(lookup: Callable[[str, str], Any]) -> Callable[[View], View]:
    """Pass the host's slug and what ``lookup(slug, token)`` finds for the bearer token (the live credential) to
    the view, or answer the version's token error (an unknown host answers like a token it did not issue).  A view
    given less than the live credential (ListFootprints: :class:`access.Bearer`) may raise
    :class:`tokens.TokenRefused` itself when it finds the credential revoked; that answers the same error."""

    def decorate(view: View) -> View:
        @https_only
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, major: str, *args: Any, **kwargs: Any) -> HttpResponse:
            status = _INVALID_TOKEN_STATUS[major]
            token = access.bearer(request)
            if not token:
                return error(status, "BadRequest", "A valid bearer access token is required.")
            try:
                credential = lookup(slug, token)
            except tokens.TokenExpired:
                response = error(401, "TokenExpired", "The access token has expired.")
                response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
                return response
            except tokens.TokenRefused:
                return error(status, "BadRequest", "The access token is not valid.")
            try:
                return view(request, slug, credential, major, *args, **kwargs)
            except tokens.TokenRefused:
                return error(status, "BadRequest", "The access token is not valid.")

        return wrapper

    return decorate


#: the credential as a model (with its customer and organization), for the actions that need it
authenticated = authenticated_by(access.credential_for)


@https_only
def openid_configuration(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "GET":
        return error(405, "BadRequest", "Use GET.")
    if _host(slug) is None:
        return error(404, "NotFound", "No PACT API here.")
    base = _base_url(request, slug)
    return JsonResponse(
        {
            "issuer": base,
            "token_endpoint": f"{base}/auth/token",
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "response_types_supported": ["token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [tokens.ALGORITHM],
        }
    )


@https_only
def token(request: HttpRequest, slug: str) -> HttpResponse:
    """OAuth 2 client credentials grant (RFC 6749 §4.4) with HTTP Basic client authentication."""
    if request.method != "POST":
        return oauth_error(405, "invalid_request", "Use POST.")
    host = _host(slug)
    given = access.basic_credentials(request)
    client_id = given.client_id if given is not None else ""
    if host is not None and (wait := access.retry_after(request, host, client_id)):
        response = oauth_error(429, "invalid_client", f"Too many failed attempts; try again in {wait} s.")
        response["Retry-After"] = str(wait)
        return response
    if request.POST.get("grant_type") != "client_credentials":
        return oauth_error(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported.")
    credential = access.check_secret(request, host, given) if host is not None and given else None
    if credential is None:
        if host is not None and given is None:
            access.record_failure(request, host, client_id)
        return oauth_error(401, "invalid_client", "Client authentication failed.")
    response = JsonResponse(
        {
            "access_token": access.issue_token(host, credential),  # type: ignore[arg-type]
            "token_type": "bearer",
            "expires_in": tokens.LIFETIME_SECONDS,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def _limit(text: str | None) -> int:
    if text is None or text == "":
        return paging.DEFAULT_LIMIT
    if not text.isdigit():
        raise ValueError(text)
    return min(int(text), paging.MAX_LIMIT) or paging.DEFAULT_LIMIT


def _keep(major: str, query: list[tuple[str, str]]) -> Callable[[dict[str, Any]], bool] | None:
    if major == "2":
        expressions = [value for name, value in query if name == "$filter"]
        return listing.odata_filter(" and ".join(expressions)) if expressions else None
    criteria = listing.criteria(query)
    return None if criteria.empty else criteria.matches


@authenticated_by(access.bearer_for)
def footprints(request: HttpRequest, slug: str, caller: access.Bearer, major: str) -> HttpResponse:
    """Action ListFootprints: the customer's visible footprints in id order, ``limit`` a page, ``Link`` next.

    The busiest request of the API (a customer pages through every footprint): the caller is two values from the
    token, and the page is read through the credential in one compiled query (:mod:`tanlu.web.pact.compiled`) as
    stored JSON text, never decoded.  Whether the credential is live is asked on its own only when the page is
    empty (:func:`paging.page`) and before any error, so a revoked credential answers as before."""

    def refuse(status: int, code: str, message: str) -> HttpResponse:
        access.confirm(caller)  # a revoked credential's token error comes first, as when it was checked first
        return error(status, code, message)

    if request.method != "GET":
        return refuse(405, "BadRequest", "Use GET.")
    if "cursor" in request.GET:
        try:
            cursor = paging.unsign(request.GET["cursor"], slug=slug, client_id=caller.client_id)
        except paging.BadCursor as bad:
            return refuse(400, "BadRequest", str(bad))
    else:
        # An empty value filters nothing (as an empty limit is the default): the conformance tool asks
        # ``classification=`` when the first footprint has no productClassifications and expects every footprint.
        query = [(k, v) for k, values in request.GET.lists() if k != "limit" for v in values if v != ""]
        try:
            cursor = paging.Cursor(0, _limit(request.GET.get("limit")), query)
        except ValueError:
            return refuse(400, "BadRequest", "limit must be a non-negative integer.")
    try:
        keep = _keep(major, cursor.query)
    except listing.NotImplementedFilter as unsupported:
        return refuse(400, "NotImplemented", unsupported.issue.reason)
    except listing.BadFilter as bad:
        return refuse(400, "BadRequest", bad.issue.reason)
    documents, after = paging.page(caller, major, after=cursor.after, limit=cursor.limit, keep=keep)
    response = HttpResponse(paging.body(documents), content_type="application/json")
    if after is not None:
        following = paging.Cursor(after, cursor.limit, cursor.query)
        signed = paging.sign(following, slug=slug, client_id=caller.client_id)
        link = request.build_absolute_uri(f"{request.path}?cursor={signed}")
        response["Link"] = f'<{link}>; rel="next"'
    return response


@authenticated
def footprint(
    request: HttpRequest, slug: str, credential: Credential, major: str, pf_id: str
) -> HttpResponse:
    """Action GetFootprint: one visible footprint (Active or Deprecated); anything else is not found."""
    if request.method != "GET":
        return error(405, "BadRequest", "Use GET.")
    missing = error(404, _NOT_FOUND[major], "The requested footprint could not be found.")
    try:
        wanted = str(uuid.UUID(pf_id))
    except ValueError:
        return missing
    document = (
        services.visible(credential.customer, major)
        .filter(pf_id__in=[wanted, pf_id])
        .values_list("document", flat=True)
        .first()
    )
    return missing if document is None else JsonResponse({"data": document})


@authenticated
def post_event(request: HttpRequest, slug: str, credential: Credential, major: str) -> HttpResponse:
    """Action Events: check the CloudEvent and store it once; requests are answered in the background, a supplier's
    answers to our own requests applied to them at once (:func:`events.answer`); 200, no body."""
    if request.method != "POST":
        return error(405, "BadRequest", "Use POST.")
    content_type = request.content_type.lower()
    if content_type not in ("application/cloudevents+json", "application/json"):
        return error(400, "BadRequest", "Send the event as application/cloudevents+json.")
    try:
        checked = events.check(major, json.loads(request.body.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return error(400, "BadRequest", "The body is not JSON.")
    except events.BadEvent as bad:
        return error(400, "BadRequest", str(bad))
    # an answer that cannot be applied is not kept either: the supplier may send it again
    with transaction.atomic():
        row = events.record(credential, major, checked)
        if row is not None and checked.kind == EventKind.ANSWER:
            events.answer(row, checked.event)
    if row is not None and checked.kind == EventKind.REQUEST:
        jobs.start(
            organization=credential.customer.organization, user=None, kind=ANSWER,
            label=f"PACT request {row.event_id[:80]}",
            parameters={"event_pk": row.pk, "source": f"{_base_url(request, slug)}/{major}/events"},
        )  # fmt: skip
    return HttpResponse(status=200)
