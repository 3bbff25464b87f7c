"""The rejected rows of an import in a real browser (#12 item 5): on a phone each rejected row is a card with its
reason first and a label over every field, on a desktop the whole row fits, and the reason is always fully
visible; a known activity shows its name, never its key. At 360 and 1280 px, in Chinese and English, without
sideways scroll. TANLU_SCREENSHOTS=DIR keeps screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tanlu.web.accounts import services
from tanlu.web.accounts.models import User
from tanlu.web.inventory.models import ImportBatch, Site

from ..inventory.conftest import guessed, map_batch, upload  # noqa: TID252 - the inventory tests' helpers
from .pages import PASSWORD, assert_fits, shot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LEDGER = (
    "厂区,开始日期,结束日期,能源类型,用量,单位,合同工具,备注\r\n"
    "一厂（苏州）,2025-01-01,2025-01-31,电力,52000,千瓦时,,一月电费\r\n"
    "一厂（苏州）,2025-02-01,2025-02-31,电力,48000,千瓦时,,二月电费账单（含峰谷分时电价的详细说明）\r\n"
    "一厂（苏州）,2025-03-01,2025-03-31,压缩空气,1200,立方米,,\r\n"
    "一厂（苏州）,2025-01-01,2025-01-31,天然气,-30,立方米,,\r\n"
)


def _inside(page: Any, selector: str) -> list[str]:
    """Texts of the elements ``selector`` that are cut off: wider than their box, or past the viewport's right."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].filter((e) => {
            const box = e.getBoundingClientRect();
            return e.scrollWidth > e.clientWidth + 1 || box.right > document.documentElement.clientWidth + 1;
        }).map((e) => e.textContent.trim())""",
        selector,
    )


@pytest.mark.parametrize(
    ("lang", "width"), [("zh-CN", 360), ("zh-CN", 1280), ("en-GB", 360), ("en-GB", 1280)]
)
def test_rejected_rows_fit_and_say_why(
    live_server: Any, chromium: Any, screenshot_dir: Path | None, lang: str, width: int
) -> None:
    user = User.objects.create_user(username="ehs", email="ehs@example.com", password=PASSWORD)
    organization = services.create_organization(user, name="苏州精工冲压件有限公司", kind="supplier")
    Site.objects.create(organization=organization, name="一厂（苏州）", region="华东电网")
    client = Client()
    client.force_login(user)
    batch = upload(client, LEDGER.encode(), "台账.csv", source="能源台账")
    map_batch(client, batch, guessed(batch), {"压缩空气": ""})  # kept as written: rejected as unknown
    assert ImportBatch.objects.get(pk=batch.pk).status == "rejected"
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale=lang)
    page = context.new_page()
    sign_in(page, live_server.url, "ehs")
    page.goto(f"{live_server.url}/inventory/imports/{batch.pk}/")
    assert_fits(page)
    shot(page, screenshot_dir, f"fix-rows-{lang[:2]}-{width}")
    assert page.locator(".inv-issue").count() == 3
    assert _inside(page, ".inv-issue") == []  # every reason is whole, on the page
    for row in (3, 4, 5):
        drop = page.locator(f"#r{row}_drop").bounding_box()  # the last field of the row is on screen
        assert drop is not None
        assert drop["x"] + drop["width"] <= width
        assert page.locator(f"#r{row}_amount").bounding_box()["width"] >= 40  # type: ignore[index]
    cards = (
        page.evaluate("getComputedStyle(document.querySelector('.inv-fix__row')).display")
        != "table-row-group"
    )
    assert cards == (width < 1000)
    if cards:  # the reason comes first in each card, with the row's number
        first = page.locator(".inv-fix__row >> nth=0")
        assert first.locator(".inv-issue").bounding_box()["y"] < first.locator("#r3_site").bounding_box()["y"]  # type: ignore[index]
        assert ("第 3 行" if lang == "zh-CN" else "Row 3") in first.locator(".inv-issue").inner_text()
    # a row whose activity is known shows the activity's name, not its key
    chosen = page.locator("#r5_activity option:checked").inner_text()
    assert chosen == ("天然气（固定源燃烧）" if lang == "zh-CN" else "Natural gas (stationary combustion)")
    assert "natural_gas" not in page.inner_text("main")
    context.close()
