"""Documents made in the background (PDF reports): a job renders them into the file storage, the job's page offers
the download once they are ready.

A document kind is a function ``render(job, progress) -> Document``; :func:`document` registers it as a job kind,
and :func:`start_document` queues one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from tanlu.web.accounts.models import Organization, User
from tanlu.web.jobs.models import Job
from tanlu.web.jobs.services import Progress, register, start


@dataclass(frozen=True)
class Document:
    data: bytes
    filename: str
    content_type: str


Renderer = Callable[[Job, Progress], Document]


def document(kind: str) -> Callable[[Renderer], Renderer]:
    """Register ``render`` as the job kind ``kind``; the job stores what it returns and links to the download."""

    def decorator(render: Renderer) -> Renderer:
        @register(kind)
        def handler(job: Job, progress: Progress) -> str:
            made = render(job, progress)
            path = default_storage.save(f"jobs/{job.pk}/{made.filename}", ContentFile(made.data))
            Job.objects.filter(pk=job.pk).update(
                result_file=path, result_name=made.filename, result_type=made.content_type
            )
            return reverse("jobs:download", args=[job.pk])

        return render

    return decorator


def start_document(
    *, organization: Organization, user: User | None, kind: str, label: str, parameters: dict[str, Any]
) -> Job:
    return start(organization=organization, user=user, kind=kind, label=label, parameters=parameters)
