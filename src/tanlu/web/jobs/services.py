"""Starting jobs and reporting their progress.

A job kind is a function ``handler(job, progress) -> result_url`` registered with :func:`register`.  Starting a job
stores a :class:`Job` row and enqueues :func:`tanlu.web.jobs.tasks.run_job` through the Django Tasks API; the
embedded worker of ``tanlu serve``, a ``tanlu worker`` process, or (in tests) the immediate backend runs it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.web.accounts.models import Organization, User
from tanlu.web.jobs.models import Job, JobStatus

logger = logging.getLogger("tanlu.jobs")

Progress = Callable[[int, int, str], None]
Handler = Callable[[Job, Progress], str]
HANDLERS: dict[str, Handler] = {}


def register(kind: str) -> Callable[[Handler], Handler]:
    def decorator(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler

    return decorator


def start(
    *,
    organization: Organization,
    user: User | None,
    kind: str,
    label: str,
    parameters: dict[str, Any] | None = None,
) -> Job:
    """Record a job and queue it once the surrounding transaction commits."""
    from tanlu.web.jobs.tasks import run_job  # noqa: PLC0415 - tasks import this module

    if kind not in HANDLERS:
        raise KeyError(kind)
    job = Job.objects.create(
        organization=organization, created_by=user, kind=kind, label=label, parameters=parameters or {}
    )

    def enqueue() -> None:
        result = run_job.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


class ProgressReporter:
    """Writes progress to the job row, at most a few times a second, so fast loops do not flood the database."""

    def __init__(self, job: Job, interval: float = 0.3) -> None:
        self.job = job
        self.interval = interval
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last < self.interval and done < total:
            return
        self._last = now
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, message=message[:300])


def execute(job_id: str) -> None:
    """Run one job to its end, recording success or the error's message."""
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        result_url = HANDLERS[job.kind](job, ProgressReporter(job))
    except Exception as error:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED, result_url=result_url or "", finished_at=timezone.now()
    )


def start_demo_load(user: User) -> Job:
    """Queue loading the demonstration data, shown to the user who asked for it on the first-run page."""
    from tanlu.web import demo  # noqa: PLC0415, F401 - registers the "demo" handler

    membership = user.memberships.order_by("joined_at", "id").first()
    if membership is None:
        raise ValueError("the user belongs to no organization")
    return start(
        organization=membership.organization,
        user=user,
        kind="demo",
        label=_("Load demonstration data"),
        parameters={"user_id": user.pk},
    )
