"""Large imports run as background jobs: each request returns at once, the job page shows progress, and the result
is the same as a small import's done in the request. The API reads the header and maps it as the pages do, and a
body over TANLU_MAX_UPLOAD_MB is refused before it is read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanlu.web.inventory import importing, storing
from tanlu.web.inventory.models import ActivityRow, ImportBatch, StagedRow
from tanlu.web.jobs.models import Job, JobStatus

from .conftest import guessed, import_csv
from .files import gbk_csv

pytestmark = pytest.mark.django_db
ROW_VALUES = (
    "row",
    "site__name",
    "period_start",
    "period_end",
    "activity",
    "amount",
    "unit",
    "instrument",
    "note",
)


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every batch counts as large, and rows are written two at a time (so chunking is exercised too)."""
    monkeypatch.setattr(importing, "INLINE_LIMIT", 10)
    monkeypatch.setattr(importing, "INLINE_ROWS", 2)
    monkeypatch.setattr(importing, "CHUNK", 2)
    monkeypatch.setattr(importing, "STAGE_CHUNK", 2)
    monkeypatch.setattr(storing, "CHUNK", 2)


def _in_background(capture: Any, request: Callable[[], Any]) -> tuple[Any, Job, list[Callable[[], None]]]:
    """Send a request; check it only queued a job; then run the job as a worker would and return both."""
    with capture(execute=False) as callbacks:
        response = request()
    assert response.status_code == 302
    job = Job.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert response.url == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.QUEUED, "the request did not do the work itself"
    return response, job, callbacks


def _run(callbacks: list[Callable[[], None]], job: Job) -> Job:
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.done == job.total > 0, "the progress reached its end"
    return job


def test_a_large_import_is_read_mapped_checked_and_accepted_by_jobs_with_the_same_result(
    tenant: Any, tenant_factory: Any, large: None, django_capture_on_commit_callbacks: Any
) -> None:
    client, content = tenant.client, gbk_csv()
    _, job, callbacks = _in_background(
        django_capture_on_commit_callbacks,
        lambda: client.post(
            "/inventory/upload/", {"source": "Ledger", "file": SimpleUploadedFile("big.csv", content)}
        ),
    )
    batch = ImportBatch.objects.get(pk=job.parameters["import_id"])
    assert client.get(f"/inventory/imports/{batch.pk}/").url == f"/jobs/{job.pk}/", (
        "the batch's page shows the job"
    )
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment, "the page polls while the job waits"
    job = _run(callbacks, job)
    assert job.result_url == f"/inventory/imports/{batch.pk}/"

    data = {**guessed(ImportBatch.objects.get(pk=batch.pk)), "remember": "on", "value_count": "0"}
    _, job, callbacks = _in_background(
        django_capture_on_commit_callbacks, lambda: client.post(f"/inventory/imports/{batch.pk}/map/", data)
    )
    assert not StagedRow.objects.filter(batch=batch).exists(), "no row was staged in the request"
    _run(callbacks, job)
    batch.refresh_from_db()
    assert batch.status == "valid"
    assert StagedRow.objects.filter(batch=batch).count() == 6

    _, job, callbacks = _in_background(
        django_capture_on_commit_callbacks, lambda: client.post(f"/inventory/imports/{batch.pk}/accept/")
    )
    assert not ActivityRow.objects.filter(batch=batch).exists(), "nothing was inserted in the request"
    _run(callbacks, job)
    batch.refresh_from_db()
    assert batch.status == "accepted"
    assert batch.row_count == 6
    assert "6" in client.get(f"/inventory/imports/{batch.pk}/").content.decode()

    other = tenant_factory("Small Supplier")
    importing.INLINE_LIMIT, importing.INLINE_ROWS, importing.CHUNK = 2 * 1024 * 1024, 20_000, 5_000
    importing.STAGE_CHUNK, storing.CHUNK = 1_000, 1_000
    inline = import_csv(other.client, content, "big.csv", "Ledger")
    mine = list(ActivityRow.objects.filter(batch=batch).order_by("row").values_list(*ROW_VALUES))
    theirs = list(ActivityRow.objects.filter(batch=inline).order_by("row").values_list(*ROW_VALUES))
    assert mine == theirs


def test_a_large_batch_with_bad_rows_is_fixed_in_a_job(
    tenant: Any, large: None, django_capture_on_commit_callbacks: Any
) -> None:
    rows = [
        ("一厂", "2024-01-01", "2024-01-31", "natural_gas", "-5", "m3", "", ""),
        *[
            ("二厂", f"2024-{m:02d}-01", f"2024-{m:02d}-28", "natural_gas", "5", "m3", "", "")
            for m in range(1, 4)
        ],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = tenant.client.post(
            "/inventory/upload/", {"source": "Ledger", "file": SimpleUploadedFile("bad.csv", gbk_csv(rows))}
        )
    batch = ImportBatch.objects.get(
        pk=Job.objects.get(pk=response.url.split("/")[-2]).parameters["import_id"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        tenant.client.post(
            f"/inventory/imports/{batch.pk}/map/", {**guessed(batch), "remember": "on", "value_count": "0"}
        )
    batch.refresh_from_db()
    assert (batch.status, batch.issue_count) == ("rejected", 1)
    _, job, callbacks = _in_background(
        django_capture_on_commit_callbacks,
        lambda: tenant.client.post(f"/inventory/imports/{batch.pk}/fix/", {"row": "2", "r2_amount": "5"}),
    )
    _run(callbacks, job)
    batch.refresh_from_db()
    assert (batch.status, batch.issue_count) == ("valid", 0)


def test_api_import_reads_the_header_and_maps_it_as_the_pages_do(tenant: Any) -> None:
    response = tenant.client.post(
        "/api/inventory/imports", {"file": SimpleUploadedFile("ledger.csv", gbk_csv()), "source": "ERP"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["rows"] == 6
    assert ActivityRow.objects.filter(organization=tenant.organization).count() == 6


def test_api_import_of_a_header_only_file_says_it_has_no_data_rows(tenant: Any) -> None:
    response = tenant.client.post(
        "/api/inventory/imports",
        {"file": SimpleUploadedFile("empty.csv", gbk_csv().splitlines()[0] + b"\r\n")},
    )
    assert response.status_code == 400
    assert [e["reason"] for e in response.json()["errors"]] == ["the file has no data rows"]
    assert not ActivityRow.objects.exists()


@pytest.mark.parametrize("path", ["/api/inventory/imports", "/inventory/upload/"])
def test_a_body_over_the_upload_limit_is_refused_before_it_is_read(tenant: Any, path: str) -> None:
    class Unreadable:
        """A body that fails the test if anything reads it."""

        def read(self, *args: Any) -> bytes:
            raise AssertionError("the body was read")

        readline = read

    before = ImportBatch.objects.count()
    response = tenant.client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(150 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "50 MB" in response.content.decode()
    assert ImportBatch.objects.count() == before, "nothing was stored"
