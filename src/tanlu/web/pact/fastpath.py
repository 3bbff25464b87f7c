"""A short way through the middleware for ListFootprints, the PACT API's busiest request.

A PACT client pages through every footprint it may see, one ``GET /pact/<slug>/<2|3>/footprints`` per page.  The
request carries a bearer token and no cookie, so the session, authentication, language, CSRF, organization and
message middleware have nothing to do for it, yet together they cost about as much CPU as the page itself
(``benchmarks/bench_pact_listing.py``; ``docs/performance.md``, PACT section).  :class:`ListingMiddleware` sits
in ``MIDDLEWARE`` after the security headers, the upload limit and WhiteNoise, and answers that one route by
calling its view directly; every other request takes the whole chain as before, and so does a listing the chain
refuses before its view: a ``Host`` not in ``ALLOWED_HOSTS`` (400 from ``CommonMiddleware``) or a NUL character in
a parameter (400 from ``TanluErrorMiddleware``), so those answer exactly as they did.

What the skipped middleware would still have added is added here: ``X-Frame-Options`` (``XFrameOptionsMiddleware``)
and ``Content-Length`` (``CommonMiddleware``).  Left out on
purpose: ``Vary: Cookie, Accept-Language`` and ``Content-Language``, since the JSON answer depends on neither.
The route is the URL pattern ``pact:footprints`` itself (``tanlu.web.pact.urls``), so both ways serve exactly the
same URLs with the same view.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern

from tanlu.web.pact import urls

PREFIX = "/pact/"


def _route() -> URLPattern:
    return next(
        pattern
        for pattern in urls.urlpatterns
        if isinstance(pattern, URLPattern) and pattern.name == "footprints"
    )


def _has_nul(request: HttpRequest) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
    )


def _host_allowed(request: HttpRequest) -> bool:
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


class ListingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.route = _route()
        self.frame_options = settings.X_FRAME_OPTIONS.upper()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if not path.startswith(PREFIX):
            return self.get_response(request)
        match = self.route.resolve(path[1:])
        if match is None or _has_nul(request) or not _host_allowed(request):
            return self.get_response(request)
        request.resolver_match = match
        response: HttpResponse = match.func(request, *match.args, **match.kwargs)
        if not response.has_header("X-Frame-Options"):
            response["X-Frame-Options"] = self.frame_options
        if not response.streaming and not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
