"""Two OEMs with one shared supplier and one supplier each, tried against each other: a supplier sees only the
requests addressed to it, an OEM only its own requests and answers; another organization's ids answer 404."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanlu.web.engagement.models import FootprintAnswer, FootprintRequest

from .helpers import Pair, calculated, request_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(
    tenant_factory: Any, link_supplier: Any, django_capture_on_commit_callbacks: Any
) -> dict[str, Any]:
    alpha = tenant_factory("Alpha Motors")
    gamma = tenant_factory("Gamma Trucks")
    shared = link_supplier(alpha, "Shared Castings")
    other = link_supplier(alpha, "Alpha-only Forgings")
    gamma_only = link_supplier(gamma, "Gamma-only Glass")
    # gamma also buys from the shared supplier: a second relationship to the same organization
    from tanlu.web.accounts.models import SupplierRelationship  # noqa: PLC0415

    gamma_shared_link = SupplierRelationship.objects.create(
        organization=gamma.organization, supplier=shared.supplier.organization
    )
    gamma_shared = Pair(oem=gamma, supplier=shared.supplier, link=gamma_shared_link)
    made = {}
    for name, pair, part in (
        ("alpha_shared", shared, "ALPHA-SECRET-1"),
        ("alpha_other", other, "ALPHA-SECRET-2"),
        ("gamma_shared", gamma_shared, "GAMMA-SECRET-1"),
        ("gamma_only_request", gamma_only, "GAMMA-SECRET-2"),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = pair.oem.client.post("/requests/new/", request_form(pair, parts=part))
        assert response.status_code == 302
        made[name] = FootprintRequest.objects.get(part_number=part)
    return {
        "alpha": alpha,
        "gamma": gamma,
        "shared": shared,
        "other": other,
        "gamma_only": gamma_only,
        **made,
    }


def test_each_side_lists_only_what_the_relationship_allows(network: dict[str, Any]) -> None:
    alpha, gamma = network["alpha"], network["gamma"]
    alpha_list = alpha.client.get("/requests/").content.decode()
    assert "ALPHA-SECRET-1" in alpha_list
    assert "ALPHA-SECRET-2" in alpha_list
    assert "GAMMA-SECRET" not in alpha_list
    gamma_list = gamma.client.get("/requests/").content.decode()
    assert "GAMMA-SECRET-1" in gamma_list
    assert "ALPHA-SECRET" not in gamma_list
    shared_inbox = network["shared"].supplier.client.get("/requests/received/").content.decode()
    assert "ALPHA-SECRET-1" in shared_inbox
    assert "GAMMA-SECRET-1" in shared_inbox
    assert "ALPHA-SECRET-2" not in shared_inbox
    assert "GAMMA-SECRET-2" not in shared_inbox
    other_inbox = network["other"].supplier.client.get("/requests/received/").content.decode()
    assert "ALPHA-SECRET-2" in other_inbox
    assert "SECRET-1" not in other_inbox
    for client in (alpha.client, gamma.client):  # an OEM sent nothing to itself and received nothing
        assert "SECRET" not in client.get("/requests/received/").content.decode()


def test_other_organizations_ids_answer_404_on_both_sides(
    network: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    shared = network["shared"]
    calculated(shared.supplier_membership)
    request = network["alpha_shared"]
    answer = FootprintAnswer.objects.create(
        organization=request.organization,
        supplier=request.supplier,
        request=request,
        version=1,
        source="pact",
        footprint_id="0" * 36,
        declared_unit="piece",
        total=1.0,
        fossil=1.0,
        worst="ok",
    )
    gamma, other = network["gamma"], network["other"].supplier
    for client in (gamma.client, other.client, shared.supplier.client):  # the supplier is not the customer
        assert client.get(f"/requests/{request.pk}/").status_code == 404
        assert (
            client.post(f"/requests/answers/{answer.pk}/decide/", {"decision": "accept"}).status_code == 404
        )
    for client in (gamma.client, other.client, network["alpha"].client):  # the customer is not the supplier
        assert client.get(f"/requests/received/{request.pk}/").status_code == 404
        upload = SimpleUploadedFile("x.json", json.dumps({}).encode())
        assert client.post(f"/requests/received/{request.pk}/upload/", {"file": upload}).status_code == 404
        assert client.post(f"/requests/received/{request.pk}/answer/", {"result": 1}).status_code == 404
    # the shared supplier cannot answer with another organization's calculated result
    foreign = calculated(network["other"].supplier_membership).results.first()
    assert (
        shared.supplier.client.post(
            f"/requests/received/{request.pk}/answer/", {"result": foreign.pk}
        ).status_code
        == 404
    )
    answer.refresh_from_db()
    assert answer.decision == "pending"


def test_an_oem_cannot_address_another_oems_supplier(network: dict[str, Any]) -> None:
    alpha, gamma_only = network["alpha"], network["gamma_only"]
    response = alpha.client.post("/requests/new/", {**request_form(gamma_only), "parts": "X-1"})
    assert response.status_code == 200
    assert "suppliers" in response.context["form"].errors
    assert not FootprintRequest.objects.filter(part_number="X-1").exists()
