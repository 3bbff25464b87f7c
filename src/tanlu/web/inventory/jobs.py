"""Background jobs of the inventory: reading and mapping a large upload with progress."""

from __future__ import annotations

from django.urls import reverse

from tanlu.web.inventory import importing
from tanlu.web.inventory.models import ImportBatch
from tanlu.web.jobs.models import Job
from tanlu.web.jobs.services import Progress, register


@register("inventory.prepare")
def prepare_job(job: Job, progress: Progress) -> str:
    batch = ImportBatch.objects.get(organization=job.organization, pk=job.parameters["import_id"])
    importing.prepare(batch, progress)
    return reverse("inventory:import_detail", args=[batch.pk])
