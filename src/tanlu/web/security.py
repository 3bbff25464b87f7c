"""HTTP security headers Django 5.2 does not set itself, and the one place that turns TanluErrors into pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tanlu.errors import InputError, NotFound, PermissionDenied, TanluError

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy: every script, style and font comes from this site, nothing inline."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.TANLU_CONTENT_SECURITY_POLICY and not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def too_many_attempts(request: HttpRequest, seconds: int) -> HttpResponse:
    """A throttled request: 429 with ``Retry-After`` and a page (in the reader's language) that says to wait."""
    response = render(request, "429.html", {"minutes": max(1, -(-seconds // 60))}, status=429)
    response.headers["Retry-After"] = str(seconds)
    return response


class TanluErrorMiddleware:
    """Errors a user can cause become a page that says what happened, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: Any, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        """A NUL character in a parameter is refused here, once for every view: no field takes one, and
        PostgreSQL cannot even compare a text with one (a query with it would fail as a 500)."""
        values = [*args, *kwargs.values()]
        for data in (request.GET, request.POST):
            for key, items in data.lists():
                values.extend([key, *items])
        if any(isinstance(value, str) and "\x00" in value for value in values):
            message = _("The request contains a NUL character, which no field accepts.")
            return render(request, "400.html", {"message": message}, status=400)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            raise Http404 from exception
        if isinstance(exception, PermissionDenied):
            raise DjangoPermissionDenied(str(exception)) from exception
        if isinstance(exception, InputError | TanluError):
            return render(request, "400.html", {"message": str(exception)}, status=400)
        return None
