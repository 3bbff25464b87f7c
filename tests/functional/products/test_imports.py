"""Getting a product model in: a workbook with Chinese sheet names and headers read by a background job, every
rejected row named with sheet, row, column, value and reason in the reader's language, fixing in place, an
all-or-nothing accept, re-importing the same file changing nothing, and editing the stored model."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanlu.web.products.models import (
    BomLine,
    ImportStatus,
    ModelImport,
    Product,
    ProductSite,
    PurchasedItem,
    StagedRow,
)

from .files import BAD, bad_tables, good_tables, workbook, zipped_csvs

pytestmark = pytest.mark.django_db


def upload(client: Any, content: bytes, name: str, capture: Any) -> ModelImport:
    with capture(execute=True):
        response = client.post("/products/upload/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ModelImport.objects.order_by("-id").first()


def fix_form(batch: ModelImport, fixes: dict[tuple[str, int], dict[str, str]]) -> dict[str, Any]:
    """The fixing form as the page posts it: every rejected row's cells, with ``fixes`` applied by header."""
    data: dict[str, Any] = {"row": []}
    for staged in StagedRow.objects.filter(batch=batch).exclude(issues=[]):
        data["row"].append(str(staged.pk))
        cells = {**staged.cells, **fixes.get((staged.sheet, staged.row), {})}
        data[f"r{staged.pk}_n"] = str(len(cells))
        for index, (header, value) in enumerate(cells.items()):
            data[f"r{staged.pk}_h{index}"] = header
            data[f"r{staged.pk}_v{index}"] = value
    return data


FIXES = {
    ("物料清单", 13): {"用量": "1.45"},
    ("物料清单", 14): {"单位": "g"},
    ("物料清单", 15): {"子件": "BLT-M10"},
    ("产品", 8): {"声明单位": "piece"},
    ("活动", 2): {"活动": "electricity_cn_east_2023"},
}


def test_every_bad_row_is_shown_translated_then_fixed_and_accepted_all_or_nothing(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    batch = upload(
        tenant.client, workbook(bad_tables()), "制动钳模型.xlsx", django_capture_on_commit_callbacks
    )
    assert batch.status == ImportStatus.REJECTED
    rejected = {(s.sheet, s.row): s.issues for s in StagedRow.objects.filter(batch=batch).exclude(issues=[])}
    sheets = {"inputs": "物料清单", "products": "产品", "activities": "活动"}
    assert set(rejected) == {(sheets[sheet], row) for sheet, row, _c, _w in BAD}
    for sheet, row, column, words in BAD:
        assert any(i["column"] == column and words in i["reason"] for i in rejected[sheets[sheet], row]), (
            rejected
        )
    english = tenant.client.get(f"/products/imports/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for sheet, row, _column, _words in BAD:
        assert f'data-sheet="{sheets[sheet]}" data-row="{row}"' in english
    assert "did you mean &#x27;BLT-M10&#x27;?" in english
    chinese = tenant.client.get(
        f"/products/imports/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "negative quantity" not in chinese
    assert "负" in chinese
    assert "unknown input" not in chinese
    # accepting now stores nothing at all
    tenant.client.post(f"/products/imports/{batch.pk}/accept/")
    assert not Product.objects.filter(organization=tenant.organization).exists()
    # one fix left out: still rejected, still nothing stored
    partial = {k: v for k, v in FIXES.items() if k != ("产品", 8)}
    tenant.client.post(f"/products/imports/{batch.pk}/fix/", fix_form(batch, partial))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.REJECTED
    assert batch.issue_count == 1
    tenant.client.post(f"/products/imports/{batch.pk}/fix/", fix_form(batch, FIXES))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.VALID, batch.error
    assert tenant.client.post(f"/products/imports/{batch.pk}/accept/").status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.ACCEPTED
    org = tenant.organization
    assert Product.objects.filter(organization=org).count() == 7
    assert BomLine.objects.filter(organization=org).count() == 14
    assert PurchasedItem.objects.get(organization=org, item_id="STL-BAR").primary_data_share == 62
    assert ProductSite.objects.get(organization=org, name="P1-SUZHOU").allocation == "hours"


def test_reimporting_the_same_file_changes_nothing_and_a_zip_of_csvs_reads_the_same(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    content = workbook(good_tables())
    batch = upload(tenant.client, content, "model.xlsx", django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.VALID, (
        batch.error,
        list(batch.staged.exclude(issues=[]).values("issues")),
    )
    tenant.client.post(f"/products/imports/{batch.pk}/accept/")
    first = sorted(Product.objects.filter(organization=tenant.organization).values_list("pk", "product_id"))
    again = tenant.client.post("/products/upload/", {"file": SimpleUploadedFile("model.xlsx", content)})
    assert again.url == f"/products/imports/{batch.pk}/"
    assert ModelImport.objects.filter(organization=tenant.organization).count() == 1
    assert (
        sorted(Product.objects.filter(organization=tenant.organization).values_list("pk", "product_id"))
        == first
    )
    csvs = upload(tenant.client, zipped_csvs(good_tables()), "model.zip", django_capture_on_commit_callbacks)
    assert csvs.status == ImportStatus.VALID, csvs.error


def test_cancel_stores_nothing_and_an_unreadable_file_says_why(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    batch = upload(tenant.client, workbook(bad_tables()), "bad.xlsx", django_capture_on_commit_callbacks)
    tenant.client.post(f"/products/imports/{batch.pk}/cancel/")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED
    assert not batch.staged.exists()
    broken = upload(tenant.client, b"PK\x03\x04 not a zip", "broken.zip", django_capture_on_commit_callbacks)
    assert broken.status == ImportStatus.FAILED
    page = tenant.client.get(f"/products/imports/{broken.pk}/").content.decode()
    assert "alert--error" in page


def test_edits_are_checked_with_the_whole_model(tenant: Any, django_capture_on_commit_callbacks: Any) -> None:
    batch = upload(tenant.client, workbook(good_tables()), "model.xlsx", django_capture_on_commit_callbacks)
    tenant.client.post(f"/products/imports/{batch.pk}/accept/")
    org = tenant.organization
    product = Product.objects.get(organization=org, product_id="CAL-100")
    form = {
        "name_zh": "制动钳总成（新）",
        "name": "Caliper",
        "unit": "piece",
        "mass_kg": "4.7",
        "price": "70",
    }
    saved = tenant.client.post(f"/products/model/parts/{product.pk}/", form)
    assert saved.status_code == 302, saved.content.decode()[-3000:]
    product.refresh_from_db()
    assert product.mass_kg == 4.7
    line = BomLine.objects.filter(organization=org, product=product).first()
    bad = tenant.client.post(
        f"/products/model/inputs/{line.pk}/", {"input_id": "NOPE", "quantity": "1", "unit": ""}
    )
    assert bad.status_code == 400
    line.refresh_from_db()
    assert line.input_id != "NOPE"
    item = PurchasedItem.objects.get(organization=org, item_id="STL-BAR")
    edit = {
        "name": item.name,
        "unit": "kg",
        "kgco2e_per_unit": "1.8",
        "primary_data_share": "100",
        "source": "PACT",
    }
    assert tenant.client.post(f"/products/model/purchased/{item.pk}/", edit).status_code == 302
    site = ProductSite.objects.get(organization=org, name="P2-KUNSHAN")
    change = {"allocation": "units", "justification": "Every casting takes the same furnace time"}
    assert tenant.client.post(f"/products/model/sites/{site.pk}/", change).status_code == 302
    site.refresh_from_db()
    assert site.allocation == "units"
    assert "P2-KUNSHAN" in tenant.client.get("/products/model/").content.decode()
