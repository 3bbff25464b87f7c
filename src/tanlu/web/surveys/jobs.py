"""Background jobs of the surveys area: the PDF report, rendered with progress and offered for download."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from tanlu.web.jobs.documents import Document, document
from tanlu.web.jobs.models import Job
from tanlu.web.jobs.services import Progress
from tanlu.web.surveys.models import Survey

REPORT_PDF = "surveys.report_pdf"


@document(REPORT_PDF)
def report_pdf(job: Job, progress: Progress) -> Document:
    from tanlu.web.surveys import reports  # noqa: PLC0415 - matplotlib and WeasyPrint load only when needed

    survey = Survey.objects.get(organization=job.organization, pk=job.parameters["survey_id"])
    language = job.parameters.get("language") or "zh-hans"
    with translation.override(language):
        progress(0, 2, _("Counting the answers"))
        computed = reports.compute(survey)
        progress(1, 2, _("Drawing the charts and pages"))
        data = reports.report_pdf(computed, reports.report_language())
        # the last step is always written (the earlier ones may be skipped when quick), so the finished job's page
        # reads "2 / 2 · The report is ready" and not the first step's "0 / 2 · Counting the answers"
        progress(2, 2, _("The report is ready"))
    return Document(data=data, filename=f"{survey.identifier}-report.pdf", content_type="application/pdf")
