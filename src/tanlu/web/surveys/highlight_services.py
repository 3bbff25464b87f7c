"""The report's summary and take-aways: statements generated from the data, picked, edited and ordered by the owner.

Generated statements come from :func:`tanlu.survey.highlights.highlights` (the seed report's style, in English and
Chinese: shares, the largest answers, notable changes between waves). A picked statement is stored as a
:class:`~tanlu.web.surveys.models.Highlight` with its generator key in ``source``; from then on it is the owner's text
and does not change when the data does. Positions order the statements within the summary and the take-aways.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from tanlu.errors import InputError
from tanlu.survey.highlights import Highlight as Generated
from tanlu.web.accounts.models import Membership, Role
from tanlu.web.accounts.services import require_role
from tanlu.web.surveys.models import Highlight, HighlightKind, Survey
from tanlu.web.surveys.reports import compute

__all__ = ["Candidate", "add", "candidates", "delete", "move", "update"]


@dataclass(frozen=True)
class Candidate:
    """A generated statement and whether it is already in the report."""

    key: str
    highlight: Generated
    picked: bool


def _key(highlight: Generated) -> str:
    return f"{highlight.kind}:{highlight.question}:{'+'.join(highlight.options)}"[:200]


def candidates(survey: Survey) -> list[Candidate]:
    """Every statement the data supports now (compared with the previous wave when linked)."""
    report = compute(survey).report
    picked = set(Highlight.objects.filter(survey=survey).values_list("source", flat=True))
    return [Candidate(_key(h), h, _key(h) in picked) for h in report.highlights]


def _kind(kind: str) -> str:
    if kind not in HighlightKind.values:
        raise InputError("a highlight is a summary statement or a take-away", column="kind", value=kind)
    return kind


def _next_position(survey: Survey, kind: str) -> int:
    last = Highlight.objects.filter(survey=survey, kind=kind).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


@transaction.atomic
def add(
    membership: Membership | None,
    survey: Survey,
    *,
    kind: str = HighlightKind.SUMMARY,
    key: str = "",
    text_en: str = "",
    text_zh: str = "",
) -> Highlight:
    """Add a generated statement (by ``key``) or one written by the owner, at the end of its list."""
    require_role(membership, Role.EDITOR)
    kind = _kind(kind)
    if key:
        found = {c.key: c.highlight for c in candidates(survey)}
        if key not in found:
            raise InputError("this statement is no longer supported by the data", column="key", value=key)
        text_en, text_zh = found[key].en, found[key].zh
    text_en, text_zh = text_en.strip(), text_zh.strip()
    if not (text_en or text_zh):
        raise InputError("write the statement in at least one language", column="text_en")
    return Highlight.objects.create(
        organization=survey.organization,
        survey=survey,
        kind=kind,
        position=_next_position(survey, kind),
        text_en=text_en,
        text_zh=text_zh,
        source=key,
    )


def update(
    membership: Membership | None, highlight: Highlight, *, text_en: str, text_zh: str, kind: str
) -> None:
    require_role(membership, Role.EDITOR)
    text_en, text_zh = text_en.strip(), text_zh.strip()
    if not (text_en or text_zh):
        raise InputError("write the statement in at least one language", column="text_en")
    kind = _kind(kind)
    if kind != highlight.kind:
        highlight.position = _next_position(highlight.survey, kind)
    highlight.text_en, highlight.text_zh, highlight.kind = text_en, text_zh, kind
    highlight.save(update_fields=["text_en", "text_zh", "kind", "position"])


def delete(membership: Membership | None, highlight: Highlight) -> None:
    require_role(membership, Role.EDITOR)
    highlight.delete()


@transaction.atomic
def move(membership: Membership | None, highlight: Highlight, direction: str) -> None:
    """Move a statement one place up or down in its list (positions renumbered 1, 2, 3…)."""
    require_role(membership, Role.EDITOR)
    siblings = list(
        Highlight.objects.filter(survey=highlight.survey, kind=highlight.kind).order_by("position", "id")
    )
    index = next(i for i, h in enumerate(siblings) if h.pk == highlight.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, item in enumerate(siblings, start=1):
        if item.position != position:
            Highlight.objects.filter(pk=item.pk).update(position=position)
