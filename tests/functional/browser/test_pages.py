"""Every page in Chinese and English, at phone and desktop width, in a real browser.

Set TANLU_SCREENSHOTS=DIR to keep a screenshot of each page for looking at them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tanlu.web import demo
from tanlu.web.accounts.models import SupplierRelationship, User

from .pages import NO_SIDEWAYS, OVERFLOWING, PASSWORD, sign_in

PAGES = [
    "/",
    "/suppliers/",
    "/suppliers/add/",
    "/settings/",
    "/settings/members/",
    "/settings/audit/",
    "/accounts/profile/",
    "/accounts/password/",
    "/organizations/",
    "/surveys/",
    "/inventory/",
    "/products/",
    "/exchange/",
]
WIDTHS = [360, 1280]

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Any, base: str, username: str) -> None:
    sign_in(page, base, username)
    assert "/accounts/login/" not in page.url, "signed in"


def _no_horizontal_overflow(page: Any) -> bool:
    fits = bool(page.evaluate(NO_SIDEWAYS))
    if not fits:
        print("overflowing:", page.evaluate(OVERFLOWING))  # noqa: T201 - shown with the failing assertion
    return fits


def test_first_run_in_chinese_on_a_phone(
    live_server: Any, chromium: Any, screenshot_dir: Path | None
) -> None:
    context = chromium.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url)
    assert page.url.endswith("/setup/")
    assert page.get_attribute("html", "lang") == "zh-Hans"
    if screenshot_dir:
        page.screenshot(path=str(screenshot_dir / "setup-zh-360.png"), full_page=True)
    page.fill("#id_username", "admin")
    page.fill("#id_email", "admin@example.com")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_organization_name", "华东汽车集团")
    page.select_option("#id_organization_kind", "oem")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url(f"{live_server.url}/")
    assert "华东汽车集团" in page.inner_text("main")
    assert _no_horizontal_overflow(page)
    page.evaluate("document.fonts.ready")
    faces = page.evaluate("[...document.fonts].map(f => f.family.replace(/\"/g, '') + ':' + f.status)")
    assert "Noto Sans SC:loaded" in faces, f"the shipped CJK font must render the Chinese text: {faces}"
    context.close()


def test_every_page_in_both_languages_and_widths(
    live_server: Any, chromium: Any, screenshot_dir: Path | None
) -> None:
    admin = User.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    demo.load([admin])
    current = admin.memberships.order_by("joined_at", "id").first().organization
    link = SupplierRelationship.objects.filter(organization=current).first()
    pages = [*PAGES, f"/suppliers/{link.pk}/"]
    for language in ["zh-CN", "en-US"]:
        for width in WIDTHS:
            context = chromium.new_context(viewport={"width": width, "height": 900}, locale=language)
            page = context.new_page()
            errors: list[str] = []
            page.on(
                "console",
                lambda message, errors=errors: (
                    errors.append(message.text) if message.type == "error" else None
                ),
            )
            _sign_in(page, live_server.url, "admin")
            for path in pages:
                response = page.goto(live_server.url + path)
                assert response.status == 200, path
                expected = "zh-Hans" if language == "zh-CN" else "en"
                assert page.get_attribute("html", "lang") == expected, path
                assert _no_horizontal_overflow(page), f"{path} scrolls sideways at {width}px"
                if screenshot_dir:
                    name = path.strip("/").replace("/", "-") or "home"
                    page.screenshot(
                        path=str(screenshot_dir / f"{name}-{language[:2]}-{width}.png"), full_page=True
                    )
            assert errors == [], f"console errors (CSP or scripts): {errors}"
            context.close()


def test_keyboard_reaches_the_content_and_the_menu(live_server: Any, chromium: Any) -> None:
    User.objects.create_superuser("kb", "kb@example.com", PASSWORD)
    from tanlu.web.accounts import services  # noqa: PLC0415

    services.create_organization(User.objects.get(username="kb"), name="Keyboard Co", kind="supplier")
    context = chromium.new_context(viewport={"width": 360, "height": 780}, locale="en-US")
    page = context.new_page()
    _sign_in(page, live_server.url, "kb")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    assert page.is_visible(".skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    menu = page.locator("details.app-nav__toggle summary")
    menu.focus()
    page.keyboard.press("Enter")
    assert page.is_visible("details.app-nav__toggle .app-nav__link >> nth=0")
    context.close()


def test_language_switch_in_the_browser(live_server: Any, chromium: Any) -> None:
    User.objects.create_superuser("lang", "lang@example.com", PASSWORD)
    context = chromium.new_context(locale="en-US")
    page = context.new_page()
    _sign_in(page, live_server.url, "lang")
    page.click(".lang-switch button[value=zh-hans]")
    assert page.get_attribute("html", "lang") == "zh-Hans"
    page.goto(live_server.url + "/organizations/")
    assert page.get_attribute("html", "lang") == "zh-Hans", "remembered"
    context.close()
