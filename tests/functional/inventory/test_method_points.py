"""The method points of #12 items 10 and 12 in the web app: the CH4 rule chosen per factor-set version, the
radiative-forcing option of the report settings, and the notes beside the totals (share from another GWP set,
RF uplift, sites whose category 3.3 is incomplete), each stored with its run and checked against the core."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from tanlu.carbon.activities import read_activities
from tanlu.carbon.factors import load_bundled
from tanlu.carbon.inventory import calculate_inventory
from tanlu.carbon.report import inventory_to_dict
from tanlu.web.accounts.models import Role
from tanlu.web.inventory import factorsets
from tanlu.web.inventory.models import CalculationRun, FactorSetVersion, ReportSettings

from .conftest import import_csv
from .files import GOOD_CSV_ROWS, gbk_csv

LEAK = {
    "activity": "natural_gas_leak",
    "unit": "kg",
    "gas": "CH4_fossil",
    "value": "1",
    "category": "fugitive",
    "source": "Leak survey 2024",
}
LEAK_ROW = ("一厂", "2024-01-01", "2024-01-31", "natural_gas_leak", "1000", "kg", "", "阀门泄漏")
AIR_ROW = ("一厂", "2024-04-01", "2024-04-30", "freight_air_long_haul", "10000", "吨公里", "", "空运备件")
SETTINGS = {"consolidation": "operational", "gwp": "AR6"}


def _calculate(client: Any, year: int = 2024) -> tuple[CalculationRun, str]:
    """The run the calculation gave (new or stored) and the dashboard it leads to."""
    response = client.post("/inventory/calculate/", {"year": year, "gwp": "AR6"}, follow=True)
    assert response.status_code == 200
    run_id = int(response.redirect_chain[-1][0].rsplit("run=", 1)[1])
    return CalculationRun.objects.get(pk=run_id), response.content.decode()


@pytest.mark.django_db
def test_the_ch4_rule_of_a_version_changes_a_fugitive_methane_result(tenant: Any) -> None:
    client = tenant.client
    assert client.post("/inventory/factors/add/", LEAK).status_code == 302
    v1 = FactorSetVersion.objects.get()
    assert v1.ch4_rule == "by_category"
    import_csv(client, gbk_csv([LEAK_ROW]))
    by_category, _page = _calculate(client)
    assert by_category.scope1 == pytest.approx(1000 * 29.8 / 1000)  # a leak takes the fossil GWP (AR6)
    page = client.get("/inventory/factors/").content.decode()
    assert 'data-figure="ch4-rule">By category' in page
    response = client.post("/inventory/factors/ch4-rule/", {"ch4_rule": "non_fossil"})
    assert response.status_code == 302
    v2 = FactorSetVersion.objects.get(number=2)
    assert (v2.ch4_rule, v2.factors.count()) == ("non_fossil", 1), "same factors, another rule"
    assert v2.version != v1.version
    assert factorsets.factor_set(v2).ch4_rule == "non_fossil"
    assert factorsets.factor_set(v2).version == v2.version
    non_fossil, page = _calculate(client)
    assert non_fossil.pk != by_category.pk, "a run is never reused across rules"
    assert non_fossil.factor_set == v2
    assert non_fossil.scope1 == pytest.approx(1000 * 27.0 / 1000)
    by_category.refresh_from_db()
    assert by_category.scope1 == pytest.approx(29.8), "the earlier result keeps its rule"
    detail = client.get(f"/inventory/factor-sets/{v2.pk}/").content.decode()
    assert 'data-figure="ch4-rule">Non-fossil GWP for all fossil methane' in detail
    # the same rule again makes no version; a later factor keeps the rule of the latest version
    client.post("/inventory/factors/ch4-rule/", {"ch4_rule": "non_fossil"})
    assert FactorSetVersion.objects.count() == 2
    client.post("/inventory/factors/add/", {**LEAK, "activity": "coal_bed_methane"})
    assert FactorSetVersion.objects.get(number=3).ch4_rule == "non_fossil"
    report = client.get(f"/inventory/runs/{non_fossil.pk}/report/").content.decode()
    assert "Non-fossil GWP for all fossil methane" in report


@pytest.mark.django_db
def test_the_bundled_library_weights_fossil_methane_by_category() -> None:
    assert factorsets.factor_set(None).ch4_rule == "by_category"
    assert factorsets.factor_set(None).version == load_bundled().version


@pytest.mark.django_db
def test_radiative_forcing_changes_air_freight_and_runs_are_not_reused_across_it(tenant: Any) -> None:
    client = tenant.client
    import_csv(client, gbk_csv([AIR_ROW]))
    apart, page = _calculate(client)
    assert not apart.radiative_forcing_included
    assert apart.scope3 == pytest.approx(10000 * 0.5313 / 1000)
    assert apart.radiative_forcing == pytest.approx(10000 * 0.36809 / 1000)
    dashboard = client.get("/inventory/?year=2024").content.decode()
    assert "is reported apart and is not in this total" in dashboard
    form = client.get("/inventory/report-settings/").content.decode()
    assert 'name="radiative_forcing"' in form
    response = client.post("/inventory/report-settings/", {**SETTINGS, "radiative_forcing": "on"})
    assert response.status_code == 302
    assert ReportSettings.objects.get().radiative_forcing
    included, page = _calculate(client)
    assert included.pk != apart.pk, "a run is never reused across the RF option"
    assert included.radiative_forcing_included
    assert included.scope3 == pytest.approx((10000 * 0.5313 + 10000 * 0.36809) / 1000)
    assert included.radiative_forcing == pytest.approx(apart.radiative_forcing)
    assert "This total includes 3.68" in client.get("/inventory/?year=2024").content.decode()
    client.post("/inventory/report-settings/", SETTINGS)  # off again: the stored run without RF comes back
    assert 'data-figure="rf-changed"' in client.get("/inventory/?year=2024").content.decode()
    again, page = _calculate(client)
    assert again.pk == apart.pk
    assert "Nothing changed" in page
    assert "is reported apart and is not in this total" in page, "the dashboard shows the run given back"
    assert CalculationRun.objects.count() == 2


@pytest.mark.django_db
def test_the_dashboard_and_report_show_share_uplift_and_category_3_3_gap(tenant: Any) -> None:
    rows = [*GOOD_CSV_ROWS, AIR_ROW]
    import_csv(tenant.client, gbk_csv(rows))
    run, _page = _calculate(tenant.client)
    core = inventory_to_dict(
        calculate_inventory(
            read_activities(gbk_csv(rows), load_bundled(), filename="a.csv"), load_bundled(), "AR6"
        ),
        include_rows=False,
    )
    assert run.other_gwp_share_market == pytest.approx(core["other_gwp_share_market"], abs=1e-6)
    assert run.radiative_forcing == pytest.approx(core["radiative_forcing"], abs=1e-6)
    share = f"{100 * core['other_gwp_share_market']:.1f}%"
    sites = [gap["site"] for gap in core["incomplete"]]
    assert sites == ["一厂", "二厂"]
    dashboard = tenant.client.get("/inventory/?year=2024").content.decode()
    assert f"{share} of this total uses factors published with AR4/AR5 values, not AR6." in dashboard, share
    assert "is reported apart and is not in this total" in dashboard
    assert "Category 3.3 is incomplete for sites 一厂, 二厂: no sourced factor for their grid" in dashboard
    location = f"{100 * core['other_gwp_share']:.1f}%"
    report = tenant.client.get(f"/inventory/runs/{run.pk}/report/").content.decode()
    assert f"{share} of the market-based total uses factors published with AR4/AR5" in report
    assert f"{location} of the location-based total uses factors published with AR4/AR5" in report
    assert "Category 3.3 is incomplete for sites 一厂, 二厂" in report
    assert 'data-figure="radiative_forcing"' in report
    api = tenant.client.get(f"/api/inventory/runs/{run.pk}").json()
    assert [gap["site"] for gap in api["incomplete"]] == sites
    assert api["other_gwp_share"] == pytest.approx(core["other_gwp_share"], abs=1e-6)
    assert api["ch4_rule"] == "by_category"


@pytest.mark.django_db
def test_an_own_co2e_factor_keeps_its_gwp_set_and_the_total_says_so(tenant: Any) -> None:
    client = tenant.client
    epd = {**LEAK, "activity": "steel_coil_x", "unit": "t", "gas": "CO2e", "category": "3.1", "value": "2000"}
    client.post("/inventory/factors/add/", {**epd, "gwp": "AR5"})
    csv_file = (
        b"activity,unit,gas,value,scope,category,method,source,gwp\n"
        b"alu_ingot_y,t,CO2e,8000,3,3.1,,Supplier Y EPD,\n"
    )
    client.post("/inventory/factors/upload/", {"file": SimpleUploadedFile("f.csv", csv_file), "note": "EPD"})
    v2 = FactorSetVersion.objects.get(number=2)
    assert dict(v2.factors.values_list("activity", "gwp")) == {"steel_coil_x": "AR5", "alu_ingot_y": ""}
    assert factorsets.factor_set(v2).version == v2.version, "the stored gwp rebuilds the saved version"
    rows = [
        ("一厂", "2024-01-01", "2024-01-31", "steel_coil_x", "3", "t", "", ""),
        ("一厂", "2024-01-01", "2024-01-31", "alu_ingot_y", "1", "t", "", ""),
    ]
    import_csv(client, gbk_csv(rows))
    run, page = _calculate(client)
    assert run.total_market == pytest.approx(14.0)
    assert "42.9% of this total uses factors published with AR5 values, not AR6." in page
    assert "57.1% of this total uses CO2e factors that do not state their GWP set." in page
    assert run.other_gwp_share_market == pytest.approx(1.0)


@pytest.mark.django_db
def test_viewers_and_editors_cannot_change_the_method_options(
    tenant: Any, make_user: Any, add_member: Any
) -> None:
    for role in (Role.VIEWER, Role.EDITOR):
        user = make_user()
        add_member(user, tenant.organization, role)
        client = Client()
        client.force_login(user)
        assert client.post("/inventory/factors/ch4-rule/", {"ch4_rule": "fossil"}).status_code == 403
        response = client.post("/inventory/report-settings/", {**SETTINGS, "radiative_forcing": "on"})
        assert response.status_code == 403
        assert (
            "Only owners can change these settings."
            in client.get("/inventory/report-settings/").content.decode()
        )
    assert not FactorSetVersion.objects.exists()
    assert not ReportSettings.objects.filter(radiative_forcing=True).exists()


@pytest.mark.django_db
def test_two_tenants_do_not_see_each_others_versions(tenant_factory: Any) -> None:
    alpha, beta = tenant_factory("Alpha"), tenant_factory("Beta")
    alpha.client.post("/inventory/factors/ch4-rule/", {"ch4_rule": "fossil"})
    mine = FactorSetVersion.objects.get(organization=alpha.organization)
    assert mine.ch4_rule == "fossil"
    assert beta.client.get(f"/inventory/factor-sets/{mine.pk}/").status_code == 404
    page = beta.client.get("/inventory/factors/").content.decode()
    assert "By category" in page
    assert "Fossil GWP for all fossil methane</td>" not in page
    beta.client.post("/inventory/factors/ch4-rule/", {"ch4_rule": "non_fossil"})
    theirs = FactorSetVersion.objects.get(organization=beta.organization)
    assert (theirs.number, theirs.ch4_rule) == (1, "non_fossil")
    mine.refresh_from_db()
    assert mine.ch4_rule == "fossil"
    import_csv(beta.client, gbk_csv([(*LEAK_ROW[:3], "natural_gas", "100", "立方米", "", "")]))
    run, _page = _calculate(beta.client)
    assert run.factor_set == theirs


BEFORE = [("inventory", "0005_column_mapping_site_values")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_versions_and_runs_as_they_were(make_organization: Any) -> None:
    organization = make_organization()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE)
        state = executor.loader.project_state(BEFORE).apps
        version = state.get_model("inventory", "FactorSetVersion").objects.create(
            organization_id=organization.pk, number=1, version=load_bundled().version
        )
        run = state.get_model("inventory", "CalculationRun").objects.create(
            organization_id=organization.pk,
            year=2024,
            gwp="AR6",
            factor_set_id=version.pk,
            factor_set_version=version.version,
            inputs_fingerprint="f" * 64,
            row_count=1,
            scope1=1.0,
            scope2_location=0.0,
            scope2_market=0.0,
            scope3=0.0,
        )
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        migrated = FactorSetVersion.objects.get(pk=version.pk)
        assert migrated.ch4_rule == "by_category"
        assert factorsets.factor_set(migrated).version == migrated.version, "its version string still holds"
        stored = CalculationRun.objects.get(pk=run.pk)
        assert (stored.radiative_forcing_included, stored.radiative_forcing) == (False, 0.0)
        assert ReportSettings(organization=organization).radiative_forcing is False
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)  # and back
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
