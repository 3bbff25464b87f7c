"""Numbers, ids and return addresses read from a request's query string or form: one parser for every view.

Path ids are kept to digits by the URL converters; query and form values are text anyone can change. Parsing them
with ``int()`` turns ``abc`` into a ``ValueError``, ``²`` (which ``str.isdigit`` accepts) into another, and 20 digits
into an ``OverflowError`` from the database: all of them 500s. These helpers answer with an :class:`InputError`
instead, which :class:`tanlu.web.security.TanluErrorMiddleware` shows as a 400 page naming the parameter.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tanlu.errors import InputError

#: the largest key a database id holds (PostgreSQL ``bigint``, SQLite ``INTEGER``)
MAX_ID = 2**63 - 1


def int_param(value: str | None, *, name: str, low: int = 0, high: int = MAX_ID) -> int:
    """A whole number written in ASCII digits, from ``low`` to ``high``; anything else is an InputError."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise InputError(
            _("“%(name)s” must be a whole number from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high}
            if high != MAX_ID
            else _("“%(name)s” must be the number of an existing item.") % {"name": name}
        )
    return int(text)


def optional_int_param(value: str | None, *, name: str, low: int = 0, high: int = MAX_ID) -> int | None:
    """Like :func:`int_param`, but an absent or empty value is ``None``."""
    if value is None or not value.strip():
        return None
    return int_param(value, name=name, low=low, high=high)


def int_list_param(values: list[str], *, name: str, low: int = 0, high: int = MAX_ID) -> list[int]:
    """Every value of a repeated parameter (``getlist``) as a number; one malformed value refuses them all."""
    return [int_param(value, name=name, low=low, high=high) for value in values]


def safe_next(request: HttpRequest, value: str | None, default: str = "/") -> str:
    """A return address on this site, else ``default``: ``//evil.example/``, ``/\\evil``, ``https://evil`` and
    addresses with control characters never leave it."""
    if (
        value
        and value.startswith("/")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return default
