"""Background jobs of the product area: reading an uploaded model, calculating every footprint, the PDF report."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tanlu.errors import InputError, RowsRejected
from tanlu.web.accounts.models import Membership
from tanlu.web.jobs.documents import Document, document
from tanlu.web.jobs.models import Job
from tanlu.web.jobs.services import Progress, register
from tanlu.web.products import calculation, explaining, importing, reasons
from tanlu.web.products.models import CalculationRun, ModelImport

READ = "products.read"
CALCULATE = "products.calculate"
REPORT_PDF = "products.report_pdf"


@register(READ)
def read_job(job: Job, progress: Progress) -> str:
    batch = ModelImport.objects.get(organization=job.organization, pk=job.parameters["import_id"])
    importing.read(batch, progress)
    return reverse("products:import_detail", args=[batch.pk])


@register(CALCULATE)
def calculate_job(job: Job, progress: Progress) -> str:
    user = get_user_model().objects.get(pk=job.parameters["user_id"])
    membership = Membership.objects.select_related("organization", "user").get(
        organization=job.organization, user=user
    )
    with translation.override(job.parameters.get("language") or "zh-hans"):
        progress(0, 1, _("Calculating every product's footprint"))
        try:
            run, _created = calculation.calculate(
                membership,
                gwp=job.parameters.get("gwp", "AR6"),
                samples=int(job.parameters.get("samples", 0)),
            )
        except (InputError, PermissionDenied) as error:
            raise CalculationFailed(failure_message(error)) from error
    return reverse("products:run", args=[run.pk])


class CalculationFailed(RuntimeError):
    """A calculation the person can fix; its message (what the job page shows) is in their language."""


_SHOWN = 5


def failure_message(error: Exception) -> str:
    """Why the stored model could not be calculated, in the active language, naming up to five bad rows."""
    if isinstance(error, PermissionDenied):
        return str(error)  # the accounts service's message, already in the active language
    if isinstance(error, RowsRejected):
        shown = "; ".join(reasons.localize_issue(issue) for issue in error.issues[:_SHOWN])
        count = len(error.issues)
        message = ngettext(
            "The stored model has %(count)d problem; fix it on the model page and calculate again: %(rows)s",
            "The stored model has %(count)d problems; fix them on the model page and calculate again: %(rows)s",
            count,
        ) % {"count": count, "rows": shown}
        more = count - _SHOWN
        return message + (" " + _("(and %(more)d more)") % {"more": more} if more > 0 else "")
    return _("The stored model could not be calculated: %(reason)s") % {
        "reason": reasons.localize_reason(error.issue.reason if isinstance(error, InputError) else str(error))
    }


@document(REPORT_PDF)
def report_pdf(job: Job, progress: Progress) -> Document:
    """The product footprint report as PDF, in the language of the person who asked for it."""
    from tanlu.web.products import reports  # noqa: PLC0415 - WeasyPrint loads only when needed

    run = CalculationRun.objects.select_related("organization").get(
        organization=job.organization, pk=job.parameters["run_id"]
    )
    with translation.override(job.parameters.get("language") or "zh-hans"):
        progress(0, 1, _("Drawing the charts and pages"))
        data = reports.pdf(run, explaining.language(job.parameters.get("language") or "zh-hans"))
    return Document(
        data=data, filename=f"product-footprints-{run.created_at:%Y%m%d}.pdf", content_type="application/pdf"
    )
