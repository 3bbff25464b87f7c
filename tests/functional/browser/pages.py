"""What the browser tests share: the test users' password and their sign-in, the check that a page does not scroll
sideways (and, when it does, which elements stick out), and screenshots kept with TANLU_SCREENSHOTS=DIR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PASSWORD = "correct-horse-battery-staple"
NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth + 1"
#: the outermost elements that stick out of the window, to show with a failing check
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                 && e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
    .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 30)).slice(0, 8)"""


def assert_fits(page: Any) -> None:
    """The page does not scroll sideways; the failure names what sticks out. A navigation still in flight (a link
    just clicked) is waited for first: measured in between, the page has no document."""
    page.wait_for_load_state()
    assert page.evaluate(NO_SIDEWAYS), page.evaluate(OVERFLOWING)


def shot(page: Any, directory: Path | None, name: str) -> None:
    """A full-page screenshot ``name``.png in ``directory``, when screenshots are kept."""
    if directory:
        page.screenshot(path=str(directory / f"{name}.png"), full_page=True)


def sign_in(page: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign ``username`` in through the login page, as a user does (the last submit button is the form's)."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_load_state()
