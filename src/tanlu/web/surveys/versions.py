"""A survey's questionnaire: created (uploaded or built in), its versions and its texts, parsed once per version."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tanlu.errors import InputError
from tanlu.survey.builtin import build_builtin_xlsx
from tanlu.survey.form import Form, Group, Question
from tanlu.survey.xlsform import read_xlsform, write_xlsform
from tanlu.web.accounts.models import Membership, Role
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.surveys.lifecycle import same_organization
from tanlu.web.surveys.models import Survey

MAX_FORM_BYTES = 5 * 1024 * 1024

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


@transaction.atomic
def create_builtin_survey(
    membership: Membership | None,
    name: str = "aiag_wave2",
    *,
    wave: int | None = None,
    titles: Mapping[str, str] | None = None,
    previous_wave: Survey | None = None,
) -> Survey:
    """A draft survey from a questionnaire shipped with Tanlu.

    ``wave`` names the identifier (``aiag_wave3``); ``titles`` (``{"zh": …, "en": …}``) replace the shipped title
    per language (an empty one keeps it); ``previous_wave`` is the survey the results compare with. The identifier
    is made unique if taken.
    """
    actor = require_role(membership, Role.EDITOR)
    if previous_wave is not None:
        same_organization(actor, previous_wave)
    workbook = build_builtin_xlsx(name)
    form = read_xlsform(workbook, filename=f"{name}.xlsx")
    base = f"{form.form_id.rstrip('0123456789')}{wave}" if wave is not None else form.form_id
    taken = set(
        Survey.objects.filter(organization=actor.organization, identifier__startswith=base).values_list(
            "identifier", flat=True
        )
    )
    identifier, number = base, 1
    while identifier in taken:
        number += 1
        identifier = f"{base}_{number}"
    title = {
        **form.title,
        **{language: text.strip() for language, text in (titles or {}).items() if text.strip()},
    }
    if identifier != form.form_id or title != form.title:
        form = dataclasses.replace(form, form_id=identifier, title=title)
        workbook = write_xlsform(form)
    survey = create_survey(actor, form, workbook)
    if previous_wave is not None:
        survey.previous_wave = previous_wave
        survey.save(update_fields=["previous_wave", "updated_at"])
    return survey


def create_survey_from_upload(membership: Membership | None, data: bytes, filename: str) -> Survey:
    require_role(membership, Role.EDITOR)
    form = read_form_upload(data, filename)
    return create_survey(membership, form, write_xlsform(form) if not data.startswith(b"PK") else data)


@transaction.atomic
def upload_version(membership: Membership | None, survey: Survey, data: bytes, filename: str) -> Survey:
    """A new version of the questionnaire; its ``form_id`` must stay the survey's identifier."""
    actor = require_role(membership, Role.EDITOR)
    same_organization(actor, survey)
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
    same_organization(actor, survey)
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
