"""A fastener maker's engineer uploads the installation workbook, reads every refused row, uploads it fixed, reads
the specific embedded emissions of the bolts with the default value beside them, and downloads the communication
workbook for the EU importer and opens it; in Chinese on a phone and in English on a desktop, without sideways
scrolling.

Set TANLU_SCREENSHOTS=DIR to keep a screenshot of every step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext

from tanlu.web.accounts import services
from tanlu.web.accounts.models import User
from tanlu.web.products.models import Product

from ..cbam.files import bad_workbook, good_workbook  # noqa: TID252 - the CBAM tests' file builders
from .pages import PASSWORD, shot, sign_in
from .pages import assert_fits as _fits

pytestmark = pytest.mark.django_db(transaction=True)


def _shot(page: Any, directory: Path | None, name: str) -> None:
    shot(page, directory, f"cbam-{name}")


def _continue(page: Any) -> None:
    """Wait on a job's page until it links to its result, then follow the link."""
    page.wait_for_selector("#job-progress a.btn--primary", timeout=60_000)
    page.click("#job-progress a.btn--primary")
    page.wait_for_load_state()


def _upload(page: Any, path: Path) -> None:
    page.set_input_files("#id_file", str(path))
    page.click("form.form button[type=submit]")
    _continue(page)


def _chinese_catalogue() -> bool:
    with translation.override("zh-hans"):
        return gettext("Upload an installation workbook") != "Upload an installation workbook"


@pytest.mark.parametrize(("lang", "width"), [("zh-CN", 360), ("en-GB", 1280)])
def test_workbook_to_goods_and_communication(  # noqa: PLR0917 - pytest fixtures and parameters
    live_server: Any, chromium: Any, screenshot_dir: Path | None, tmp_path: Path, lang: str, width: int
) -> None:
    user = User.objects.create_user(username="cbam", email="cbam@example.com", password=PASSWORD)
    organization = services.create_organization(user, name="宁波紧固件有限公司", kind="supplier")
    Product.objects.create(
        organization=organization,
        product_id="BLT-M10",
        name="Hex bolt M10",
        name_zh="六角螺栓 M10",
        unit="piece",
    )
    suffix = f"{lang[:2]}-{width}"
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, locale=lang, accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "cbam")
    page.goto(f"{live_server.url}/cbam/")
    _shot(page, screenshot_dir, f"empty-{suffix}")
    _fits(page)
    bad = tmp_path / "设施数据.xlsx"
    bad.write_bytes(bad_workbook())
    _upload(page, bad)
    page.wait_for_selector("li.cbam-issue")
    row = page.inner_text("li.cbam-issue[data-sheet='processes'][data-row='3']")
    assert "production_t" in row
    if lang.startswith("en"):
        assert "a process with no production" in row
    elif _chinese_catalogue():
        assert "没有产量" in row
    _shot(page, screenshot_dir, f"refused-{suffix}")
    _fits(page)
    page.goto(f"{live_server.url}/cbam/")
    good = tmp_path / "设施数据-已修正.xlsx"
    good.write_bytes(good_workbook())
    _upload(page, good)
    page.goto(f"{live_server.url}/cbam/")
    assert "7318 15 88" in page.inner_text("#installations-title + .table-wrap")
    _shot(page, screenshot_dir, f"home-{suffix}")
    _fits(page)
    page.click("a[href^='/cbam/installations/']")
    page.wait_for_selector(".cbam-good[data-cn='73181588']")
    bolt = page.inner_text(".cbam-good[data-cn='73181588']")
    assert "7318 15 88" in bolt
    assert "BOLT" in bolt
    page.select_option(
        ".cbam-parts[data-process='BOLT'] select",
        label="BLT-M10 · " + ("六角螺栓 M10" if lang.startswith("zh") else "Hex bolt M10"),
    )
    page.click(".cbam-parts[data-process='BOLT'] form.cluster button")
    page.wait_for_load_state()
    assert "BLT-M10" in page.inner_text(".cbam-parts[data-process='BOLT'] p")
    page.click(".cbam-good[data-cn='73181588'] summary")
    assert "WR" in page.inner_text(".cbam-good[data-cn='73181588'] details ul")
    _shot(page, screenshot_dir, f"installation-{suffix}")
    _fits(page)
    page.click("button[value=xlsx]")
    page.wait_for_selector("a[href$='/download/']", timeout=60_000)
    _shot(page, screenshot_dir, f"job-{suffix}")
    _fits(page)
    with page.expect_download() as download:
        page.click("a[href$='/download/']")
    target = tmp_path / "communication.xlsx"
    download.value.save_as(str(target))
    book = openpyxl.load_workbook(target, read_only=True)
    assert "Summary_Communication" in book.sheetnames
    header, *rows = book["Summary_Communication"].iter_rows(values_only=True)
    cn, direct = header.index("CN code"), header.index("Specific direct embedded emissions (t CO2e/t)")
    bolt_row = next(row for row in rows if row[cn] == "73181588")
    assert f"{bolt_row[direct]:.4f}" in bolt  # the page and the importer's workbook say the same
    assert errors == []
    context.close()
