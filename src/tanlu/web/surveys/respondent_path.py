"""A short way through the middleware for respondents' links, the busiest requests of a survey.

A respondent's browser holds no session: the personal link ``/s/<token>/`` and the public link ``/p/<token>/``
identify what is answered, and their views read neither the session, the signed-in user, the organization nor
messages. For a request without a session or messages cookie, the session, authentication, user-language,
organization and message middleware can only find that nothing is there, yet they cost about a twentieth of a
submission's CPU (``benchmarks/bench_submission_cpu.py``; ``docs/performance.md``, survey submissions).

:class:`RespondentMiddleware` sits in ``MIDDLEWARE`` before ``SessionMiddleware``. It sends such a request down a
second chain built from the same ``MIDDLEWARE`` after itself less those five (:data:`SKIPPED`), so everything else
runs as before and in the same order — the language, ``ALLOWED_HOSTS``, the CSRF check, the frame and NUL checks,
the error pages — and so does any middleware added later. The URL is resolved in the surveys' URLconf first
(the root's resolver tries every pattern before it, a few per cent of a submission). It sets what the skipped
ones would have found (an anonymous user, no organization, an empty session) and adds their one header,
``Vary: Cookie`` (the session middleware adds it because the language middleware asks whether the user is
signed in). A request with either cookie, or to any other path, takes the whole chain.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, include, path
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, ResolverMatch
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

#: the respondent's links (``tanlu.web.surveys.urls_respond``): personal and public, and their relevance fragments
PREFIXES = ("/s/", "/p/")
#: what a request without a session or messages cookie does not need
SKIPPED = frozenset(
    {
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "tanlu.web.accounts.middleware.UserLanguageMiddleware",
        "tanlu.web.accounts.middleware.OrganizationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    }
)
#: the cookie of Django's cookie message storage (``django.contrib.messages.storage.cookie``)
MESSAGES_COOKIE = "messages"


class _Chain(BaseHandler):
    """Django's own request handling (view, exception and template-response middleware) over ``paths``, with the
    respondents' URLs resolved first."""

    def __init__(self, paths: list[str]) -> None:
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        handler: Any = convert_exception_to_response(self._get_response)  # type: ignore[attr-defined]
        for dotted in reversed(paths):  # as BaseHandler.load_middleware does it for a synchronous server
            try:
                instance = import_string(dotted)(handler)
            except MiddlewareNotUsed:
                continue
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler
        # the surveys' URLs alone, under the namespace the root URLconf gives them: nothing else there starts
        # with /s/ or /p/, and the root's resolver would first try (and list as tried) every pattern before them
        self.urls = URLResolver(RegexPattern(r"^/"), [path("", include("tanlu.web.surveys.urls"))])

    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        if not hasattr(request, "urlconf"):
            try:
                match = self.urls.resolve(request.path_info)
            except Resolver404:
                pass  # the root URLconf answers, with its own 404
            else:
                request.resolver_match = match
                return match
        return super().resolve_request(request)


class RespondentMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        after = settings.MIDDLEWARE[settings.MIDDLEWARE.index(f"{__name__}.RespondentMiddleware") + 1 :]
        self.chain = _Chain([dotted for dotted in after if dotted not in SKIPPED])
        self.session_store = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cookies = request.COOKIES
        if (
            not request.path_info.startswith(PREFIXES)
            or settings.SESSION_COOKIE_NAME in cookies
            or MESSAGES_COOKIE in cookies
        ):
            return self.get_response(request)
        request.session = self.session_store(None)
        request.user = AnonymousUser()
        request.membership = None  # type: ignore[attr-defined]
        request.organization = None  # type: ignore[attr-defined]
        response: HttpResponse = self.chain._middleware_chain(request)
        patch_vary_headers(response, ("Cookie",))
        return response
