"""A supplier copies its IMDS Release 15 PCF values in a real browser: the copy button puts the exact text on the
clipboard, the page fits a phone and a desktop in Chinese and English, and without JavaScript the values are still
there to select. TANLU_SCREENSHOTS=DIR keeps a screenshot of each page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tanlu.web.accounts import services
from tanlu.web.accounts.models import User
from tanlu.web.products.models import Result

from ..conftest import Tenant  # noqa: TID252 - the functional tests' tenant record
from ..products.test_results import calculate, imported  # noqa: TID252 - the product tests' helpers
from .pages import NO_SIDEWAYS, PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def caliper(django_capture_on_commit_callbacks: Any) -> Result:
    user = User.objects.create_user(username="imds", email="imds@example.com", password=PASSWORD)
    organization = services.create_organization(user, name="苏州精工冲压件有限公司", kind="supplier")
    client = Client()
    client.force_login(user)
    tenant = Tenant(organization=organization, owner=user, client=client)
    imported(tenant, django_capture_on_commit_callbacks)
    run = calculate(tenant, django_capture_on_commit_callbacks)
    return Result.objects.get(run=run, product_id="CAL-100")


def _login(context: Any, base: str) -> Any:
    page = context.new_page()
    sign_in(page, base, "imds")
    return page


@pytest.mark.parametrize(
    ("locale", "width"), [("zh-CN", 360), ("zh-CN", 1280), ("en-GB", 360), ("en-GB", 1280)]
)
def test_copy_a_value_at_phone_and_desktop_width(  # noqa: PLR0917 - pytest fixtures and parameters
    live_server: Any, chromium: Any, screenshot_dir: Path | None, caliper: Result, locale: str, width: int
) -> None:
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale=locale)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = _login(context, live_server.url)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/products/runs/{caliper.run_id}/products/{caliper.pk}/imds/")
    box = page.locator("[data-field='pcf_value'] input")
    value = box.input_value()
    assert value
    assert value[0].isdigit()
    button = page.locator("[data-field='pcf_value'] button.imds-copy")
    assert button.is_visible(), "the script shows the copy buttons"
    done = button.get_attribute("data-done")
    assert done
    button.click()
    page.wait_for_function(
        "text => document.querySelector(\"[data-field='pcf_value'] button.imds-copy\").textContent.includes(text)",
        arg=done,
    )
    assert page.evaluate("navigator.clipboard.readText()") == value
    assert page.evaluate(NO_SIDEWAYS), "no sideways scrolling"
    assert not errors, errors
    if screenshot_dir:
        page.screenshot(path=str(screenshot_dir / f"imds-{locale[:2]}-{width}.png"), full_page=True)
    context.close()


def test_without_javascript_the_values_are_selectable_text(
    live_server: Any, chromium: Any, caliper: Result
) -> None:
    context = chromium.new_context(viewport={"width": 360, "height": 900}, java_script_enabled=False)
    page = _login(context, live_server.url)
    page.goto(f"{live_server.url}/products/runs/{caliper.run_id}/products/{caliper.pk}/imds/")
    box = page.locator("[data-field='pcf_value'] input")
    assert box.get_attribute("readonly") is not None
    assert box.input_value()
    assert not page.locator("button.imds-copy").first.is_visible(), "no dead buttons without the script"
    context.close()
