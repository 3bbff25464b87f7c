"""The background worker: it survives a locked database, recovers jobs a kill interrupted, and is restarted by serve.

These tests use the database task backend (the suite otherwise runs tasks at once) and real commits
(``transaction=True``), because the worker's heartbeat writes from a thread of its own.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import Any

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from tanlu.web.jobs import services, worker
from tanlu.web.jobs.models import Job, JobStatus
from tanlu.web.jobs.supervisor import EmbeddedWorker

pytestmark = pytest.mark.django_db(transaction=True)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def handler() -> Any:
    calls: list[str] = []

    @services.register("test-count")
    def count(job: Job, progress: services.Progress) -> str:
        progress(1, 1, "counted")
        calls.append(str(job.pk))
        return "/done/"

    yield calls
    del services.HANDLERS["test-count"]


def _queue(tenant: Any, label: str = "Count") -> Job:
    job = services.start(organization=tenant.organization, user=None, kind="test-count", label=label)
    job.refresh_from_db()
    assert job.task_result_id, "the task is queued in the database"
    return job


def _worker() -> worker.ResilientWorker:
    return worker.ResilientWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


@override_settings(TASKS=DATABASE_TASKS)
def test_a_locked_database_during_the_poll_is_retried_and_the_worker_keeps_going(
    tenant: Any, handler: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = [_queue(tenant, "first"), _queue(tenant, "second")]
    real = DBTaskResultQuerySet.get_locked
    attempts: list[int] = []

    def locked_twice(self: DBTaskResultQuerySet) -> DBTaskResult | None:
        attempts.append(1)
        if len(attempts) <= 2:
            raise OperationalError("database is locked")
        return real(self)

    sleeps: list[float] = []
    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", locked_twice)
    monkeypatch.setattr(worker.time, "sleep", sleeps.append)
    _worker().run()
    assert sleeps[:2] == [0.1, 0.2], "backoff doubles"
    assert sorted(handler) == sorted(str(j.pk) for j in jobs), "both jobs ran after the lock"
    for job in jobs:
        job.refresh_from_db()
        assert job.status == JobStatus.SUCCEEDED
        assert job.heartbeat_at is not None
        assert DBTaskResult.objects.get(pk=job.task_result_id).status == TaskResultStatus.SUCCESSFUL


@override_settings(TASKS=DATABASE_TASKS)
def test_recording_a_finished_task_is_retried_while_locked(
    tenant: Any, handler: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _queue(tenant)
    real = DBTaskResult.set_successful
    attempts: list[int] = []

    def locked_once(self: DBTaskResult, value: Any) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise OperationalError("database is locked")
        real(self, value)

    monkeypatch.setattr(DBTaskResult, "set_successful", locked_once)
    monkeypatch.setattr(worker.time, "sleep", lambda seconds: None)
    _worker().run()
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == TaskResultStatus.SUCCESSFUL
    assert handler == [str(job.pk)], "the task ran once: a locked bookkeeping write does not fail or rerun it"


@override_settings(TASKS=DATABASE_TASKS)
def test_a_job_interrupted_by_a_kill_is_marked_failed_when_a_worker_starts(
    tenant: Any, handler: list[str]
) -> None:
    killed, alive = _queue(tenant, "killed"), _queue(tenant, "alive")
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    for job, beat in ((killed, long_ago), (alive, timezone.now())):
        DBTaskResult.objects.filter(pk=job.task_result_id).update(
            status=TaskResultStatus.RUNNING, started_at=long_ago
        )
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=long_ago, heartbeat_at=beat)
    _worker().run()
    killed.refresh_from_db()
    alive.refresh_from_db()
    assert killed.status == JobStatus.FAILED
    assert "stopped while this job ran" in killed.error or "停止" in killed.error
    assert DBTaskResult.objects.get(pk=killed.task_result_id).status == TaskResultStatus.FAILED
    assert alive.status == JobStatus.RUNNING, "a job whose worker still beats is left alone"
    page = tenant.client.get(f"/jobs/{killed.pk}/").content.decode()
    assert 'value="0"' in page
    assert "hx-trigger" not in page, "the page stops waiting for it"
    assert handler == [], "neither ran again"


@override_settings(TASKS=DATABASE_TASKS)
def test_a_job_killed_before_it_first_beat_is_marked_failed(tenant: Any, handler: list[str]) -> None:
    """The worker claimed the task and was killed before the job itself started: only the task says it runs."""
    job = _queue(tenant, "claimed")
    DBTaskResult.objects.filter(pk=job.task_result_id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - dt.timedelta(minutes=5)
    )
    _worker().run()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == TaskResultStatus.FAILED
    assert handler == []


def test_serve_starts_an_embedded_worker_again_when_it_dies() -> None:
    supervisor = EmbeddedWorker([sys.executable, "-c", "raise SystemExit(3)"], first_delay=0.05).start()
    try:
        deadline = time.monotonic() + 20
        while supervisor.restarts < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert supervisor.restarts >= 2
    finally:
        supervisor.stop()
    assert supervisor.process is not None


def test_stopping_serve_stops_its_worker() -> None:
    supervisor = EmbeddedWorker([sys.executable, "-c", "import time; time.sleep(60)"]).start()
    process = supervisor.process
    assert process is not None
    supervisor.stop(timeout=10)
    assert process.poll() is not None
    assert supervisor.restarts == 0
