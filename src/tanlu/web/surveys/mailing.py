"""Invitations and reminders by email (sent by a background job, see :mod:`.tasks`), bounces and the counts."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from tanlu.errors import InputError, NotFound
from tanlu.web.accounts.models import Membership, Role
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.jobs.models import Job, JobStatus
from tanlu.web.surveys.lifecycle import is_open, same_organization
from tanlu.web.surveys.models import InvitationStatus, Survey, SurveyInvitation


def _queue_emails(
    actor: Membership, survey: Survey, invitation_ids: list[int], *, reminder: bool, base_url: str
) -> Any:
    from tanlu.web.jobs import services as jobs  # noqa: PLC0415
    from tanlu.web.surveys import tasks  # noqa: PLC0415

    return jobs.start(
        organization=actor.organization,
        user=actor.user,
        kind=tasks.EMAIL_JOB,
        label=(_("Reminders for %(survey)s") if reminder else _("Invitations for %(survey)s"))
        % {"survey": survey},
        parameters={
            "survey_id": survey.pk,
            "invitation_ids": invitation_ids,
            "reminder": reminder,
            "base_url": base_url,
        },
    )


def _require_open(survey: Survey) -> None:
    if not is_open(survey):
        raise InputError(_("Open the survey before sending invitations or reminders."), column="status")


def being_sent(survey: Survey) -> set[int]:
    """The invitations that a queued or running job is emailing for the first time (not sent yet, but no longer
    waiting to be sent: the page counts them apart and the send button leaves them out)."""
    from tanlu.web.surveys import tasks  # noqa: PLC0415

    jobs = Job.objects.filter(
        organization_id=survey.organization_id,
        kind=tasks.EMAIL_JOB,
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
    ).values_list("parameters", flat=True)
    return {
        int(pk)
        for parameters in jobs
        if parameters.get("survey_id") == survey.pk and not parameters.get("reminder")
        for pk in parameters.get("invitation_ids", [])
    }


@transaction.atomic
def send_invitations(membership: Membership | None, survey: Survey, *, base_url: str = "") -> tuple[int, Any]:
    """Email every participant not yet invited their personal link, in their language (a background job).

    Those whose invitation a job is sending already are left out, so a second click sends nobody twice; links
    start with ``base_url`` (see :func:`.links.link_base`).
    """
    actor = require_role(membership, Role.EDITOR)
    same_organization(actor, survey)
    _require_open(survey)
    ids = list(
        SurveyInvitation.objects.filter(survey=survey, sent_at__isnull=True)
        .exclude(pk__in=being_sent(survey))
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0, None
    audit(actor.organization, actor.user, "survey.invitations_sent", f"{survey.identifier}: {len(ids)}")
    return len(ids), _queue_emails(actor, survey, ids, reminder=False, base_url=base_url)


@transaction.atomic
def send_reminders(membership: Membership | None, survey: Survey, *, base_url: str = "") -> tuple[int, Any]:
    """Remind everyone invited who has not submitted yet (bounced addresses left out)."""
    actor = require_role(membership, Role.EDITOR)
    same_organization(actor, survey)
    _require_open(survey)
    ids = list(
        SurveyInvitation.objects.filter(
            survey=survey,
            sent_at__isnull=False,
            status__in=[InvitationStatus.NOT_OPENED, InvitationStatus.IN_PROGRESS],
        ).values_list("pk", flat=True)
    )
    if not ids:
        return 0, None
    audit(actor.organization, actor.user, "survey.reminders_sent", f"{survey.identifier}: {len(ids)}")
    return len(ids), _queue_emails(actor, survey, ids, reminder=True, base_url=base_url)


@transaction.atomic
def mark_bounced(membership: Membership | None, invitation: SurveyInvitation) -> SurveyInvitation:
    """Record that the invitation's email bounced (also what a bounce handler calls); a completed one stays."""
    actor = require_role(membership, Role.EDITOR)
    if invitation.organization_id != actor.organization_id:
        raise NotFound
    if invitation.status != InvitationStatus.COMPLETED:
        invitation.status = InvitationStatus.BOUNCED
        invitation.save(update_fields=["status"])
        audit(actor.organization, actor.user, "survey.invitation_bounced", invitation.email)
    return invitation


def invitation_counts(survey: Survey) -> dict[str, int]:
    counts = dict(
        SurveyInvitation.objects.filter(survey=survey)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {status: counts.get(status, 0) for status in InvitationStatus.values} | {
        "total": sum(counts.values())
    }
