"""The background worker of ``tanlu worker`` (and of the worker ``tanlu serve`` embeds), built on django-tasks-db's.

Two things the library's worker does not do, and an embedded SQLite database needs:

* It survives ``database is locked``. The library retries a finished task's bookkeeping three times within 0.2 s,
  and the ``BEGIN EXCLUSIVE`` of its poll not at all, then the process exits: one long write transaction of a
  web request stopped every background job until the server restarted. Here every database step of the loop is
  retried with exponential backoff (:func:`retry_while_locked`) for as long as the lock lasts.
* It recovers jobs a kill interrupted. While a job runs, a thread touches ``Job.heartbeat_at`` every
  :data:`HEARTBEAT` seconds; at start and every minute the worker marks failed each running job whose heartbeat
  stopped more than :data:`STALE_AFTER` ago (its task too), so no page shows "running 0 %" forever. The
  heartbeat, not the process, decides, so several workers (on several machines) can share one queue.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import OperationalError, close_old_connections, connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks_db.compat import (
    DEFAULT_TASK_BACKEND_ALIAS,
    DEFAULT_TASK_QUEUE_NAME,
    TaskResultStatus,
    task_finished,
    task_started,
)
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from tanlu.web.jobs.models import Job, JobStatus

logger = logging.getLogger("tanlu.jobs")
T = TypeVar("T")

HEARTBEAT = 10.0
STALE_AFTER = dt.timedelta(seconds=60)
RECOVER_EVERY = 60.0
FIRST_DELAY = 0.1
LONGEST_DELAY = 30.0


def retry_while_locked(action: Callable[[], T], what: str) -> T:
    """Run ``action``; while it fails because the database is locked, wait (0.1 s, doubling to 30 s) and retry.

    Any other error is raised: the lock always ends (its holder commits or dies), other errors do not.
    """
    delay = FIRST_DELAY
    while True:
        try:
            return action()
        except OperationalError as error:
            if not is_locked_database_exception(error):
                raise
            logger.warning("%s: the database is locked; trying again in %.1f s", what, delay)
        time.sleep(delay)
        delay = min(delay * 2, LONGEST_DELAY)


def recover_interrupted(now: dt.datetime | None = None) -> int:
    """Mark failed every running job (and its task) whose worker stopped beating; returns how many."""
    now = now or timezone.now()
    cutoff = now - STALE_AFTER
    # Job.task_result_id is text and the task's id a UUID: PostgreSQL compares neither with the other, and SQLite
    # stores the UUID without hyphens, so the running tasks' ids are matched as the text the job keeps.
    running_tasks = [
        str(task_id)
        for task_id in DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        ).values_list("id", flat=True)
    ]
    stale = list(
        Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .filter(
            Q(heartbeat_at__lt=cutoff)
            | Q(heartbeat_at__isnull=True, status=JobStatus.RUNNING, started_at__lt=cutoff)
            | Q(
                heartbeat_at__isnull=True,
                status=JobStatus.QUEUED,
                task_result_id__in=running_tasks,
            )
        )
        .only("pk", "kind", "parameters", "task_result_id")
    )
    for job in stale:
        with translation.override(job.parameters.get("language") or None):
            error = _(
                "The background worker stopped while this job ran (it was killed or restarted). Start it again."
            )
        Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=error, finished_at=now)
        if job.task_result_id:
            DBTaskResult.objects.filter(pk=job.task_result_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED, finished_at=now
            )
        logger.warning("job %s (%s) was interrupted by a stopped worker: marked failed", job.pk, job.kind)
    return len(stale)


class Heartbeat:
    """A thread that touches the running job's row until :meth:`stop`; it never stops the job itself."""

    def __init__(self, job_id: str, interval: float = HEARTBEAT) -> None:
        self.job_id = job_id
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._touch()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _touch(self) -> None:
        try:
            Job.objects.filter(pk=self.job_id).update(heartbeat_at=timezone.now())
        except OperationalError as error:  # a locked database only delays the next beat
            logger.warning("heartbeat of job %s: %s", self.job_id, error)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                self._touch()
        finally:
            connection.close()


class ResilientWorker(Worker):  # type: ignore[misc]
    """django-tasks-db's worker with its loop retried while the database is locked, and interrupted jobs recovered."""

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        last_recovery = time.monotonic()
        retry_while_locked(recover_interrupted, "recovering interrupted jobs")
        while self.running:
            close_old_connections()
            if time.monotonic() - last_recovery > RECOVER_EVERY:
                retry_while_locked(recover_interrupted, "recovering interrupted jobs")
                last_recovery = time.monotonic()
            task_result = retry_while_locked(self._claim, "looking for queued tasks")
            if task_result is not None:
                self.run_task(task_result)
            elif self.batch:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)

    def _claim(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result: DBTaskResult | None = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run one task under a heartbeat; its outcome is recorded however long the database stays locked."""
        self.running_task = True
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            outcome: Callable[[], Any]
            try:
                with Heartbeat(str(task_result.args[0]) if task_result.args else ""):
                    value = task.call(*task_result.args, **task_result.kwargs)
            except BaseException as error:  # recorded as the task's failure, as the library does
                outcome = functools.partial(db_task_result.set_failed, error)
            else:
                outcome = functools.partial(db_task_result.set_successful, value)
            retry_while_locked(outcome, f"recording the end of task {db_task_result.id}")
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1


def run_worker(*, batch: bool = False, interval: float = 1.0) -> None:
    """``tanlu worker``: poll the default queue until stopped (SIGINT/SIGTERM finish the running task first)."""
    worker = ResilientWorker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    worker.configure_signals()
    worker.run()
