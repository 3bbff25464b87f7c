"""The supplier board: every supplier of one customer with its survey answers, requests, footprints and targets.

One row per supplier relationship of the customer (:func:`tanlu.web.accounts.tenancy.scoped`): nothing of another
customer's, and only the customer's own surveys, requests and targets, enter a row. The rows are built in a fixed
number of queries whatever the number of suppliers, then filtered and sorted in Python (a board holds the
customer's suppliers, hundreds, not millions).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from tanlu import charts
from tanlu.web.accounts.models import Organization, SupplierRelationship
from tanlu.web.engagement import targets
from tanlu.web.engagement.board_survey import SurveyAnswers, answers_by_link
from tanlu.web.engagement.models import Decision, FootprintRequest, RequestStatus, SupplierTarget
from tanlu.web.exchange.models import ReceivedFootprint

#: what the board can be narrowed to (``show``), beside the search text, category and tier
SHOW = ("overdue", "rejected", "problems", "off_track", "no_survey", "no_targets")
SORTS = ("name", "requests", "overdue", "problems", "off_track", "changed", "accepted")


@dataclass
class BoardRow:
    link: SupplierRelationship
    facts: targets.Facts
    survey: SurveyAnswers | None
    targets: list[targets.TargetView] = field(default_factory=list)
    received: int = 0

    @property
    def supplier(self) -> Organization:
        return self.link.supplier

    @property
    def statuses(self) -> Counter[str]:
        return Counter(r.shown_status for r in self.facts.requests)

    @property
    def latest_answers(self) -> list[Any]:
        return [answers[0] for answers in self.facts.answers.values() if answers]

    @property
    def delivered(self) -> int:
        return sum(len(answers) for answers in self.facts.answers.values())

    def decided(self, decision: str) -> int:
        return sum(1 for a in self.latest_answers if a.decision == decision)

    @property
    def accepted(self) -> int:
        return self.decided(Decision.ACCEPTED)

    @property
    def rejected(self) -> int:
        return self.decided(Decision.REJECTED)

    @property
    def pending(self) -> int:
        return self.decided(Decision.PENDING)

    def findings(self, severity: str) -> int:
        return sum(1 for a in self.latest_answers for f in a.findings or () if f.get("severity") == severity)

    @property
    def problems(self) -> int:
        return self.findings("problem")

    @property
    def warnings(self) -> int:
        return self.findings("warning")

    @property
    def verified(self) -> int:
        """Latest answers whose footprint is verified (the verification check passed)."""
        return sum(
            1
            for a in self.latest_answers
            if any(f.get("code") == "verification" and f.get("severity") == "ok" for f in a.findings or ())
        )

    @property
    def verification(self) -> str:
        if not self.latest_answers:
            return ""
        if self.verified == len(self.latest_answers):
            return _("All verified")
        if self.verified:
            return _("%(verified)s of %(count)s verified") % {
                "verified": self.verified,
                "count": len(self.latest_answers),
            }
        return _("Not verified")

    def target_count(self, status: str) -> int:
        return sum(1 for t in self.targets if t.status == status)

    @property
    def on_track(self) -> int:
        return self.target_count(targets.ON_TRACK)

    @property
    def off_track(self) -> int:
        return self.target_count(targets.OFF_TRACK)

    @property
    def changed(self) -> int:
        return len(self.survey.changed) if self.survey else 0


def build(
    organization: Organization, today: date, link: SupplierRelationship | None = None
) -> list[BoardRow]:
    """Every supplier of ``organization`` (or the one of ``link``) as a board row, from its own data only."""
    found = SupplierRelationship.objects.for_organization(organization).select_related("supplier")
    requests = FootprintRequest.objects.for_organization(organization)
    if link is not None:
        found, requests = found.filter(pk=link.pk), requests.filter(supplier=link.supplier_id)
    links = list(found)
    facts = targets.facts_by_pair(requests)
    surveys = answers_by_link(organization, links)
    received = Counter(
        ReceivedFootprint.objects.for_organization(organization).values_list("company_name", flat=True)
    )
    rows = {
        link.pk: BoardRow(
            link=link,
            facts=facts.get((organization.pk, link.supplier_id), targets.Facts()),
            survey=surveys.get(link.pk),
            received=received.get(link.supplier.name, 0)
            + (received.get(link.supplier.name_en, 0) if link.supplier.name_en != link.supplier.name else 0),
        )
        for link in links
    }
    for target in SupplierTarget.objects.for_organization(organization).filter(relationship__in=links):
        row = rows[target.relationship_id]
        row.targets.append(targets.progress(target, row.facts, today))
    return list(rows.values())


def _matches(row: BoardRow, text: str) -> bool:
    haystack = [
        row.supplier.name,
        row.supplier.name_en,
        row.link.supplier_code,
        row.link.category,
        row.link.region,
        *(r.part_number for r in row.facts.requests),
        *(r.part_name for r in row.facts.requests),
    ]
    return any(text in value.lower() for value in haystack if value)


SHOWN: dict[str, Callable[[BoardRow], bool]] = {
    "overdue": lambda row: row.statuses[RequestStatus.OVERDUE] > 0,
    "rejected": lambda row: row.rejected > 0,
    "problems": lambda row: row.problems > 0,
    "off_track": lambda row: row.off_track > 0,
    "no_survey": lambda row: row.survey is None,
    "no_targets": lambda row: not row.targets,
}
SORT_KEYS: dict[str, Callable[[BoardRow], Any]] = {
    "name": lambda row: (row.supplier.name.lower(), row.link.pk),
    "requests": lambda row: (-len(row.facts.requests), row.supplier.name.lower()),
    "overdue": lambda row: (-row.statuses[RequestStatus.OVERDUE], row.supplier.name.lower()),
    "problems": lambda row: (-row.problems, row.supplier.name.lower()),
    "off_track": lambda row: (-row.off_track, row.supplier.name.lower()),
    "changed": lambda row: (-row.changed, row.supplier.name.lower()),
    "accepted": lambda row: (-row.accepted, row.supplier.name.lower()),
}


def choose(rows: list[BoardRow], params: Mapping[str, str]) -> tuple[list[BoardRow], dict[str, str]]:
    """The rows the filter keeps, sorted; and the filter's values as understood (unknown ones ignored)."""
    chosen = {
        "q": params.get("q", "").strip()[:100],
        "category": params.get("category", "").strip()[:150],
        "tier": params.get("tier", "").strip()[:3],
        "show": params.get("show", "") if params.get("show", "") in SHOW else "",
        "sort": params.get("sort", "") if params.get("sort", "") in SORTS else "name",
    }
    text = chosen["q"].lower()
    kept = [
        row
        for row in rows
        if (not text or _matches(row, text))
        and (not chosen["category"] or row.link.category == chosen["category"])
        and (not chosen["tier"] or str(row.link.tier) == chosen["tier"])
        and (not chosen["show"] or SHOWN[chosen["show"]](row))
    ]
    return sorted(kept, key=SORT_KEYS[chosen["sort"]]), chosen


