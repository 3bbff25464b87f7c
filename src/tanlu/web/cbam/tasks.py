"""Background jobs of the CBAM area: reading an uploaded installation workbook, and making the communication for
EU importers (XLSX or JSON) as a document the job's page offers for download."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tanlu.carbon.cbam.communication import communication_json, workbook_bytes
from tanlu.web.cbam import services
from tanlu.web.cbam.models import Installation, InstallationImport
from tanlu.web.jobs.documents import Document, document
from tanlu.web.jobs.models import Job
from tanlu.web.jobs.services import Progress, register

READ = "cbam.read"
COMMUNICATION = "cbam.communication"
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@register(READ)
def read_job(job: Job, progress: Progress) -> str:
    batch = InstallationImport.objects.get(organization=job.organization, pk=job.parameters["import_id"])
    with translation.override(job.parameters.get("language") or "zh-hans"):
        services.read(batch, progress)
    return reverse("cbam:import_detail", args=[batch.pk])


@document(COMMUNICATION)
def communication_document(job: Job, progress: Progress) -> Document:
    """The communication, in English as the Commission's template is, whatever the page's language."""
    installation = Installation.objects.get(
        organization=job.organization, pk=job.parameters["installation_id"]
    )
    kind = job.parameters.get("format", "xlsx")
    with translation.override(job.parameters.get("language") or "zh-hans"):
        progress(0, 1, _("Calculating the specific embedded emissions"))
        made = services.communication(installation)
    data = workbook_bytes(made) if kind == "xlsx" else communication_json(made).encode("utf-8")
    progress(1, 1, "")
    stem = f"cbam-{installation.unlocode.replace(' ', '')}-{installation.year}"
    return Document(data=data, filename=f"{stem}.{kind}", content_type=FORMATS[kind])
