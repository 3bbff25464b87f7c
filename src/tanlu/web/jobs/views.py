from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tanlu.web.accounts.tenancy import get_scoped_or_404
from tanlu.web.jobs.models import Job


@login_required
def detail(request: HttpRequest, job_id: str) -> HttpResponse:
    """The job's page; HTMX asks for the progress fragment again every second until the job is finished."""
    job = get_scoped_or_404(request, Job, pk=job_id)
    template = "jobs/_progress.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job})
