"""What people do with surveys: create and edit them, invite participants, answer, submit and close.

Views, the CLI and the API call these functions; they check roles, write the audit log and queue email, so the rules
hold whichever adapter is used. Validation of answers is the survey core's (:func:`tanlu.survey.responses.check_response`),
so the browser form, the import and the API agree.

Links. A personal link ``/s/<token>/`` and the public link ``/p/<token>/`` carry 256-bit tokens. The database keeps
only their SHA-256 (``token_hash``, ``public_token``) for lookup, plus a random nonce: the token itself is an HMAC of
the nonce under the secret key, so a reminder can repeat the link the invitation carried while a copy of the
database alone gives no valid link away.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from tanlu.errors import InputError, NotFound, RowIssue, RowsRejected
from tanlu.survey.builtin import build_builtin_xlsx
from tanlu.survey.form import Form, Group, Page, Question
from tanlu.survey.responses import check_response
from tanlu.survey.xlsform import read_xlsform, write_xlsform
from tanlu.tabular import read_table
from tanlu.web.accounts.models import Membership, Role, hash_token
from tanlu.web.accounts.services import absolute_url, audit, require_role
from tanlu.web.surveys import loading
from tanlu.web.surveys.models import (
    Answer,
    InvitationStatus,
    ResponseStatus,
    Survey,
    SurveyInvitation,
    SurveyResponse,
    SurveyStatus,
)

logger = logging.getLogger("tanlu.surveys")

MAX_FORM_BYTES = 5 * 1024 * 1024
MAX_PARTICIPANT_ROWS = 20_000
MAX_ANSWER_CHARS = 10_000
_REQUIRED = "an answer is required"

# ------------------------------------------------------------------------------------------------ tokens


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


def respond_url(invitation: SurveyInvitation) -> str:
    """The personal link, built from ``TANLU_BASE_URL`` (never from a request's Host header)."""
    return absolute_url(reverse("surveys:respond", args=[invitation_token(invitation)]))


def public_url(survey: Survey) -> str:
    return absolute_url(reverse("surveys:respond_public", args=[public_token(survey)]))


def _new_nonce() -> str:
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


def find_invitation(token: str) -> SurveyInvitation:
    """The invitation behind a personal token, with its survey and response; :class:`NotFound` for any unknown token.

    One indexed query, reading only what answering needs (not the questionnaire's workbook); the response (or
    its absence) comes along, so :func:`response_for_invitation` needs no query of its own.
    """
    if not token or len(token) > 100:
        raise NotFound(_("This survey link is not valid."))
    try:
        return (
            SurveyInvitation.objects.select_related("survey", "response")
            .only("id", "organization_id", "survey_id", "email", "name", "company", "language", "status",
                  "opened_at", "token_hash", "token_nonce", *_SURVEY_FIELDS, *_RESPONSE_FIELDS)
            .get(token_hash=hash_token(token))
        )  # fmt: skip
    except SurveyInvitation.DoesNotExist:
        raise NotFound(_("This survey link is not valid.")) from None


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


# ------------------------------------------------------------------------------------------------ forms

_FORMS: dict[tuple[int, int, Any], Form] = {}


def survey_form(survey: Survey) -> Form:
    """The survey's questionnaire, parsed once per version and process (the workbook is read only on a miss)."""
    key = (survey.pk, survey.form_version, survey.created_at)  # the creation time tells a reused id apart
    form = _FORMS.get(key)
    if form is None:
        data = Survey.objects.filter(pk=survey.pk).values_list("form_xlsx", flat=True).first()
        form = read_xlsform(bytes(data or b""), filename=f"survey-{survey.pk}-v{survey.form_version}.xlsx")
        if len(_FORMS) > 128:
            _FORMS.clear()
        _FORMS[key] = form
    return form


def read_form_upload(data: bytes, filename: str) -> Form:
    """An uploaded XLSForm (.xlsx, or pyxform CSV/Markdown), refused with file, sheet, row and column."""
    if len(data) > MAX_FORM_BYTES:
        raise InputError(_("The file is larger than 5 MB."), file=filename)
    if not data:
        raise InputError(_("The file is empty."), file=filename)
    return read_xlsform(data, filename=filename)


def _titles(form: Form) -> tuple[str, str]:
    title_zh = form.title.get("zh") or ""
    title_en = form.title.get("en") or ""
    if not (title_zh or title_en):
        title_en = next(iter(form.title.values()), form.form_id)
    return title_en[:300], title_zh[:300]


@transaction.atomic
def create_survey(membership: Membership | None, form: Form, workbook: bytes) -> Survey:
    """A draft survey from a validated form; its identifier is the form's ``form_id``."""
    actor = require_role(membership, Role.EDITOR)
    if Survey.objects.filter(organization=actor.organization, identifier=form.form_id).exists():
        raise InputError(
            _("A survey with the identifier %(id)s exists already; change form_id in the settings sheet.")
            % {"id": form.form_id},
            sheet="settings",
            column="form_id",
            value=form.form_id,
        )
    title_en, title_zh = _titles(form)
    survey = Survey.objects.create(
        organization=actor.organization,
        identifier=form.form_id,
        title_en=title_en,
        title_zh=title_zh,
        form_xlsx=workbook,
    )
    audit(actor.organization, actor.user, "survey.created", form.form_id)
    return survey


def create_builtin_survey(membership: Membership | None, name: str = "aiag_wave2") -> Survey:
    """One click: a draft survey from a questionnaire shipped with Tanlu (identifier made unique if taken)."""
    actor = require_role(membership, Role.EDITOR)
    workbook = build_builtin_xlsx(name)
    form = read_xlsform(workbook, filename=f"{name}.xlsx")
    taken = set(
        Survey.objects.filter(
            organization=actor.organization, identifier__startswith=form.form_id
        ).values_list("identifier", flat=True)
    )
    identifier, number = form.form_id, 1
    while identifier in taken:
        number += 1
        identifier = f"{form.form_id}_{number}"
    if identifier != form.form_id:
        form = dataclasses.replace(form, form_id=identifier)
        workbook = write_xlsform(form)
    return create_survey(actor, form, workbook)


def create_survey_from_upload(membership: Membership | None, data: bytes, filename: str) -> Survey:
    require_role(membership, Role.EDITOR)
    form = read_form_upload(data, filename)
    return create_survey(membership, form, write_xlsform(form) if not data.startswith(b"PK") else data)


@transaction.atomic
def upload_version(membership: Membership | None, survey: Survey, data: bytes, filename: str) -> Survey:
    """A new version of the questionnaire; its ``form_id`` must stay the survey's identifier."""
    actor = require_role(membership, Role.EDITOR)
    _same_organization(actor, survey)
    form = read_form_upload(data, filename)
    if form.form_id != survey.identifier:
        raise InputError(
            _("The form_id is %(found)s, but this survey's identifier is %(id)s.")
            % {"found": form.form_id, "id": survey.identifier},
            file=filename,
            sheet="settings",
            column="form_id",
            value=form.form_id,
        )
    return _store_version(actor, survey, form, data if data.startswith(b"PK") else write_xlsform(form))


def _store_version(actor: Membership, survey: Survey, form: Form, workbook: bytes) -> Survey:
    survey.title_en, survey.title_zh = _titles(form)
    survey.form_xlsx = workbook
    survey.form_version += 1
    survey.save(update_fields=["title_en", "title_zh", "form_xlsx", "form_version", "updated_at"])
    audit(actor.organization, actor.user, "survey.version", f"{survey.identifier} v{survey.form_version}")
    return survey


def _replace_texts(node: Question | Group, labels: Mapping[tuple[str, str], str]) -> Question | Group:
    label = dict(node.label)
    for (name, language), text in labels.items():
        if name == node.name:
            if text.strip():
                label[language] = text.strip()
            else:
                label.pop(language, None)
    if isinstance(node, Group):
        children = tuple(_replace_texts(child, labels) for child in node.children)
        return dataclasses.replace(node, label=label, children=children)
    return dataclasses.replace(node, label=label)


@transaction.atomic
def edit_texts(
    membership: Membership | None,
    survey: Survey,
    *,
    titles: Mapping[str, str],
    labels: Mapping[tuple[str, str], str],
) -> Survey:
    """Change the title and question/group labels per language (``{(name, language): text}``): a new version."""
    actor = require_role(membership, Role.EDITOR)
    _same_organization(actor, survey)
    form = survey_form(survey)
    title = {language: text.strip() for language, text in titles.items() if text.strip()} or form.title
    languages = tuple(dict.fromkeys([*form.languages, *title, *(language for _n, language in labels)]))
    edited = dataclasses.replace(
        form,
        title=title,
        languages=languages,
        children=tuple(_replace_texts(child, labels) for child in form.children),
    )
    if edited == form:
        return survey
    return _store_version(actor, survey, edited, write_xlsform(edited))


def _same_organization(actor: Membership, survey: Survey) -> None:
    if survey.organization_id != actor.organization_id:
        raise NotFound


# ------------------------------------------------------------------------------------------- open and close


def is_open(survey: Survey) -> bool:
    """Whether the survey takes answers now: opened, and its close date (if any) not reached."""
    return survey.accepting_answers


@transaction.atomic
def open_survey(membership: Membership | None, survey: Survey) -> Survey:
    actor = require_role(membership, Role.EDITOR)
    _same_organization(actor, survey)
    if survey.closes_at is not None and survey.closes_at <= timezone.now():
        raise InputError(_("The close date has passed; set a later one first."), column="closes_at")
    survey.status = SurveyStatus.OPEN
    survey.save(update_fields=["status", "updated_at"])
    audit(actor.organization, actor.user, "survey.opened", survey.identifier)
    return survey


@transaction.atomic
def close_survey(membership: Membership | None, survey: Survey) -> Survey:
    actor = require_role(membership, Role.EDITOR)
    _same_organization(actor, survey)
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
    _same_organization(actor, survey)
    survey.closes_at = closes_at
    survey.public_link_enabled = public_link_enabled
    if public_link_enabled and not survey.public_link_nonce:
        survey.public_link_nonce = _new_nonce()
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
    _same_organization(actor, survey)
    survey.public_link_nonce = _new_nonce()
    survey.public_token = hash_token(public_token(survey))
    survey.save(update_fields=["public_link_nonce", "public_token", "updated_at"])
    audit(actor.organization, actor.user, "survey.public_link_renewed", survey.identifier)
    return survey


# --------------------------------------------------------------------------------------------- participants

_HEADER_ALIASES = {
    "email": "email", "e-mail": "email", "email address": "email", "邮箱": "email", "电子邮件": "email",
    "邮件": "email", "name": "name", "姓名": "name", "联系人": "name", "company": "company", "公司": "company",
    "公司名称": "company", "language": "language", "语言": "language",
}  # fmt: skip
_LANGUAGES = {
    "": "", "zh": "zh-hans", "zh-hans": "zh-hans", "zh-cn": "zh-hans", "zh_cn": "zh-hans", "zh_hans": "zh-hans",
    "cn": "zh-hans", "chinese": "zh-hans", "中文": "zh-hans", "简体中文": "zh-hans", "en": "en", "en-us": "en",
    "en-gb": "en", "english": "en", "英文": "en", "英语": "en",
}  # fmt: skip


@dataclass(frozen=True)
class Participant:
    email: str
    name: str = ""
    company: str = ""
    language: str = ""
    attributes: dict[str, str] = field(default_factory=dict)


def read_participants(data: bytes, filename: str, *, existing: Iterable[str] = ()) -> list[Participant]:
    """A participant list (CSV in UTF-8 or GBK, or XLSX): email, name, company, language and any other columns
    as attributes. All or nothing: every bad cell is reported as :class:`RowsRejected` (row, column, value, reason).
    """
    table = read_table(data, filename=filename, max_rows=MAX_PARTICIPANT_ROWS)
    columns: dict[str, int] = {}
    attributes: dict[str, int] = {}
    issues: list[RowIssue] = []
    for index, header in enumerate(table.headers):
        key = _HEADER_ALIASES.get(header.strip().lower())
        if key and key not in columns:
            columns[key] = index
        elif header.strip() and header.strip() not in attributes:
            attributes[header.strip()[:100]] = index
    if "email" not in columns:
        raise InputError(
            _("The list has no email column (its columns: %(columns)s).")
            % {"columns": ", ".join(table.headers)},
            file=filename,
            sheet=table.sheet,
            row=table.header_row,
        )
    if not table.rows:
        raise InputError(_("The list has no participants."), file=filename, sheet=table.sheet)
    seen = {email.lower(): None for email in existing}
    first_row: dict[str, int] = {}
    participants: list[Participant] = []
    for number, row in zip(table.row_numbers, table.rows, strict=True):

        def issue(column: str, value: str, reason: str, number: int = number) -> None:
            issues.append(RowIssue(number, column, value, reason, filename, table.sheet))

        email = row[columns["email"]].strip().lower()
        email_header = table.headers[columns["email"]]
        try:
            validate_email(email)
        except ValidationError:
            issue(
                email_header, email, _("not an email address") if email else _("an email address is required")
            )
        else:
            if email in seen:
                issue(email_header, email, _("this person is invited already"))
            elif email in first_row:
                issue(
                    email_header, email, _("listed twice (first in row %(row)s)") % {"row": first_row[email]}
                )
            first_row.setdefault(email, number)
        language_raw = row[columns["language"]].strip() if "language" in columns else ""
        language = _LANGUAGES.get(language_raw.lower())
        if language is None:
            issue(table.headers[columns["language"]], language_raw, _("the language must be zh or en"))
        texts = {key: row[columns[key]].strip()[:200] for key in ("name", "company") if key in columns}
        participants.append(
            Participant(
                email=email,
                name=texts.get("name", ""),
                company=texts.get("company", ""),
                language=language or "",
                attributes={name: row[index].strip()[:200] for name, index in attributes.items()},
            )
        )
    if issues:
        raise RowsRejected(issues, file=filename)
    return participants


@transaction.atomic
def import_participants(
    membership: Membership | None, survey: Survey, data: bytes, filename: str
) -> list[SurveyInvitation]:
    """Add every participant of the list as an invitation (not yet sent), or none of them."""
    actor = require_role(membership, Role.EDITOR)
    _same_organization(actor, survey)
    existing = SurveyInvitation.objects.filter(survey=survey).values_list("email", flat=True)
    participants = read_participants(data, filename, existing=list(existing))
    invitations = []
    for participant in participants:
        nonce = _new_nonce()
        invitation = SurveyInvitation(
            organization=survey.organization,
            survey=survey,
            email=participant.email,
            name=participant.name,
            company=participant.company,
            language=participant.language,
            attributes=participant.attributes,
            token_nonce=nonce,
        )
        invitation.token_hash = hash_token(invitation_token(invitation))
        invitations.append(invitation)
    SurveyInvitation.objects.bulk_create(invitations, batch_size=1000)
    audit(
        actor.organization,
        actor.user,
        "survey.participants_imported",
        f"{survey.identifier}: {len(invitations)}",
    )
    return invitations


def _queue_emails(actor: Membership, survey: Survey, invitation_ids: list[int], *, reminder: bool) -> Any:
    from tanlu.web.jobs import services as jobs  # noqa: PLC0415
    from tanlu.web.surveys import tasks  # noqa: PLC0415

    return jobs.start(
        organization=actor.organization,
        user=actor.user,
        kind=tasks.EMAIL_JOB,
        label=(_("Reminders for %(survey)s") if reminder else _("Invitations for %(survey)s"))
        % {"survey": survey},
        parameters={"survey_id": survey.pk, "invitation_ids": invitation_ids, "reminder": reminder},
    )


def _require_open(survey: Survey) -> None:
    if not is_open(survey):
        raise InputError(_("Open the survey before sending invitations or reminders."), column="status")


@transaction.atomic
def send_invitations(membership: Membership | None, survey: Survey) -> tuple[int, Any]:
    """Email every participant not yet invited their personal link, in their language (a background job)."""
    actor = require_role(membership, Role.EDITOR)
    _same_organization(actor, survey)
    _require_open(survey)
    ids = list(
        SurveyInvitation.objects.filter(survey=survey, sent_at__isnull=True).values_list("pk", flat=True)
    )
    if not ids:
        return 0, None
    audit(actor.organization, actor.user, "survey.invitations_sent", f"{survey.identifier}: {len(ids)}")
    return len(ids), _queue_emails(actor, survey, ids, reminder=False)


@transaction.atomic
def send_reminders(membership: Membership | None, survey: Survey) -> tuple[int, Any]:
    """Remind everyone invited who has not submitted yet (bounced addresses left out)."""
    actor = require_role(membership, Role.EDITOR)
    _same_organization(actor, survey)
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
    return len(ids), _queue_emails(actor, survey, ids, reminder=True)


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


# ------------------------------------------------------------------------------------------------ answering


@dataclass
class PageResult:
    """What saving a page did: the response (None when nothing was stored) and the errors per question."""

    response: SurveyResponse | None
    errors: dict[str, list[str]]
    submitted: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def stored_answers(response: SurveyResponse | None) -> dict[str, str]:
    if response is None:
        return {}
    return dict(Answer.objects.filter(response=response).exclude(value="").values_list("question", "value"))


def response_for_invitation(invitation: SurveyInvitation) -> SurveyResponse | None:
    if SurveyInvitation.response.is_cached(invitation):  # read along by find_invitation
        return getattr(invitation, "response", None)
    return SurveyResponse.objects.filter(invitation=invitation).first()


def response_for_resume_key(survey: Survey, key: str | None) -> SurveyResponse | None:
    """The public-link response this key started, in progress or submitted (a retry after success finds it)."""
    if not key or len(key) > 100:
        return None
    return SurveyResponse.objects.filter(survey=survey, resume_key_hash=hash_token(key)).first()


def mark_opened(invitation: SurveyInvitation) -> None:
    """The personal link was opened: ``not opened`` (or ``bounced``, evidently wrongly) becomes ``in progress``."""
    if invitation.status in {InvitationStatus.NOT_OPENED, InvitationStatus.BOUNCED}:
        SurveyInvitation.objects.filter(
            pk=invitation.pk, status__in=[InvitationStatus.NOT_OPENED, InvitationStatus.BOUNCED]
        ).update(status=InvitationStatus.IN_PROGRESS, opened_at=invitation.opened_at or timezone.now())
        invitation.status = InvitationStatus.IN_PROGRESS


def evaluate(form: Form, raw: Mapping[str, str]) -> tuple[dict[str, str], dict[str, bool], list[RowIssue]]:
    """Canonical answers of the questions shown, what is shown, and the issues (answers to hidden questions are
    dropped, not reported: a respondent who changes "yes" to "no" loses the follow-up, as on paper)."""
    response, issues = check_response(form, raw)
    visible_raw = {name: value for name, value in raw.items() if response.shown.get(name, True)}
    if len(visible_raw) != len(raw):
        response, issues = check_response(form, visible_raw)
    return response.answers, response.shown, issues


def _errors_for(issues: list[RowIssue], names: set[str], *, required: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for issue in issues:
        if issue.column in names and (required or issue.reason != _REQUIRED):
            errors.setdefault(str(issue.column), []).append(issue.reason)
    return errors


def save_page(
    survey: Survey,
    form: Form,
    *,
    page: Page,
    posted: Mapping[str, str],
    response: SurveyResponse | None,
    invitation: SurveyInvitation | None = None,
    resume_key: str | None = None,
    language: str = "",
    next_page: int = 0,
    check_required: bool = True,
    submit: bool = False,
) -> PageResult:
    """Validate the answers posted for one page (merged with those stored) and store them in one short transaction.

    Nothing is stored when an answer on the page is invalid; missing required answers block only moving on
    (``check_required``), never saving. ``submit`` checks the whole form and marks the response submitted, once.
    """
    if not is_open(survey):
        raise SurveyClosed
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        raise AlreadySubmitted
    names = {question.name for question in page.questions if question.takes_answer}
    too_long = {
        name: [_("The answer is too long.")]
        for name, value in posted.items()
        if len(value) > MAX_ANSWER_CHARS
    }
    if too_long:
        return PageResult(response, too_long)
    raw = {name: value for name, value in stored_answers(response).items() if name not in names}
    raw.update({name: value for name, value in posted.items() if name in names and value.strip()})
    answers, shown, issues = evaluate(form, raw)
    errors = _errors_for(issues, names, required=check_required or submit)
    if errors:
        return PageResult(response, errors)
    if submit:
        everything = _errors_for(issues, {q.name for q in form.answer_questions()}, required=True)
        if everything:
            return PageResult(response, everything)
    try:
        return _store(
            survey,
            form=form,
            response=response,
            invitation=invitation,
            resume_key=resume_key,
            language=language,
            answers=answers,
            shown=shown,
            next_page=next_page,
            submit=submit,
        )
    except _KeyTaken as taken:
        # the same first post arrived twice (a double-click, a retry): it continues the response the first stored
        return save_page(
            survey,
            form,
            page=page,
            posted=posted,
            response=taken.response,
            resume_key=resume_key,
            language=language,
            next_page=next_page,
            check_required=check_required,
            submit=submit,
        )


class SurveyClosed(NotFound):
    """The survey does not take answers (draft, closed, or past its close date)."""


class AlreadySubmitted(InputError):
    """The response was submitted; it can no longer be changed."""

    def __init__(self) -> None:
        super().__init__(_("These answers were submitted already."))


class _KeyTaken(Exception):
    """A first save whose resume key another request stored first: ``response`` is the one it stored."""

    def __init__(self, response: SurveyResponse) -> None:
        super().__init__(response.pk)
        self.response = response


def _store(
    survey: Survey,
    *,
    form: Form,
    response: SurveyResponse | None,
    invitation: SurveyInvitation | None,
    resume_key: str | None,
    language: str,
    answers: dict[str, str],
    shown: dict[str, bool],
    next_page: int,
    submit: bool,
) -> PageResult:
    now = timezone.now()
    visible = {q.name: shown.get(q.name, False) for q in form.answer_questions()}
    # a first save needs no DELETE of earlier answers: the rows are built here, outside the write lock
    new_answers = (
        [
            Answer(question=name, value=answers.get(name, "") if seen else "", shown=seen)
            for name, seen in visible.items()
        ]
        if response is None
        else []
    )
    try:
        with transaction.atomic():
            if response is None:
                response = SurveyResponse.objects.create(
                    organization_id=survey.organization_id,
                    survey=survey,
                    invitation=invitation,
                    resume_key_hash=hash_token(resume_key) if resume_key else None,
                    respondent=secrets.token_hex(8),
                    status=ResponseStatus.SUBMITTED if submit else ResponseStatus.IN_PROGRESS,
                    submitted_at=now if submit else None,
                    language=language[:10],
                    page=next_page,
                    form_version=survey.form_version,
                )
            elif not submit:
                updated = SurveyResponse.objects.filter(
                    pk=response.pk, status=ResponseStatus.IN_PROGRESS
                ).update(
                    page=next_page, language=language[:10], form_version=survey.form_version, updated_at=now
                )
                if not updated:
                    raise AlreadySubmitted
            elif submit:
                # the status check makes a double submission change nothing the second time
                updated = SurveyResponse.objects.filter(
                    pk=response.pk, status=ResponseStatus.IN_PROGRESS
                ).update(
                    status=ResponseStatus.SUBMITTED,
                    submitted_at=now,
                    language=language[:10],
                    form_version=survey.form_version,
                    updated_at=now,
                )
                if not updated:
                    raise AlreadySubmitted
                response.status, response.submitted_at = ResponseStatus.SUBMITTED, now
            if new_answers:
                for answer in new_answers:
                    answer.response = response
                Answer.objects.bulk_create(new_answers)
            else:
                loading.save_answers(response, answers, visible)
            if invitation is not None:
                status = InvitationStatus.COMPLETED if submit else InvitationStatus.IN_PROGRESS
                if invitation.status != status or invitation.opened_at is None:
                    invitation.opened_at = invitation.opened_at or now
                    SurveyInvitation.objects.filter(pk=invitation.pk).update(
                        status=status, opened_at=invitation.opened_at
                    )
                    invitation.status = status
    except IntegrityError:
        # a concurrent first save of the same invitation or resume key created the response: nothing of ours was
        # stored (the unique keys on ``invitation`` and ``resume_key_hash`` decide which request stored it)
        first = (
            SurveyResponse.objects.filter(survey=survey, resume_key_hash=hash_token(resume_key)).first()
            if response is None and invitation is None and resume_key
            else None
        )
        raise (AlreadySubmitted() if first is None else _KeyTaken(first)) from None
    response.page = next_page
    return PageResult(response, {}, submitted=submit)


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


def response_counts(survey: Survey) -> dict[str, int]:
    counts = dict(
        SurveyResponse.objects.filter(survey=survey).values_list("status").annotate(n=Count("id")).order_by()
    )
    return {status: counts.get(status, 0) for status in ResponseStatus.values}


def form_language(form: Form, language_code: str) -> str:
    """The form's language for an interface language (``zh-hans`` -> ``zh``), else the form's default."""
    wanted = (
        "zh" if language_code.lower().startswith("zh") else language_code.split("-", maxsplit=1)[0].lower()
    )
    return wanted if wanted in form.languages else form.default_language
