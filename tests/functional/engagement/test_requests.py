"""Footprint requests through HTTP: an OEM asks, the supplier answers from its results or with a PACT file, the
OEM checks, rejects with a reason, accepts, and the accepted footprint becomes a purchased item of its model."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from tanlu.web.accounts.models import AuditEvent
from tanlu.web.engagement import services
from tanlu.web.engagement.models import FootprintAnswer, FootprintRequest, Notice, Reminder
from tanlu.web.jobs.models import Job
from tanlu.web.products.models import PurchasedItem, Result

from .helpers import Pair, calculated, request_form

pytestmark = pytest.mark.django_db


def send(pair: Pair, capture: Any, **changes: Any) -> FootprintRequest:
    with capture(execute=True):
        response = pair.oem.client.post("/requests/new/", request_form(pair, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return FootprintRequest.objects.filter(organization=pair.oem.organization).latest("id")


def answer_from_results(
    pair: Pair, request: FootprintRequest, product_id: str, capture: Any
) -> FootprintAnswer:
    result = Result.objects.get(organization=pair.supplier.organization, product_id=product_id)
    with capture(execute=True):
        response = pair.supplier.client.post(
            f"/requests/received/{request.pk}/answer/", {"result": result.pk}
        )
    job = Job.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert job.status == "succeeded", job.error
    return request.answers.latest("version")


def test_request_answer_reject_answer_again_accept(
    pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    calculated(pair.supplier_membership)
    calculated(pair.oem_membership)
    before = PurchasedItem.objects.get(organization=pair.oem.organization, item_id="PIN-SET").kgco2e_per_unit

    request = send(pair, django_capture_on_commit_callbacks)
    assert request.status == "sent"
    assert request.supplier == pair.supplier.organization
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pair.supplier.owner.email, pair.link.contact_email]
    )
    assert all("PIN-SET" in m.subject for m in mail.outbox)
    for organization in (pair.oem.organization, pair.supplier.organization):
        assert AuditEvent.objects.filter(organization=organization, action="footprint_request.sent").exists()

    inbox = pair.supplier.client.get("/requests/received/").content.decode()
    assert "HSG-110" in inbox
    assert "Alpha Motors" in inbox
    page = pair.supplier.client.get(f"/requests/received/{request.pk}/")
    text = page.content.decode()
    assert 'data-preview="HSG-110"' in text  # the product with the supplier's part number, chosen already
    assert 'lang="zh-Hans"' in text  # TRANSLATION-CHECK  # the supplier reads it in its language
    request.refresh_from_db()
    assert request.status == "in_progress"

    first = answer_from_results(pair, request, "HSG-110", django_capture_on_commit_callbacks)
    request.refresh_from_db()
    assert (request.status, first.version, first.source) == ("delivered", 1, "results")
    codes = {f["code"]: f["severity"] for f in first.findings}
    assert codes["declared_unit"] == codes["product"] == codes["gwp"] == "ok"
    assert codes["verification"] == "warning"
    assert first.document["specVersion"].startswith("3.")
    oem_page = pair.oem.client.get(f"/requests/{request.pk}/").content.decode()
    assert 'data-finding="totals"' in oem_page
    assert 'data-answer="1"' in oem_page

    refused = pair.oem.client.post(
        f"/requests/answers/{first.pk}/decide/", {"decision": "reject"}, follow=True
    )
    assert "Say why" in refused.content.decode()
    pair.oem.client.post(
        f"/requests/answers/{first.pk}/decide/",
        {"decision": "reject", "comment": "Primary data share too low for the 2026 tender."},
    )
    request.refresh_from_db()
    assert request.status == "rejected"
    supplier_page = pair.supplier.client.get(f"/requests/received/{request.pk}/").content.decode()
    assert "Primary data share too low for the 2026 tender." in supplier_page
    assert Notice.objects.filter(organization=pair.supplier.organization, kind="rejected").exists()

    upload = SimpleUploadedFile(
        "hsg-110.json", json.dumps(first.document).encode(), content_type="application/json"
    )
    response = pair.supplier.client.post(f"/requests/received/{request.pk}/upload/", {"file": upload})
    assert response.status_code == 302
    second = request.answers.latest("version")
    assert (second.version, second.source, second.decision) == (2, "pact", "pending")

    with django_capture_on_commit_callbacks(execute=True):
        pair.oem.client.post(
            f"/requests/answers/{second.pk}/decide/", {"decision": "accept", "comment": "Thanks"}
        )
    request.refresh_from_db()
    second.refresh_from_db()
    assert request.status == "accepted"
    assert second.decision == "accepted"
    item = PurchasedItem.objects.get(organization=pair.oem.organization, item_id="PIN-SET")
    assert item.kgco2e_per_unit == pytest.approx(second.total)
    assert item.primary_data_share == second.primary_data_share
    assert item.extra["dqr_technological"] == second.dqr["technological"]
    assert second.take_over["before"] == before
    assert second.take_over["used_in"]  # the products whose bill of materials has PIN-SET
    recalculation = Job.objects.get(pk=second.take_over["job_id"])
    assert recalculation.status == "succeeded", recalculation.error
    page = pair.oem.client.get(f"/requests/{request.pk}/").content.decode()
    assert "data-take-over" in page
    accepted_late = pair.supplier.client.post(
        f"/requests/received/{request.pk}/upload/",
        {"file": SimpleUploadedFile("x.json", json.dumps(first.document).encode())},
    )
    assert accepted_late.status_code == 400


def test_a_bad_pact_file_is_refused_naming_every_problem(
    pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    request = send(pair, django_capture_on_commit_callbacks)
    bad = {"id": "not-a-uuid", "specVersion": "3.0.0", "pcf": {"declaredUnitOfMeasurement": "piece"}}
    response = pair.supplier.client.post(
        f"/requests/received/{request.pk}/upload/",
        {"file": SimpleUploadedFile("bad.json", json.dumps(bad).encode())},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "$.id" in text
    assert "bad.json" in text
    broken = pair.supplier.client.post(
        f"/requests/received/{request.pk}/upload/", {"file": SimpleUploadedFile("b.json", b'{"id": ')}
    )
    assert broken.status_code == 400
    assert "第 1 行" in broken.content.decode()  # the supplier's language
    assert not request.answers.exists()


def test_viewers_cannot_answer_or_decide(
    pair: Pair, django_capture_on_commit_callbacks: Any, make_user: Any
) -> None:
    request = send(pair, django_capture_on_commit_callbacks)
    from django.test import Client  # noqa: PLC0415

    from tanlu.web.accounts.models import Membership  # noqa: PLC0415

    viewer = make_user()
    Membership.objects.create(user=viewer, organization=pair.supplier.organization, role="viewer")
    client = Client()
    client.force_login(viewer)
    assert client.get(f"/requests/received/{request.pk}/").status_code == 200
    upload = SimpleUploadedFile("x.json", b"{}")
    assert client.post(f"/requests/received/{request.pk}/upload/", {"file": upload}).status_code == 403


def test_reminders_before_and_after_the_due_date_once_each(
    pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    due = date.today() + timedelta(days=10)
    request = send(pair, django_capture_on_commit_callbacks, due_date=due.isoformat())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind(today=due - timedelta(days=5)) == 0
        assert services.remind(today=due - timedelta(days=2)) == 1
        assert services.remind(today=due - timedelta(days=1)) == 0
        assert services.remind(today=due + timedelta(days=1)) == 1
        assert services.remind(today=due + timedelta(days=2)) == 0
    assert set(Reminder.objects.filter(request=request).values_list("kind", flat=True)) == {"before", "after"}
    assert len(mail.outbox) == 4  # two reminders to the supplier's owner and its contact
    kinds = set(Notice.objects.filter(request=request).values_list("organization_id", "kind"))
    assert (pair.supplier.organization.pk, "reminder_after") in kinds
    assert (pair.oem.organization.pk, "overdue") in kinds
    with django_capture_on_commit_callbacks(execute=True):
        response = pair.oem.client.post("/requests/remind/")
    assert Job.objects.get(pk=response.url.rstrip("/").split("/")[-1]).status == "succeeded"


def test_overdue_is_shown_to_both_sides(pair: Pair, django_capture_on_commit_callbacks: Any) -> None:
    request = send(pair, django_capture_on_commit_callbacks)
    FootprintRequest.objects.filter(pk=request.pk).update(due_date=date.today() - timedelta(days=1))
    assert 'data-status="overdue"' in pair.oem.client.get("/requests/").content.decode()
    assert 'data-status="overdue"' in pair.supplier.client.get("/requests/received/").content.decode()


def test_a_due_date_in_the_past_and_a_part_line_without_number_are_refused(
    pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    response = pair.oem.client.post(
        "/requests/new/", request_form(pair, due_date="2001-01-01", parts="; HSG-110")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "due_date" in errors
    assert "Line 1" in errors["parts"][0]
    assert not FootprintRequest.objects.exists()


def test_both_audit_logs_and_the_suppliers_email_speak_its_language(
    pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    send(pair, django_capture_on_commit_callbacks)
    to_owner = next(m for m in mail.outbox if m.to == [pair.supplier.owner.email])
    assert "请求提供 PIN-SET 的碳足迹" in to_owner.subject
    assert "/requests/received/" in to_owner.body
    assert "前提供零件 PIN-SET 的碳足迹" in to_owner.body
    supplier_log = pair.supplier.client.get("/settings/audit/").content.decode()
    assert "已请求碳足迹" in supplier_log
    assert "PIN-SET" in supplier_log
    assert "PIN-SET" in pair.oem.client.get("/settings/audit/").content.decode()
