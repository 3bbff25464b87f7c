"""Site names in a file are matched to the organization's sites (#12 item 2): "苏州一厂" is offered "一厂（苏州）"
first, a new site is created only when the user confirms it at the mapping step, the choice is remembered for
the source, and a site without a grid region is flagged before its electricity is calculated."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanlu.errors import RowsRejected
from tanlu.web.accounts.models import AuditEvent
from tanlu.web.inventory import importing_accept, importing_sites
from tanlu.web.inventory.models import ActivityRow, ColumnMapping, Site, StagedRow

from .conftest import guessed, upload

pytestmark = pytest.mark.django_db

LEDGER = (
    "工厂,开始日期,结束日期,能源类型,用量,单位\r\n"
    "苏州一厂,2025/01/01,2025/01/31,天然气,3800,立方米\r\n"
    "二厂(昆山),2025/01/01,2025/01/31,天然气,2100,立方米\r\n"
    "苏州三厂,2025/01/01,2025/01/31,天然气,900,立方米\r\n"
    "苏州三厂,2025/02/01,2025/02/28,电力,12000,千瓦时\r\n"
)


def _sites(tenant: Any) -> None:
    Site.objects.create(organization=tenant.organization, name="一厂（苏州）", region="华东电网")
    Site.objects.create(organization=tenant.organization, name="二厂（昆山）", region="")


def _choices(page: str) -> dict[str, str]:
    """The site name of the file → index of its row in the mapping page's sites table."""
    found = {}
    for index in range(10):
        marker = f'name="site_text_{index}" value="'
        if marker in page:
            found[page.split(marker, 1)[1].split('"', 1)[0]] = str(index)
    return found


def _post(tenant: Any, batch: Any, sites: dict[str, tuple[str, str]] | None) -> Any:
    data = {**guessed(batch), "remember": "on", "value_count": "0"}
    if sites is not None:
        data["site_count"] = str(len(sites))
        for index, (text, (choice, region)) in enumerate(sites.items()):
            data[f"site_text_{index}"] = text
            data[f"site_choice_{index}"] = choice
            data[f"site_region_{index}"] = region
    return tenant.client.post(f"/inventory/imports/{batch.pk}/map/", data)


def test_equal_names_are_one_site_whatever_the_width_case_and_spacing() -> None:
    assert importing_sites.site_key("一厂（苏州）") == importing_sites.site_key(" 一厂(苏州) ")
    assert importing_sites.site_key("ＰＬＡＮＴ　１") == importing_sites.site_key("plant 1")
    assert importing_sites.similarity("Plant-1 (Suzhou)", "plant 1 suzhou") == 1.0


def test_close_names_rank_the_same_plant_first() -> None:
    sites = ["一厂（苏州）", "二厂（昆山）", "仓库"]

    def best(name: str) -> str:
        return max(sites, key=lambda site: importing_sites.similarity(name, site))

    assert best("苏州一厂") == "一厂（苏州）"
    assert best("苏州二厂") == "二厂（昆山）"  # the plant's number weighs more than the city
    assert importing_sites.similarity("苏州工厂", "苏州一厂") >= importing_sites.CLOSE
    assert importing_sites.similarity("Plant 1", "Plant 2") < importing_sites.CLOSE
    assert importing_sites.similarity("仓库", "一厂（苏州）") < importing_sites.CLOSE


@given(st.text(max_size=20), st.text(max_size=20))
def test_similarity_is_symmetric_and_between_0_and_1(a: str, b: str) -> None:
    score = importing_sites.similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == importing_sites.similarity(b, a)
    assert importing_sites.site_key(importing_sites.site_key(a)) == importing_sites.site_key(a)


