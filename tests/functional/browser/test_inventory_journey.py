"""A new user uploads a messy Chinese Excel ledger, maps it, fixes the rejected rows, reads the dashboard and the
explanation of a total, and downloads the PDF report, in Chinese on a phone and in English on a desktop.

Set TANLU_SCREENSHOTS=DIR to keep a screenshot of every step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tanlu.web.accounts import services
from tanlu.web.accounts.models import User

from ..inventory.files import messy_xlsx  # noqa: TID252 - the inventory tests' file builders
from .pages import OVERFLOWING, PASSWORD, shot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _shot(page: Any, directory: Path | None, name: str) -> None:
    shot(page, directory, f"inventory-{name}")


@pytest.mark.parametrize(("lang", "width"), [("zh-CN", 360), ("en-GB", 1280)])
def test_messy_excel_to_pdf(  # noqa: PLR0917 - pytest fixtures and parameters
    live_server: Any, chromium: Any, screenshot_dir: Path | None, tmp_path: Path, lang: str, width: int
) -> None:
    user = User.objects.create_user(username="ehs", email="ehs@example.com", password=PASSWORD)
    services.create_organization(user, name="苏州精工冲压件有限公司", kind="supplier")
    suffix = f"{lang[:2]}-{width}"
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, locale=lang, accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "ehs")
    page.goto(f"{live_server.url}/inventory/")
    _shot(page, screenshot_dir, f"empty-{suffix}")
    page.click("a[href='/inventory/upload/'] >> nth=0")
    page.fill("#id_source", "能源台账")
    ledger = tmp_path / "2024年能源台账.xlsx"
    ledger.write_bytes(messy_xlsx())
    page.set_input_files("#id_file", str(ledger))
    _shot(page, screenshot_dir, f"upload-{suffix}")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("#col_site")
    _shot(page, screenshot_dir, f"map-{suffix}")
    page.select_option("#col_site", "厂区名称")
    assert page.input_value("#col_activity") == "能源品种"  # found by itself, its names listed (#12 item 3)
    page.wait_for_selector("select[name=value_key_0]")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.evaluate(
        OVERFLOWING
    )
    for index in range(page.locator("input[name^=value_text_]").count()):
        text = page.get_attribute(f"input[name=value_text_{index}]", "value")
        key = {
            "电力": "electricity_cn_east_2023",
            "天然气": "natural_gas",
            "R410A冷媒": "refrigerant_r410a",
        }.get(text)
        if key:
            page.select_option(f"#value_key_{index}", key)
    _shot(page, screenshot_dir, f"map-values-{suffix}")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("table.inv-fix")
    assert page.locator("p.inv-issue").count() >= 6
    _shot(page, screenshot_dir, f"rejected-{suffix}")
    # the picker, not a code to type (#12 item 4): the typo's row searches as the engineer would write it
    page.fill("#r8_activity_q", "天然气")
    page.wait_for_selector("#r8_activity option[value=natural_gas]", state="attached")
    page.select_option("#r8_activity", "natural_gas")
    page.fill("#r9_unit", "MWh")
    page.fill("#r10_amount", "500")
    page.fill("#r11_amount", "1000")
    page.check("#r12_drop")
    page.check("#r13_drop")
    page.click("table.inv-fix >> xpath=ancestor::form//button[@type='submit']")
    page.wait_for_selector("form[action$='/accept/'] button")
    _shot(page, screenshot_dir, f"valid-{suffix}")
    page.click("form[action$='/accept/'] button")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/inventory/")
    page.click("form[action='/inventory/calculate/'] button >> nth=0")
    page.wait_for_selector("[data-figure=total]")
    assert page.locator("svg.chart").count() >= 4
    _shot(page, screenshot_dir, f"dashboard-{suffix}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.evaluate(
        OVERFLOWING
    )
    _shot(page, screenshot_dir, f"dashboard-{suffix}")
    page.click("[data-figure=scope1]")
    page.wait_for_selector(".inv-rows")
    page.click("a[href*='category=stationary_combustion'] >> nth=0")
    page.wait_for_selector(".inv-rows")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.evaluate(
        OVERFLOWING
    )
    # each row is amount × factor = result, its source numbered below; the sentence opens on demand
    # the source in the reader's language (#12 item 8)
    cited = "2006年IPCC国家温室气体清单指南" if lang.startswith("zh") else "IPCC 2006"
    assert cited in page.inner_text("ol li[id^=source-] >> nth=0")
    page.click(".inv-why summary >> nth=0")
    sentence = page.inner_text(".inv-sentence >> nth=0")
    assert cited in sentence
    assert "t CO2e" in sentence
    _shot(page, screenshot_dir, f"explain-{suffix}")
    page.goto(f"{live_server.url}/inventory/runs/")
    page.click("table a >> nth=0")
    page.goto(page.url.rstrip("/") + "/report/")
    _shot(page, screenshot_dir, f"report-{suffix}")
    page.click("form[action$='report.pdf'] button")
    page.wait_for_selector("a[href$='/download/']")
    with page.expect_download() as download:
        page.click("a[href$='/download/']")
    target = tmp_path / "report.pdf"
    download.value.save_as(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    if screenshot_dir:
        (screenshot_dir / f"inventory-report-{suffix}.pdf").write_bytes(target.read_bytes())
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()
