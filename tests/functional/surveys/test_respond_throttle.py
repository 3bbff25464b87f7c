"""The token limiter on personal links reads its count along with the invitation (one statement): it still refuses
every link once an address has guessed too often, whichever process counted the misses, and with any cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tanlu.web.accounts.models import Membership
from tanlu.web.surveys import links, participants
from tanlu.web.surveys.models import Survey

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.23"
GUESS = "/s/guessAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/"


@pytest.fixture
def link(owner_membership: Membership, open_builtin_survey: Survey) -> str:
    data = b"email,name,company,language,tier\nwang@example.com,Wang,Hengda,en,1\n"
    (invitation,) = participants.import_participants(
        owner_membership, open_builtin_survey, data, "people.csv"
    )
    return f"/s/{links.invitation_token(invitation)}/"


@pytest.fixture
def limit(settings: Any) -> int:
    settings.TANLU_SURVEY_TOKEN_MISSES = 3
    return 3


def test_misses_below_the_limit_leave_a_valid_link_open(link: str, limit: int) -> None:
    client = Client(REMOTE_ADDR=ADDRESS)
    for _ in range(limit - 1):
        assert client.get(GUESS).status_code == 404
    assert client.get(link).status_code == 200
    assert client.get(GUESS).status_code == 404, "the last miss allowed"
    assert client.get(link).status_code == 429
    assert client.get(GUESS).status_code == 429


def test_misses_counted_by_another_process_close_every_link(link: str, limit: int) -> None:
    """Another web process counts in the same shared cache: its count is what this one reads."""
    cache.set(f"link-miss:{ADDRESS}", limit, timeout=900)
    cache.set(f"link-miss:{ADDRESS}:since", 0.0, timeout=900)
    client = Client(REMOTE_ADDR=ADDRESS)
    assert client.get(link).status_code == 429
    assert client.get(GUESS).status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.24").get(link).status_code == 200
    cache.delete(f"link-miss:{ADDRESS}")  # the window ended
    assert client.get(link).status_code == 200


@pytest.mark.parametrize("backend", ["django.core.cache.backends.locmem.LocMemCache"])
def test_the_limit_holds_with_another_cache(link: str, limit: int, settings: Any, backend: str) -> None:
    settings.CACHES = {"default": {"BACKEND": backend}}
    client = Client(REMOTE_ADDR=ADDRESS)
    for _ in range(limit):
        assert client.get(GUESS).status_code == 404
    assert client.get(link).status_code == 429
