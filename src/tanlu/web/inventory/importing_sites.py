"""Site names in an imported file → the organization's sites, so that "苏州一厂" in a ledger is never silently
a new site beside "一厂（苏州）".

A name is the same site when it is equal once case, spaces, punctuation and full-width forms are set aside
(:func:`site_key`); otherwise the user chooses at the mapping step among the existing sites, close matches
first (:func:`similarity`), or confirms a new site, which is created then, with its grid region if given.
The choices are remembered per source (``ColumnMapping.site_values``: name in the file → site name).

Rows naming a site that is none of the organization's are rejected (:func:`site_issues`) with the closest
site in the reason, so the CLI, the API and a file mapped by a saved mapping never create one either. The one
exception is an organization without any site: its first import defines them (there is nothing to match).

A site without a grid region cannot have its electricity given a factor (:mod:`tanlu.web.inventory.naming`
keeps the name as written); its rows' "unknown activity" becomes a reason that says so (:func:`grid_issues`).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tanlu.carbon import common_names
from tanlu.errors import InputError, RowIssue
from tanlu.web.accounts.services import audit
from tanlu.web.inventory.models import ImportBatch, Site, StagedRow

#: the posted choice "create a new site of the name in the file"
NEW = "+new"
#: scores at or above this are offered as close matches
CLOSE = 0.6
#: stored in English like the core's reasons; :mod:`tanlu.web.inventory.reasons` translates them when shown
UNKNOWN_SITE = gettext_noop(
    "“%(site)s” is none of the organization's sites; choose its site on the mapping page or add it under Sites"
)
UNKNOWN_SITE_CLOSE = gettext_noop(
    "“%(site)s” is none of the organization's sites (closest: “%(closest)s”); choose its site on the "
    "mapping page or add it under Sites"
)
NO_GRID_REGION = gettext_noop(
    "the site “%(site)s” has no grid region, so its electricity has no factor; set the site's grid region"
)
_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)
_ORDINAL = re.compile(r"\d+|[一二三四五六七八九十两〇零]+")


def site_key(name: str) -> str:
    """A site name as compared: full-width forms folded (NFKC), case, spaces and punctuation set aside, so
    "一厂（苏州）", "一厂(苏州)" and " 一厂 苏州 " are one site."""
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", name).casefold())


def _ordinals(key: str) -> set[str]:
    return set(_ORDINAL.findall(key))


def similarity(a: str, b: str) -> float:
    """How alike two site names are, 0–1: the better of the ordered match (difflib) and the shared characters
    in any order (a Chinese name is often written city first or last: "苏州一厂" vs "一厂（苏州）"). Names
    that both carry a number and differ in it ("一厂" vs "二厂", "Plant 1" vs "Plant 2") are different
    plants, and count half; the same number counts a little more."""
    ka, kb = site_key(a), site_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    ordered = difflib.SequenceMatcher(None, ka, kb, autojunk=False).ratio()
    shared = sum((Counter(ka) & Counter(kb)).values())
    unordered = 0.95 * 2 * shared / (len(ka) + len(kb))
    score = max(ordered, unordered)
    na, nb = _ordinals(ka), _ordinals(kb)
    if na and nb:
        score = min(0.99, score + 0.1) if na == nb else score / 2
    return round(score, 4)


@dataclass(frozen=True)
class SiteOption:
    name: str
    close: bool
    has_region: bool
    pk: int


@dataclass
class SiteProposal:
    """One name of the file on the mapping page: the site it is matched to (``matched``, when equal by
    :func:`site_key`), the existing sites with close ones first, and what is selected."""

    text: str
    matched: str
    selected: str
    options: list[SiteOption] = field(default_factory=list)
    region: str = ""

    @property
    def close(self) -> list[SiteOption]:
        return [o for o in self.options if o.close]

    @property
    def others(self) -> list[SiteOption]:
        return [o for o in self.options if not o.close]

    @property
    def selected_option(self) -> SiteOption | None:
        return next((o for o in self.options if o.name == self.selected), None)


def _existing(organization: Any) -> list[tuple[int, str, str]]:
    return list(Site.objects.for_organization(organization).values_list("pk", "name", "region"))


def propose(
    organization: Any, names: Iterable[str], chosen: Mapping[str, str] | None = None
) -> list[SiteProposal]:
    """What the mapping page proposes for each site name of the file. A name equal to a site (by
    :func:`site_key`) is matched; a saved or posted choice is kept; with no site at all every name is a new
    site; otherwise nothing is selected and the user chooses."""
    sites = _existing(organization)
    by_key = {site_key(name): name for _pk, name, _region in sites}
    known = {name for _pk, name, _region in sites}
    proposals = []
    for text in names:
        matched = by_key.get(site_key(text), "")
        picked = (chosen or {}).get(text, "")
        if picked not in known and picked != NEW:
            picked = ""
        selected = picked or matched or ("" if sites else NEW)
        scored = sorted(
            ((similarity(text, name), name, pk, region) for pk, name, region in sites),
            key=lambda item: (-item[0], item[1]),
        )
        options = [
            SiteOption(
                name=name,
                close=score >= CLOSE,
                has_region=common_names.grid_region(region) is not None,
                pk=pk,
            )
            for score, name, pk, region in scored
        ]
        close = [o for o in options if o.close]
        rest = sorted((o for o in options if not o.close), key=lambda o: o.name)
        proposals.append(SiteProposal(text=text, matched=matched, selected=selected, options=close + rest))
    return proposals


def undecided(proposals: Sequence[SiteProposal]) -> list[str]:
    return [p.text for p in proposals if not p.selected]


def confirm(
    membership: Any, choices: Mapping[str, str], regions: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Apply the mapping step's site choices: name in the file → an existing site's name, or :data:`NEW`
    (create the site, with the grid region the user gave). Returns name in the file → site name, to stage
    the rows with and to remember. A choice that names no site is refused."""
    organization = membership.organization
    known = set(Site.objects.for_organization(organization).values_list("name", flat=True))
    resolved: dict[str, str] = {}
    created: list[str] = []
    with transaction.atomic():
        for text, choice in choices.items():
            name = text.strip()
            if not name:
                continue
            if choice == NEW:
                if name not in known:
                    region = (regions or {}).get(text, "").strip()[:120]
                    Site.objects.create(organization=organization, name=name[:120], region=region)
                    known.add(name)
                    created.append(name if not region else f"{name} ({region})")
                resolved[text] = name[:120]
            elif choice in known:
                resolved[text] = choice
            else:
                raise InputError(
                    _("Choose a site for “%(name)s”.") % {"name": text}, column="site", value=text
                )
        if created:
            audit(organization, membership.user, "inventory.site_create", ", ".join(created))
    return resolved


