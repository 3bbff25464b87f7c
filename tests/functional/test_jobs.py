"""Background jobs: the first-run page can load demo data as a job whose progress the page shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tanlu.web.accounts.models import Organization
from tanlu.web.jobs import services
from tanlu.web.jobs.models import Job, JobStatus

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_first_run_with_demo_data_runs_a_job_and_shows_it(django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/setup/",
            {
                "username": "admin",
                "email": "admin@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "organization_name": "My Supplier",
                "organization_kind": "supplier",
                "load_demo": "on",
            },
        )
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.task_result_id
    assert Organization.objects.count() > 1
    page = client.get(response.url).content.decode()
    assert "<progress" in page
    assert 'value="100"' in page
    fragment = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="job-progress"')
    assert "hx-trigger" not in fragment, "a finished job stops polling"


def test_a_running_job_polls_and_a_failed_job_says_why(tenant: Any) -> None:
    @services.register("test-failure")
    def fail(job: Job, progress: services.Progress) -> str:
        progress(1, 4, "reading rows")
        raise ValueError("row 7: amount is negative")

    job = Job.objects.create(organization=tenant.organization, kind="test-failure", label="Import")
    page = tenant.client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in page
    with pytest.raises(ValueError, match="negative"):
        services.execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert (job.done, job.total) == (1, 4)
    assert "row 7: amount is negative" in tenant.client.get(f"/jobs/{job.pk}/").content.decode()
    del services.HANDLERS["test-failure"]
