"""A Chinese plant's export maps itself (#12 item 3): 能源类型 is the activity column, 电力 and 天然气 take the
factor of each site's grid region and the data's year without a choice, a site without a grid region keeps its
electricity out with a reason, and the pickers search and rank instead of listing every key."""

from __future__ import annotations

from typing import Any

import pytest

from tanlu.web.inventory.models import Site, StagedRow

from .conftest import guessed, map_batch, upload

pytestmark = pytest.mark.django_db

LEDGER = (
    "工厂,开始日期,结束日期,能源类型,用量,单位\r\n"
    "一厂（苏州）,2025/01/01,2025/01/31,电力,52000,千瓦时\r\n"
    "一厂（苏州）,2025/01/01,2025/01/31,天然气,3800,立方米\r\n"
    "一厂（苏州）,2025/02/01,2025/02/28,外购电力,50000,kWh\r\n"
    "一厂（苏州）,2025/02/01,2025/02/28,冷媒 R134a,2,kg\r\n"
)


def _sites(tenant: Any) -> None:
    Site.objects.create(
        organization=tenant.organization, name="一厂（苏州）", region="华东电网 China East grid"
    )


def test_common_names_map_to_the_sites_grid_without_a_choice(tenant: Any) -> None:
    _sites(tenant)
    batch = upload(tenant.client, LEDGER.encode(), "ledger.csv")
    columns = guessed(batch)
    assert columns["col_activity"] == "能源类型"
    response = map_batch(tenant.client, batch, columns)
    assert response.status_code == 302, response.content.decode()[:3000]  # no "what do the names mean" step
    batch.refresh_from_db()
    assert batch.status == "valid", list(batch.staged.values_list("row", "issues"))
    keys = dict(StagedRow.objects.filter(batch=batch).values_list("row", "activity"))
    assert keys == {
        2: "electricity_cn_east_2023",
        3: "natural_gas",
        4: "electricity_cn_east_2023",
        5: "refrigerant_hfc134a",
    }


def test_electricity_of_a_site_without_grid_region_is_rejected_not_guessed(tenant: Any) -> None:
    Site.objects.create(organization=tenant.organization, name="一厂（苏州）", region="")
    batch = upload(tenant.client, LEDGER.encode(), "ledger.csv")
    map_batch(tenant.client, batch, guessed(batch))
    batch.refresh_from_db()
    assert batch.status == "rejected"
    rejected = {row.row for row in StagedRow.objects.filter(batch=batch).exclude(issues=[])}
    assert rejected == {2, 4}


def test_mapping_page_offers_searchable_ranked_choices_in_the_readers_words(tenant: Any) -> None:
    _sites(tenant)
    content = LEDGER.replace("冷媒 R134a", "焊丝").encode()
    batch = upload(tenant.client, content, "ledger.csv")
    response = map_batch(tenant.client, batch, guessed(batch))
    assert response.status_code == 200
    page = response.content.decode()
    assert "inv-picker__search" in page
    values = page.split('class="table inv-values"')[1].split("</table>")[0]
    assert values.count("<select") == 4
    assert values.count("<option") <= 4 * 22  # a few ranked choices each, not the 190 keys each
    assert "electricity_us_" not in values
    search = tenant.client.get("/inventory/activities/search/", {"q": "电力"})
    assert search.status_code == 200
    options = search.content.decode()
    assert options.index("electricity_cn_east") < options.index("electricity_cn_national")
    assert "electricity_us_" not in options


def test_fixing_an_unknown_name_uses_the_picker_and_applies_to_every_row_with_it(tenant: Any) -> None:
    _sites(tenant)
    content = LEDGER.replace("天然气", "天然汽").replace("冷媒 R134a,2,kg", "天然汽,1200,立方米").encode()
    batch = upload(tenant.client, content, "ledger.csv")
    map_batch(tenant.client, batch, guessed(batch), {"天然汽": ""})
    batch.refresh_from_db()
    assert batch.status == "rejected"
    page = tenant.client.get(f"/inventory/imports/{batch.pk}/").content.decode()
    assert "Apply to all rows named “天然汽”" in page
    assert 'id="r3_activity_q"' in page  # the row's picker searches like the mapping page's
    assert "electricity_cn_east_2023</" not in page  # no code to type
    response = tenant.client.post(
        f"/inventory/imports/{batch.pk}/fix/",
        {"row": ["3", "5"], "apply": "0", "apply_name_0": "天然汽", "apply_key_0": "natural_gas",
         "r3_activity": "天然汽", "r5_activity": "天然汽"},
    )  # fmt: skip
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "valid", list(batch.staged.values_list("row", "issues"))
    assert set(StagedRow.objects.filter(batch=batch, row__in=[3, 5]).values_list("activity", flat=True)) == {
        "natural_gas"
    }
