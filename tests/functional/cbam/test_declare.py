"""Declaring an installation from a site of the inventory: its fuels and electricity of the year come from the
calculated inventory and are attributed to the processes (set shares or production mass shares); the goods are
the core's calculation of the same records the workbook reader produces; every bad field is named; each change is
audited."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from tanlu.carbon.cbam.calculate import calculate
from tanlu.carbon.cbam.communication import workbook_bytes
from tanlu.web.accounts.models import AuditEvent, Membership
from tanlu.web.cbam import services, sources
from tanlu.web.cbam.models import DeclaredProcess, Good, Installation
from tanlu.web.inventory import calculation, importing, importing_accept
from tanlu.web.inventory.models import Site


def gbk_csv(rows: list[tuple[str, ...]]) -> bytes:
    lines = ["站点,开始日期,结束日期,活动,数量,单位,凭证,备注", *(",".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


pytestmark = pytest.mark.django_db

#: 一厂's 2024 rows: natural gas 12,000 m³ (direct), 250 MWh of East China grid electricity, freight (scope 3)
ROWS = [
    ("一厂", "2024-01-01", "2024-01-31", "natural_gas", "12000", "立方米", "", "锅炉房"),
    ("一厂", "2024-01-01", "2024-03-31", "electricity_cn_east_2023", "250", "兆瓦时", "", "一季度电费"),
    ("一厂", "2024-02-01", "2024-02-29", "diesel_road", "500", "升", "", "叉车"),
    ("二厂", "2024-02-01", "2024-02-29", "natural_gas", "900", "立方米", "", "other site"),
    ("一厂", "2024-03-01", "2024-03-31", "freight_hgv_average", "48000", "吨公里", "", "钢材进厂"),
]


def inventory(tenant: Any) -> Site:
    membership = Membership.objects.get(organization=tenant.organization, user=tenant.owner)
    batch, _repeated = importing.upload(
        membership, source="Energy ledger", filename="ledger.csv", content=gbk_csv(ROWS)
    )
    importing.save_mapping(membership, batch, importing.guess_columns(batch.headers))
    importing_accept.accept(membership, batch)
    calculation.calculate(membership, 2024)
    return Site.objects.get(organization=tenant.organization, name="一厂")


DECLARE = {
    "inventory_year": "2024",
    "name": "Suzhou bolts plant",
    "unlocode": "cnszv",
    "latitude": "31.3",
    "longitude": "120.6",
    "categories": ["Iron or steel products"],
}


def declared(tenant: Any) -> Installation:
    site = inventory(tenant)
    response = tenant.client.post("/cbam/declare/", {**DECLARE, "site": site.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    return Installation.objects.get(organization=tenant.organization)


def add_process(tenant: Any, found: Installation, **fields: str) -> Any:
    return tenant.client.post(f"/cbam/installations/{found.pk}/processes/", fields, HTTP_ACCEPT_LANGUAGE="en")


def test_an_installation_declared_from_a_site_takes_its_direct_emissions_and_electricity(
    tenant: Any,
) -> None:
    found = declared(tenant)
    assert (found.unlocode, found.inventory_year, found.site.name) == ("CN SZV", 2024, "一厂")
    assert (
        add_process(tenant, found, process_id="bolt", cn_code="7318 15 88", production_t="800").status_code
        == 302
    )
    assert (
        add_process(tenant, found, process_id="NUT", cn_code="731816", production_t="200").status_code == 302
    )
    activities = {a.activity: a for a in sources.site_activities(found)}
    assert activities["natural_gas"].kind == "direct"
    assert activities["electricity_cn_east_2023"].mwh == pytest.approx(250)
    assert not activities["diesel_road"].counted  # transport fuel: outside the boundaries
    assert "freight_hgv_average" not in {a for a, x in activities.items() if x.counted}
    data = sources.installation_data(found)
    direct = activities["natural_gas"].tco2e
    factor = activities["electricity_cn_east_2023"].factor
    assert direct > 10  # 12,000 m³ of natural gas: about 26 t CO2
    results = {r.process.process_id: r for r in calculate(data)}
    # production mass shares: 80 % and 20 %
    assert results["BOLT"].attributed_direct == pytest.approx(0.8 * direct)
    assert results["BOLT"].see_direct == pytest.approx(0.8 * direct / 800)
    assert results["NUT"].see_indirect == pytest.approx(0.2 * 250 * factor / 200)
    goods = {g.process_id: g for g in Good.objects.filter(installation=found)}
    assert goods["BOLT"].see_direct == pytest.approx(results["BOLT"].see_direct)
    # a share set on the nut process: the bolt process takes what is left
    assert (
        add_process(
            tenant, found, process_id="NUT", cn_code="731816", production_t="200", share="50"
        ).status_code
        == 302
    )
    assert Good.objects.get(installation=found, process_id="BOLT").attributed_direct == pytest.approx(
        0.5 * direct
    )
    page = tenant.client.get(f"/cbam/installations/{found.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "ledger.csv, row" in page
    made = services.communication(found)
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(made)))
    assert "Summary_Communication" in workbook.sheetnames
    actions = list(
        AuditEvent.objects.filter(organization=tenant.organization).values_list("action", flat=True)
    )
    assert "cbam.declared" in actions
    assert "cbam.changed" in actions


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (
            {"process_id": "BOLT", "cn_code": "7318 15 88", "production_t": "0"},
            "production_t",
            "no production",
        ),
        ({"process_id": "BOLT", "cn_code": "8708 30", "production_t": "5"}, "cn_code", "annex I"),
        ({"process_id": "AL", "cn_code": "7616 99", "production_t": "5"}, "cn_code", "does not declare"),
        ({"process_id": "BOLT", "cn_code": "7318 15", "production_t": "5", "share": "120"}, "share", "100"),
    ],
)
def test_a_bad_process_is_a_field_error(tenant: Any, fields: dict[str, str], field: str, words: str) -> None:
    found = declared(tenant)
    response = add_process(tenant, found, **fields)
    assert response.status_code == 400
    form = response.context["process_form"]
    assert field in form.errors
    assert words in " ".join(form.errors[field])
    assert not DeclaredProcess.objects.exists()


def test_a_precursor_without_emissions_or_default_is_a_field_error(tenant: Any) -> None:
    found = declared(tenant)
    add_process(tenant, found, process_id="BOLT", cn_code="7318 15 88", production_t="800")
    bolt = DeclaredProcess.objects.get()
    url = f"/cbam/installations/{found.pk}/precursors/"
    purchased = {"process": bolt.pk, "cn_code": "7213 91 10", "kind": "purchased", "quantity_t": "850"}
    purchased = {f"precursor-{name}": value for name, value in purchased.items()}
    response = tenant.client.post(url, purchased, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "see_direct" in response.context["precursor_form"].errors
    no_default = {**purchased, "precursor-kind": "default"}
    response = tenant.client.post(url, no_default, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "no default value" in " ".join(response.context["precursor_form"].errors["cn_code"])
    response = tenant.client.post(
        url, {**purchased, "precursor-see_direct": "1.9", "precursor-see_indirect": "0.1"}
    )
    assert response.status_code == 302
    good = Good.objects.get(installation=found)
    assert good.see_direct == pytest.approx((good.attributed_direct + 850 * 1.9) / 800)


def test_electricity_in_kg_names_the_inventory_row(tenant: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    found = declared(tenant)
    real = sources.convert

    def kg(unit: str, to: str, **kw: Any) -> Any:
        return real("kg", to, **kw)

    monkeypatch.setattr(sources, "convert", kg)
    with pytest.raises(sources.InputError) as raised:
        sources.site_activities(found)
    assert raised.value.issue.column == "unit"
    assert raised.value.issue.file == "ledger.csv"
    assert raised.value.issue.row == 3


def test_linking_and_unlinking_a_part_is_audited(tenant: Any) -> None:
    from tanlu.web.products.models import Product  # noqa: PLC0415

    found = declared(tenant)
    add_process(tenant, found, process_id="BOLT", cn_code="7318 15 88", production_t="800")
    bolt = Product.objects.create(
        organization=tenant.organization, product_id="BLT-M10", name="Hex bolt", unit="piece"
    )
    url = f"/cbam/installations/{found.pk}/parts/"
    assert tenant.client.post(url, {"process_id": "BOLT", "part": bolt.pk}).status_code == 302
    assert tenant.client.post(url, {"process_id": "BOLT", "part": bolt.pk, "unlink": "on"}).status_code == 302
    actions = AuditEvent.objects.filter(action__startswith="cbam.part").values_list("action", "detail")
    assert sorted(actions) == [
        ("cbam.part_linked", "Suzhou bolts plant: BOLT → BLT-M10"),
        ("cbam.part_unlinked", "Suzhou bolts plant: BOLT - BLT-M10"),
    ]
