"""A fastener maker's engineer declares a CBAM installation from a site of the inventory, adds a bolt process with
a purchased precursor, links it to the bolt of the product model, makes the communication workbook, downloads it
and opens it; in Chinese on a phone and in English on a desktop, without sideways scrolling on any page.

Set TANLU_SCREENSHOTS=DIR to keep a screenshot of every step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext

from tanlu.web.accounts import services
from tanlu.web.accounts.models import Membership, User
from tanlu.web.inventory import calculation, importing, importing_accept
from tanlu.web.products.models import Product

from .pages import PASSWORD, assert_fits, sign_in

LEDGER = [
    "站点,开始日期,结束日期,活动,数量,单位,凭证,备注",
    "紧固件厂,2024-01-01,2024-12-31,natural_gas,60000,立方米,,热处理炉",
    "紧固件厂,2024-01-01,2024-12-31,electricity_cn_east_2023,900,兆瓦时,,全年电费",
    "紧固件厂,2024-01-01,2024-12-31,diesel_road,3000,升,,叉车",
]
pytestmark = pytest.mark.django_db(transaction=True)


def _shot(page: Any, directory: Path | None, name: str) -> None:
    if directory:
        page.screenshot(path=str(directory / f"cbam-declare-{name}.png"), full_page=True)


def _inventory(user: User) -> None:
    """The organization's inventory of 2024: one site, its gas, electricity and forklift diesel, calculated."""
    membership = Membership.objects.get(user=user)
    content = ("\r\n".join(LEDGER) + "\r\n").encode("gbk")
    batch, _repeated = importing.upload(
        membership, source="能源台账", filename="能源台账2024.csv", content=content
    )
    importing.save_mapping(membership, batch, importing.guess_columns(batch.headers))
    importing_accept.accept(membership, batch)
    calculation.calculate(membership, 2024)


@pytest.mark.parametrize(("lang", "width"), [("zh-CN", 360), ("en-GB", 1280)])
def test_declare_from_the_inventory_to_the_communication(  # noqa: PLR0917 - fixtures; one journey
    live_server: Any, chromium: Any, screenshot_dir: Path | None, tmp_path: Path, lang: str, width: int
) -> None:
    user = User.objects.create_user(username="cbam", email="cbam@example.com", password=PASSWORD)
    organization = services.create_organization(user, name="苏州紧固件有限公司", kind="supplier")
    _inventory(user)
    chinese = lang.startswith("zh")
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
    assert_fits(page)
    page.click("a[href='/cbam/declare/']")
    page.wait_for_selector("#id_site")
    _shot(page, screenshot_dir, f"form-{suffix}")
    assert_fits(page)
    page.select_option("#id_site", label="紧固件厂")
    page.select_option("#id_inventory_year", "2024")
    page.fill("#id_name", "紧固件厂 fasteners plant")
    page.fill("#id_unlocode", "CN SZV")
    page.fill("#id_latitude", "95")  # no such latitude: the form comes back with the field named
    page.fill("#id_longitude", "120.6")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("#id_latitude")
    assert page.locator(".alert--error").count() == 1
    assert_fits(page)
    page.fill("#id_latitude", "31.3")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("#process-form")
    assert "紧固件厂" in page.inner_text("#site-title")
    assert_fits(page)

    # a process with no production is a field error; then the bolt process
    page.fill("#id_process_id", "BOLT")
    page.fill("#id_name", "Bolt forming 螺栓成型")
    page.fill("#id_cn_code", "7318 15 88")
    page.fill("#id_production_t", "0")
    page.click("#process-form button[type=submit]")
    page.wait_for_selector("#process-form .alert--error")
    with translation.override("zh-hans" if chinese else "en"):  # the catalogue's words, or the English ones
        expected = gettext("A process with no production: give its annual production in tonnes.")
    assert expected in page.inner_text("#process-form")
    assert_fits(page)
    page.fill("#id_production_t", "800")
    page.click("#process-form button[type=submit]")
    page.wait_for_selector(".cbam-process[data-process='BOLT']")
    _shot(page, screenshot_dir, f"process-{suffix}")
    assert_fits(page)

    # purchased wire rod with the supplier's SEE
    page.select_option("#id_precursor-process", index=1)
    page.fill("#id_precursor-cn_code", "7213 91 10")
    page.select_option("#id_precursor-kind", "purchased")
    page.fill("#id_precursor-quantity_t", "850")
    page.fill("#id_precursor-supplier", "江苏示范特钢")
    page.fill("#id_precursor-see_direct", "2.0")
    page.click("#precursor-form button[type=submit]")
    page.wait_for_selector(".cbam-precursor[data-cn='72139110']")

    page.select_option(
        ".cbam-parts[data-process='BOLT'] select",
        label="BLT-M10 · " + ("六角螺栓 M10" if chinese else "Hex bolt M10"),
    )
    page.click(".cbam-parts[data-process='BOLT'] form.cluster button")
    page.wait_for_load_state()
    assert "BLT-M10" in page.inner_text(".cbam-parts[data-process='BOLT'] p")
    bolt = page.inner_text(".cbam-good[data-cn='73181588']")
    page.click(".cbam-good[data-cn='73181588'] summary")
    assert "能源台账2024.csv" in page.inner_text(".cbam-good[data-cn='73181588'] details ul")
    _shot(page, screenshot_dir, f"installation-{suffix}")
    assert_fits(page)

    page.click("button[value=xlsx]")
    page.wait_for_selector("a[href$='/download/']", timeout=60_000)
    assert_fits(page)
    with page.expect_download() as download:
        page.click("a[href$='/download/']")
    target = tmp_path / "communication.xlsx"
    download.value.save_as(str(target))
    book = openpyxl.load_workbook(target, read_only=True)
    for sheet in ("A_InstData", "D_Processes", "E_PurchPrec", "Summary_Products", "Summary_Communication"):
        assert sheet in book.sheetnames
    header, *rows = book["Summary_Communication"].iter_rows(values_only=True)
    cn, direct = header.index("CN code"), header.index("Specific direct embedded emissions (t CO2e/t)")
    bolt_row = next(row for row in rows if row[cn] == "73181588")
    assert bolt_row[direct] > 2.0 * 850 / 800  # the wire rod's emissions and the site's gas
    assert f"{bolt_row[direct]:.4f}" in bolt  # the page and the importer's workbook say the same
    # the two refused forms answer 400 on purpose; nothing else may fail
    assert [e for e in errors if "status of 400" not in e] == []
    context.close()
