"""An OEM requests a footprint, its supplier answers from its calculated footprints, the OEM reads the checks and
rejects with a reason, the supplier sends a new version as a PACT file, the OEM accepts and sees its product model
change: both sides in two browsers, in Chinese and English, on a phone and a desktop, without sideways scrolling.

Set TANLU_SCREENSHOTS=DIR to keep a screenshot of every step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tanlu.web.accounts import services
from tanlu.web.accounts.models import Membership, Role, User
from tanlu.web.engagement.models import FootprintRequest

from ..engagement.helpers import calculated  # noqa: TID252 - the engagement tests' model builder
from .pages import NO_SIDEWAYS, OVERFLOWING, PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _people(language: str) -> None:
    oem_user = User.objects.create_user(
        username="oem", email="oem@example.com", password=PASSWORD, language=language
    )
    oem = services.create_organization(oem_user, name="华东汽车 East China Motors", kind="oem")
    oem_membership = Membership.objects.get(user=oem_user, organization=oem)
    link = services.add_supplier(
        oem_membership,
        name="苏州精工冲压件有限公司",
        contact_email="sales@jinggong.example",
        supplier_code="S-0042",
    )
    supplier_user = User.objects.create_user(
        username="supplier", email="supplier@example.com", password=PASSWORD, language=language
    )
    supplier_membership = Membership.objects.create(
        user=supplier_user, organization=link.supplier, role=Role.OWNER
    )
    calculated(supplier_membership)
    calculated(oem_membership)


def _sign_in(chromium: Any, url: str, username: str, lang: str, width: int) -> Any:
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale=lang)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    sign_in(page, url, username)
    return page


def _look(page: Any, directory: Path | None, name: str) -> None:
    if directory:
        page.screenshot(path=str(directory / f"engagement-{name}.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS), page.evaluate(OVERFLOWING)


@pytest.mark.parametrize(
    ("language", "lang", "width"),
    [("zh-hans", "zh-CN", 360), ("en", "en-GB", 1280)],  # the other two pairs were looked at once by hand
)
def test_request_answer_check_reject_answer_again_accept(  # noqa: PLR0917 - pytest fixtures and parameters
    live_server: Any,
    chromium: Any,
    screenshot_dir: Path | None,
    tmp_path: Path,
    language: str,
    lang: str,
    width: int,
) -> None:
    _people(language)
    zh = language == "zh-hans"
    suffix = f"{language[:2]}-{width}"
    oem = _sign_in(chromium, live_server.url, "oem", lang, width)
    oem.goto(f"{live_server.url}/requests/")
    _look(oem, screenshot_dir, f"oem-empty-{suffix}")
    oem.click(".page-header__actions a[href='/requests/new/']")
    oem.check("#id_suppliers_0")
    oem.fill("#id_parts", "PIN-SET; HSG-110; 导向销组件 Guide pin set")
    oem.fill("#id_due_date", "2099-01-31")
    oem.fill("#id_min_primary_data_share", "10")
    oem.fill("#id_message", "请按 ISO 14067 提供 2025 年的数据。")
    _look(oem, screenshot_dir, f"oem-new-{suffix}")
    oem.click("form.form button[type=submit]")
    oem.wait_for_selector("[data-status=sent]")
    _look(oem, screenshot_dir, f"oem-sent-{suffix}")

    supplier = _sign_in(chromium, live_server.url, "supplier", lang, width)
    supplier.goto(f"{live_server.url}/requests/received/")
    assert "华东汽车" in supplier.inner_text("table")
    _look(supplier, screenshot_dir, f"supplier-inbox-{suffix}")
    supplier.click("table a.mono")
    supplier.wait_for_selector("[data-preview='HSG-110']")
    assert ("提交此碳足迹" if zh else "Send this footprint") in supplier.inner_text("#answer")
    _look(supplier, screenshot_dir, f"supplier-preview-{suffix}")
    supplier.click("form[action$='/answer/'] button")
    supplier.wait_for_selector("#job-progress a.btn--primary", timeout=60_000)
    supplier.click("#job-progress a.btn--primary")
    supplier.wait_for_selector("[data-answer='1']")
    _look(supplier, screenshot_dir, f"supplier-sent-{suffix}")

    request = FootprintRequest.objects.get()
    oem.goto(f"{live_server.url}/requests/{request.pk}/")
    assert oem.locator("[data-answer='1'] [data-finding]").count() == 12
    _look(oem, screenshot_dir, f"oem-checks-{suffix}")
    oem.fill("#id_comment", "初级数据占比偏低，请补充 2025 年实测数据。")
    oem.click("button[name=decision][value=reject]")
    oem.wait_for_selector("[data-answer='1'][data-decision=rejected]")
    _look(oem, screenshot_dir, f"oem-rejected-{suffix}")

    supplier.goto(f"{live_server.url}/requests/received/{request.pk}/")
    assert "初级数据占比偏低" in supplier.inner_text("[data-answer='1'] [data-comment]")
    document = tmp_path / "HSG-110 pcf.json"
    document.write_text(json.dumps(request.answers.get(version=1).document), encoding="utf-8")
    supplier.set_input_files("#id_file", str(document))
    supplier.click("form[action$='/upload/'] button")
    supplier.wait_for_selector("[data-answer='2']")
    _look(supplier, screenshot_dir, f"supplier-version2-{suffix}")

    oem.goto(f"{live_server.url}/requests/{request.pk}/")
    oem.click("[data-answer='2'] button[name=decision][value=accept]")
    oem.wait_for_selector("[data-take-over]")
    assert "PIN-SET" in oem.inner_text("[data-take-over]")
    _look(oem, screenshot_dir, f"oem-accepted-{suffix}")
    supplier.goto(f"{live_server.url}/requests/received/")
    supplier.wait_for_selector("[data-status=accepted]")
    _look(supplier, screenshot_dir, f"supplier-accepted-{suffix}")
    for page in (oem, supplier):
        assert not [e for e in page.errors if "Content Security Policy" in e], page.errors
        page.context.close()
