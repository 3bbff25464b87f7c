"""The IMDS page of a product result: the Release 15 PCF fields per production site, copyable, in both languages,
only for the signed-in organization's results, and no values once the model changed after the run."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tanlu.exchange.imds import amount_text, fixed_text
from tanlu.web.products.models import ProductSite, Result

from .test_results import calculate, imported

pytestmark = pytest.mark.django_db


def imds_url(result: Result, site: ProductSite | None = None) -> str:
    base = f"/products/runs/{result.run_id}/products/{result.pk}/imds/"
    return f"{base}sites/{site.pk}/" if site else base


def value_of(page: str, key: str) -> str:
    box = page.split(f'data-field="{key}"')[1].split("</li>", maxsplit=1)[0]
    found = re.search(r'value="([^"]*)"', box) or re.search(r"<textarea[^>]*>([^<]*)</textarea>", box)
    assert found, box
    return found.group(1)


def test_the_fields_are_the_results_ready_to_copy(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported(tenant, django_capture_on_commit_callbacks)
    run = calculate(tenant, django_capture_on_commit_callbacks)
    caliper = Result.objects.get(run=run, product_id="CAL-100")
    response = tenant.client.get(imds_url(caliper), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert value_of(page, "pcf_value") == amount_text(caliper.total)
    assert value_of(page, "primary_data_share") == fixed_text(caliper.primary_data_share, 1)
    assert value_of(page, "dqr_temporal") == fixed_text(caliper.dqr_temporal, 1)
    assert value_of(page, "production_site") == "P1-SUZHOU"
    assert value_of(page, "period_start") == "2023-01-01"
    assert value_of(page, "transport_footprint") == "", "not computed, not invented"
    assert "kg CO2e/piece" in page
    assert page.count('class="btn btn--secondary btn--small imds-copy"') >= 9
    assert "products/imds.js" in page, "the copy script is served from the package"
    assert "<script>" not in page.split("</head>")[1], "no inline script (CSP)"
    assert "readonly" in page, "without JavaScript the values are selectable read-only text"
    assert "From the calculated footprint of this run." in page
    assert "mdsksolution.com" in page, "the sources are cited"
    p1 = ProductSite.objects.get(organization=tenant.organization, name="P1-SUZHOU")
    assert f'href="{imds_url(caliper, p1)}" aria-current="page"' in page
    assert tenant.client.get(imds_url(caliper, p1)).status_code == 200


def test_the_page_speaks_chinese(tenant: Any, django_capture_on_commit_callbacks: Any) -> None:
    imported(tenant, django_capture_on_commit_callbacks)
    run = calculate(tenant, django_capture_on_commit_callbacks)
    caliper = Result.objects.get(run=run, product_id="CAL-100")
    page = tenant.client.get(imds_url(caliper), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'lang="zh' in page
    assert value_of(page, "pcf_value") == amount_text(caliper.total), "numbers are the same in every language"
    assert "一厂（苏州）" in page, "the site under its Chinese name"


def test_a_site_that_does_not_make_the_product_answers_404(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported(tenant, django_capture_on_commit_callbacks)
    run = calculate(tenant, django_capture_on_commit_callbacks)
    caliper = Result.objects.get(run=run, product_id="CAL-100")
    p2 = ProductSite.objects.get(organization=tenant.organization, name="P2-KUNSHAN")
    assert tenant.client.get(imds_url(caliper, p2)).status_code == 404
    casting = Result.objects.get(run=run, product_id="CST-111")
    page = tenant.client.get(imds_url(casting, p2), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert value_of(page, "production_site") == "P2-KUNSHAN"


def test_no_values_once_the_model_changed(tenant: Any, django_capture_on_commit_callbacks: Any) -> None:
    imported(tenant, django_capture_on_commit_callbacks)
    run = calculate(tenant, django_capture_on_commit_callbacks)
    caliper = Result.objects.get(run=run, product_id="CAL-100")
    site = ProductSite.objects.get(organization=tenant.organization, name="P1-SUZHOU")
    site.allocation = "mass"
    site.save()
    response = tenant.client.get(imds_url(caliper), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "The product model changed after this run" in page
    assert 'data-field="pcf_value"' not in page


def test_another_organizations_result_or_site_answers_404(
    tenant_factory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    alpha = tenant_factory("Alpha Motors")
    beta = tenant_factory("Beta Components 贝塔部件")
    imported(beta, django_capture_on_commit_callbacks)
    run = calculate(beta, django_capture_on_commit_callbacks)
    secret = Result.objects.get(run=run, product_id="CAL-100")
    beta_site = ProductSite.objects.get(organization=beta.organization, name="P1-SUZHOU")
    assert beta.client.get(imds_url(secret, beta_site)).status_code == 200
    assert alpha.client.get(imds_url(secret)).status_code == 404
    assert alpha.client.get(imds_url(secret, beta_site)).status_code == 404
    imported(alpha, django_capture_on_commit_callbacks)
    own = Result.objects.get(run=calculate(alpha, django_capture_on_commit_callbacks), product_id="CAL-100")
    assert alpha.client.get(imds_url(own)).status_code == 200
    assert alpha.client.get(imds_url(own, beta_site)).status_code == 404, "beta's site with alpha's result"
    page = alpha.client.get(imds_url(own)).content.decode()
    assert "Beta Components" not in page
