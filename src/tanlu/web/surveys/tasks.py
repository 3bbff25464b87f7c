"""Background work of surveys: emailing personal links (invitations and reminders) as a job with progress.

Each email is written in the participant's language and sent on its own, so one refused address does not stop the
rest; the invitation records when it was sent or reminded.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tanlu.survey.form import text_in
from tanlu.web.accounts.models import hash_token
from tanlu.web.jobs.models import Job
from tanlu.web.jobs.services import Progress, register
from tanlu.web.surveys import answering, links, versions
from tanlu.web.surveys.models import InvitationStatus, Survey, SurveyInvitation

logger = logging.getLogger("tanlu.surveys")

EMAIL_JOB = "survey_emails"


def send_link(invitation: SurveyInvitation, survey: Survey, *, reminder: bool, base_url: str = "") -> None:
    """One invitation or reminder email, in the participant's language, with their personal link."""
    token = links.invitation_token(invitation)
    if hash_token(token) != invitation.token_hash:  # the secret key changed since the import: re-key the link
        invitation.token_hash = hash_token(token)
        SurveyInvitation.objects.filter(pk=invitation.pk).update(token_hash=invitation.token_hash)
    language = invitation.language or settings.LANGUAGE_CODE
    form = versions.survey_form(survey)
    with translation.override(language):
        title = text_in(form.title, answering.form_language(form, language), survey.identifier)
        context = {
            "invitation": invitation,
            "survey": survey,
            "title": title,
            "organization": survey.organization,
            "url": links.respond_url(invitation, base_url),
            "closes_at": survey.closes_at,
            "reminder": reminder,
        }
        if reminder:
            subject = _("Reminder: %(title)s") % {"title": title}
        else:
            subject = _("%(organization)s invites you to answer: %(title)s") % {
                "organization": survey.organization.name,
                "title": title,
            }
        body = render_to_string("surveys/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


@register(EMAIL_JOB)
def send_links(job: Job, progress: Progress) -> str:
    parameters = job.parameters
    survey = Survey.objects.select_related("organization").get(
        pk=parameters["survey_id"], organization=job.organization
    )
    reminder = bool(parameters.get("reminder"))
    ids = list(parameters.get("invitation_ids", []))
    sent = failed = 0
    for start in range(0, len(ids), 200):
        batch = SurveyInvitation.objects.filter(survey=survey, pk__in=ids[start : start + 200])
        for invitation in batch:
            if reminder and invitation.status in {InvitationStatus.COMPLETED, InvitationStatus.BOUNCED}:
                continue
            try:
                send_link(
                    invitation, survey, reminder=reminder, base_url=str(parameters.get("base_url") or "")
                )
            except OSError:
                logger.warning("survey email to invitation %s failed", invitation.pk, exc_info=True)
                failed += 1
                continue
            now = timezone.now()
            field = "reminded_at" if reminder else "sent_at"
            SurveyInvitation.objects.filter(pk=invitation.pk).update(**{field: now})
            sent += 1
            progress(sent + failed, len(ids), invitation.email)
    progress(len(ids), len(ids), _("%(sent)s sent, %(failed)s failed") % {"sent": sent, "failed": failed})
    return reverse("surveys:invitations", args=[survey.pk])
