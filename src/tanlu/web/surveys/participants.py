"""Participants of a survey: read from a list (CSV or XLSX) and added as invitations not yet sent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanlu.errors import InputError, NotFound, RowIssue, RowsRejected
from tanlu.tabular import read_table
from tanlu.web.accounts.models import Membership, Role, SupplierRelationship, hash_token
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
    participants = read_participants(data, filename, existing=_invited(survey))
    invitations = _add(survey, participants)
    audit(
        actor.organization,
        actor.user,
        "survey.participants_imported",
        f"{survey.identifier}: {len(invitations)}",
    )
    return invitations


@transaction.atomic
def add_participant(
    membership: Membership | None,
    survey: Survey,
    *,
    email: str,
    name: str = "",
    company: str = "",
    language: str = "",
) -> SurveyInvitation:
    """One person typed in on the page: refused (naming the field) when the address is not one or is invited."""
    actor = require_role(membership, Role.EDITOR)
    same_organization(actor, survey)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InputError(_("This is not an email address."), column="email", value=email) from None
    if email in _invited(survey):
        raise InputError(_("%(email)s is invited already.") % {"email": email}, column="email", value=email)
    if language not in _LANGUAGES.values():
        raise InputError(_("the language must be zh or en"), column="language", value=language)
    (invitation,) = _add(survey, [Participant(email, name.strip()[:200], company.strip()[:200], language)])
    audit(actor.organization, actor.user, "survey.participant_added", f"{survey.identifier}: {email}")
    return invitation


@dataclass(frozen=True)
class SupplierInvites:
    """What inviting suppliers did: the invitations added and the suppliers left out, each with its reason."""

    added: list[SurveyInvitation]
    without_email: list[SupplierRelationship]
    invited_already: list[SupplierRelationship]


@transaction.atomic
def invite_suppliers(
    membership: Membership | None,
    survey: Survey,
    suppliers: Iterable[SupplierRelationship],
    *,
    language: str = "",
) -> SupplierInvites:
    """Add the contacts of the organization's own supplier relationships as participants (not yet sent).

    A supplier without a contact email, or whose contact is invited already, is left out and named in the result,
    never dropped silently. The relationship's tier, category, region and supplier code become attributes, so the
    results can be filtered by them as by a list's columns.
    """
    actor = require_role(membership, Role.EDITOR)
    same_organization(actor, survey)
    seen = _invited(survey)
    participants, without_email, invited_already = [], [], []
    for link in suppliers:
        if link.organization_id != actor.organization_id:
            raise NotFound
        email = link.contact_email.strip().lower()
        if not email:
            without_email.append(link)
        elif email in seen:
            invited_already.append(link)
        else:
            seen.add(email)
            attributes = {
                "tier": str(link.tier),
                "category": link.category,
                "region": link.region,
                "supplier_code": link.supplier_code,
            }
            participants.append(
                Participant(
                    email=email,
                    name=link.contact_name[:200],
                    company=link.supplier.name[:200],
                    language=language,
                    attributes={key: value[:200] for key, value in attributes.items() if value},
                )
            )
    added = _add(survey, participants)
    if added:
        audit(
            actor.organization, actor.user, "survey.suppliers_invited", f"{survey.identifier}: {len(added)}"
        )
    return SupplierInvites(added, without_email, invited_already)


def _invited(survey: Survey) -> set[str]:
    return {
        email.lower()
        for email in SurveyInvitation.objects.filter(survey=survey).values_list("email", flat=True)
    }


def _add(survey: Survey, participants: Iterable[Participant]) -> list[SurveyInvitation]:
    invitations = []
    for participant in participants:
        invitation = SurveyInvitation(
            organization=survey.organization,
            survey=survey,
            email=participant.email,
            name=participant.name,
            company=participant.company,
            language=participant.language,
            attributes=participant.attributes,
            token_nonce=new_nonce(),
        )
        invitation.token_hash = hash_token(invitation_token(invitation))
        invitations.append(invitation)
    SurveyInvitation.objects.bulk_create(invitations, batch_size=1000)
    return invitations


#: readable names of the attributes Tanlu itself writes and of the example list's columns (others show as written)
ATTRIBUTE_LABELS = {
    "tier": gettext_lazy("Tier"),
    "customer_oem": gettext_lazy("Customer OEM"),
    "region": gettext_lazy("Region"),
    "category": gettext_lazy("Commodity or category"),
    "supplier_code": gettext_lazy("Supplier code"),
}


def attribute_label(name: str) -> str:
    """The column heading for a participant attribute: a known one translated, another as its list wrote it."""
    return str(ATTRIBUTE_LABELS.get(name.strip().lower(), name))
