"""Sign-in throttling: failed attempts are counted per account and per client address in the shared cache."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _keys(request: HttpRequest | None, username: str) -> list[str]:
    keys = [f"login-fail:user:{hashlib.sha256(username.strip().lower().encode()).hexdigest()}"]
    if request is not None:
        keys.append(f"login-fail:addr:{request.META.get('REMOTE_ADDR', '')}")
    return keys


def is_blocked(request: HttpRequest | None, username: str) -> bool:
    limit = settings.TANLU_LOGIN_ATTEMPTS
    return any((cache.get(key) or 0) >= limit for key in _keys(request, username))


def record_failure(request: HttpRequest | None, username: str) -> None:
    for key in _keys(request, username):
        if not cache.add(key, 1, timeout=settings.TANLU_LOGIN_WINDOW):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=settings.TANLU_LOGIN_WINDOW)


def clear(request: HttpRequest | None, username: str) -> None:
    cache.delete_many(_keys(request, username)[:1])
