"""Authentication of the JSON API: a bearer API token, or the browser's session (with CSRF).

Either way the request ends up with ``request.organization`` and ``request.membership``, so API endpoints scope
their queries exactly as views do (``tenancy.scoped``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from tanlu.web.accounts.models import ApiToken, Membership, hash_token

TOKEN_PREFIX = "tanlu_"  # noqa: S105 - a public marker that tells tokens apart, not a secret


class TokenAuth(HttpBearer):
    """``Authorization: Bearer tanlu_…``: the token's user acting in the token's organization."""

    openapi_description = "An API token created under Settings → API tokens."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith(TOKEN_PREFIX):
            return None
        record = (
            ApiToken.objects.select_related("user", "organization")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if record is None or not record.user.is_active:
            return None
        membership = Membership.objects.filter(user=record.user, organization=record.organization).first()
        if membership is None:
            return None
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
        request.user = record.user
        request.organization = record.organization  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        return record


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; its current organization was set by ``OrganizationMiddleware``."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated and getattr(request, "organization", None) is not None:
            return request.user
        return None


api_auth = [TokenAuth(), SessionAuth()]
