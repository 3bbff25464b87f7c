"""Survey links: the personal link ``/s/<token>/`` and the public link ``/p/<token>/``, and finding what they open.

Both carry 256-bit tokens. The database keeps only their SHA-256 (``token_hash``, ``public_token``) for lookup, plus a
random nonce: the token itself is an HMAC of the nonce under the secret key, so a reminder can repeat the link the
invitation carried while a copy of the database alone gives no valid link away.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from tanlu.errors import NotFound
from tanlu.web.accounts.models import hash_token
from tanlu.web.surveys import invitation_lookup
from tanlu.web.surveys.models import Survey, SurveyInvitation


def _derive(purpose: str, nonce: str) -> str:
    digest = salted_hmac(f"tanlu.surveys.{purpose}", nonce, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def invitation_token(invitation: SurveyInvitation) -> str:
    """The personal link's token (256 bits), derived from the invitation's nonce under the secret key."""
    if not invitation.token_nonce:
        raise NotFound("this invitation has no link")
    return _derive("invitation", invitation.token_nonce)


def public_token(survey: Survey) -> str:
    if not survey.public_link_nonce:
        raise NotFound("this survey has no public link")
    return _derive("public", survey.public_link_nonce)


def link_base(origin: str = "") -> str:
    """Where the links in emails and on the pages start.

    ``TANLU_BASE_URL`` when it is configured. Otherwise the address the sender's page was opened at (``origin``, as
    ``request.build_absolute_uri("/")`` gives it: its host passed ``ALLOWED_HOSTS``), so that an installation served
    on another port or name sends links that open; the default base only when neither is known (the CLI).
    """
    return (settings.CONFIG.base_url or origin or settings.TANLU_BASE_URL).rstrip("/")


def base_url_configured() -> bool:
    """Whether ``TANLU_BASE_URL`` is set (the settings page says which base the emails use)."""
    return bool(settings.CONFIG.base_url)


def respond_url(invitation: SurveyInvitation, base: str = "") -> str:
    """The personal link, starting with ``base`` (see :func:`link_base`) or the configured base URL."""
    return (
        f"{base or settings.TANLU_BASE_URL}{reverse('surveys:respond', args=[invitation_token(invitation)])}"
    )


def public_url(survey: Survey, base: str = "") -> str:
    return (
        f"{base or settings.TANLU_BASE_URL}{reverse('surveys:respond_public', args=[public_token(survey)])}"
    )


def new_nonce() -> str:
    return secrets.token_hex(32)


_SURVEY_FIELDS = (
    "survey__id", "survey__organization_id", "survey__identifier", "survey__status", "survey__closes_at",
    "survey__form_version", "survey__created_at", "survey__public_link_enabled", "survey__public_link_nonce",
    "survey__public_token", "survey__title_en", "survey__title_zh",
)  # fmt: skip


_RESPONSE_FIELDS = (
    "response__id", "response__organization_id", "response__survey_id", "response__invitation_id",
    "response__resume_key_hash", "response__respondent", "response__status", "response__language",
    "response__page", "response__form_version", "response__imported", "response__started_at",
    "response__updated_at", "response__submitted_at",
)  # fmt: skip


def _lookup_query() -> QuerySet[SurveyInvitation]:
    query: QuerySet[SurveyInvitation] = SurveyInvitation.objects.select_related("survey", "response").only(
        "id", "organization_id", "survey_id", "email", "name", "company", "language", "status", "opened_at",
        "token_hash", "token_nonce", *_SURVEY_FIELDS, *_RESPONSE_FIELDS,
    )  # fmt: skip
    return query


def find_invitation(token: str) -> SurveyInvitation:
    """The invitation behind a personal token, with its survey and response; :class:`NotFound` for any unknown token.

    One indexed query, reading only what answering needs (not the questionnaire's workbook); the response (or
    its absence) comes along, so :func:`response_for_invitation` needs no query of its own. The query is compiled
    once per process (:mod:`.invitation_lookup`).
    """
    return find_invitation_with(token, None)[0]


def find_invitation_with(token: str, extra: tuple[str, Sequence[Any]] | None) -> tuple[SurveyInvitation, Any]:
    """:func:`find_invitation`, and the value of the SQL expression ``extra`` read in the same statement."""
    if not token or len(token) > 100:
        raise NotFound(_("This survey link is not valid."))
    found, value = invitation_lookup.find_by_token_hash(_lookup_query, hash_token(token), extra=extra)
    if found is None:
        raise NotFound(_("This survey link is not valid."))
    return found, value


def find_public_survey(token: str) -> Survey:
    if not token or len(token) > 100:
        raise NotFound(_("This survey link is not valid."))
    survey = (
        Survey.objects.select_related("organization")
        .defer("form_xlsx")
        .filter(public_token=hash_token(token), public_link_enabled=True)
        .first()
    )
    if survey is None:
        raise NotFound(_("This survey link is not valid."))
    return survey
