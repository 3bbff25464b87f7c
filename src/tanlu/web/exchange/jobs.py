"""Background jobs of the exchange area: pulling a supplier's footprints through its PACT API."""

from __future__ import annotations

from django.utils import translation

from tanlu.web.exchange import pulling
from tanlu.web.exchange.models import SupplierEndpoint
from tanlu.web.jobs.models import Job
from tanlu.web.jobs.services import Progress, register

PULL = "exchange.pull"


@register(PULL)
def pull_job(job: Job, progress: Progress) -> str:
    endpoint = SupplierEndpoint.objects.get(organization=job.organization, pk=job.parameters["endpoint_id"])
    with translation.override(job.parameters.get("language") or "zh-hans"):
        return pulling.pull(endpoint, progress)
