from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tanlu.web.accounts.tenancy import get_scoped_or_404
from tanlu.web.jobs.models import Job


@login_required
def detail(request: HttpRequest, job_id: str) -> HttpResponse:
    """The job's page; HTMX asks for the progress fragment again every second until the job is finished."""
    job = get_scoped_or_404(request, Job, pk=job_id)
    template = "jobs/_progress.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
def download(request: HttpRequest, job_id: str) -> FileResponse:
    """The document a finished job made, as an attachment (never displayed inline)."""
    job = get_scoped_or_404(request, Job, pk=job_id)
    if not job.result_file or not default_storage.exists(job.result_file):
        raise Http404
    return FileResponse(
        default_storage.open(job.result_file, "rb"),
        as_attachment=True,
        filename=job.result_name,
        content_type=job.result_type or "application/octet-stream",
    )