class SiteNames:
    """The site a staged row's cell names: the user's choice for the text, else the site equal to it by
    :func:`site_key`, else the text as written (then rejected by :func:`site_issues`)."""

    def __init__(self, organization: Any, chosen: Mapping[str, str] | None = None) -> None:
        self.chosen = dict(chosen or {})
        self.by_key = {
            site_key(name): name
            for name in Site.objects.for_organization(organization).values_list("name", flat=True)
        }
        self._cache: dict[str, str] = {}

    def name(self, text: str) -> str:
        if text not in self._cache:
            self._cache[text] = self.chosen.get(text) or self.by_key.get(site_key(text), text)
        return self._cache[text]


def _closest(text: str, names: Iterable[str]) -> str:
    scored = sorted(((similarity(text, n), n) for n in names), key=lambda item: (-item[0], item[1]))
    return scored[0][1] if scored and scored[0][0] >= CLOSE else ""


def unknown_sites(batch: ImportBatch) -> list[str]:
    """The staged rows' site names that are none of the organization's sites (none when it has no site: its
    first import creates them)."""
    known = set(Site.objects.for_organization(batch.organization).values_list("name", flat=True))
    if not known:
        return []
    staged = StagedRow.objects.filter(batch=batch).values_list("site", flat=True).distinct()
    return sorted(name for name in staged if name and name not in known)


def site_issues(batch: ImportBatch) -> list[RowIssue]:
    """One issue per staged row whose site is none of the organization's, naming the closest site."""
    unknown = unknown_sites(batch)
    if not unknown:
        return []
    known = list(Site.objects.for_organization(batch.organization).values_list("name", flat=True))
    reasons = {}
    for name in unknown:
        closest = _closest(name, known)
        values = {"site": name, "closest": closest}
        reasons[name] = (UNKNOWN_SITE_CLOSE if closest else UNKNOWN_SITE) % values
    rows = StagedRow.objects.filter(batch=batch, site__in=unknown).values_list("row", "site").order_by("row")
    return [RowIssue(row=row, column="site", value=site, reason=reasons[site]) for row, site in rows]


def sites_without_region(organization: Any) -> dict[str, int]:
    """Site name → id, of the sites whose grid region Tanlu cannot read (their electricity has no factor)."""
    return {
        name: pk for pk, name, region in _existing(organization) if common_names.grid_region(region) is None
    }


def grid_issues(batch: ImportBatch, issues: Sequence[RowIssue]) -> list[RowIssue]:
    """The issues with each "unknown activity" of a common electricity name (电力, electricity …) at a site
    without a grid region said for what it is: the site's region is missing, not the activity."""
    electricity = [
        i for i in issues if i.column == "activity" and i.row is not None and _is_electricity(i.value or "")
    ]
    if not electricity:
        return list(issues)
    missing = sites_without_region(batch.organization)
    if not missing:
        return list(issues)
    rows = dict(
        StagedRow.objects.filter(batch=batch, row__in=[i.row for i in electricity[:50_000]]).values_list(
            "row", "site"
        )
    )
    flagged = {id(i) for i in electricity}
    changed = []
    for issue in issues:
        site = rows.get(issue.row) if id(issue) in flagged and issue.row is not None else None
        if site in missing and issue.reason.startswith("unknown activity"):
            said = NO_GRID_REGION % {"site": site}
            changed.append(dataclasses.replace(issue, column="site", value=site, reason=said))
        else:
            changed.append(issue)
    return changed


def _is_electricity(text: str) -> bool:
    return common_names.common_kind(text) == "electricity"


def rows_without_region(batch: ImportBatch) -> dict[str, int]:
    """The sites (name → id) of the batch's rejected rows that wait for a grid region, for the fix page's
    links."""
    missing = sites_without_region(batch.organization)
    if not missing:
        return {}
    flagged = StagedRow.objects.filter(batch=batch, site__in=list(missing)).exclude(issues=[])
    names = {s for s, issues in flagged.values_list("site", "issues")[:5000] if _names_region(issues)}
    return {name: missing[name] for name in sorted(names)}


def _names_region(issues: Any) -> bool:
    return any("has no grid region" in str(i.get("reason", "")) for i in issues or [])
