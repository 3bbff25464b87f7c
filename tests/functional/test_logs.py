"""Logs cannot be forged and give no link away: one line per record, control characters escaped, tokens redacted."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver
from gunicorn.config import Config as GunicornConfig

from tanlu import config
from tanlu.errors import ConfigurationError
from tanlu.web.logs import REDACTED, GunicornLogger, OneLineFormatter, redact

from .test_tenancy import _patterns


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """What the configured console handler writes, with its own formatter."""
    for name in ("", "django", "tanlu"):  # pytest adds its own capturing handlers beside the configured one
        ours = [h for h in logging.getLogger(name).handlers if not type(h).__module__.startswith("_pytest")]
        assert [type(h.formatter) for h in ours] == [OneLineFormatter], f"{name or 'root'}: settings.LOGGING"
    formatter = ours[0].formatter
    stream = io.StringIO()
    copy = logging.StreamHandler(stream)
    copy.setFormatter(formatter)
    for name in ("django", "tanlu"):
        logging.getLogger(name).addHandler(copy)
    yield stream
    for name in ("django", "tanlu"):
        logging.getLogger(name).removeHandler(copy)


def test_a_forged_line_and_terminal_escapes_stay_on_one_escaped_line(captured: io.StringIO) -> None:
    name = "Evil Co\r\n2026-01-01 00:00:00 INFO tanlu.accounts: audit admin granted\x1b[31m\u2028\x00"
    logging.getLogger("tanlu.accounts").warning("organization %s", name)
    text = captured.getvalue()
    assert text.count("\n") == 1
    assert "\x1b" not in text
    assert "\x00" not in text
    assert "\u2028" not in text
    assert "Evil Co\\r\\n2026-01-01" in text
    assert "\\x1b[31m\\u2028" not in text  # the line separator is escaped as a byte value
    assert "\\x1b[31m" in text


def test_a_traceback_is_one_line(captured: io.StringIO) -> None:
    try:
        raise ValueError("broken\nline")
    except ValueError:
        logging.getLogger("tanlu").exception("failed")
    text = captured.getvalue()
    assert text.count("\n") == 1
    assert "Traceback (most recent call last):\\n" in text


def test_expected_denials_are_one_line_without_traceback(
    tenant: Any, captured: io.StringIO, make_user: Any
) -> None:
    tenant.client.get("/surveys/999999/")
    # a member without the role gets a PermissionDenied (403), which Django logs with its exception
    from tanlu.web.accounts.models import Membership, Role  # noqa: PLC0415

    member = make_user()
    Membership.objects.create(user=member, organization=tenant.organization, role=Role.VIEWER)
    client = Client()
    client.force_login(member)
    assert client.post("/surveys/new/builtin/").status_code == 403
    lines = captured.getvalue().splitlines()
    assert any(line.endswith("Not Found: /surveys/999999/") for line in lines)
    assert any("Forbidden" in line for line in lines), lines
    assert not any("Traceback" in line for line in lines)


@pytest.mark.django_db
def test_link_tokens_are_redacted_in_logged_paths(captured: io.StringIO) -> None:
    Client().get("/s/personal-secret-token-0123456789/")
    Client().get("/invitations/member-secret-token/")
    Client().get("/accounts/reset/MQ/reset-secret-token/")
    text = captured.getvalue()
    assert "secret-token" not in text
    assert f"Not Found: /s/{REDACTED}/\n" in text
    assert f"Not Found: /invitations/{REDACTED}/\n" in text


def test_every_route_with_a_token_is_redacted() -> None:
    for route, pattern in _patterns(get_resolver()):
        names = set(pattern.pattern.converters)
        if names & {"token", "uidb64"}:
            path = "/" + re.sub(r"<\w+:(\w+)>", r"SECRET-\1", route)
            assert "SECRET" not in redact(f'GET {path} HTTP/1.1 "https://tanlu.example{path}"'), route


def test_gunicorn_access_and_error_logs_use_the_formatter() -> None:
    cfg = GunicornConfig()
    cfg.set("accesslog", "-")
    cfg.set("errorlog", "-")
    logger = GunicornLogger(cfg)
    for log in (logger.access_log, logger.error_log):
        (handler,) = [h for h in log.handlers if getattr(h, "_gunicorn", False)]
        assert isinstance(handler.formatter, OneLineFormatter)
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '"GET /p/public-secret/?x=\x1b HTTP/1.1" 200',
        None,
        None,
    )
    line = logger.access_log.handlers[0].formatter.format(record)
    assert line == f'"GET /p/{REDACTED}/?x=\\x1b HTTP/1.1" 200'


def test_production_refuses_the_console_email_backend_unless_chosen() -> None:
    production = {"TANLU_SECRET_KEY": "k" * 50, "TANLU_ALLOWED_HOSTS": "tanlu.example.com"}
    with pytest.raises(ConfigurationError, match="TANLU_EMAIL_CONSOLE"):
        config.load({**production, "TANLU_EMAIL_URL": "console:"})
    assert config.load(
        {**production, "TANLU_EMAIL_URL": "console:", "TANLU_EMAIL_CONSOLE": "true"}
    ).email_console
    assert config.load(production).email_url is None, "unset: files in the data directory, never printed"
    assert config.load({"TANLU_DEBUG": "true", "TANLU_EMAIL_URL": "console:"}).email_url == "console:"
