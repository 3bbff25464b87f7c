"""Test configuration shared by every test.

The environment is set before Django loads: production-like security (TANLU_DEBUG off), email kept in memory,
background tasks run at once, and a throw-away data directory.  ``DATABASE_URL`` chooses SQLite (unset) or
PostgreSQL, so the same suite runs on both.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanlu.web.settings")
os.environ["TANLU_DEBUG"] = "false"
os.environ["TANLU_SECRET_KEY"] = "test-secret-key-that-is-only-used-by-the-test-suite-0123456789"
os.environ["TANLU_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
os.environ["TANLU_BASE_URL"] = "https://tanlu.example.test"
os.environ["TANLU_EMAIL_URL"] = "memory:"
os.environ["TANLU_TASKS"] = "immediate"
os.environ.setdefault("TANLU_DATA_DIR", tempfile.mkdtemp(prefix="tanlu-test-"))

import pathlib

import django
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

pathlib.Path(os.environ["TANLU_DATA_DIR"], "static").mkdir(parents=True, exist_ok=True)
django.setup()

# Property tests: "ci" (the default, used by `make test`) is derandomized with no example database, so every
# run of every clone tries the same examples; "explore" (`make test-explore`) searches longer with fresh
# random examples and keeps what it finds in .hypothesis/ to replay. HYPOTHESIS_PROFILE chooses. Neither has a
# deadline nor the "too slow" health check: an example that builds and reads a workbook took over Hypothesis's
# default 200 ms on a loaded machine and failed a correct test; speed is measured by benchmarks/, never by a
# timed test.
hypothesis_settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
hypothesis_settings.register_profile(
    "explore",
    max_examples=2_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _no_language_left_active() -> Iterator[None]:
    """Every test starts in the default language: a request in Chinese leaves the locale middleware's language
    active in the thread, and a CLI command run by a later test would then answer in Chinese."""
    from django.utils import translation  # noqa: PLC0415

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings: Any) -> None:
    """Tests render pages without running collectstatic first; production uses the hashed manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
