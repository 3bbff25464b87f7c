"""Security settings that must hold when TANLU_DEBUG is off (as in this test suite)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.test import Client

pytestmark = pytest.mark.django_db


def test_headers(tenant: Any) -> None:
    response = tenant.client.get("/", secure=True)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_cookies_are_secure(make_user: Any) -> None:
    make_user("sec")
    client = Client()
    client.post("/accounts/login/", {"username": "sec", "password": "correct-horse-battery-staple"})
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"]
    assert session["httponly"]
    assert settings.CSRF_COOKIE_SECURE


def test_csrf_is_enforced_on_forms(make_user: Any) -> None:
    make_user("csrf")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/", {"username": "csrf", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 403


def test_passwords_are_hashed_with_argon2() -> None:
    assert get_hasher().algorithm == "argon2"


def test_no_inline_script_or_style_in_pages(tenant: Any) -> None:
    """The CSP forbids inline code, so pages must not rely on it."""
    for url in ["/", "/suppliers/", "/settings/members/", "/accounts/profile/", "/surveys/"]:
        page = tenant.client.get(url).content.decode()
        for inline in ["<script>", " style=", "<style"]:
            assert inline not in page, f"{url} has {inline}"
        assert " on" + "click=" not in page, url


def test_user_text_is_escaped(tenant: Any) -> None:
    tenant.client.post("/suppliers/add/", {"name": "<script>alert(1)</script>", "tier": 1})
    page = tenant.client.get("/suppliers/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_request_body_is_capped() -> None:
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 100 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 5000
