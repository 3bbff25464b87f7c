"""A supplier answers the built-in AIAG survey on a phone (360 x 780), in Chinese, in a real browser.

Skip logic (HTMX shows the follow-up at once), a validation error next to the field, save, close the browser,
resume from a new one, submit. Set TANLU_SCREENSHOTS=DIR to keep screenshots of every step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tanlu.web.accounts import services as accounts
from tanlu.web.accounts.models import OrganizationKind, User
from tanlu.web.surveys import lifecycle, links, participants, versions
from tanlu.web.surveys.models import Answer, InvitationStatus, ResponseStatus, SurveyResponse

from .pages import NO_SIDEWAYS, shot

pytestmark = pytest.mark.django_db(transaction=True)


def _shot(page: Any, directory: Path | None, name: str) -> None:
    shot(page, directory, f"respond-{name}")


def _fits(page: Any) -> bool:
    return bool(page.evaluate(NO_SIDEWAYS))


def _invitation_url(live_server: Any) -> tuple[Any, str]:
    owner = User.objects.create_user(username="owner", email="owner@example.com", password="x" * 12)
    organization = accounts.create_organization(owner, name="华东汽车集团", kind=OrganizationKind.OEM)
    membership = owner.memberships.get(organization=organization)
    survey = versions.create_builtin_survey(membership)
    lifecycle.open_survey(membership, survey)
    data = "email,name,company,language\nli.na@example.com,李娜,苏州恒达汽车零部件有限公司,zh\n".encode()
    (invitation,) = participants.import_participants(membership, survey, data, "people.csv")
    invitation.refresh_from_db()
    return invitation, f"{live_server.url}/s/{links.invitation_token(invitation)}/"


def test_a_supplier_answers_in_chinese_on_a_phone(
    live_server: Any, chromium: Any, screenshot_dir: Path | None
) -> None:
    invitation, url = _invitation_url(live_server)
    context = chromium.new_context(viewport={"width": 360, "height": 780}, locale="en-US")
    page = context.new_page()
    page.goto(url)
    assert page.get_attribute("html", "lang") == "zh-Hans", (
        "the invitation's language wins over the browser's"
    )
    assert "碳表现调查（第二轮）" in page.inner_text("main")
    assert _fits(page)
    _shot(page, screenshot_dir, "01-start-zh-360")
    page.click("main a.btn--primary")

    # page 1: leave a required question out -> the error is written next to it, the page is not left
    page.check("input[name=wave1][value=yes]")
    page.check("input[name=company_type][value=supplier]")
    page.click("button[value=next]")
    error = page.locator("#q-function .field__error")
    assert error.is_visible()
    assert error.inner_text().strip()
    assert page.locator("#q-function input[type=checkbox]").first.get_attribute("aria-invalid") == "true"
    assert page.locator("#q-wave1 input[value=yes]").is_checked(), "answers survive the error"
    assert _fits(page)
    _shot(page, screenshot_dir, "02-error-zh-360")
    page.check("input[name=function][value=sqe]")
    page.click("button[value=next]")
    page.wait_for_url("**?page=1")

    # page 2: "yes" shows the follow-up at once (HTMX); keyboard focus stays visible
    assert page.locator("textarea[name=pcf_disclosure_sample]").count() == 0
    page.locator("input[name=pcf_disclosure][value=yes]").focus()
    page.keyboard.press("Space")
    page.wait_for_selector("textarea[name=pcf_disclosure_sample]")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "keyboard focus is visible"
    page.fill("textarea[name=pcf_disclosure_sample]", "官网发布的产品碳足迹声明 <b>EPD</b>")
    page.check("input[name=supplier_disclosure_requirement][value=specific_products]")
    _shot(page, screenshot_dir, "03-follow-up-zh-360")
    page.click("button[value=save]")
    page.wait_for_url("**?saved=1")
    assert _fits(page)
    _shot(page, screenshot_dir, "04-saved-zh-360")
    context.close()  # the browser is closed: nothing is kept on the device

    # a new browser resumes where the respondent stopped, from the server
    context = chromium.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN")
    page = context.new_page()
    page.goto(url)
    assert page.input_value("textarea[name=pcf_disclosure_sample]") == "官网发布的产品碳足迹声明 <b>EPD</b>"
    assert page.locator("input[name=supplier_disclosure_requirement][value=specific_products]").is_checked()
    _shot(page, screenshot_dir, "05-resumed-zh-360")
    page.check("input[name=supplier_data_handling][value=verified]")
    page.check("input[name=supplier_target_binding][value=minor_factor]")
    page.check("input[name=product_pcf_disclosure][value=no]")
    page.click("button[value=next]")
    page.wait_for_url("**?page=2")
    page.check("input[name=carbon_accounting_approach][value=in_house]")
    page.check("input[name=it_system][value=none]")
    page.check("input[name=measurement_scope][value=scope1]")
    page.check("input[name=measurement_scope][value=none]")
    page.check("input[name=main_difficulty][value=raw_data]")
    page.click("button[value=next]")
    assert page.locator("#q-measurement_scope .field__error").is_visible(), "the constraint is checked"
    _shot(page, screenshot_dir, "06-constraint-zh-360")
    page.uncheck("input[name=measurement_scope][value=none]")
    page.click("button[value=next]")
    page.wait_for_url("**?page=3")
    page.check("input[name=green_energy_relocation][value=obstacles]")
    page.check("input[name=relocation_factors][value=fiscal_policy]")
    page.click("button[value=next]")
    page.wait_for_url("**?page=4")
    page.check("input[name=aiag_support][value=training]")
    _shot(page, screenshot_dir, "07-last-page-zh-360")
    page.click("button[value=next]")
    page.wait_for_url("**?thanks=1")
    _shot(page, screenshot_dir, "08-thanks-zh-360")
    assert _fits(page)

    response = SurveyResponse.objects.get(invitation=invitation)
    assert response.status == ResponseStatus.SUBMITTED
    answers = dict(Answer.objects.filter(response=response).values_list("question", "value"))
    assert answers["pcf_disclosure_sample"] == "官网发布的产品碳足迹声明 <b>EPD</b>"
    assert answers["measurement_scope"] == "scope1"
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    page.goto(url)
    assert page.locator("form.form").count() == 0, "a submitted link shows the thank-you page, not the form"
    context.close()


def test_the_form_on_a_desktop_in_english(
    live_server: Any, chromium: Any, screenshot_dir: Path | None
) -> None:
    _invitation, url = _invitation_url(live_server)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(url + "?page=1")
    page.click("button[value=en]")
    page.wait_for_load_state()
    assert "Carbon data disclosure" in page.inner_text("h1")
    _shot(page, screenshot_dir, "09-page-en-1280")
    context.close()
