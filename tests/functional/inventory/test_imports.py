"""Getting activity data in: a GBK CSV with Chinese headers, a messy Excel ledger with a merged title row, the
mapping remembered per source, a validation report naming every bad row, fixing, all-or-nothing accept and
re-imports that change nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanlu.web.accounts.models import Role
from tanlu.web.inventory import importing
from tanlu.web.inventory.models import ActivityRow, ColumnMapping, ImportBatch, Site, StagedRow

from .conftest import guessed, import_csv, map_batch, upload
from .files import BAD_ROWS, gbk_csv, messy_rows, messy_xlsx

pytestmark = pytest.mark.django_db


def test_gbk_csv_with_chinese_headers_is_mapped_by_itself_and_imported(tenant: Any) -> None:
    batch = upload(tenant.client, gbk_csv(), "台账.csv")
    assert batch.encoding.lower().startswith("gb")
    assert guessed(batch) == {
        "col_site": "站点",
        "col_period_start": "开始日期",
        "col_period_end": "结束日期",
        "col_activity": "活动",
        "col_amount": "数量",
        "col_unit": "单位",
        "col_instrument": "凭证",
        "col_note": "备注",
    }
    page = tenant.client.get(f"/inventory/imports/{batch.pk}/").content.decode()
    assert '<option value="站点" selected>' in page
    map_batch(tenant.client, batch, guessed(batch))
    batch.refresh_from_db()
    assert batch.status == "valid"
    assert tenant.client.post(f"/inventory/imports/{batch.pk}/accept/").status_code == 302
    assert ActivityRow.objects.filter(organization=tenant.organization).count() == 6
    assert set(Site.objects.filter(organization=tenant.organization).values_list("name", flat=True)) == {
        "一厂",
        "二厂",
    }
    assert "台账.csv" in tenant.client.get("/inventory/data/").content.decode()


def test_messy_excel_report_lists_every_bad_row_and_accept_is_all_or_nothing(
    tenant: Any, messy_mapping: tuple[dict[str, str], dict[str, str]]
) -> None:
    batch = upload(tenant.client, messy_xlsx(), "能源台账.xlsx")
    assert batch.header_row == 2, "the merged title row is skipped"
    mapping_page = tenant.client.get(f"/inventory/imports/{batch.pk}/").content.decode()
    assert "能源品种" in mapping_page
    columns, values = messy_mapping
    asked = map_batch(
        tenant.client, batch, columns
    ).content.decode()  # the activity column chosen: names asked
    assert "天然汽" in asked
    assert "One more step" in asked
    map_batch(tenant.client, batch, columns, values)
    batch.refresh_from_db()
    assert batch.status == "rejected"
    issues = {s.row: s.issues for s in StagedRow.objects.filter(batch=batch).exclude(issues=[])}
    assert set(issues) == set(BAD_ROWS), issues
    for row, (column, words) in BAD_ROWS.items():
        assert any(i["column"] == column and words in i["reason"] for i in issues[row]), (row, issues[row])
    page = tenant.client.get(f"/inventory/imports/{batch.pk}/").content.decode()
    for row in BAD_ROWS:
        assert f'data-row="{row}"' in page
    assert "天然汽" in page
    assert "一千" in page
    assert "duplicate of row 3" in page
    # accepting now stores nothing at all
    tenant.client.post(f"/inventory/imports/{batch.pk}/accept/")
    assert ActivityRow.objects.filter(organization=tenant.organization).count() == 0
    # fix four rows in place, drop two
    fixes = {
        "row": [str(r) for r in BAD_ROWS],
        "r8_activity": "natural_gas",
        "r9_unit": "MWh",
        "r10_amount": "500",
        "r11_amount": "1000",
        "r12_drop": "on",
        "r13_drop": "on",
    }
    for row in BAD_ROWS:
        for name in (
            "site",
            "period_start",
            "period_end",
            "activity",
            "amount",
            "unit",
            "instrument",
            "note",
        ):
            fixes.setdefault(f"r{row}_{name}", StagedRow.objects.get(batch=batch, row=row).__dict__[name])
    tenant.client.post(f"/inventory/imports/{batch.pk}/fix/", fixes)
    batch.refresh_from_db()
    assert batch.status == "valid", list(
        StagedRow.objects.filter(batch=batch).exclude(issues=[]).values("row", "issues")
    )
    tenant.client.post(f"/inventory/imports/{batch.pk}/accept/")
    assert ActivityRow.objects.filter(organization=tenant.organization).count() == len(messy_rows()) - 2
    gas = ActivityRow.objects.get(organization=tenant.organization, row=8)
    assert (gas.activity, gas.amount, gas.unit) == ("natural_gas", 30000.0, "立方米")


def test_mapping_is_reused_for_the_next_file_of_the_same_source(
    tenant: Any, messy_mapping: tuple[dict[str, str], dict[str, str]]
) -> None:
    columns, values = messy_mapping
    first = upload(tenant.client, messy_xlsx(messy_rows()[:5]), "一月.xlsx", source="能源台账")
    map_batch(tenant.client, first, columns, values)
    saved = ColumnMapping.objects.get(organization=tenant.organization, source="能源台账")
    assert saved.columns["activity"] == "能源品种"
    assert saved.activity_values["电力"] == "electricity_cn_east_2023"
    second = upload(tenant.client, messy_xlsx(messy_rows()[:4], title="二月"), "二月.xlsx", source="能源台账")
    assert second.mapping_reused
    assert second.status == "valid"


def test_reimporting_the_same_file_changes_nothing(tenant: Any) -> None:
    first = import_csv(tenant.client, gbk_csv())
    before = ActivityRow.objects.filter(organization=tenant.organization).count()
    response = tenant.client.post(
        "/inventory/upload/",
        {"source": "Ledger", "file": SimpleUploadedFile("copy.csv", gbk_csv())},
        follow=True,
    )
    assert "already imported" in response.content.decode()
    assert ActivityRow.objects.filter(organization=tenant.organization).count() == before
    assert ImportBatch.objects.filter(organization=tenant.organization).count() == 1
    assert response.redirect_chain[-1][0] == f"/inventory/imports/{first.pk}/"


def test_rows_already_imported_from_another_file_are_duplicates(tenant: Any) -> None:
    import_csv(tenant.client, gbk_csv())
    other = gbk_csv(
        [
            *list(gbk_csv_rows()[:1]),
            ("三厂", "2024-05-01", "2024-05-31", "natural_gas", "10", "m3", "", ""),
        ]
    )
    Site.objects.create(organization=tenant.organization, name="三厂")  # a new site is added, not imported
    batch = upload(tenant.client, other, "other.csv", source="Ledger")
    batch.refresh_from_db()
    assert batch.status == "rejected"
    issue = StagedRow.objects.get(batch=batch, row=2).issues[0]
    assert "already imported" in issue["reason"]
    assert "ledger.csv" in issue["reason"]


def gbk_csv_rows() -> list[tuple[str, ...]]:
    from .files import GOOD_CSV_ROWS  # noqa: PLC0415

    return GOOD_CSV_ROWS


def test_cancel_stores_nothing(tenant: Any, messy_mapping: tuple[dict[str, str], dict[str, str]]) -> None:
    batch = upload(tenant.client, messy_xlsx(), "x.xlsx")
    map_batch(tenant.client, batch, *messy_mapping)
    tenant.client.post(f"/inventory/imports/{batch.pk}/cancel/")
    batch.refresh_from_db()
    assert batch.status == "cancelled"
    assert not StagedRow.objects.filter(batch=batch).exists()
    assert ActivityRow.objects.count() == 0


def test_incomplete_mapping_says_what_is_missing(tenant: Any) -> None:
    batch = upload(tenant.client, messy_xlsx(), "x.xlsx")
    response = map_batch(tenant.client, batch, {"col_site": "厂区名称"})
    assert response.status_code == 200  # the form with its errors, as every form of the app answers
    page = response.content.decode()
    assert "Period start" in page
    assert "period_start" not in page.split("The mapping is not complete")[1].split("</ul>")[0]


def test_a_file_that_is_not_a_table_is_refused_with_a_message(tenant: Any) -> None:
    response = tenant.client.post(
        "/inventory/upload/",
        {"source": "x", "file": SimpleUploadedFile("evil.xlsx", b"%PDF-1.4 not a sheet")},
    )
    assert response.status_code == 200
    assert "PDF" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_grid_rows_go_through_the_same_check_and_can_be_edited(tenant: Any) -> None:
    added = tenant.client.get("/inventory/grid/row/").content.decode()  # the "add a row" fragment
    (number,) = set(re.findall(r'name="g(\d+)_', added))  # one new row, numbered past the page's own rows
    assert int(number) >= 1000
    assert all(f'name="g{number}_{field}"' in added for field in importing.FIELDS)
    row = {
        "g0_site": "一厂",
        "g0_period_start": "2024-05-01",
        "g0_period_end": "2024-05-31",
        "g0_activity": "refrigerant_r410a",
        "g0_amount": "1.5",
        "g0_unit": "kg",
        "g0_instrument": "",
        "g0_note": "",
    }
    response = tenant.client.post("/inventory/grid/", {"source": "Refrigerant log", **row})
    batch = ImportBatch.objects.get(kind="grid")
    assert response.url == f"/inventory/imports/{batch.pk}/"
    assert batch.status == "valid"
    tenant.client.post(f"/inventory/imports/{batch.pk}/accept/")
    page = tenant.client.get(f"/inventory/grid/?edit={batch.pk}").content.decode()
    assert 'value="1.5"' in page
    tenant.client.post(
        "/inventory/grid/", {"source": "Refrigerant log", "edit": str(batch.pk), **row, "g0_amount": "2.5"}
    )
    edited = ImportBatch.objects.exclude(pk=batch.pk).get(kind="grid")
    tenant.client.post(f"/inventory/imports/{edited.pk}/accept/")
    assert list(ActivityRow.objects.values_list("amount", flat=True)) == [2.5]
    batch.refresh_from_db()
    assert batch.status == "cancelled"


def test_viewers_read_but_cannot_import(tenant: Any, make_user: Any, add_member: Any) -> None:
    from django.test import Client  # noqa: PLC0415

    viewer = make_user()
    add_member(viewer, tenant.organization, Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    assert client.get("/inventory/").status_code == 200
    assert client.get("/inventory/data/").status_code == 200
    assert client.get("/inventory/upload/").status_code == 403
    response = client.post(
        "/inventory/upload/", {"source": "x", "file": SimpleUploadedFile("a.csv", gbk_csv())}
    )
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0
    batch = import_csv(tenant.client, gbk_csv())
    assert client.post(f"/inventory/imports/{batch.pk}/cancel/").status_code == 403


def test_a_file_without_a_source_is_named_by_its_file_name(tenant: Any) -> None:
    """Leaving the source empty never sends the user back to choose the file again (a browser cannot keep it)."""
    batch = upload(tenant.client, gbk_csv(), "能源台账2025.csv", source="")
    assert batch.source == "能源台账2025"


def test_typed_rows_with_no_data_answer_the_page_with_the_error_not_400(tenant: Any) -> None:
    empty = {f"g0_{field}": "" for field in importing.FIELDS}
    response = tenant.client.post("/inventory/grid/", {"source": "Refrigerant log", **empty})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not ImportBatch.objects.exists()
