"""Supplier targets between the database and the core: what a target is judged on, its progress and its chart.

The facts behind a target are the footprint requests of one customer to one supplier and their answers; the caller
passes them already scoped (:func:`tanlu.web.accounts.tenancy.scoped` for the customer,
:func:`tanlu.web.engagement.tenancy.addressed` for the supplier), so nobody's target is judged on rows they may not
see. The arithmetic is :mod:`tanlu.exchange.supplier_targets`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tanlu import charts
from tanlu.exchange import supplier_targets as core
from tanlu.web.engagement.models import (
    Decision,
    FootprintAnswer,
    FootprintRequest,
    SupplierTarget,
    TargetKind,
)

#: charts sized like the inventory dashboard's cards: 13 px text in a card about 480 px wide
CHART: dict[str, Any] = {"width": 320.0, "font_size": 13.0, "display_width": 480.0, "height": 240.0}
ON_TRACK, OFF_TRACK, NO_DATA = "on_track", "off_track", "no_data"


@dataclass
class Facts:
    """One customer's requests to one supplier, and every answer to them (newest version first)."""

    requests: list[FootprintRequest] = field(default_factory=list)
    answers: dict[int, list[FootprintAnswer]] = field(default_factory=dict)

    def family(self, prefix: str) -> list[FootprintRequest]:
        return [r for r in self.requests if r.part_number.startswith(prefix)]


def facts_by_pair(requests: QuerySet[FootprintRequest]) -> dict[tuple[int, int], Facts]:
    """The requests given (already scoped) and their answers, by (customer id, supplier id), in two queries."""
    found: dict[tuple[int, int], Facts] = defaultdict(Facts)
    by_id: dict[int, FootprintRequest] = {}
    for request in requests.order_by("created_at", "pk"):
        found[request.organization_id, request.supplier_id].requests.append(request)
        by_id[request.pk] = request
    answers = FootprintAnswer.objects.filter(request_id__in=list(by_id)).order_by("request_id", "-version")
    for answer in answers.defer("document"):
        request = by_id[answer.request_id]
        found[request.organization_id, request.supplier_id].answers.setdefault(request.pk, []).append(answer)
    return found


def reference_year(answer: FootprintAnswer) -> int:
    """The year the footprint's reference period ended (its check finding says), else the year it arrived."""
    for finding in answer.findings or ():
        end = str((finding.get("params") or {}).get("end", ""))
        if finding.get("code") == "reference_period" and end[:4].isdigit():
            return int(end[:4])
    return answer.created_at.year


@dataclass(frozen=True)
class TargetView:
    """A target with its progress: what the board, the supplier's page and the export show."""

    target: SupplierTarget
    progress: core.IntensityProgress | core.ShareProgress | core.DeadlineProgress | None
    status: str

    @property
    def label(self) -> str:
        return describe(self.target)

    @property
    def summary(self) -> str:
        return summary(self)

    @property
    def chart(self) -> str:
        return chart(self)


def describe(target: SupplierTarget) -> str:
    """The target in one line of the reader's language."""
    family = target.part_family or _("all parts")
    if target.kind == TargetKind.INTENSITY:
        return _("Footprint intensity of %(family)s −%(rate)s %% per year from %(base)s to %(year)s") % {
            "family": family,
            "rate": _number(target.annual_reduction_percent),
            "base": target.base_year,
            "year": target.target_year,
        }
    if target.kind == TargetKind.RENEWABLE:
        return _("Renewable electricity %(target)s %% by %(year)s (%(base)s %% in %(base_year)s)") % {
            "target": _number(target.target_share),
            "year": target.target_year,
            "base": _number(target.base_share),
            "base_year": target.base_year,
        }
    return _("Footprints of %(family)s accepted by %(deadline)s") % {
        "family": family,
        "deadline": target.deadline.isoformat() if target.deadline else "—",
    }


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".removesuffix(".0")


