"""The Django Tasks entry point of every job."""

from __future__ import annotations

from django_tasks import task

from tanlu.web.jobs import services


@task()
def run_job(job_id: str) -> None:
    services.execute(job_id)
