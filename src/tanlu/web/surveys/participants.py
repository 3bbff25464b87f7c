"""Participants of a survey: read from a list (CSV or XLSX) and added as invitations not yet sent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from tanlu.errors import InputError, RowIssue, RowsRejected
from tanlu.tabular import read_table
from tanlu.web.accounts.models import Membership, Role, hash_token
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.surveys.lifecycle import same_organization
from tanlu.web.surveys.links import invitation_token, new_nonce
from tanlu.web.surveys.models import Survey, SurveyInvitation

MAX_PARTICIPANT_ROWS = 20_000

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
    same_organization(actor, survey)
    existing = SurveyInvitation.objects.filter(survey=survey).values_list("email", flat=True)
    participants = read_participants(data, filename, existing=list(existing))
    invitations = []
    for participant in participants:
        nonce = new_nonce()
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
