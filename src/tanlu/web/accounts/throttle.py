"""Throttles: events counted per account and per client address in the shared cache, each over a time window.

Sign-in. An account is locked for ``TANLU_LOGIN_WINDOW`` seconds after ``TANLU_LOGIN_ATTEMPTS`` failures; one client
address gets four times as many attempts across all accounts, so that colleagues behind one company gateway do not
lock each other out while a guessing script still is.

Password reset. Each request counts, whether the address belongs to an account or not (so the answer tells nothing
about accounts): as many per address as failed sign-ins, four times as many per client address.

Secret links. Unknown survey and member-invitation links count per client address (``TANLU_SURVEY_TOKEN_MISSES`` in
``TANLU_SURVEY_TOKEN_WINDOW``); after that, every link from that address answers 429 until the window ends, so
guessing stays hopeless beyond the 256 bits of the tokens themselves.

Every count expires ``window`` seconds after its first event; a companion key keeps when that was, so a refusal can
say how long to wait (``Retry-After``).
"""

from __future__ import annotations

import functools
import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.http import HttpRequest

ADDRESS_FACTOR = 4


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` events per ``window`` seconds under one cache key (an account, a client address)."""

    key: str
    limit: int
    window: int


def client_address(request: HttpRequest) -> str:
    """The client's address; behind the trusted reverse proxy, the last address it appended to X-Forwarded-For."""
    # the header as request.headers gives it, without building every header of the request for one
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        return forwarded.rsplit(",", maxsplit=1)[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _digest(text: str) -> str:
    return hashlib.sha256(text.strip().lower().encode()).hexdigest()


def retry_after(limits: list[Limit]) -> int:
    """Seconds until every limit reached has expired (at least 1); 0 when none is reached."""
    reached = [limit for limit in limits if _count(limit.key) >= limit.limit]
    if not reached:
        return 0
    now = time.time()
    return max(
        max(1, math.ceil(float(cache.get(f"{limit.key}:since") or now) + limit.window - now))
        for limit in reached
    )


def _count(key: str) -> int:
    """The events counted under ``key`` in the shared cache.

    Almost always nothing is counted (a public survey link, a member invitation, a sign-in from a new address).
    With the database cache (the default), "nothing" is answered by one indexed SELECT of the key alone, which
    costs a fraction of the cache's own read (key checks, a datetime converter per row, base64 and pickle); a key
    that is there is read through the cache as before, with its expiry and decoding. The store is the same, so the
    count still holds across processes and machines.
    """
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, DatabaseCache) and not _present(backend, key):
        return 0
    return int(backend.get(key) or 0)


def _present(backend: DatabaseCache, key: str) -> bool:
    connection = connections[router.db_for_read(backend.cache_model_class)]
    table = backend._table  # type: ignore[attr-defined]  # the cache's own table name, set by its __init__
    with connection.cursor() as cursor:
        cursor.execute(_presence_sql(connection.alias, table), [backend.make_key(key)])
        return cursor.fetchone() is not None


@functools.cache
def _presence_sql(alias: str, table: str) -> str:
    quote = connections[alias].ops.quote_name
    return f"SELECT 1 FROM {quote(table)} WHERE {quote('cache_key')} = %s"  # noqa: S608 - the cache's own table


def presence_probe(limits: list[Limit]) -> tuple[str, list[str]] | None:
    """An SQL expression (and its parameters) counting the rows these limits have in the database cache, for a
    query on the default database to read along (``None`` with another cache or cache database).

    A survey link is looked up with it (:func:`tanlu.web.surveys.links.find_invitation_with`), so the usual
    answer, nothing counted for this address, costs no statement of its own; only when something is counted does
    :func:`retry_after` read the counts through the cache. The store is the same as for every other check.
    """
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, DatabaseCache):
        return None
    alias = router.db_for_read(backend.cache_model_class)
    if alias != DEFAULT_DB_ALIAS:
        return None
    quote = connections[alias].ops.quote_name
    table = backend._table  # type: ignore[attr-defined]  # the cache's own table name, set by its __init__
    marks = ", ".join(["%s"] * len(limits))
    sql = f"(SELECT COUNT(*) FROM {quote(table)} WHERE {quote('cache_key')} IN ({marks}))"  # noqa: S608
    return sql, [backend.make_key(limit.key) for limit in limits]


def record(limits: list[Limit]) -> None:
    """Count one event under each limit; the first event of a window starts it."""
    for limit in limits:
        if cache.add(limit.key, 1, timeout=limit.window):
            cache.set(f"{limit.key}:since", time.time(), timeout=limit.window)
            continue
        try:
            cache.incr(limit.key)
        except ValueError:  # expired between add and incr
            cache.set(limit.key, 1, timeout=limit.window)
            cache.set(f"{limit.key}:since", time.time(), timeout=limit.window)


# ------------------------------------------------------------------------------------------------ sign-in


def _login_limits(request: HttpRequest | None, username: str) -> list[Limit]:
    limit, window = settings.TANLU_LOGIN_ATTEMPTS, settings.TANLU_LOGIN_WINDOW
    limits = [Limit(f"login-fail:user:{_digest(username)}", limit, window)]
    if request is not None:
        limits.append(Limit(f"login-fail:addr:{client_address(request)}", limit * ADDRESS_FACTOR, window))
    return limits


def is_blocked(request: HttpRequest | None, username: str) -> bool:
    return retry_after(_login_limits(request, username)) > 0


def record_failure(request: HttpRequest | None, username: str) -> None:
    record(_login_limits(request, username))


def clear(request: HttpRequest | None, username: str) -> None:
    """A successful sign-in clears the account's count (the address's count expires on its own)."""
    cache.delete(_login_limits(request, username)[0].key)


# ------------------------------------------------------------------------------------------------ password reset


def password_reset_limits(request: HttpRequest, email: str) -> list[Limit]:
    limit, window = settings.TANLU_LOGIN_ATTEMPTS, settings.TANLU_LOGIN_WINDOW
    return [
        Limit(f"reset:email:{_digest(email)}", limit, window),
        Limit(f"reset:addr:{client_address(request)}", limit * ADDRESS_FACTOR, window),
    ]


# ------------------------------------------------------------------------------------------------ secret links


def link_miss_limits(request: HttpRequest) -> list[Limit]:
    """Unknown survey and member-invitation links, counted together per client address."""
    return [
        Limit(
            f"link-miss:{client_address(request)}",
            settings.TANLU_SURVEY_TOKEN_MISSES,
            settings.TANLU_SURVEY_TOKEN_WINDOW,
        )
    ]
