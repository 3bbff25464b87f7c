"""A new owner creates the AIAG survey as a named wave and invites two suppliers from the supplier list, in a real
browser at phone and desktop width, in Chinese and English. TANLU_SCREENSHOTS=DIR keeps a screenshot of each page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tanlu.web.accounts import services as accounts
from tanlu.web.accounts.models import OrganizationKind, User
from tanlu.web.surveys.models import Survey, SurveyInvitation

from .pages import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _overflows(page: Any) -> bool:
    return not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize(
    ("width", "locale"), [(360, "zh-CN"), (1280, "zh-CN"), (360, "en-US"), (1280, "en-US")]
)
def test_owner_creates_a_wave_and_invites_two_suppliers(
    *, live_server: Any, chromium: Any, screenshot_dir: Path | None, width: int, locale: str
) -> None:
    owner = User.objects.create_user(username="owner", email="owner@example.com", password=PASSWORD)
    organization = accounts.create_organization(owner, name="华东汽车集团有限公司", kind=OrganizationKind.OEM)
    membership = owner.memberships.get(organization=organization)
    for name, contact, email in [
        ("苏州恒达汽车零部件有限公司", "张伟", "zhang.wei.procurement@hengda-auto-parts.example"),
        ("Bright Castings", "Ann Lee", "ann@bright.example"),
        ("无邮箱铸造", "", ""),
    ]:
        accounts.add_supplier(membership, name=name, contact_name=contact, contact_email=email, region="华东")
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale=locale)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "owner")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url(f"{live_server.url}/")
    tag = f"{locale[:2]}-{width}"

    def shot(name: str) -> None:
        assert not _overflows(page), name
        if screenshot_dir:
            page.screenshot(path=str(screenshot_dir / f"surveys-{name}-{tag}.png"), full_page=True)

    page.goto(f"{live_server.url}/surveys/new/builtin/")
    assert page.input_value("#id_wave") == "2"
    shot("new-builtin")
    page.fill("#id_title_en", "Supplier carbon survey 2025")
    page.click("main button[type=submit]")
    survey = Survey.objects.get(organization=organization)
    assert survey.title_en == "Supplier carbon survey 2025"
    page.click("form[action$='/open/'] button")
    shot("detail")

    page.goto(f"{live_server.url}/surveys/{survey.pk}/invitations/")
    shot("invitations-empty")
    page.check("tr:has-text('Bright Castings') input[type=checkbox]")
    page.check("tr:has-text('恒达') input[type=checkbox]")
    assert page.locator("tr:has-text('无邮箱铸造') input[type=checkbox]").is_disabled()
    page.click("button[name=which][value=ticked]")
    page.wait_for_selector(".alert")
    assert SurveyInvitation.objects.filter(survey=survey).count() == 2
    shot("invitations-added")
    page.click("form[action$='/invitations/send/'] button")
    page.wait_for_selector(".alert")
    assert page.locator("form[action$='/invitations/send/'] button").is_disabled()
    shot("invitations-sent")
