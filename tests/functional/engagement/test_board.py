"""The supplier board: two OEMs share one supplier and are tried against each other; targets are set through the
form and judged on the OEM's own footprints; the survey answers of the latest wave show what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tanlu.survey.builtin import build_builtin_xlsx
from tanlu.web.accounts.models import Membership, Organization, OrganizationKind, Role, SupplierRelationship
from tanlu.web.engagement.models import FootprintAnswer, FootprintRequest, SupplierTarget
from tanlu.web.exchange.models import ReceivedFootprint
from tanlu.web.surveys.models import Answer, ResponseStatus, Survey, SurveyInvitation, SurveyResponse

from .helpers import Pair, Tenant

pytestmark = pytest.mark.django_db


def footprint(
    link: SupplierRelationship,
    part: str,
    *,
    year: int,
    total: float,
    decision: str = "accepted",
    comment: str = "",
) -> FootprintAnswer:
    """A request of ``link``'s customer and one answer to it, decided (its reference period ends in ``year``)."""
    request = FootprintRequest.objects.create(
        organization=link.organization,
        supplier=link.supplier,
        relationship=link,
        part_number=part,
        part_name=f"{part} name",
        declared_unit="piece",
        due_date=date(2099, 1, 1),
        status=decision,
    )
    return FootprintAnswer.objects.create(
        organization=link.organization,
        supplier=link.supplier,
        request=request,
        version=1,
        source="pact",
        footprint_id=f"{part}-{year}",
        declared_unit="piece",
        total=total,
        fossil=total,
        worst="problem" if decision == "rejected" else "ok",
        findings=[
            {
                "code": "reference_period",
                "severity": "ok",
                "reason": "",
                "params": {"start": f"{year}-01-01", "end": f"{year}-12-31", "age": "1", "limit": "24"},
            },
            {"code": "verification", "severity": "warning", "reason": "", "params": {}},
        ],
        decision=decision,
        comment=comment,
        decided_at=timezone.now(),
    )


@dataclass
class Board:
    alpha: Pair  # Alpha's link to the shared supplier
    beta_link: SupplierRelationship  # Beta's link to the same supplier
    beta: Tenant
    other: Pair  # a second supplier of Alpha only


@pytest.fixture
def board(tenant_factory: Callable[..., Any], link_supplier: Callable[..., Pair]) -> Board:
    alpha = tenant_factory("Alpha Motors 阿尔法汽车", kind=OrganizationKind.OEM)
    beta = tenant_factory("Beta Auto 贝塔汽车", kind=OrganizationKind.OEM)
    shared = link_supplier(alpha, "共享供应商 Shared Castings")
    other = link_supplier(alpha, "Other Plastics 其他塑料")
    beta_link = SupplierRelationship.objects.create(
        organization=beta.organization,
        supplier=shared.supplier.organization,
        supplier_code="B-9",
        contact_email="beta-contact@shared.example",
    )
    footprint(shared.link, "ALPHA-PART-1", year=2024, total=10.0)
    footprint(shared.link, "ALPHA-PART-1", year=2025, total=9.0)
    footprint(beta_link, "BETA-SECRET-PART", year=2024, total=5.0)
    footprint(
        beta_link, "BETA-SECRET-PART", year=2025, total=20.0, decision="rejected", comment="Beta reason 贝塔"
    )
    SupplierTarget.objects.create(
        organization=beta.organization,
        supplier=beta_link.supplier,
        relationship=beta_link,
        kind="disclosure",
        deadline=date(2099, 1, 1),
        note="Beta secret target note",
    )
    return Board(alpha=shared, beta_link=beta_link, beta=beta, other=other)


def test_an_oem_sets_a_target_and_sees_its_progress_from_its_own_footprints(board: Board) -> None:
    client, link = board.alpha.oem.client, board.alpha.link
    page = client.get(f"/requests/board/{link.pk}/targets/new/")
    assert page.status_code == 200
    refused = client.post(
        f"/requests/board/{link.pk}/targets/new/", {"kind": "intensity", "base_year": "2024"}
    )
    assert refused.status_code == 200
    assert "annual_reduction_percent" in refused.context["form"].errors
    saved = client.post(
        f"/requests/board/{link.pk}/targets/new/",
        {"kind": "intensity", "part_family": "", "base_year": "2024", "target_year": "2030",
         "annual_reduction_percent": "5", "deadline": "2030-01-01"},
    )  # fmt: skip
    assert saved.status_code == 302
    target = SupplierTarget.objects.get(organization=board.alpha.oem.organization)
    assert target.deadline is None  # not a field of an intensity target
    detail = client.get(f"/requests/board/{link.pk}/")
    text = detail.content.decode()
    assert "ALPHA-PART-1" in text
    (view,) = detail.context["row"].targets
    assert view.status == "on_track"  # 10 → 9 is −10 %, −5 % was required; Beta's 5 → 20 does not count
    assert view.progress.achieved_percent == pytest.approx(10.0)
    assert "<svg" in view.chart
    for secret in ("BETA-SECRET-PART", "Beta reason", "Beta secret target note", "Beta Auto"):
        assert secret not in text
    edited = client.post(
        f"/requests/board/targets/{target.pk}/",
        {"kind": "intensity", "base_year": "2024", "target_year": "2030", "annual_reduction_percent": "20"},
    )
    assert edited.status_code == 302
    assert client.get(f"/requests/board/{link.pk}/").context["row"].targets[0].status == "off_track"


