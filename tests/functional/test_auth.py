"""Signing in and out, the first run, password reset by email, throttling, and the language switch."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tanlu.web.accounts.models import Membership, Role, User

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_fresh_installation_sends_everyone_to_the_first_run_page(client: Client) -> None:
    assert client.get("/").url == "/setup/"
    assert client.get("/accounts/login/").url == "/setup/"


def test_first_run_creates_the_administrator_and_organization(client: Client) -> None:
    response = client.post(
        "/setup/",
        {
            "username": "admin",
            "email": "admin@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "organization_name": "华东汽车集团",
            "organization_kind": "oem",
        },
    )
    assert response.status_code == 302
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.password.startswith("argon2")
    assert Membership.objects.get(user=admin).role == Role.OWNER
    assert "华东汽车集团" in client.get("/").content.decode()
    assert client.get("/setup/").url == "/", "the first-run page is closed once an administrator exists"


def test_first_run_refuses_weak_passwords(client: Client) -> None:
    response = client.post(
        "/setup/",
        {
            "username": "admin",
            "email": "admin@example.com",
            "password1": "12345678",
            "password2": "12345678",
            "organization_name": "X",
            "organization_kind": "oem",
        },
    )
    assert response.status_code == 200
    assert not User.objects.exists()
    assert 'class="field__error"' in response.content.decode()


def test_sign_in_and_out(make_user: Callable[..., User], client: Client) -> None:
    make_user("wang")
    response = client.post("/accounts/login/", {"username": "wang", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405, "signing out needs a POST with a CSRF token"
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302


def test_sign_in_is_throttled_after_repeated_failures(
    make_user: Callable[..., User], client: Client, settings: Any
) -> None:
    make_user("li")
    for _ in range(settings.TANLU_LOGIN_ATTEMPTS):
        assert client.post("/accounts/login/", {"username": "li", "password": "wrong"}).status_code == 200
    response = client.post("/accounts/login/", {"username": "li", "password": PASSWORD})
    assert response.status_code == 200, "even the right password is refused while throttled"
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_password_reset_by_emailed_link(make_user: Callable[..., User], client: Client) -> None:
    make_user("zhao", email="zhao@example.com")
    client.post("/accounts/password-reset/", {"email": "zhao@example.com"}, HTTP_HOST="localhost")
    assert len(mail.outbox) == 1
    link = re.search(r"https://tanlu\.example\.test(/accounts/reset/\S+)", mail.outbox[0].body)
    assert link, "the link is built from TANLU_BASE_URL, never from the request's Host header"
    form_url = client.get(link.group(1)).url
    new_password = "a-new-and-long-passphrase"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert User.objects.get(username="zhao").check_password(new_password)


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client: Client) -> None:
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert response.url == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_first_visit_follows_the_browser_language(make_user: Callable[..., User], client: Client) -> None:
    make_user()
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5").content.decode()
    assert '<html lang="zh-Hans">' in page
    assert "登录" in page
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert '<html lang="en">' in page


def test_language_switch_is_remembered_per_browser_and_per_user(make_user: Callable[..., User]) -> None:
    user = make_user()
    browser = Client()
    browser.force_login(user)
    browser.post("/language/", {"language": "zh-hans", "next": "/accounts/profile/"})
    assert browser.cookies["tanlu_language"].value == "zh-hans"
    user.refresh_from_db()
    assert user.language == "zh-hans"
    other_browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    other_browser.force_login(user)
    assert '<html lang="zh-Hans">' in other_browser.get("/accounts/profile/").content.decode()


def test_language_switch_refuses_foreign_redirects(client: Client) -> None:
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_one_address_is_throttled_across_accounts(
    make_user: Callable[..., User], client: Client, settings: Any
) -> None:
    make_user("innocent")
    for number in range(settings.TANLU_LOGIN_ATTEMPTS * 4):
        client.post("/accounts/login/", {"username": f"guess{number}", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "innocent", "password": PASSWORD})
    assert "Too many failed sign-in attempts" in response.content.decode()
    other_address = Client(REMOTE_ADDR="10.0.0.9")
    assert (
        other_address.post("/accounts/login/", {"username": "innocent", "password": PASSWORD}).status_code
        == 302
    )
