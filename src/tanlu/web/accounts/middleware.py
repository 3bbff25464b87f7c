"""Per-request state: the user's language and the organization they are acting for."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from tanlu.web.accounts.models import Membership

SESSION_ORGANIZATION_KEY = "tanlu_organization_id"


class UserLanguageMiddleware:
    """Make a signed-in user's chosen language win over the browser's, on every device they use.

    Runs before Django's ``LocaleMiddleware``, which then reads the cookie as usual.  Anonymous visitors keep the
    cookie set by the language switch, or else their browser's Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        preferred = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if preferred and cookie != preferred:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = preferred
        response = self.get_response(request)
        if preferred and cookie != preferred:
            set_language_cookie(response, preferred)
        return response


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=False,
    )


class OrganizationMiddleware:
    """Attach ``request.membership`` and ``request.organization`` for the organization chosen in the session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        request.organization = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            memberships = Membership.objects.select_related("organization").filter(user=request.user)
            chosen = request.session.get(SESSION_ORGANIZATION_KEY)
            membership = (memberships.filter(organization_id=chosen).first() if chosen else None) or (
                memberships.order_by("joined_at", "id").first()
            )
            if membership is not None:
                request.membership = membership  # type: ignore[attr-defined]
                request.organization = membership.organization  # type: ignore[attr-defined]
        return self.get_response(request)
