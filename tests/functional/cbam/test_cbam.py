"""The CBAM area of an exporting supplier: an installation workbook uploaded and read in a background job (stored
whole, or refused whole with every bad row named by sheet, row and column in the reader's language), its goods'
specific embedded emissions per CN code with the default values beside them, and the communication to the EU
importer made as XLSX and JSON in a job and downloaded from the job's page, equal to what the core writes."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from tanlu.carbon.cbam.calculate import calculate
from tanlu.carbon.cbam.communication import build_communication, communication_json
from tanlu.web.accounts.models import Membership, Role
from tanlu.web.cbam import demo, services
from tanlu.web.cbam.models import Good, ImportStatus, Installation, InstallationImport, PartLink
from tanlu.web.jobs.models import Job, JobStatus
from tanlu.web.products.models import Product, Result

from .files import bad_workbook, good_workbook

pytestmark = pytest.mark.django_db


def upload(client: Any, content: bytes, name: str, capture: Any, **headers: str) -> InstallationImport:
    with capture(execute=True):
        response = client.post("/cbam/upload/", {"file": SimpleUploadedFile(name, content)}, **headers)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.get(pk=response.url.split("/")[2])
    assert job.status == JobStatus.SUCCEEDED, job.error
    batch = InstallationImport.objects.order_by("-id").first()
    assert batch is not None
    assert job.result_url == f"/cbam/imports/{batch.pk}/"
    return batch


def test_a_good_workbook_stores_the_installation_and_every_goods_see(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    batch = upload(tenant.client, good_workbook(), "installation.xlsx", django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.ACCEPTED
    installation = Installation.objects.get(organization=tenant.organization)
    assert (installation.name, installation.unlocode, installation.year) == (
        "Ningbo Fastener Works, plant 1",
        "CN NGB",
        2026,
    )
    expected = calculate(services.read_data(good_workbook(), "installation.xlsx"))
    goods = list(Good.objects.filter(installation=installation))
    assert [(g.process_id, g.cn_code) for g in goods] == [("WR", "72139110"), ("BOLT", "73181588")]
    for good, result in zip(goods, expected, strict=True):
        assert good.see_direct == pytest.approx(result.see_direct, rel=1e-12)
        assert good.see_indirect == pytest.approx(result.see_indirect, rel=1e-12)
        assert good.default_share == pytest.approx(result.default_share, rel=1e-12)
    wire_rod, bolt = goods
    assert wire_rod.default_with_markup is None  # 7213 is left out of the shipped table
    assert bolt.default_with_markup is not None
    assert bolt.markup == pytest.approx(0.10)
    assert bolt.difference_per_t == pytest.approx(bolt.default_with_markup - bolt.see_direct)
    page = tenant.client.get(f"/cbam/installations/{installation.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert "7318 15 88" in text
    assert "no shipped default" in text
    assert f"{bolt.see_direct:.4f}" in text
    assert f"{bolt.default_with_markup:,.4f}" in text
    assert "Sheet emissions, row 2: natural gas, reheating furnace" in text
    assert "120 MWh × 0.5 t CO2e/MWh = 60 t CO2e indirect" in text
    assert "own precursor from process WR" in text
    assert "on the Commission's default value" in text
    assert f"SEE direct = ({bolt.attributed_direct:g} + " in text
    home = tenant.client.get("/cbam/").content.decode()
    assert "Ningbo Fastener Works, plant 1" in home
    assert "7213 91 10" in home


def test_the_same_installation_uploaded_again_replaces_its_goods(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for _ in range(2):
        upload(tenant.client, good_workbook(), "installation.xlsx", django_capture_on_commit_callbacks)
    assert Installation.objects.filter(organization=tenant.organization).count() == 1
    assert Good.objects.filter(organization=tenant.organization).count() == 2


def test_a_bad_workbook_is_refused_whole_with_every_row_named(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    batch = upload(
        tenant.client,
        bad_workbook(),
        "bad.xlsx",
        django_capture_on_commit_callbacks,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert batch.status == ImportStatus.REJECTED
    assert not Installation.objects.filter(organization=tenant.organization).exists()
    found = {(i["sheet"], i["row"], i["column"]) for i in batch.issues}
    assert {
        ("processes", 3, "production_t"),
        ("processes", 4, "cn_code"),
        ("emissions", 4, "electricity_unit"),
        ("precursors", 2, "see_direct"),
    } <= found
    text = tenant.client.get(f"/cbam/imports/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "a process with no production: give its tonnes" in text
    assert "electricity is energy: give it in MWh, kWh or GJ" in text
    assert "CN 87082910 is not in CBAM&#x27;s annex I" in text
    assert 'data-sheet="emissions" data-row="4"' in text
    assert "bad.xlsx" in text


def test_a_file_that_is_no_workbook_is_refused_naming_the_file(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    batch = upload(tenant.client, b"not a workbook", "notes.xlsx", django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.REJECTED
    assert batch.issues
    assert batch.issues[0]["file"] == "notes.xlsx"
    assert tenant.client.get(f"/cbam/imports/{batch.pk}/").status_code == 200


def test_a_workbook_without_the_sheets_is_refused(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    batch = upload(tenant.client, _workbook_with_one_sheet(), "one.xlsx", django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.REJECTED
    assert "missing: processes, emissions, precursors" in batch.issues[0]["reason"]


def _workbook_with_one_sheet() -> bytes:
    from tanlu.carbon.cbam.example import EXAMPLE_SHEETS, input_workbook_bytes  # noqa: PLC0415

    return input_workbook_bytes({"installation": EXAMPLE_SHEETS["installation"]})


@pytest.mark.parametrize("kind", ["xlsx", "json"])
def test_the_communication_is_made_in_a_job_and_downloaded_as_the_core_writes_it(
    tenant: Any, django_capture_on_commit_callbacks: Any, kind: str
) -> None:
    upload(tenant.client, good_workbook(), "installation.xlsx", django_capture_on_commit_callbacks)
    installation = Installation.objects.get(organization=tenant.organization)
    with django_capture_on_commit_callbacks(execute=True):
        response = tenant.client.post(
            f"/cbam/installations/{installation.pk}/communication/", {"format": kind}
        )
    assert response.status_code == 302
    assert response.url.startswith("/jobs/")
    job = Job.objects.get(pk=response.url.split("/")[2])
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result_name == f"cbam-CNNGB-2026.{kind}"
    download = tenant.client.get(job.result_url)
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    data = services.read_data(good_workbook(), "installation.xlsx")
    expected = build_communication(data, calculate(data), 2026)
    if kind == "json":
        assert json.loads(content) == json.loads(communication_json(expected))
        return
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == [sheet.name for sheet in expected.sheets]
    summary = expected.sheets[[s.name for s in expected.sheets].index("Summary_Products")]
    rows = list(book["Summary_Products"].iter_rows(values_only=True))
    assert len(rows) == len(summary.rows) + 1


def test_a_bad_format_is_refused_with_the_page_not_a_500(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload(tenant.client, good_workbook(), "installation.xlsx", django_capture_on_commit_callbacks)
    installation = Installation.objects.get(organization=tenant.organization)
    response = tenant.client.post(f"/cbam/installations/{installation.pk}/communication/", {"format": "pdf"})
    assert response.status_code == 400
    assert not Job.objects.filter(kind="cbam.communication").exists()


def test_a_viewer_reads_but_cannot_upload(
    tenant: Any, make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.test import Client  # noqa: PLC0415

    viewer = make_user()
    Membership.objects.create(user=viewer, organization=tenant.organization, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    assert client.get("/cbam/").status_code == 200
    response = client.post("/cbam/upload/", {"file": SimpleUploadedFile("i.xlsx", good_workbook())})
    assert response.status_code == 403
    assert not InstallationImport.objects.exists()


def test_two_tenants_see_only_their_own_installations(
    tenant_factory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from .tenancy import beta_cbam  # noqa: PLC0415

    alpha, beta = tenant_factory("Alpha Fasteners"), tenant_factory("Beta Bolts")
    upload(alpha.client, good_workbook(), "alpha.xlsx", django_capture_on_commit_callbacks)
    ids = beta_cbam(Membership.objects.get(organization=beta.organization, user=beta.owner))
    for url in (
        f"/cbam/installations/{ids['installation_id']}/",
        f"/cbam/imports/{ids['cbam_import_id']}/",
    ):
        assert alpha.client.get(url).status_code == 404, url
        assert beta.client.get(url).status_code == 200, url
    communication = f"/cbam/installations/{ids['installation_id']}/communication/"
    assert alpha.client.post(communication, {"format": "xlsx"}).status_code == 404
    parts = f"/cbam/installations/{ids['installation_id']}/parts/"
    assert alpha.client.post(parts, {"process_id": "BOLT", "part": 1}).status_code == 404
    home = alpha.client.get("/cbam/").content.decode()
    assert "Ningbo Fastener Works" in home
    assert "贝塔秘密工厂" not in home
    assert "beta-secret-installation" not in home
    assert "贝塔秘密工厂" in beta.client.get("/cbam/").content.decode()


def _catalogue_has_cbam() -> bool:
    with translation.override("zh-hans"):
        return gettext("Upload an installation workbook") != "Upload an installation workbook"


def test_the_pages_read_in_chinese(tenant: Any, django_capture_on_commit_callbacks: Any) -> None:
    if not _catalogue_has_cbam():
        pytest.skip("the CBAM messages are not in the Chinese catalogue yet (make messages)")
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    bad = upload(tenant.client, bad_workbook(), "坏.xlsx", django_capture_on_commit_callbacks, **zh)
    text = tenant.client.get(f"/cbam/imports/{bad.pk}/", **zh).content.decode()
    assert "没有产量" in text
    assert "电力是能源" in text
    assert "不在 CBAM 附件一" in text
    assert "no production" not in text
    assert "Problem" not in text
    upload(tenant.client, good_workbook(), "installation.xlsx", django_capture_on_commit_callbacks, **zh)
    installation = Installation.objects.get(organization=tenant.organization)
    page = tenant.client.get(f"/cbam/installations/{installation.pk}/", **zh).content.decode()
    for label in ("隐含排放", "直接", "间接", "默认值", "致欧盟进口商的通报", "生成 XLSX"):
        assert label in page, label
    for english in (
        "Production process",
        "Share from default values",
        "no shipped default",
        "Reporting period",
    ):
        assert english not in page, english
    home = tenant.client.get("/cbam/", **zh).content.decode()
    assert "上传设施数据工作簿" in home


def test_the_demo_supplier_declares_one_installation_with_bolts_from_its_site_and_a_second_run_changes_nothing(
    make_user: Any,
) -> None:
    from tanlu.web.demo import DemoContext, organizations_and_suppliers  # noqa: PLC0415
    from tanlu.web.inventory.demo import inventory_demo  # noqa: PLC0415
    from tanlu.web.products.demo import products_demo  # noqa: PLC0415

    owner = make_user()
    context = DemoContext(owners=[owner])
    organizations_and_suppliers(context)
    inventory_demo(context)
    products_demo(context)
    first = demo.cbam_demo(context)
    second = demo.cbam_demo(context)
    assert "1 goods, BOLT makes BLT-M10" in first
    assert "(unchanged)" not in first
    assert "(unchanged)" in second
    installation = Installation.objects.get(organization__name=demo.SUPPLIER)
    assert installation.site is not None
    assert installation.site.name == demo.SITE
    good = installation.goods.get(cn_code__startswith="7318")
    assert good.see_direct > 0
    assert 0 < good.default_share < 1  # the steel wire on the default value
    assert installation.processes.get().precursors.count() == 2
    link = PartLink.objects.get(installation=installation)
    assert (link.process_id, link.part.product_id) == ("BOLT", "BLT-M10")
    bolt = Product.objects.get(organization=installation.organization, product_id="BLT-M10")
    assert bolt.name_zh == "六角螺栓 M10×1.25（锌片涂层）"
    results = Result.objects.filter(organization=installation.organization)
    assert results.get(product_id="CAL-100").total > results.get(product_id="BLT-M10").total > 0
