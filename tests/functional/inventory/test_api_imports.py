"""The API imports a large file as the pages do, in background jobs: 202 with the job and a URL to poll, which
reports the progress and then the rows imported or every rejected row; the fields existing clients read stay."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanlu.web.inventory import importing
from tanlu.web.inventory.models import ActivityRow
from tanlu.web.jobs.models import Job

from .files import GOOD_CSV_ROWS, gbk_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "INLINE_LIMIT", 10)


def _post(tenant: Any, content: bytes, name: str = "ledger.csv") -> Any:
    return tenant.client.post(
        "/api/inventory/imports", {"file": SimpleUploadedFile(name, content), "source": "ERP"}
    )


def test_a_large_file_is_queued_and_its_url_reports_progress_then_the_rows(
    tenant: Any, large: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post(tenant, gbk_csv())
    assert response.status_code == 202, response.content
    body = response.json()
    assert {"import_id", "rows", "already_imported"} <= set(body), "the fields existing clients read"
    assert (body["rows"], body["already_imported"], body["status"]) == (0, False, "uploaded")
    assert body["url"] == f"/api/inventory/imports/{body['import_id']}"
    assert body["job"]["status"] == "queued"
    assert not ActivityRow.stored.exists(), "nothing was read or stored in the request"
    assert tenant.client.get(body["url"]).json()["job"]["status"] == "queued"

    for callback in callbacks:
        callback()
    done = tenant.client.get(body["url"]).json()
    assert (done["status"], done["rows"], done["errors"]) == ("accepted", len(GOOD_CSV_ROWS), [])
    assert done["job"]["status"] == "succeeded"
    assert done["job"]["done"] == done["job"]["total"] > 0
    assert Job.objects.get(pk=done["job"]["id"]).kind == "inventory.import"
    assert ActivityRow.objects.filter(organization=tenant.organization).count() == len(GOOD_CSV_ROWS)

    again = _post(tenant, gbk_csv())
    assert again.status_code == 201
    assert (again.json()["already_imported"], again.json()["rows"]) == (True, len(GOOD_CSV_ROWS))


def test_a_large_file_with_bad_rows_ends_rejected_with_every_issue_and_imports_nothing(
    tenant: Any, large: None, django_capture_on_commit_callbacks: Any
) -> None:
    rows = [*GOOD_CSV_ROWS[:2], ("一厂", "2024-01-01", "2024-01-31", "natural_gas", "-5", "m3", "", "")]
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(tenant, gbk_csv(rows), "bad.csv")
    assert response.status_code == 202
    done = tenant.client.get(response.json()["url"]).json()
    assert (done["status"], done["rows"]) == ("rejected", 0)
    assert [(e["row"], e["column"], e["file"]) for e in done["errors"]] == [(4, "amount", "bad.csv")]
    assert "negative" in done["errors"][0]["reason"]
    assert not ActivityRow.stored.exists()


def test_a_small_file_is_still_imported_in_the_request(tenant: Any) -> None:
    response = _post(tenant, gbk_csv())
    assert response.status_code == 201
    body = response.json()
    assert (body["rows"], body["already_imported"], body["status"], body["job"]) == (
        6,
        False,
        "accepted",
        None,
    )
    assert tenant.client.get(body["url"]).json()["status"] == "accepted"


def test_another_organizations_import_is_not_found(tenant: Any, tenant_factory: Any) -> None:
    import_id = _post(tenant, gbk_csv()).json()["import_id"]
    other = tenant_factory("Beta Parts")
    assert other.client.get(f"/api/inventory/imports/{import_id}").status_code == 404
    assert other.client.get("/api/inventory/imports/99999999").status_code == 404
