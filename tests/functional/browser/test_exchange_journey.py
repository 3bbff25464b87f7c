"""A new user exports a calculated product to PACT v3.0 and Catena-X 10.0.0 from its footprint page, looks at the
published versions, and imports a broken supplier file to read the validation report, at 360 and 1280 px in both
languages, without sideways scrolling.

Set TANLU_SCREENSHOTS=DIR to keep a screenshot of every step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tanlu.exchange import catenax
from tanlu.exchange.validation import check_pact
from tanlu.web.accounts import services
from tanlu.web.accounts.models import User
from tanlu.web.products.models import Result

from ..products.files import good_tables, workbook  # noqa: TID252 - the product tests' file builders
from .pages import PASSWORD, sign_in
from .pages import assert_fits as _fits
from .test_products_journey import _continue, _shot

pytestmark = pytest.mark.django_db(transaction=True)


def _download(page: Any, selector: str, target: Path) -> dict[str, Any]:
    with page.expect_download() as download:
        page.click(selector)
    download.value.save_as(str(target))
    return dict(json.loads(target.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("lang", "width"), [("zh-CN", 360), ("en-GB", 1280), ("en-GB", 360), ("zh-CN", 1280)]
)
def test_export_to_pact_and_catenax_and_read_an_import_report(  # noqa: PLR0917 - pytest fixtures and parameters
    live_server: Any, chromium: Any, screenshot_dir: Path | None, tmp_path: Path, lang: str, width: int
) -> None:
    user = User.objects.create_user(username="pcf", email="pcf@example.com", password=PASSWORD)
    services.create_organization(user, name="苏州精工冲压件有限公司", kind="supplier", country="CN")
    suffix = f"{lang[:2]}-{width}"
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, locale=lang, accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "pcf")
    page.goto(f"{live_server.url}/products/upload/")
    model = tmp_path / "model.xlsx"
    model.write_bytes(workbook(good_tables()))
    page.set_input_files("#id_file", str(model))
    page.click("form.form button[type=submit]")
    _continue(page)
    page.click("form[action$='/accept/'] button")
    page.wait_for_load_state()
    page.click("form[action='/products/calculate/'] button")
    _continue(page)
    page.click("a.mono[href*='/products/'] >> text=CAL-100")
    page.wait_for_selector("#export")
    total = Result.objects.filter(product_id="CAL-100").order_by("-id").first().total
    page.locator("#export").scroll_into_view_if_needed()
    _shot(page, screenshot_dir, f"exchange-export-{suffix}")
    _fits(page)

    pact = _download(page, "#export button[value='3.0']", tmp_path / "pact.json")
    assert check_pact(pact) == ("3", [])
    assert float(pact["pcf"]["pcfExcludingBiogenicUptake"]) == pytest.approx(total, rel=1e-9)
    cx = _download(page, "#export button[value='catenax-10.0.0']", tmp_path / "cx.json")
    assert catenax.check_payload(cx) == ("10.0.0", [])

    page.click("#export a[href='/exchange/settings/']")
    page.wait_for_selector("[data-status=Active]")
    assert page.locator("[data-status=Active]").count() == 2
    _shot(page, screenshot_dir, f"exchange-settings-{suffix}")
    _fits(page)

    page.click("a[href='/exchange/received/']")
    broken = dict(pact)
    del broken["pcf"]
    broken["id"] = "not-a-uuid"
    (tmp_path / "supplier.json").write_text(json.dumps(broken), encoding="utf-8")
    page.set_input_files("#id_file", str(tmp_path / "supplier.json"))
    page.click("form[action='/exchange/import/'] button")
    page.wait_for_selector("#import-report")
    report = page.inner_text("#import-report")
    assert "$.pcf" in report
    assert ("缺少必填属性" in report) if lang.startswith("zh") else ("required property is missing" in report)
    _shot(page, screenshot_dir, f"exchange-report-{suffix}")
    _fits(page)
    page.goto(f"{live_server.url}/exchange/suppliers/")
    _shot(page, screenshot_dir, f"exchange-suppliers-{suffix}")
    _fits(page)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()
