"""The respondents' short way through the middleware keeps every behaviour of the full chain.

With :class:`tanlu.web.surveys.respond_fastpath.RespondMiddleware` in ``MIDDLEWARE`` (after WhiteNoise), the
respondent tests of ``test_respond`` and ``test_respond_once`` run again here, unchanged: page by page, save and
resume, one submission per token, the guessing limiter, public links, languages. Besides them: the CSRF token is
still required, and the short way is really taken for a respondent's post (and not for a signed-in user's).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tanlu.web.surveys import respond_fastpath

from .test_respond import *  # noqa: F403 - the same tests, through the short way
from .test_respond_once import *  # noqa: F403

FASTPATH = "tanlu.web.surveys.respond_fastpath.RespondMiddleware"


@pytest.fixture(autouse=True)
def _short_way(settings: Any) -> None:
    middleware = [name for name in settings.MIDDLEWARE if name != FASTPATH]
    middleware.insert(middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, FASTPATH)
    settings.MIDDLEWARE = middleware


def test_the_short_way_still_requires_the_csrf_token_and_is_taken(
    invite: Any, survey: Any, monkeypatch: Any
) -> None:
    _invitation, url = invite("csrf@example.com")
    taken: list[str] = []
    original = respond_fastpath.csrf_protect

    def spy(view: Any) -> Any:
        taken.append(getattr(view, "__name__", ""))
        return original(view)

    monkeypatch.setattr(respond_fastpath, "csrf_protect", spy)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, {"page": "all", "action": "next"}).status_code == 403
    assert taken == ["respond"]
    page = strict.get(url + "?page=all").content.decode()

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    reply = strict.post(url, {"page": "all", "action": "save", "csrfmiddlewaretoken": token.group(1)})
    assert reply.status_code == 302
    assert len(taken) == 2
