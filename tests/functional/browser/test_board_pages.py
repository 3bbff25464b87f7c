"""The supplier board of the demo OEM in a real browser: the board, a supplier's page and the target form for the
OEM, the targets received for a supplier; in Chinese on a phone (360 px) and in English on a desktop (1280 px),
without sideways scrolling.

Set TANLU_SCREENSHOTS=DIR to keep a screenshot of every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tanlu.web import demo
from tanlu.web.accounts.models import Membership, Organization, Role, User
from tanlu.web.engagement.demo import HUASU, OEM, PRECISION, engagement_demo

from ..engagement.helpers import calculated  # noqa: TID252 - the engagement tests' model builder
from .pages import NO_SIDEWAYS, OVERFLOWING, PASSWORD
from .test_engagement_journey import _sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _demo(language: str) -> None:
    admin = User.objects.create_superuser("root", "root@example.com", PASSWORD)
    context = demo.DemoContext(owners=[admin])
    demo.organizations_and_suppliers(context)
    calculated(Membership.objects.get(user=admin, organization__name=PRECISION))
    engagement_demo(context)
    for username, name in (("oem", OEM), ("huasu", HUASU)):
        user = User.objects.create_user(username, f"{username}@example.com", PASSWORD, language=language)
        Membership.objects.create(
            user=user, organization=Organization.objects.get(name=name), role=Role.OWNER
        )


def _look(page: Any, directory: Path | None, name: str) -> None:
    if directory:
        page.screenshot(path=str(directory / f"board-{name}.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS), page.evaluate(OVERFLOWING)
    assert not page.errors, page.errors


@pytest.mark.parametrize(("language", "lang", "width"), [("zh-hans", "zh-CN", 360), ("en", "en-GB", 1280)])
def test_the_board_on_a_phone_and_a_desktop(  # noqa: PLR0917 - pytest fixtures and parameters
    live_server: Any, chromium: Any, screenshot_dir: Path | None, language: str, lang: str, width: int
) -> None:
    _demo(language)
    oem = _sign_in(chromium, live_server.url, "oem", lang, width)
    oem.goto(f"{live_server.url}/requests/board/")
    assert oem.locator("[data-board] [data-supplier]").count() == 3
    assert oem.locator(".chart-box svg").count() == 1
    _look(oem, screenshot_dir, f"board-{width}")
    oem.select_option("#board-show", "off_track")
    oem.click("[data-board-filter] button[type=submit]")
    oem.wait_for_load_state()
    assert oem.locator("[data-board] [data-supplier]").count() == 1
    oem.goto(f"{live_server.url}/requests/board/")
    oem.click(f"[data-board] a:has-text('{PRECISION}')")
    oem.wait_for_load_state()
    assert oem.locator("[data-target]").count() == 2
    assert oem.locator("[data-survey-answers] [data-changed]").count() > 0
    _look(oem, screenshot_dir, f"supplier-{width}")
    oem.click("a[href$='/targets/new/']")
    oem.wait_for_load_state()
    _look(oem, screenshot_dir, f"target-form-{width}")
    oem.select_option("#id_kind", "renewable")
    for field, value in (
        ("base_year", "2024"),
        ("target_year", "2030"),
        ("base_share", "10"),
        ("target_share", "40"),
    ):
        oem.fill(f"#id_{field}", value)
    oem.click("[data-target-form] button[type=submit]")
    oem.wait_for_load_state()
    assert oem.locator("[data-target]").count() == 3
    supplier = _sign_in(chromium, live_server.url, "huasu", lang, width)
    supplier.goto(f"{live_server.url}/requests/received/targets/")
    assert supplier.locator("[data-target]").count() == 1
    assert supplier.locator("[data-target-status=on_track]").count() == 1
    _look(supplier, screenshot_dir, f"received-{width}")
    oem.context.close()
    supplier.context.close()