def progress(target: SupplierTarget, facts: Facts, today: date) -> TargetView:
    """The target's progress from the facts (the customer's requests to this supplier and their answers)."""
    result: core.IntensityProgress | core.ShareProgress | core.DeadlineProgress | None = None
    on_track: bool | None = None
    if target.kind == TargetKind.INTENSITY and target.base_year and target.target_year:
        observations = [
            core.Observation(request.part_number, reference_year(answer), answer.total)
            for request in facts.family(target.part_family)
            for answer in reversed(facts.answers.get(request.pk, []))
            if answer.decision == Decision.ACCEPTED
        ]
        result = core.intensity_progress(
            observations,
            base_year=target.base_year,
            annual_reduction_percent=target.annual_reduction_percent or 0.0,
            target_year=target.target_year,
        )
        on_track = result.on_track
    elif target.kind == TargetKind.RENEWABLE and target.base_year and target.target_year:
        readings = (
            [(target.reported_year, target.reported_share)]
            if target.reported_year and target.reported_share is not None
            else []
        )
        result = core.share_progress(
            base_year=target.base_year,
            base=target.base_share or 0.0,
            target_year=target.target_year,
            target=target.target_share or 0.0,
            readings=readings,
        )
        on_track = result.on_track
    elif target.kind == TargetKind.DISCLOSURE and target.deadline:
        parts = [
            core.Disclosure(request.part_number, _accepted_on(facts.answers.get(request.pk, [])))
            for request in facts.family(target.part_family)
        ]
        result = core.deadline_progress(parts, deadline=target.deadline, today=today)
        on_track = None if not result.requested else result.status != core.MISSED
    status = NO_DATA if on_track is None else ON_TRACK if on_track else OFF_TRACK
    return TargetView(target, result, status)


def _accepted_on(answers: list[FootprintAnswer]) -> date | None:
    days = [a.decided_at.date() for a in answers if a.decision == Decision.ACCEPTED and a.decided_at]
    return min(days, default=None)


def summary(view: TargetView) -> str:  # noqa: PLR0911 - one sentence per kind and state
    """What the progress says, in a sentence of the reader's language."""
    result = view.progress
    if isinstance(result, core.IntensityProgress):
        if result.achieved_percent is None:
            return _("No two accepted footprints of these parts in different years yet.")
        return _("%(achieved)s %% lower than the base (%(required)s %% required), over %(parts)s parts.") % {
            "achieved": _number(result.achieved_percent),
            "required": _number(result.required_percent),
            "parts": sum(1 for p in result.parts if p.judged),
        }
    if isinstance(result, core.ShareProgress):
        if result.latest is None:
            return _("No share reported yet.")
        return _("%(share)s %% reported for %(year)s (the path: %(path)s %%).") % {
            "share": _number(result.latest),
            "year": result.latest_year,
            "path": _number(result.path_value),
        }
    if isinstance(result, core.DeadlineProgress):
        if not result.requested:
            return _("No footprint of these parts requested yet.")
        return _("%(done)s of %(count)s parts accepted (%(late)s after the deadline).") % {
            "done": result.in_time + result.late,
            "count": result.requested,
            "late": result.late,
        }
    return _("The target is incomplete.")


def chart(view: TargetView) -> str:
    """A line chart of the progress (matplotlib SVG, as the other charts), or "" when there is nothing to draw."""
    result = view.progress
    if isinstance(result, core.IntensityProgress) and any(v is not None for v in result.index):
        return charts.line_chart(
            [str(y) for y in result.years],
            {_("Accepted footprints"): list(result.index), _("Target path"): list(result.path)},
            unit=_("index, base year = 100"),
            title=view.label,
            **CHART,
        )
    if isinstance(result, core.ShareProgress):
        years = list(range(result.base_year, max(result.target_year, result.latest_year or 0) + 1))
        reported: list[float | None] = [
            result.base if y == result.base_year else result.latest if y == result.latest_year else None
            for y in years
        ]
        path = [
            core.share_path(result.base_year, result.base, result.target_year, result.target, y)
            for y in years
        ]
        return charts.line_chart(
            [str(y) for y in years],
            {_("Reported"): reported, _("Target path"): path},
            unit="%",
            title=view.label,
            **CHART,
        )
    return ""
