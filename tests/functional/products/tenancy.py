"""One object of every product-footprint kind for the two-tenant test (tests/functional/test_tenancy.py)."""

from __future__ import annotations

from typing import Any

from tanlu.web.products.models import (
    BomLine,
    CalculationRun,
    ImportStatus,
    ModelImport,
    Product,
    ProductSite,
    PurchasedItem,
    Result,
    StagedRow,
)


def beta_products(membership: Any) -> dict[str, int]:
    org = membership.organization
    batch = ModelImport.objects.create(
        organization=org,
        filename="beta-secret-model.xlsx",
        fingerprint="b" * 64,
        status=ImportStatus.REJECTED,
    )
    StagedRow.objects.create(
        organization=org, batch=batch, sheet="products", row=2, cells={"product_id": "B-1"}
    )
    product = Product.objects.create(organization=org, product_id="BETA-SECRET-1", unit="piece", mass_kg=1.0)
    line = BomLine.objects.create(organization=org, product=product, input_id="BETA-STEEL", quantity=1.0)
    item = PurchasedItem.objects.create(
        organization=org,
        item_id="BETA-STEEL",
        name="Beta steel",
        unit="kg",
        kgco2e_per_unit=2.0,
        primary_data_share=0,
        source="Beta EPD",
    )
    site = ProductSite.objects.create(organization=org, name="Beta plant", allocation="mass")
    run = CalculationRun.objects.create(
        organization=org, gwp="AR6", model_fingerprint="f" * 64, factor_set_version="bundled", product_count=1
    )
    result = Result.objects.create(
        organization=org,
        run=run,
        product_id="BETA-SECRET-1",
        unit="piece",
        total=2.0,
        fossil=2.0,
        biogenic=0.0,
        primary_data_share=0.0,
    )
    return {
        "model_import_id": batch.pk,
        "part_id": product.pk,
        "bom_line_id": line.pk,
        "purchased_id": item.pk,
        "pcf_site_id": site.pk,
        "pcf_run_id": run.pk,
        "pcf_result_id": result.pk,
    }
