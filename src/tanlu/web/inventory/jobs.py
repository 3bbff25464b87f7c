"""Background jobs of the inventory: reading a large upload, and the PDF report, with progress."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tanlu.web.inventory import importing
from tanlu.web.inventory.models import CalculationRun, ImportBatch
from tanlu.web.jobs.documents import Document, document
from tanlu.web.jobs.models import Job
from tanlu.web.jobs.services import Progress, register


@register("inventory.prepare")
def prepare_job(job: Job, progress: Progress) -> str:
    batch = ImportBatch.objects.get(organization=job.organization, pk=job.parameters["import_id"])
    importing.prepare(batch, progress)
    return reverse("inventory:import_detail", args=[batch.pk])


REPORT_PDF = "inventory.report_pdf"


@document(REPORT_PDF)
def report_pdf(job: Job, progress: Progress) -> Document:
    """The inventory report as PDF, in the language of the person who asked for it."""
    from tanlu.web.inventory import reports  # noqa: PLC0415 - matplotlib and WeasyPrint load only when needed

    run = CalculationRun.objects.select_related("factor_set", "organization").get(
        organization=job.organization, pk=job.parameters["run_id"]
    )
    with translation.override(job.parameters.get("language") or "zh-hans"):
        progress(0, 1, _("Drawing the charts and pages"))
        data = reports.pdf(run, job.parameters.get("lang") or "zh")
    return Document(data=data, filename=f"ghg-inventory-{run.year}.pdf", content_type="application/pdf")