def options(rows: list[BoardRow]) -> dict[str, list[str]]:
    """The categories and tiers to filter by, from the customer's own suppliers."""
    return {
        "categories": sorted({row.link.category for row in rows if row.link.category}),
        "tiers": sorted({str(row.link.tier) for row in rows}),
    }


def status_chart(rows: list[BoardRow], limit: int = 15) -> str:
    """Requests per supplier by status, stacked (the first ``limit`` rows shown), or "" without requests."""
    shown = [row for row in rows if row.facts.requests][:limit]
    if not shown:
        return ""
    groups = {  # in this order, the palette gives green, blue, yellow, red and grey
        _("Accepted"): (RequestStatus.ACCEPTED,),
        _("Delivered"): (RequestStatus.DELIVERED,),
        _("Open"): (RequestStatus.SENT, RequestStatus.SEEN, RequestStatus.IN_PROGRESS),
        _("Rejected"): (RequestStatus.REJECTED,),
        _("Overdue"): (RequestStatus.OVERDUE,),
    }
    series = {
        name: [float(sum(row.statuses[s] for s in statuses)) for row in shown]
        for name, statuses in groups.items()
    }
    return charts.stacked_bar_chart(
        [row.supplier.name for row in shown],
        series,
        unit=_("footprint requests"),
        title=_("Footprint requests by supplier and status"),
        horizontal=True,
        width=320.0,
        font_size=13.0,
        display_width=480.0,
    )