def test_two_oems_sharing_a_supplier_reach_nothing_of_each_other(board: Board) -> None:
    alpha = board.alpha.oem.client
    beta_target = SupplierTarget.objects.get(organization=board.beta.organization)
    for url in (
        f"/requests/board/{board.beta_link.pk}/",
        f"/requests/board/{board.beta_link.pk}/targets/new/",
        f"/requests/board/targets/{beta_target.pk}/",
        f"/requests/board/targets/{beta_target.pk}/remove/",
    ):
        assert alpha.get(url).status_code in {404, 405}, url
        assert alpha.post(url, {"kind": "disclosure", "deadline": "2099-01-01"}).status_code == 404, url
    assert SupplierTarget.objects.filter(organization=board.beta.organization).count() == 1
    page = alpha.get("/requests/board/")
    text = page.content.decode()
    assert {row.link.pk for row in page.context["rows"]} == {board.alpha.link.pk, board.other.link.pk}
    for secret in ("BETA-SECRET-PART", "Beta reason", "B-9", "Beta Auto"):
        assert secret not in text
    beta_page = board.beta.client.get("/requests/board/")
    (row,) = beta_page.context["rows"]
    assert (row.accepted, row.rejected, len(row.targets)) == (1, 1, 1)
    assert (
        "ALPHA-PART-1" not in board.beta.client.get(f"/requests/board/{board.beta_link.pk}/").content.decode()
    )


def test_a_supplier_sees_its_own_targets_and_never_another_suppliers(board: Board) -> None:
    shared = board.alpha.supplier.client.get("/requests/received/targets/")
    assert shared.status_code == 200
    (view,) = shared.context["views"]
    assert view.target.organization == board.beta.organization
    assert "Beta secret target note" in shared.content.decode()
    other = board.other.supplier.client.get("/requests/received/targets/")
    assert other.context["views"] == []
    assert "Beta secret target note" not in other.content.decode()
    # a supplier's own board lists its own suppliers (none), never its customers' other suppliers
    assert board.alpha.supplier.client.get("/requests/board/").context["total"] == 0
    assert board.alpha.supplier.client.get(f"/requests/board/{board.other.link.pk}/").status_code == 404


def test_filter_sort_and_search(board: Board) -> None:
    client = board.alpha.oem.client
    assert [r.link.pk for r in client.get("/requests/board/?q=alpha-part").context["rows"]] == [
        board.alpha.link.pk
    ]
    assert [
        r.link.pk for r in client.get("/requests/board/?show=no_survey&sort=accepted").context["rows"]
    ] == [
        board.alpha.link.pk,
        board.other.link.pk,
    ]
    assert client.get("/requests/board/?show=rejected").context["rows"] == []
    unknown = client.get("/requests/board/?show=%3Cscript%3E&sort=drop&tier=99999")
    assert unknown.status_code == 200
    assert unknown.context["chosen"]["show"] == ""
    assert unknown.context["rows"] == []  # no supplier of tier 99999


def _survey(organization: Organization, identifier: str, previous: Survey | None = None) -> Survey:
    return Survey.objects.create(
        organization=organization,
        identifier=identifier,
        title_en=identifier,
        form_xlsx=build_builtin_xlsx(),
        previous_wave=previous,
    )


def _answered(survey: Survey, email: str, answers: dict[str, str]) -> None:
    invitation = SurveyInvitation.objects.create(
        organization=survey.organization, survey=survey, email=email, token_hash=f"{survey.pk}-{email}"[:64]
    )
    response = SurveyResponse.objects.create(
        organization=survey.organization,
        survey=survey,
        respondent=email,
        invitation=invitation,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now() - timedelta(days=1),
    )
    Answer.objects.bulk_create(Answer(response=response, question=q, value=v) for q, v in answers.items())


