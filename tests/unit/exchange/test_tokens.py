"""Access tokens of the PACT host (RFC 7519 HS256): genuine ones verify; ``alg: none``, other algorithms, forged
signatures, other audiences and expired tokens are refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanlu.exchange import tokens

KEY = b"k" * 32


def _part(data: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@given(st.text(min_size=1, max_size=40), st.integers(0, 2**40))
def test_an_issued_token_verifies_with_its_claims(subject: str, now: int) -> None:
    token = tokens.issue(KEY, {"aud": "host", "sub": subject}, now=now)
    claims = tokens.verify(KEY, token, audience="host", now=now + tokens.LIFETIME_SECONDS - 1)
    assert (claims["sub"], claims["iat"], claims["exp"]) == (subject, now, now + tokens.LIFETIME_SECONDS)


def test_expired_token_is_refused_as_expired() -> None:
    token = tokens.issue(KEY, {"aud": "host", "sub": "c"}, now=1000)
    with pytest.raises(tokens.TokenExpired):
        tokens.verify(KEY, token, audience="host", now=1000 + tokens.LIFETIME_SECONDS)


def _signed(header: dict[str, str], claims: dict[str, object], key: bytes = KEY) -> str:
    signing_input = f"{_part(header)}.{_part(claims)}"
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


CLAIMS = {"aud": "host", "sub": "c", "exp": 10**12}


@pytest.mark.parametrize(
    "token",
    [
        f"{_part({'alg': 'none', 'typ': 'JWT'})}.{_part(CLAIMS)}.",
        f"{_part({'alg': 'none', 'typ': 'JWT'})}.{_part(CLAIMS)}.c2ln",
        _signed({"alg": "HS512", "typ": "JWT"}, CLAIMS),
        _signed({"alg": "HS256", "typ": "JWT"}, CLAIMS, key=b"another key"),
        _signed({"alg": "HS256", "typ": "JWT"}, {**CLAIMS, "aud": "other"}),
        _signed({"alg": "HS256", "typ": "JWT"}, {"aud": "host", "sub": "c"}),
        _signed({"alg": "HS256", "typ": "JWT"}, {**CLAIMS, "exp": "never"}),
        "not-a-token",
        "a.b.c",
        "",
    ],
    ids=[
        "none",
        "none-signed",
        "hs512",
        "forged",
        "audience",
        "no-exp",
        "exp-text",
        "text",
        "garbage",
        "empty",
    ],
)
def test_anything_else_is_refused(token: str) -> None:
    with pytest.raises(tokens.TokenRefused):
        tokens.verify(KEY, token, audience="host", now=0)


def test_a_genuine_token_with_a_changed_payload_is_refused() -> None:
    header, _payload, signature = tokens.issue(KEY, {"aud": "host", "sub": "a"}, now=0).split(".")
    with pytest.raises(tokens.TokenRefused, match="signature"):
        tokens.verify(KEY, f"{header}.{_part({**CLAIMS, 'sub': 'b'})}.{signature}", audience="host", now=0)
