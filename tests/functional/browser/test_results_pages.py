"""An owner reads the AIAG survey's results in a real browser: filters, a cross-tab and a wave comparison, at phone
and desktop width, in Chinese and English. TANLU_SCREENSHOTS=DIR keeps a screenshot of each page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tanlu.web import demo
from tanlu.web.accounts.models import Membership, Organization, User
from tanlu.web.surveys.models import Survey

from .pages import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _overflows(page: Any) -> bool:
    return not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def owner_and_survey() -> tuple[User, Survey]:
    user = User.objects.create_superuser(username="owner", email="owner@example.com", password=PASSWORD)
    demo.load([user])
    association = Organization.objects.get(name="中国汽车供应链可持续发展联盟")
    Membership.objects.filter(user=user).exclude(organization=association).delete()
    return user, Survey.objects.get(identifier="aiag_wave2", organization=association)


@pytest.mark.parametrize(("width", "locale"), [(360, "zh-CN"), (1280, "zh-CN"), (1280, "en-US")])
def test_owner_reads_results_crosstab_and_waves(
    *,
    live_server: Any,
    chromium: Any,
    screenshot_dir: Path | None,
    owner_and_survey: Any,
    width: int,
    locale: str,
) -> None:
    from playwright.sync_api import expect  # noqa: PLC0415 - only browser runs need Playwright

    _user, survey = owner_and_survey
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale=locale)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "owner")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url(f"{live_server.url}/")
    tag = f"{locale[:2]}-{width}"

    def shot(name: str) -> None:
        if screenshot_dir:
            page.screenshot(path=str(screenshot_dir / f"{name}-{tag}.png"), full_page=True)

    page.goto(f"{live_server.url}/surveys/{survey.pk}/results/")
    assert "52.65%" in page.inner_text("main")
    assert page.locator("svg.chart").count() >= 15
    assert not _overflows(page)
    shot("results")

    page.select_option("#filter-add", "company_type:oem")
    expect(page.locator(".stat__value").first).to_have_text("5")
    assert "where=company_type%3Aoem" in page.url or "where=company_type:oem" in page.url
    shot("results-filtered")

    page.goto(f"{live_server.url}/surveys/{survey.pk}/results/crosstab/?rows=it_system&columns=company_type")
    assert "205" in page.inner_text("#crosstab-table")
    assert not _overflows(page)
    shot("crosstab")

    page.goto(f"{live_server.url}/surveys/{survey.pk}/results/waves/")
    assert "+6.98" in page.inner_text("main")
    assert not _overflows(page)
    shot("waves")

    page.goto(f"{live_server.url}/surveys/{survey.pk}/report/")
    assert "52.65%" in page.inner_text("main")
    assert not _overflows(page)
    shot("report")
    if locale.startswith("zh"):
        assert page.evaluate("document.fonts.check('16px \"Noto Sans SC\"', '碳表现调查')")
    context.close()
