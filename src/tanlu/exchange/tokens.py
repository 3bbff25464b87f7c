"""Access tokens of the PACT API host: compact JWTs (RFC 7519) signed with HMAC-SHA256.

The host issues and checks its own tokens, so a symmetric key (derived from the deployment's secret key) is
enough and no third-party JWT library is needed.  :func:`verify` accepts exactly one header, ``{"alg": "HS256",
"typ": "JWT"}``: ``alg: none``, any other algorithm, a forged signature, a token for another audience (another
organization's host) and an expired token are all refused.

Errors::

    TanluError
     └── TokenRefused         not a token this host issued for this audience (malformed, forged, ``alg`` not HS256)
          └── TokenExpired    a genuine token whose ``exp`` has passed
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from tanlu.errors import TanluError

ALGORITHM = "HS256"
#: seconds a token is valid (``expires_in`` of the token answer)
LIFETIME_SECONDS = 3600
_HEADER = {"alg": ALGORITHM, "typ": "JWT"}


class TokenRefused(TanluError):
    """The bearer token is not one this host issued for this audience."""


class TokenExpired(TokenRefused):
    """The bearer token was genuine but has expired."""


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise TokenRefused("the token is not base64url") from None


def _sign(key: bytes, signing_input: str) -> str:
    return _encode(hmac.new(key, signing_input.encode("ascii"), hashlib.sha256).digest())


def issue(key: bytes, claims: dict[str, Any], *, now: int, lifetime: int = LIFETIME_SECONDS) -> str:
    """A token carrying ``claims`` plus ``iat`` (``now``) and ``exp`` (``now + lifetime``)."""
    body = {**claims, "iat": now, "exp": now + lifetime}
    header = _encode(json.dumps(_HEADER, separators=(",", ":")).encode())
    payload = _encode(json.dumps(body, separators=(",", ":"), sort_keys=True).encode())
    signing_input = f"{header}.{payload}"
    return f"{signing_input}.{_sign(key, signing_input)}"


def verify(key: bytes, token: str, *, audience: str, now: int) -> dict[str, Any]:
    """The claims of ``token`` when it is genuine, meant for ``audience`` and not expired; else raises."""
    parts = token.split(".")
    if len(parts) != 3 or not all(parts) or len(token) > 4096:
        raise TokenRefused("the token is not a signed JWT")
    header_text, payload_text, signature = parts
    try:
        header = json.loads(_decode(header_text))
        claims = json.loads(_decode(payload_text))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise TokenRefused("the token is not JSON") from None
    if header != _HEADER:
        raise TokenRefused("the token's algorithm is not HS256")
    if not hmac.compare_digest(_sign(key, f"{header_text}.{payload_text}"), signature):
        raise TokenRefused("the token's signature is wrong")
    if not isinstance(claims, dict) or claims.get("aud") != audience:
        raise TokenRefused("the token was issued for another host")
    expires = claims.get("exp")
    if not isinstance(expires, int) or isinstance(expires, bool):
        raise TokenRefused("the token has no expiry")
    if expires <= now:
        raise TokenExpired("the token has expired")
    return claims
