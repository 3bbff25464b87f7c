"""Background jobs of the inventory, with progress: reading, mapping, checking and accepting a large import, and
the PDF report.

The functions the pages call (:func:`map_columns`, :func:`fix_rows`, :func:`accept`) do the work at once for a
small batch, as before, and queue a job for a large one (:func:`importing.is_large`); either way the same
service functions of :mod:`tanlu.web.inventory.importing` do it.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tanlu.errors import RowsRejected
from tanlu.web.accounts.models import Membership, Role
from tanlu.web.accounts.services import require_role
from tanlu.web.inventory import importing, importing_accept
from tanlu.web.inventory.models import CalculationRun, ImportBatch
from tanlu.web.jobs.documents import Document, document
from tanlu.web.jobs.models import Job, JobStatus
from tanlu.web.jobs.services import Progress, register, start

ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


def _batch(job: Job) -> ImportBatch:
    return ImportBatch.objects.get(organization=job.organization, pk=job.parameters["import_id"])


def _membership(job: Job) -> Membership:
    return Membership.objects.select_related("organization", "user").get(
        organization=job.organization, user=job.created_by
    )


def _detail(batch: ImportBatch) -> str:
    return reverse("inventory:import_detail", args=[batch.pk])


def active_job(batch: ImportBatch) -> Job | None:
    """The job working on ``batch`` now, if any: its page shows the progress instead of the batch's."""
    return (
        Job.objects.for_organization(batch.organization)
        .filter(kind__in=BATCH_JOBS, status__in=ACTIVE, parameters__import_id=batch.pk)
        .first()
    )


def _start(membership: Membership, batch: ImportBatch, kind: str, label: str, **parameters: Any) -> Job:
    return start(
        organization=batch.organization,
        user=membership.user,
        kind=kind,
        label=label % {"file": batch.filename},
        parameters={"import_id": batch.pk, "language": translation.get_language(), **parameters},
    )


@register("inventory.prepare")
def prepare_job(job: Job, progress: Progress) -> str:
    batch = _batch(job)
    with translation.override(job.parameters.get("language")):
        importing.prepare(batch, progress)
    return _detail(batch)


def map_columns(
    membership: Membership,
    batch: ImportBatch,
    columns: dict[str, str],
    *,
    fixed_unit: str,
    activity_values: dict[str, str],
    site_values: dict[str, str] | None = None,
    remember: bool,
) -> Job | None:
    """Apply a mapping now, or, for a large batch, check it now and stage and check the rows in a job."""
    if not importing.is_large(batch):
        importing.save_mapping(
            membership,
            batch,
            columns,
            fixed_unit=fixed_unit,
            activity_values=activity_values,
            site_values=site_values,
            remember=remember,
        )
        return None
    require_role(membership, Role.EDITOR)
    importing.check_mapping(batch, columns, fixed_unit=fixed_unit)
    return _start(
        membership,
        batch,
        "inventory.map",
        _("Checking the rows of %(file)s"),
        columns=columns,
        fixed_unit=fixed_unit,
        activity_values=activity_values,
        site_values=site_values,
        remember=remember,
    )


@register("inventory.map")
def map_job(job: Job, progress: Progress) -> str:
    batch, parameters = _batch(job), job.parameters
    with translation.override(parameters.get("language")):
        importing.save_mapping(
            _membership(job),
            batch,
            parameters["columns"],
            fixed_unit=parameters["fixed_unit"],
            activity_values=parameters["activity_values"],
            site_values=parameters.get("site_values"),
            remember=parameters["remember"],
            progress=progress,
        )
    return _detail(batch)


def fix_rows(
    membership: Membership, batch: ImportBatch, edits: dict[int, dict[str, str]], drop: list[int]
) -> Job | None:
    """Apply corrections now and check again, or, for a large batch, do both in a job."""
    if not importing.is_large(batch):
        importing.fix_rows(membership, batch, edits, drop)
        return None
    require_role(membership, Role.EDITOR)
    return _start(
        membership,
        batch,
        "inventory.fix",
        _("Checking the rows of %(file)s again"),
        edits={str(n): cells for n, cells in edits.items()},
        drop=drop,
    )


@register("inventory.fix")
def fix_job(job: Job, progress: Progress) -> str:
    batch, parameters = _batch(job), job.parameters
    edits = {int(n): cells for n, cells in parameters["edits"].items()}
    with translation.override(parameters.get("language")):
        importing.fix_rows(_membership(job), batch, edits, parameters["drop"], progress)
    return _detail(batch)


def accept(membership: Membership, batch: ImportBatch) -> Job | int:
    """Accept now (the number of rows imported), or, for a large batch, in a job."""
    if not importing.is_large(batch):
        return importing_accept.accept(membership, batch)
    require_role(membership, Role.EDITOR)
    return _start(membership, batch, "inventory.accept", _("Importing %(file)s"))


@register("inventory.accept")
def accept_job(job: Job, progress: Progress) -> str:
    """Rejected rows are not a failure of the job: the batch's page lists them, as after a check."""
    batch = _batch(job)
    with translation.override(job.parameters.get("language")), contextlib.suppress(RowsRejected):
        importing_accept.accept(_membership(job), batch, progress)
    return _detail(batch)


def complete(membership: Membership, batch: ImportBatch) -> Job:
    """The API's import of a large file: read, map, check and accept it in a job (:func:`importing_accept.complete`)."""
    require_role(membership, Role.EDITOR)
    return _start(membership, batch, "inventory.import", _("Importing %(file)s"))


@register("inventory.import")
def complete_job(job: Job, progress: Progress) -> str:
    """Rejected rows are not a failure of the job: they stay on the batch, listed by the API and the page."""
    batch = _batch(job)
    with translation.override(job.parameters.get("language")), contextlib.suppress(RowsRejected):
        importing_accept.complete(_membership(job), batch, progress, keep_rejected=True)
    return _detail(batch)


BATCH_JOBS = ("inventory.prepare", "inventory.map", "inventory.fix", "inventory.accept", "inventory.import")


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
