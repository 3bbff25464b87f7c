"""The exchange pages through HTTP: a product exported as PACT v3.0/v2.3 and Catena-X 9.0.0/10.0.0 from its
footprint page (valid, carrying the run's total, versioned the PACT way), the export settings, importing files with
the validation report, a received footprint used as a purchased item, and a supplier's PACT API pulled in the
background from a fake supplier over HTTPS."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.unit.exchange.fake_pact import CLIENT_ID, CLIENT_SECRET, running

from tanlu.exchange import catenax
from tanlu.exchange.validation import check_pact
from tanlu.web.exchange import pulling, secrets
from tanlu.web.exchange.models import (
    FootprintRequest,
    PublishedFootprint,
    ReceivedFootprint,
    RequestStatus,
    SupplierEndpoint,
)
from tanlu.web.jobs.models import Job
from tanlu.web.products.models import PurchasedItem, Result

from ..products.test_results import calculate, imported  # noqa: TID252 - the product tests' steps
from .tenancy import beta_exchange

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parents[2] / "fixtures" / "pact"


@pytest.fixture
def calculated(tenant: Any, django_capture_on_commit_callbacks: Any) -> Result:
    imported(tenant, django_capture_on_commit_callbacks)
    run = calculate(tenant, django_capture_on_commit_callbacks)
    return Result.objects.get(run=run, product_id="CAL-100")


def _export(tenant: Any, result: Result, spec: str) -> Any:
    url = f"/products/runs/{result.run_id}/products/{result.pk}/export/"
    return tenant.client.post(url, {"spec": spec})


def test_the_footprint_page_offers_every_format(tenant: Any, calculated: Result) -> None:
    page = tenant.client.get(f"/products/runs/{calculated.run_id}/products/{calculated.pk}/").content.decode()
    for spec in ("3.0", "2.3", "catenax-9.0.0", "catenax-10.0.0"):
        assert f'value="{spec}"' in page


def test_pact_v3_export_is_valid_carries_the_total_and_is_versioned(tenant: Any, calculated: Result) -> None:
    response = _export(tenant, calculated, "3.0")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="CAL-100-pact-v3.0.json"'
    first = json.loads(response.content)
    assert check_pact(first) == ("3", [])
    assert float(first["pcf"]["pcfExcludingBiogenicUptake"]) == pytest.approx(calculated.total, rel=1e-9)
    assert first["companyName"] == tenant.organization.name
    again = json.loads(_export(tenant, calculated, "3.0").content)
    assert again == first  # nothing changed: the stored version, unchanged
    assert PublishedFootprint.objects.filter(organization=tenant.organization).count() == 1

    saved = tenant.client.post(
        "/exchange/settings/",
        {
            "company_name": "Suzhou Demo Brakes",
            "company_ids": "urn:bpn:BPNL000000000DEM",
            "product_category_cpc": "49912",
        },
    )
    assert saved.status_code == 302
    successor = json.loads(_export(tenant, calculated, "3.0").content)
    assert successor["id"] != first["id"]
    assert successor["precedingPfIds"] == [first["id"]]
    assert successor["companyName"] == "Suzhou Demo Brakes"
    old = PublishedFootprint.objects.get(organization=tenant.organization, pf_id=first["id"])
    assert old.status == "Deprecated"
    assert old.document == {**first, "status": "Deprecated"}
    assert check_pact(old.document) == ("3", [])


def test_v2_needs_a_cpc_category_then_validates(tenant: Any, calculated: Result) -> None:
    refused = _export(tenant, calculated, "2.3")
    assert refused.status_code == 302
    tenant.client.post(
        "/exchange/settings/",
        {"company_name": "Demo", "company_ids": "urn:bpn:BPNL000000000DEM", "product_category_cpc": "49912"},
    )
    document = json.loads(_export(tenant, calculated, "2.3").content)
    assert check_pact(document) == ("2", [])


@pytest.mark.parametrize("version", ["9.0.0", "10.0.0"])
def test_catenax_exports_validate_and_version(tenant: Any, calculated: Result, version: str) -> None:
    assert (
        _export(tenant, calculated, f"catenax-{version}").status_code == 302
    )  # no country of production yet
    tenant.client.post(
        "/exchange/settings/",
        {"company_name": "Demo", "company_ids": "urn:bpn:BPNL000000000DEM", "country": "CN"},
    )
    document = json.loads(_export(tenant, calculated, f"catenax-{version}").content)
    assert catenax.check_payload(document) == (version, [])
    tenant.client.post(
        "/exchange/settings/",
        {"company_name": "Other name", "company_ids": "urn:bpn:BPNL000000000DEM", "country": "CN"},
    )
    successor = json.loads(_export(tenant, calculated, f"catenax-{version}").content)
    assert catenax.check_payload(successor) == (version, [])
    rows = PublishedFootprint.objects.filter(organization=tenant.organization).order_by("id")
    assert [row.status for row in rows] == ["Deprecated", "Active"]
    assert catenax.check_payload(rows[0].document) == (version, [])


def test_an_unknown_format_is_refused(tenant: Any, calculated: Result) -> None:
    assert _export(tenant, calculated, "4.0").status_code == 302


def test_a_valid_file_is_imported_and_used_as_a_purchased_item(tenant: Any) -> None:
    upload = SimpleUploadedFile("pf.json", (FIXTURES / "v3" / "example-1.json").read_bytes())
    assert tenant.client.post("/exchange/import/", {"file": upload}).status_code == 302
    received = ReceivedFootprint.objects.get(organization=tenant.organization)
    assert received.spec == "3.0"
    page = tenant.client.get("/exchange/received/").content.decode()
    assert received.company_name in page
    assert (
        tenant.client.post(f"/exchange/received/{received.pk}/use/", {"item_id": "STEEL-COIL"}).status_code
        == 302
    )
    item = PurchasedItem.objects.get(organization=tenant.organization, item_id="STEEL-COIL")
    assert item.kgco2e_per_unit == pytest.approx(received.kgco2e_per_unit)
    assert received.pf_id in item.source


def test_catenax_file_is_imported(tenant: Any) -> None:
    content = (FIXTURES / "catena-x" / "io.catenax.pcf-10.0.0-example.json").read_bytes()
    tenant.client.post("/exchange/import/", {"file": SimpleUploadedFile("cx.json", content)})
    assert ReceivedFootprint.objects.get(organization=tenant.organization).spec == "catenax-10.0.0"


def test_invalid_files_list_every_problem_by_path_in_chinese(tenant: Any) -> None:
    document = json.loads((FIXTURES / "v3" / "example-1.json").read_text(encoding="utf-8"))
    del document["pcf"]
    document["id"] = "not-a-uuid"
    upload = SimpleUploadedFile("bad.json", json.dumps([document]).encode())
    response = tenant.client.post("/exchange/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = response.content.decode()
    assert response.status_code == 200
    assert "$[0].pcf" in page
    assert "$[0].id" in page
    assert "缺少必填属性" in page
    assert "nothing was imported" not in page
    assert not ReceivedFootprint.objects.exists()
    broken = tenant.client.post("/exchange/import/", {"file": SimpleUploadedFile("x.json", b'{"a": ')})
    assert "line 1" in broken.content.decode()


def test_a_supplier_endpoint_is_pulled_in_the_background(
    tenant: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    pf = json.loads((FIXTURES / "v3" / "example-1.json").read_text(encoding="utf-8"))
    with running([pf]) as supplier:
        settings.TANLU_PACT_CLIENT_ALLOW_LOOPBACK = True
        settings.TANLU_PACT_CLIENT_CA_FILE = supplier.ca_file
        added = tenant.client.post(
            "/exchange/suppliers/",
            {
                "name": "Wuxi Castings",
                "base_url": supplier.base_url,
                "spec": "3",
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
            },
        )
        assert added.status_code == 302
        endpoint = SupplierEndpoint.objects.get(organization=tenant.organization)
        assert CLIENT_SECRET not in endpoint.secret_encrypted
        assert secrets.decrypt(endpoint.secret_encrypted) == CLIENT_SECRET
        assert CLIENT_SECRET not in tenant.client.get("/exchange/suppliers/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = tenant.client.post(f"/exchange/suppliers/{endpoint.pk}/pull/")
        job = Job.objects.get(pk=response.url.rstrip("/").split("/")[-1])
        assert job.status == "succeeded", job.error
        assert ReceivedFootprint.objects.get(organization=tenant.organization).pf_id == pf["id"]
        sent = tenant.client.post(f"/exchange/suppliers/{endpoint.pk}/request/", {"product_ids": "urn:x:1"})
        assert sent.status_code == 302
        assert supplier.requests[-1][1] == "/3/events"


def test_loopback_suppliers_are_refused_without_the_setting(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with running([]) as supplier:
        tenant.client.post(
            "/exchange/suppliers/",
            {
                "name": "Local",
                "base_url": supplier.base_url,
                "spec": "3",
                "client_id": "a",
                "client_secret": "b",
            },
        )
        endpoint = SupplierEndpoint.objects.get(organization=tenant.organization)
        with django_capture_on_commit_callbacks(execute=True):
            tenant.client.post(f"/exchange/suppliers/{endpoint.pk}/pull/")
        assert supplier.requests == []
        job = Job.objects.get(organization=tenant.organization)
        assert job.status == "failed"
        assert "not public" in job.error
        assert "not public" in SupplierEndpoint.objects.get(pk=endpoint.pk).last_error


def test_a_suppliers_answer_to_a_request_is_matched(tenant: Any) -> None:
    pf = json.loads((FIXTURES / "v3" / "example-1.json").read_text(encoding="utf-8"))
    endpoint = pulling.add_endpoint(
        tenant.organization, tenant.owner, name="S", base_url="https://pact.s.example", spec="3",
        client_id="a", client_secret="b",
    )  # fmt: skip
    request = FootprintRequest.objects.create(
        organization=tenant.organization, endpoint=endpoint, event_id="e-1", status=RequestStatus.SENT
    )
    fulfilled = {
        "type": "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3",
        "data": {"requestEventId": "e-1", "pfs": [pf]},
    }
    other = {**fulfilled, "data": {"requestEventId": "unknown", "pfs": [pf]}}
    assert pulling.answer_event(tenant.organization, other) is None
    assert pulling.answer_event(tenant.organization, fulfilled) == request
    request.refresh_from_db()
    assert request.status == RequestStatus.FULFILLED
    assert ReceivedFootprint.objects.get(organization=tenant.organization).pf_id == pf["id"]
    assert pulling.answer_event(tenant.organization, fulfilled) is None  # answered once only


def test_the_exchange_front_page_counts_only_the_organizations_own(
    tenant: Any, tenant_factory: Any, calculated: Result
) -> None:
    """The area's front page (the navigation's Exchange) says what is published and received, in both languages,
    and another organization's footprints, endpoints and requests count for nothing."""
    assert _export(tenant, calculated, "3.0").status_code == 200
    other = tenant_factory("Beta Motors")
    beta_exchange(SimpleNamespace(organization=other.organization))
    PublishedFootprint.objects.create(
        organization=other.organization, spec="2.3", pf_id="beta", product_id="B-1", document={}
    )
    page = tenant.client.get("/exchange/").content.decode()
    assert "Coming in a later release" not in page
    assert "<td>PACT v3.0</td>" in page
    assert "<td>PACT v2.3</td>" not in page
    assert "0 footprints received from 0 supplier(s)." in page
    chinese = tenant.client.get("/exchange/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "收到的碳足迹" in chinese
    assert "Received footprints" not in chinese
    theirs = other.client.get("/exchange/").content.decode()
    assert "<td>PACT v2.3</td>" in theirs
    assert "<td>PACT v3.0</td>" not in theirs
    assert "1 footprint received from 1 supplier(s)." in theirs
