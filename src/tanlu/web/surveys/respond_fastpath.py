"""A short way through the middleware for respondents' submissions, the survey area's busiest request.

A respondent answers through a personal or public link (``/s/<token>/``, ``/p/<token>/``) and has no session:
sessions, authentication, the signed-in user's language, the organization and messages have nothing to do for
them, yet they cost CPU on every page post. :class:`RespondMiddleware` sits in ``MIDDLEWARE`` right after
WhiteNoise (beside the PACT listing's short way) and answers a POST to those two routes that carries no session
cookie by calling the view itself, wrapped in what still matters:

* CSRF protection, by Django's own ``CsrfViewMiddleware`` (``csrf_protect``), so the form's token and cookie are
  checked and set exactly as before;
* the language, by Django's own ``LocaleMiddleware`` (cookie, then ``Accept-Language``; the view still lets an
  invitation's language win);
* ``X-Frame-Options`` (``XFrameOptionsMiddleware``), and ``request.user`` as the anonymous user the full chain
  would have given a request without a session.

Everything else takes the whole chain as before: every GET (the pages render templates that may read the user),
a request with a session cookie (a signed-in colleague trying the form), a ``Host`` not in ``ALLOWED_HOSTS`` and a
NUL character in a parameter (their 400 answers come from the chain), and every other URL. The routes are the URL
patterns ``surveys:respond`` and ``surveys:respond_public`` themselves, so both ways serve the same URLs with the
same view; the rate limits, one submission per token and save and resume are the view's and unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import URLPattern
from django.views.decorators.csrf import csrf_protect

from tanlu.web.surveys import urls_respond

PREFIXES = ("/s/", "/p/")
ROUTES = ("respond", "respond_public")


def _routes() -> list[URLPattern]:
    return [
        pattern
        for pattern in urls_respond.urlpatterns
        if isinstance(pattern, URLPattern) and pattern.name in ROUTES
    ]


def _has_nul(request: HttpRequest) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for query in (request.GET, request.POST)
        for key, values in query.lists()
    )


def _host_allowed(request: HttpRequest) -> bool:
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


class RespondMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.routes = _routes()
        self.frame_options = settings.X_FRAME_OPTIONS.upper()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if (
            request.method != "POST"
            or not path.startswith(PREFIXES)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return self.get_response(request)
        match = next((m for route in self.routes if (m := route.resolve(path[1:])) is not None), None)
        if match is None or not _host_allowed(request) or _has_nul(request):
            return self.get_response(request)
        request.resolver_match = match
        request.user = AnonymousUser()
        request.membership = None  # type: ignore[attr-defined]
        request.organization = None  # type: ignore[attr-defined]
        view = csrf_protect(match.func)

        def answer(inner: HttpRequest) -> HttpResponse:
            return view(inner, *match.args, **match.kwargs)  # type: ignore[no-any-return]

        response: HttpResponse = LocaleMiddleware(answer)(request)  # type: ignore[assignment]
        if not response.has_header("X-Frame-Options"):
            response["X-Frame-Options"] = self.frame_options
        return response
