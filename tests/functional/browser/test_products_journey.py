"""A new user imports a product model with Chinese sheet names and headers and five bad rows, fixes them in place,
calculates, reads a product's contribution tree (opened in place), tries a what-if and downloads the PDF report,
in Chinese on a phone and in English on a desktop, without sideways scrolling.

Set TANLU_SCREENSHOTS=DIR to keep a screenshot of every step (and the PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tanlu.web.accounts import services
from tanlu.web.accounts.models import User

from ..products.files import bad_tables, workbook  # noqa: TID252 - the product tests' file builders
from .pages import PASSWORD, shot, sign_in
from .pages import assert_fits as _fits

FIXES = {(13, "用量"): "1.45", (14, "单位"): "g", (15, "子件"): "BLT-M10", (8, "声明单位"): "piece"}
pytestmark = pytest.mark.django_db(transaction=True)


def _shot(page: Any, directory: Path | None, name: str) -> None:
    shot(page, directory, f"products-{name}")


def _continue(page: Any) -> None:
    """Wait on a job's page until it links to its result, then follow the link."""
    page.wait_for_selector("#job-progress a.btn--primary", timeout=60_000)
    page.click("#job-progress a.btn--primary")
    page.wait_for_load_state()


@pytest.mark.parametrize(("lang", "width"), [("zh-CN", 360), ("en-GB", 1280)])
def test_workbook_to_tree_what_if_and_pdf(  # noqa: PLR0917 - pytest fixtures and parameters
    live_server: Any, chromium: Any, screenshot_dir: Path | None, tmp_path: Path, lang: str, width: int
) -> None:
    user = User.objects.create_user(username="pcf", email="pcf@example.com", password=PASSWORD)
    services.create_organization(user, name="苏州精工冲压件有限公司", kind="supplier")
    suffix = f"{lang[:2]}-{width}"
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, locale=lang, accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "pcf")
    page.click("a.card--link[href='/products/']")
    page.wait_for_url(f"{live_server.url}/products/")  # measured mid-navigation, the page had no document yet
    _shot(page, screenshot_dir, f"empty-{suffix}")
    _fits(page)
    page.click("a[href='/products/upload/'] >> nth=0")
    model = tmp_path / "制动钳产品模型.xlsx"
    model.write_bytes(workbook(bad_tables()))
    page.set_input_files("#id_file", str(model))
    page.click("form.form button[type=submit]")
    _continue(page)
    page.wait_for_selector("table.pcf-fix")
    assert page.locator("li.pcf-issue").count() == 5
    issue = page.inner_text("li.pcf-issue[data-sheet='物料清单'][data-row='15']")
    assert "BLT-M10" in issue
    assert ("未知" in issue) if lang.startswith("zh") else ("unknown input" in issue)
    _shot(page, screenshot_dir, f"rejected-{suffix}")
    _fits(page)
    for (row, header), value in FIXES.items():
        page.fill(f"tr[data-row='{row}'] input[data-header='{header}']", value)
    page.fill("tr[data-sheet='活动'][data-row='2'] input[data-header='活动']", "electricity_cn_east_2023")
    page.click("table.pcf-fix >> xpath=ancestor::form//button[@type='submit']")
    page.wait_for_selector("form[action$='/accept/'] button")
    _shot(page, screenshot_dir, f"valid-{suffix}")
    page.click("form[action$='/accept/'] button")
    page.wait_for_load_state()
    page.click("form[action='/products/calculate/'] button")
    _continue(page)
    page.wait_for_selector("[data-table=moved], table")
    page.click("a.mono[href*='/products/'] >> text=CAL-100")
    page.wait_for_selector("[data-figure=total]")
    assert page.locator("svg").count() >= 1
    path = page.get_attribute(".pcf-node__open >> nth=0", "href").split("path=")[1]
    page.click(".pcf-node__open >> nth=0")
    page.wait_for_selector(f"[id='node-{path}'] > ul > li")
    _shot(page, screenshot_dir, f"tree-{suffix}")
    _fits(page)
    page.select_option("#wi-item", "STL-BAR")
    page.fill("#wi-value", "1.0")
    page.click("#what-if button[type=submit]")
    page.wait_for_selector("[data-whatif=mine]")
    assert "CAL-100" in page.inner_text("[data-table=whatif]")
    _shot(page, screenshot_dir, f"whatif-{suffix}")
    _fits(page)
    page.click(".page-header__lead a[href$='/report/']")
    page.wait_for_selector(".report-body")
    assert "ISO 14067" in page.inner_text(".report-body")
    _shot(page, screenshot_dir, f"report-{suffix}")
    _fits(page)
    page.click("form[action$='report.pdf'] button")
    page.wait_for_selector("a[href$='/download/']", timeout=60_000)
    with page.expect_download() as download:
        page.click("a[href$='/download/']")
    target = tmp_path / "report.pdf"
    download.value.save_as(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    if screenshot_dir:
        (screenshot_dir / f"products-report-{suffix}.pdf").write_bytes(target.read_bytes())
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()
