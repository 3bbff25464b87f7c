"""A file field speaks the page's language: the browser's own control says "Choose File" in the browser's
language whatever the page's (file-input.js), so a Chinese page showed English words on every upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tanlu.web.accounts import services
from tanlu.web.accounts.models import User

from .pages import PASSWORD, assert_fits, shot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("lang", "width", "choose", "none"),
    [("zh-CN", 360, "选择文件", "未选择文件"), ("en-GB", 1280, "Choose file", "No file chosen")],
)
def test_the_file_field_is_in_the_page_language(  # noqa: PLR0917 - pytest fixtures and parameters
    live_server: Any,
    chromium: Any,
    screenshot_dir: Path | None,
    tmp_path: Path,
    lang: str,
    width: int,
    choose: str,
    none: str,
) -> None:
    user = User.objects.create_user(username="ehs", email="ehs@example.com", password=PASSWORD)
    services.create_organization(user, name="苏州精工冲压件有限公司", kind="supplier")
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale=lang)
    page = context.new_page()
    sign_in(page, live_server.url, "ehs")
    page.goto(f"{live_server.url}/inventory/upload/")
    box = page.locator(".file-input").first
    assert box.locator(".file-input__button").inner_text() == choose
    assert box.locator(".file-input__name").inner_text() == none
    ledger = tmp_path / "2024年能源台账.csv"
    ledger.write_bytes("厂区,开始日期\n一厂,2024-01-01\n".encode())
    page.set_input_files("#id_file", str(ledger))
    assert box.locator(".file-input__name").inner_text() == ledger.name
    assert box.locator("#id_file").count() == 1, "the input itself stays, inside the box"
    assert_fits(page)
    card = page.locator(".sidebar-layout__main").bounding_box()
    button = page.locator("form.form button[type=submit]").bounding_box()
    assert button["x"] + button["width"] <= card["x"] + card["width"], (
        "the form's buttons stay inside its card"
    )
    if width >= 1024:  # the form is the page's main part, the help beside it the sidebar
        assert card["width"] > page.locator(".sidebar-layout__sidebar").bounding_box()["width"]
    shot(page, screenshot_dir, f"file-input-{lang[:2]}-{width}")
    context.close()
