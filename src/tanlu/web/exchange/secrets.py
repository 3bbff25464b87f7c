"""Suppliers' client secrets at rest: Fernet (AES-128-CBC with an HMAC-SHA256) under a key derived from the secret
key with HKDF, so a database copy alone reveals no secret.  Changing the secret key makes stored client secrets
unreadable: each supplier's credentials are entered again (the pull says so)."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_INFO = b"tanlu.exchange: PACT client secrets"


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str | None:
    """The secret, or None when it was stored under another secret key (or tampered with)."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        return None