def test_the_mapping_step_offers_close_sites_and_creates_only_a_confirmed_one(tenant: Any) -> None:
    _sites(tenant)
    batch = upload(tenant.client, LEDGER.encode(), "ledger.csv", source="能源台账")
    page = tenant.client.get(f"/inventory/imports/{batch.pk}/").content.decode()
    assert set(_choices(page)) == {"苏州一厂", "二厂(昆山)", "苏州三厂"}
    assert "Close match" in page
    assert "A new site “苏州三厂”" in page
    assert "“二厂（昆山）” has no grid region" in page  # matched by name, flagged with a link to set it
    site = Site.objects.get(organization=tenant.organization, name="二厂（昆山）")
    assert f"/inventory/sites/{site.pk}/" in page

    # the columns alone: the page asks which site each name means, and nothing is created
    response = _post(tenant, batch, None)
    assert response.status_code == 200
    assert "which of your sites" in response.content.decode()
    # a name left without a choice is refused at 200, naming it
    response = _post(
        tenant,
        batch,
        {"苏州一厂": ("一厂（苏州）", ""), "二厂(昆山)": ("二厂（昆山）", ""), "苏州三厂": ("", "")},
    )
    assert response.status_code == 200
    assert "Choose the site of: 苏州三厂" in response.content.decode()
    assert Site.objects.filter(organization=tenant.organization).count() == 2

    response = _post(
        tenant,
        batch,
        {
            "苏州一厂": ("一厂（苏州）", ""),
            "二厂(昆山)": ("二厂（昆山）", ""),
            "苏州三厂": (importing_sites.NEW, "华东电网"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    new = Site.objects.get(organization=tenant.organization, name="苏州三厂")
    assert new.region == "华东电网"
    assert Site.objects.filter(organization=tenant.organization).count() == 3
    assert AuditEvent.objects.filter(action="inventory.site_create", detail__contains="苏州三厂").exists()
    staged = dict(StagedRow.objects.filter(batch=batch).values_list("row", "site"))
    assert staged == {2: "一厂（苏州）", 3: "二厂（昆山）", 4: "苏州三厂", 5: "苏州三厂"}
    assert StagedRow.objects.get(batch=batch, row=5).activity == "electricity_cn_east_2023"
    saved = ColumnMapping.objects.get(organization=tenant.organization, source="能源台账")
    assert saved.site_values == {
        "苏州一厂": "一厂（苏州）",
        "二厂(昆山)": "二厂（昆山）",
        "苏州三厂": "苏州三厂",
    }
    batch.refresh_from_db()
    assert batch.status == "valid", list(batch.staged.values_list("row", "issues"))
    assert tenant.client.post(f"/inventory/imports/{batch.pk}/accept/").status_code == 302
    assert set(ActivityRow.objects.filter(batch=batch).values_list("site__name", flat=True)) == {
        "一厂（苏州）",
        "二厂（昆山）",
        "苏州三厂",
    }

    # the next file of the source is mapped by the remembered choices, straight to the check
    march = LEDGER.replace("2025/01", "2025/03").replace("2025/02", "2025/04").replace("/31,", "/30,")
    again = upload(tenant.client, march.encode(), "march.csv", source="能源台账")
    again.refresh_from_db()
    assert again.status == "valid", list(again.staged.values_list("row", "issues"))
    assert set(StagedRow.objects.filter(batch=again).values_list("site", flat=True)) == {
        "一厂（苏州）",
        "二厂（昆山）",
        "苏州三厂",
    }


def test_a_saved_mapping_meeting_a_new_site_name_asks_instead_of_creating_it(tenant: Any) -> None:
    _sites(tenant)
    first = upload(tenant.client, LEDGER.encode(), "ledger.csv", source="能源台账")
    _post(
        tenant,
        first,
        {
            "苏州一厂": ("一厂（苏州）", ""),
            "二厂(昆山)": ("二厂（昆山）", ""),
            "苏州三厂": ("一厂（苏州）", ""),
        },
    )
    other = "工厂,开始日期,结束日期,能源类型,用量,单位\r\n苏州四厂,2025/05/01,2025/05/31,天然气,10,立方米\r\n"
    batch = upload(tenant.client, other.encode(), "may.csv", source="能源台账")
    batch.refresh_from_db()
    assert batch.status == "uploaded"  # the mapping page, with the site to choose
    assert not Site.objects.filter(name="苏州四厂").exists()
    assert "苏州四厂" in _choices(tenant.client.get(f"/inventory/imports/{batch.pk}/").content.decode())


def test_without_a_mapping_step_an_unknown_site_is_refused_with_the_closest(tenant: Any) -> None:
    _sites(tenant)
    with pytest.raises(RowsRejected) as refused:
        importing_accept.import_file(
            tenant.organization.memberships.get(user=tenant.owner),
            source="api",
            filename="api.csv",
            content=LEDGER.encode(),
        )
    reasons = {issue.row: issue.reason for issue in refused.value.issues}
    assert "closest: “一厂（苏州）”" in reasons[2]
    assert 3 not in reasons  # 二厂(昆山) is 二厂（昆山）
    assert "is none of the organization's sites" in reasons[4]
    assert Site.objects.filter(organization=tenant.organization).count() == 2


def test_electricity_of_a_site_without_grid_region_says_so_with_a_link(tenant: Any) -> None:
    _sites(tenant)
    ledger = (
        "工厂,开始日期,结束日期,能源类型,用量,单位\r\n二厂（昆山）,2025/01/01,2025/01/31,电力,100,kWh\r\n"
    )
    batch = upload(tenant.client, ledger.encode(), "kunshan.csv", source="昆山")
    assert _post(tenant, batch, {"二厂（昆山）": ("二厂（昆山）", "")}).status_code == 302
    batch.refresh_from_db()
    assert batch.status == "rejected"
    issue = StagedRow.objects.get(batch=batch, row=2).issues[0]
    assert issue["reason"].startswith("the site “二厂（昆山）” has no grid region")
    page = tenant.client.get(
        f"/inventory/imports/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    site = Site.objects.get(organization=tenant.organization, name="二厂（昆山）")
    assert f"/inventory/sites/{site.pk}/" in page
    assert 'id="grid-regions"' in page


def test_an_organization_without_sites_confirms_each_new_one_preselected(tenant: Any) -> None:
    batch = upload(tenant.client, LEDGER.encode(), "ledger.csv")
    page = tenant.client.get(f"/inventory/imports/{batch.pk}/").content.decode()
    assert page.count(f'value="{importing_sites.NEW}" selected') == 3
    assert _post(tenant, batch, None).status_code == 302  # nothing to match: the shown new sites are taken
    assert set(Site.objects.filter(organization=tenant.organization).values_list("name", flat=True)) == {
        "苏州一厂",
        "二厂(昆山)",
        "苏州三厂",
    }
