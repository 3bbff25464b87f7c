"""Sign-in throttling: failed attempts are counted per account and per client address in the shared cache.

An account is locked for ``TANLU_LOGIN_WINDOW`` seconds after ``TANLU_LOGIN_ATTEMPTS`` failures; one client address
gets four times as many attempts across all accounts, so that colleagues behind one company gateway do not lock each
other out while a guessing script still is.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

ADDRESS_FACTOR = 4


def client_address(request: HttpRequest) -> str:
    """The client's address; behind the trusted reverse proxy, the last address it appended to X-Forwarded-For."""
    forwarded = request.headers.get("X-Forwarded-For", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _keys(request: HttpRequest | None, username: str) -> list[tuple[str, int]]:
    limit = settings.TANLU_LOGIN_ATTEMPTS
    keys = [(f"login-fail:user:{hashlib.sha256(username.strip().lower().encode()).hexdigest()}", limit)]
    if request is not None:
        keys.append((f"login-fail:addr:{client_address(request)}", limit * ADDRESS_FACTOR))
    return keys


def is_blocked(request: HttpRequest | None, username: str) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _keys(request, username))


def record_failure(request: HttpRequest | None, username: str) -> None:
    for key, _limit in _keys(request, username):
        if not cache.add(key, 1, timeout=settings.TANLU_LOGIN_WINDOW):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=settings.TANLU_LOGIN_WINDOW)


def clear(request: HttpRequest | None, username: str) -> None:
    """A successful sign-in clears the account's count (the address's count expires on its own)."""
    cache.delete(_keys(request, username)[0][0])
