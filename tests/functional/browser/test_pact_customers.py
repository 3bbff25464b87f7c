"""An owner gives a customer access to its PACT API: adds the customer, issues a credential (the secret is shown
once), chooses the products the customer sees and revokes the credential, in Chinese on a phone and in English on
a desktop, without sideways scrolling.  Set TANLU_SCREENSHOTS=DIR to keep a screenshot of every step."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tanlu.web.accounts import services
from tanlu.web.accounts.models import User
from tanlu.web.exchange.models import PublishedFootprint
from tanlu.web.pact.models import Credential, Grant

from .pages import NO_SIDEWAYS, PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("lang", "width"), [("zh-CN", 360), ("en-GB", 1280)])
def test_customer_credential_footprints_and_revoke(
    live_server: Any, chromium: Any, screenshot_dir: Path | None, lang: str, width: int
) -> None:
    user = User.objects.create_user(username="owner", email="owner@example.com", password=PASSWORD)
    organization = services.create_organization(user, name="无锡制动部件有限公司", kind="supplier")
    for part in ("BC-100", "BC-200-长型号-with-a-long-part-number-0123456789"):
        pf_id = str(uuid.uuid4())
        PublishedFootprint.objects.create(
            organization=organization, spec="3.0", pf_id=pf_id, product_id=part, document={"id": pf_id}
        )
    suffix = f"{lang[:2]}-{width}"
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale=lang)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    def step(name: str) -> None:
        page.wait_for_load_state()
        if screenshot_dir:
            page.screenshot(path=str(screenshot_dir / f"pact-{name}-{suffix}.png"), full_page=True)
        assert page.evaluate(NO_SIDEWAYS), name

    sign_in(page, live_server.url, "owner")
    page.goto(f"{live_server.url}/exchange/customers/")
    step("empty")
    assert "/pact/" in page.inner_text("main")
    page.fill("#id_name", "阿尔法汽车 Alpha Motors")
    page.click("form.form button[type=submit]")
    step("customer")
    page.click("form[action$='/credentials/'] button")
    step("secret")
    client_id = page.inner_text("[data-testid=client-id]")
    secret = page.inner_text("[data-testid=client-secret]")
    credential = Credential.objects.get(client_id=client_id)
    assert len(secret) >= 40
    assert secret not in credential.secret_hash
    page.check("input[value='BC-100']")
    page.click("form[action$='/footprints/'] button")
    step("chosen")
    assert list(Grant.objects.values_list("product_id", flat=True)) == ["BC-100"]
    assert secret not in page.content()  # shown once only
    page.click(f"form[action$='/{credential.pk}/revoke/'] button")
    step("revoked")
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    page.goto(f"{live_server.url}/exchange/customers/")
    step("list")
    assert page.inner_text("tbody td:nth-child(2)") == "0"  # no active credential left
    assert errors == []
    context.close()
