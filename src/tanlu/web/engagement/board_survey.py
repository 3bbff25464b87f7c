"""The survey answers of each supplier on the board: its latest wave, and what changed since the previous one.

A supplier's answers are the submitted responses to the customer's own surveys whose invitation was sent to it:
its relationship's contact email, its supplier code (an attribute :func:`tanlu.web.surveys.participants.invite_suppliers`
writes) or its name as the invitation's company. The latest wave is the newest survey the supplier answered; the
previous one is that survey's ``previous_wave``, when the supplier answered it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import translation

from tanlu.survey.form import Form, Question, text_in
from tanlu.web.accounts.models import Organization, SupplierRelationship
from tanlu.web.surveys.loading import load_form
from tanlu.web.surveys.models import Answer, ResponseStatus, Survey, SurveyResponse


@dataclass(frozen=True)
class SurveyAnswers:
    """One supplier's answers to the latest wave it answered, and to the previous wave (if any)."""

    survey: Survey
    submitted_at: datetime | None
    answers: dict[str, str]
    previous: Survey | None
    previous_answers: dict[str, str] | None

    @property
    def changed(self) -> list[str]:
        """The questions answered in both waves whose answer changed."""
        if self.previous_answers is None:
            return []
        before = self.previous_answers
        return [q for q, v in self.answers.items() if q in before and before[q] != v]


class _Owners:
    """Which supplier relationship an invitation was sent to: by contact email, then supplier code, then name."""

    def __init__(self, links: list[SupplierRelationship]) -> None:
        self.by_email: dict[str, SupplierRelationship] = {}
        self.by_code: dict[str, SupplierRelationship] = {}
        self.by_name: dict[str, SupplierRelationship] = {}
        for link in links:
            if link.contact_email.strip():
                self.by_email.setdefault(link.contact_email.strip().lower(), link)
            if link.supplier_code:
                self.by_code.setdefault(link.supplier_code, link)
            for name in (link.supplier.name, link.supplier.name_en):
                if name:
                    self.by_name.setdefault(name, link)

    def find(self, email: str, company: str, attributes: dict[str, object]) -> SupplierRelationship | None:
        code = str((attributes or {}).get("supplier_code", "")).strip()
        return (
            self.by_email.get(email.strip().lower())
            or (self.by_code.get(code) if code else None)
            or self.by_name.get(company.strip())
        )


def answers_by_link(
    organization: Organization, links: Iterable[SupplierRelationship]
) -> dict[int, SurveyAnswers]:
    """Each link's latest and previous answers, from the organization's own surveys only (three queries)."""
    links = list(links)
    if not links:
        return {}
    responses = (
        SurveyResponse.objects.for_organization(organization)
        .filter(status=ResponseStatus.SUBMITTED, invitation__isnull=False)
        .values_list(
            "pk",
            "survey_id",
            "submitted_at",
            "invitation__email",
            "invitation__company",
            "invitation__attributes",
        )
    )
    owners = _Owners(links)
    by_link: dict[int, dict[int, tuple[int, datetime | None]]] = {}
    for pk, survey_id, submitted_at, email, company, attributes in responses:
        link = owners.find(email or "", company or "", attributes or {})
        if link is not None:
            by_link.setdefault(link.pk, {})[survey_id] = (pk, submitted_at)
    surveys = {
        s.pk: s
        for s in Survey.objects.for_organization(organization).filter(
            pk__in={sid for answered in by_link.values() for sid in answered}
        )
    }
    chosen: dict[int, tuple[Survey, int, datetime | None, Survey | None, int | None]] = {}
    for link_id, answered in by_link.items():
        latest = max((surveys[sid] for sid in answered), key=lambda s: (s.created_at, s.pk))
        response, submitted = answered[latest.pk]
        previous = surveys.get(latest.previous_wave_id) if latest.previous_wave_id in answered else None
        chosen[link_id] = (
            latest,
            response,
            submitted,
            previous,
            answered[previous.pk][0] if previous else None,
        )
    wanted = {c[1] for c in chosen.values()} | {c[4] for c in chosen.values() if c[4] is not None}
    values: dict[int, dict[str, str]] = {}
    for response_id, question, value, shown in Answer.objects.filter(response_id__in=wanted).values_list(
        "response_id", "question", "value", "shown"
    ):
        if shown and value:
            values.setdefault(response_id, {})[question] = value
    return {
        link_id: SurveyAnswers(
            survey=latest,
            submitted_at=submitted,
            answers=values.get(response, {}),
            previous=previous,
            previous_answers=values.get(previous_response, {}) if previous_response is not None else None,
        )
        for link_id, (latest, response, submitted, previous, previous_response) in chosen.items()
    }


def _language() -> str:
    return "zh" if (translation.get_language() or "").startswith("zh") else "en"


def answer_text(form: Form, question: Question, value: str, language: str) -> str:
    """A stored answer as the reader reads it: the options' labels for choice questions, else the text."""
    if not value:
        return ""
    if question.choices is None:
        return value
    labels = {c.name: text_in(c.label, language, c.name) for c in form.choices_for(question)}
    names = value.split() if question.type == "select_multiple" else [value]
    return "; ".join(labels.get(name, name) for name in names)


def answer_rows(entry: SurveyAnswers) -> list[dict[str, object]]:
    """Question by question of the latest wave: its label, the answer now and before, and whether it changed."""
    language = _language()
    form = load_form(entry.survey)
    before_form = load_form(entry.previous) if entry.previous is not None else None
    changed = set(entry.changed)
    rows: list[dict[str, object]] = []
    for question in form.answer_questions():
        now = entry.answers.get(question.name, "")
        before = (entry.previous_answers or {}).get(question.name, "")
        if not now and not before:
            continue
        before_text = ""
        if before and before_form is not None and before_form.has_question(question.name):
            before_text = answer_text(before_form, before_form.question(question.name), before, language)
        rows.append(
            {
                "name": question.name,
                "label": text_in(question.label, language, question.name),
                "now": answer_text(form, question, now, language),
                "before": before_text,
                "changed": question.name in changed,
            }
        )
    return rows
