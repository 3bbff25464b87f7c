"""Background jobs of supplier engagement: answering from a calculated footprint, and the reminders."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tanlu.web.accounts.models import Membership
from tanlu.web.engagement import answering, services
from tanlu.web.engagement.models import FootprintRequest
from tanlu.web.jobs.models import Job
from tanlu.web.jobs.services import Progress, register
from tanlu.web.products.models import Result

ANSWER = "engagement.answer"
REMIND = "engagement.remind"


@register(ANSWER)
def answer_job(job: Job, progress: Progress) -> str:
    """The supplier's footprint of one product, calculated again from its model and delivered as PACT v3."""
    user = get_user_model().objects.get(pk=job.parameters["user_id"])
    membership = Membership.objects.select_related("organization", "user").get(
        organization=job.organization, user=user
    )
    request = FootprintRequest.objects.select_related("organization", "supplier").get(
        supplier=job.organization, pk=job.parameters["request_id"]
    )
    result = Result.objects.select_related("run").get(
        organization=job.organization, pk=job.parameters["result_id"]
    )
    with translation.override(job.parameters.get("language") or "zh-hans"):
        progress(0, 1, _("Calculating the footprint and checking it"))
        answering.answer_from_result(membership, request, result)
    return reverse("engagement:received_detail", args=[request.pk])


@register(REMIND)
def remind_job(job: Job, progress: Progress) -> str:
    """Reminders before and after the due dates of the organization's open requests (each sent once)."""
    with translation.override(job.parameters.get("language") or "zh-hans"):
        progress(0, 1, _("Sending reminders"))
        services.remind(job.organization)
    return reverse("engagement:requests")
