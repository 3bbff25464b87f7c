"""The API documentation renders in a real browser from the package's own Swagger UI, under the strict CSP."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_swagger_ui_renders_without_a_policy_violation_or_an_outside_request(
    live_server: Any, chromium: Any
) -> None:
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on(
        "request",
        lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url),
    )
    response = page.goto(f"{live_server.url}/api/docs")
    assert response.status == 200
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "Tanlu API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert errors == [], f"console errors (CSP or scripts): {errors}"
    assert [url for url in outside if not url.startswith("data:")] == []
    context.close()
