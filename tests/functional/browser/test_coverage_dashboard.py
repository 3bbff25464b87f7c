"""A partial year on the dashboard in a real browser (issue #12 item 1): January–August 2025 beside all of 2024
is labelled partial, compared on the same months, with its coverage table, at 360 and 1280 px, without
sideways scroll. TANLU_SCREENSHOTS=DIR keeps a screenshot of each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tanlu.web.accounts import services
from tanlu.web.accounts.models import User

from ..inventory.conftest import import_csv  # noqa: TID252 - the inventory tests' helpers
from ..inventory.files import gbk_csv  # noqa: TID252
from ..inventory.test_coverage import _month_rows  # noqa: TID252
from .pages import PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("lang", "width"), [("zh-CN", 360), ("zh-CN", 1280), ("en-GB", 1280)])
def test_partial_year_dashboard(
    live_server: Any, chromium: Any, screenshot_dir: Path | None, lang: str, width: int
) -> None:
    user = User.objects.create_user(username="ehs", email="ehs@example.com", password=PASSWORD)
    services.create_organization(user, name="苏州精工冲压件有限公司", kind="supplier")
    client = Client()
    client.force_login(user)
    import_csv(client, gbk_csv(_month_rows(2024, range(1, 13), 1.0) + _month_rows(2025, range(1, 9), 0.9)))
    for year in (2024, 2025):
        assert client.post("/inventory/calculate/", {"year": year, "gwp": "AR6"}).status_code == 302
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale=lang)
    page = context.new_page()
    sign_in(page, live_server.url, "ehs")
    page.goto(f"{live_server.url}/inventory/?year=2025")
    main = page.inner_text("main")
    if lang.startswith("zh"):
        assert "2025 年（部分：1–8 月）" in main
        assert "较 2024 年 1–8 月 −10.0%" in main
    else:
        assert "2025 (partial: Jan–Aug)" in main
        assert "−10.0% vs Jan–Aug 2024" in main
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    if screenshot_dir:
        page.screenshot(path=str(screenshot_dir / f"coverage-{lang[:2]}-{width}.png"), full_page=True)
    context.close()
