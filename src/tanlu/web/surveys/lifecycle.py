"""A survey's life: opened, closed, its close date and public link; and the check every owner action starts with.

Views, the CLI and the API call these functions (and those of :mod:`.versions`, :mod:`.participants` and
:mod:`.mailing`); they check roles and write the audit log, so the rules hold whichever adapter is used.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.errors import InputError, NotFound
from tanlu.web.accounts.models import Membership, Role, hash_token
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.surveys.links import new_nonce, public_token
from tanlu.web.surveys.models import Survey, SurveyStatus


def same_organization(actor: Membership, survey: Survey) -> None:
    if survey.organization_id != actor.organization_id:
        raise NotFound


def is_open(survey: Survey) -> bool:
    """Whether the survey takes answers now: opened, and its close date (if any) not reached."""
    return survey.accepting_answers


@transaction.atomic
def open_survey(membership: Membership | None, survey: Survey) -> Survey:
    actor = require_role(membership, Role.EDITOR)
    same_organization(actor, survey)
    if survey.closes_at is not None and survey.closes_at <= timezone.now():
        raise InputError(_("The close date has passed; set a later one first."), column="closes_at")
    survey.status = SurveyStatus.OPEN
    survey.save(update_fields=["status", "updated_at"])
    audit(actor.organization, actor.user, "survey.opened", survey.identifier)
    return survey


@transaction.atomic
def close_survey(membership: Membership | None, survey: Survey) -> Survey:
    actor = require_role(membership, Role.EDITOR)
    same_organization(actor, survey)
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    audit(actor.organization, actor.user, "survey.closed", survey.identifier)
    return survey


@transaction.atomic
def update_settings(
    membership: Membership | None, survey: Survey, *, closes_at: Any, public_link_enabled: bool
) -> Survey:
    """The close date and whether the public (anonymous) link answers; a new public link gets a fresh token."""
    actor = require_role(membership, Role.EDITOR)
    same_organization(actor, survey)
    survey.closes_at = closes_at
    survey.public_link_enabled = public_link_enabled
    if public_link_enabled and not survey.public_link_nonce:
        survey.public_link_nonce = new_nonce()
        survey.public_token = hash_token(public_token(survey))
    survey.save(
        update_fields=["closes_at", "public_link_enabled", "public_link_nonce", "public_token", "updated_at"]
    )
    audit(
        actor.organization, actor.user, "survey.settings", f"{survey.identifier} public={public_link_enabled}"
    )
    return survey


@transaction.atomic
def renew_public_link(membership: Membership | None, survey: Survey) -> Survey:
    """Replace the public link: the old one stops working at once."""
    actor = require_role(membership, Role.EDITOR)
    same_organization(actor, survey)
    survey.public_link_nonce = new_nonce()
    survey.public_token = hash_token(public_token(survey))
    survey.save(update_fields=["public_link_nonce", "public_token", "updated_at"])
    audit(actor.organization, actor.user, "survey.public_link_renewed", survey.identifier)
    return survey
