"""The mapping step's sites in a real browser (#12 item 2): a file's "苏州一厂" is offered "一厂（苏州）" as a close
match and chosen, "苏州三厂" is confirmed as a new site with its grid region, and the rows go to the check; at
360 and 1280 px, in Chinese and English, without sideways scroll. TANLU_SCREENSHOTS=DIR keeps screenshots."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tanlu.web.accounts import services
from tanlu.web.accounts.models import User
from tanlu.web.inventory.importing_sites import NEW
from tanlu.web.inventory.models import CalculationRun, ImportBatch, Site, StagedRow

from ..inventory.conftest import import_csv, upload  # noqa: TID252 - the inventory tests' helpers
from ..inventory.test_site_matching import LEDGER  # noqa: TID252
from .pages import PASSWORD, assert_fits, shot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("lang", "width"), [("zh-CN", 360), ("zh-CN", 1280), ("en-GB", 360), ("en-GB", 1280)]
)
def test_choosing_a_close_site_and_confirming_a_new_one(
    live_server: Any, chromium: Any, screenshot_dir: Path | None, lang: str, width: int
) -> None:
    user = User.objects.create_user(username="ehs", email="ehs@example.com", password=PASSWORD)
    organization = services.create_organization(user, name="苏州精工冲压件有限公司", kind="supplier")
    Site.objects.create(organization=organization, name="一厂（苏州）", region="华东电网")
    Site.objects.create(organization=organization, name="二厂（昆山）", region="")
    client = Client()
    client.force_login(user)
    batch = upload(client, LEDGER.encode(), "台账.csv", source="能源台账")
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale=lang)
    page = context.new_page()
    sign_in(page, live_server.url, "ehs")
    page.goto(f"{live_server.url}/inventory/imports/{batch.pk}/")
    sites = page.locator("#sites")
    sites.scroll_into_view_if_needed()
    assert_fits(page)
    row = {text: index for index, text in enumerate(["苏州一厂", "二厂(昆山)", "苏州三厂"])}
    first = page.locator(f"#site_choice_{row['苏州一厂']}")
    close = first.locator("optgroup >> nth=0").locator("option >> nth=0")
    assert close.get_attribute("value") == "一厂（苏州）"  # the close match comes first
    assert page.locator(f"#site_choice_{row['二厂(昆山)']}").input_value() == "二厂（昆山）"  # same name
    # a grid region is asked for only while a name is to become a new site
    assert page.locator(f"#site_region_{row['苏州三厂']}").is_visible()  # nothing similar: no site chosen yet
    first.select_option(NEW)
    assert page.locator(f"#site_region_{row['苏州一厂']}").is_visible()
    first.select_option("一厂（苏州）")
    assert page.locator(f"#site_region_{row['苏州一厂']}").is_hidden()
    page.locator(f"#site_choice_{row['苏州三厂']}").select_option(NEW)
    page.fill(f"#site_region_{row['苏州三厂']}", "华东电网")
    shot(page, screenshot_dir, f"mapping-sites-{lang[:2]}-{width}")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    assert_fits(page)
    shot(page, screenshot_dir, f"mapping-checked-{lang[:2]}-{width}")
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.status == "valid", list(batch.staged.values_list("row", "issues"))
    assert Site.objects.get(organization=organization, name="苏州三厂").region == "华东电网"
    assert set(StagedRow.objects.filter(batch=batch).values_list("site", flat=True)) == {
        "一厂（苏州）",
        "二厂（昆山）",
        "苏州三厂",
    }
    context.close()


#: codes that must not reach a Chinese reader's page (they stay in the exports and the API)
CODES = ("CH4_fossil", "location_fallback", "purchased_electricity", "stationary_combustion", " rows")


def test_report_factors_and_audit_pages_in_chinese_show_no_codes(
    live_server: Any, chromium: Any, screenshot_dir: Path | None
) -> None:
    user = User.objects.create_user(username="ehs", email="ehs@example.com", password=PASSWORD)
    organization = services.create_organization(user, name="苏州精工冲压件有限公司", kind="supplier")
    Site.objects.create(organization=organization, name="一厂（苏州）", region="华东电网")
    client = Client()
    client.force_login(user)
    ledger = "工厂,开始日期,结束日期,能源类型,用量,单位\r\n一厂（苏州）,2025/01/01,2025/01/31,天然气,3800,立方米\r\n"
    ledger += "一厂（苏州）,2025/01/01,2025/01/31,电力,52000,千瓦时\r\n"
    import_csv(client, ledger.encode("utf-8"), name="台账.csv", source="能源台账")
    assert client.post("/inventory/calculate/", {"year": 2025, "gwp": "AR6"}).status_code == 302
    run = CalculationRun.objects.get(organization=organization)
    context = chromium.new_context(viewport={"width": 360, "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server.url, "ehs")
    for name, path in (
        ("report", f"/inventory/runs/{run.pk}/report/"),
        ("explanation", f"/inventory/runs/{run.pk}/?scope=1"),
        ("audit", "/settings/audit/"),
    ):
        page.goto(f"{live_server.url}{path}")
        main = page.inner_text("main")
        assert [code for code in CODES if code in main] == [], name
        assert re.findall(r"\b[a-z0-9]+_[a-z0-9_]+\b", main) == [], name  # a key such as natural_gas
        assert_fits(page)
        shot(page, screenshot_dir, f"words-zh-360-{name}")
    context.close()