def test_survey_answers_of_the_latest_wave_with_what_changed(board: Board) -> None:
    alpha = board.alpha.oem.organization
    email = board.alpha.link.contact_email
    wave1 = _survey(alpha, "wave1")
    wave2 = _survey(alpha, "wave2", previous=wave1)
    _answered(wave1, email, {"pcf_disclosure": "no", "it_system": "none"})
    _answered(wave2, email, {"pcf_disclosure": "yes", "it_system": "none"})
    beta_survey = _survey(board.beta.organization, "beta_wave")
    _answered(beta_survey, board.beta_link.contact_email, {"pcf_disclosure": "no"})
    client = board.alpha.oem.client
    client.cookies["django_language"] = "en"
    rows = {r.link.pk: r for r in client.get("/requests/board/?sort=changed").context["rows"]}
    assert rows[board.alpha.link.pk].changed == 1
    assert rows[board.alpha.link.pk].survey.survey == wave2
    assert rows[board.other.link.pk].survey is None
    page = Client()
    page.force_login(board.alpha.oem.owner)
    detail = page.get(f"/requests/board/{board.alpha.link.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    changed = [r for r in detail.context["survey_rows"] if r["changed"]]
    assert [(r["name"], r["now"], r["before"]) for r in changed] == [("pcf_disclosure", "Yes", "No")]
    assert "beta_wave" not in detail.content.decode()


def test_pact_footprints_received_count_for_their_supplier_only(board: Board) -> None:
    ReceivedFootprint.objects.create(
        organization=board.alpha.oem.organization,
        spec="3.0",
        pf_id="3893bb5d-da16-4dc1-9185-11d97476c254",
        company_name=board.alpha.supplier.organization.name,
        declared_unit="piece",
        kgco2e_per_unit=1.5,
        document={},
    )
    alpha_rows = {r.link.pk: r for r in board.alpha.oem.client.get("/requests/board/").context["rows"]}
    assert alpha_rows[board.alpha.link.pk].received == 1
    assert alpha_rows[board.other.link.pk].received == 0
    (beta_row,) = board.beta.client.get("/requests/board/").context["rows"]
    assert beta_row.received == 0


def test_a_viewer_reads_the_board_but_sets_no_target(board: Board, make_user: Callable[..., Any]) -> None:
    viewer = make_user()
    Membership.objects.create(user=viewer, organization=board.alpha.oem.organization, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    assert client.get("/requests/board/").status_code == 200
    page = client.get(f"/requests/board/{board.alpha.link.pk}/")
    assert page.status_code == 200
    assert "/targets/new/" not in page.content.decode()
    posted = client.post(
        f"/requests/board/{board.alpha.link.pk}/targets/new/",
        {"kind": "disclosure", "deadline": "2099-01-01"},
    )
    assert posted.status_code == 403
    assert not SupplierTarget.objects.filter(organization=board.alpha.oem.organization).exists()


def test_bad_target_values_are_refused_by_field(board: Board) -> None:
    url = f"/requests/board/{board.alpha.link.pk}/targets/new/"
    client = board.alpha.oem.client
    for values, field in (
        ({"kind": "renewable", "base_year": "2024", "target_year": "2020", "base_share": "1", "target_share": "5"},
         "target_year"),
        ({"kind": "renewable", "base_year": "2024", "target_year": "2030", "base_share": "1", "target_share": "500"},
         "target_share"),
        ({"kind": "intensity", "base_year": "99999", "target_year": "2030", "annual_reduction_percent": "5"},
         "base_year"),
        ({"kind": "intensity", "base_year": "2024", "target_year": "2030", "annual_reduction_percent": "nan"},
         "annual_reduction_percent"),
        ({"kind": "disclosure", "deadline": "2026-02-30"}, "deadline"),
        ({"kind": "renewable", "base_year": "2024", "target_year": "2030", "base_share": "1", "target_share": "5",
          "reported_share": "3"}, "reported_year"),
        ({"kind": "<script>"}, "kind"),
    ):  # fmt: skip
        response = client.post(url, values)
        assert response.status_code == 200, values
        assert field in response.context["form"].errors, (values, response.context["form"].errors)
    assert not SupplierTarget.objects.filter(organization=board.alpha.oem.organization).exists()


def test_the_board_takes_as_many_queries_for_more_suppliers(
    board: Board, link_supplier: Callable[..., Pair]
) -> None:
    """Rows are built in bulk: three more suppliers with requests and targets add no query."""
    client = board.alpha.oem.client

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/requests/board/").status_code == 200
        return len(captured)

    before = queries()
    for number in range(3):
        more = link_supplier(board.alpha.oem, f"More Supplier {number}")
        footprint(more.link, f"MORE-{number}", year=2025, total=2.0)
        SupplierTarget.objects.create(
            organization=more.link.organization,
            supplier=more.link.supplier,
            relationship=more.link,
            kind="disclosure",
            deadline=date(2099, 1, 1),
        )
    assert queries() == before
