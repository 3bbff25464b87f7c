"""Activity names in an import → factor keys, per row: the user's choice, a factor's own name, or a common name
(电力, 天然气 …) resolved for the row's site and year (:mod:`tanlu.carbon.common_names`).

Electricity depends on the site's grid region; a site whose region is unknown keeps the name as written, so the
row is rejected with the reason instead of getting another grid's factor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tanlu.carbon import common_names
from tanlu.carbon.factors import FactorSet
from tanlu.web.inventory.models import Site


def field_labels() -> dict[str, str]:
    """The import's fields as the reader calls them (pages never show the field names of the code)."""
    return {
        "site": _("Site"),
        "period_start": _("Period start"),
        "period_end": _("Period end"),
        "activity": _("Activity"),
        "amount": _("Amount"),
        "unit": _("Unit"),
        "instrument": _("Instrument"),
        "note": _("Note"),
    }


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch not in " _-\u3000")


def activity_lookup(factors: FactorSet) -> dict[str, str]:
    """What people write for an activity (its key, English or Chinese name) → the key, where unambiguous."""
    seen: dict[str, set[str]] = {}
    for key, info in factors.activities().items():
        for text in (key, info.name_en, info.name_zh):
            if text:
                seen.setdefault(_key(text), set()).add(key)
    return {text: next(iter(keys)) for text, keys in seen.items() if len(keys) == 1}


def site_regions(organization: Any) -> dict[str, str | None]:
    """Site name → the region code of its grid region (``None`` when it has none Tanlu can read)."""
    return {
        site.name: common_names.grid_region(site.region)
        for site in Site.objects.for_organization(organization).only("name", "region")
    }


class ActivityNames:
    """Resolves the activity cell of each staged row; decisions are cached per (name, site, year)."""

    def __init__(
        self, factors: FactorSet, organization: Any, chosen: Mapping[str, str] | None = None
    ) -> None:
        self.factors = factors
        self.lookup = activity_lookup(factors)
        self.chosen = {_key(k): v for k, v in (chosen or {}).items() if v}
        self.regions = site_regions(organization)
        self._cache: dict[tuple[str, str, int | None], str] = {}

    def known(self, text: str) -> bool:
        """Whether a name needs no choice: chosen, a factor's own name, or a common name."""
        key = _key(text)
        return key in self.chosen or key in self.lookup or common_names.common_kind(text) is not None

    def key(self, text: str, site: str = "", period_start: str = "") -> str:
        year_match = re.match(r"\s*(\d{4})", period_start)
        year = int(year_match.group(1)) if year_match else None
        cache_key = (text, site, year)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._resolve(text, site, year)
        return self._cache[cache_key]

    def _resolve(self, text: str, site: str, year: int | None) -> str:
        key = _key(text)
        if key in self.chosen:
            return self.chosen[key]
        if key in self.lookup:
            return self.lookup[key]
        kind = common_names.common_kind(text)
        if kind is None:
            return text
        return (
            common_names.resolve(kind, self.factors, region=self.regions.get(site.strip()), year=year) or text
        )

    def describe(self, text: str) -> str:
        """What a common name maps to, for the mapping page ("Electricity: each site's grid region")."""
        kind = common_names.common_kind(text)
        if kind is None:
            return ""
        found = [self.key(text, site) for site in self.regions] or [self.key(text)]
        keys = sorted({k for k in found if k in self.factors.activities()})
        zh = (get_language() or "").startswith("zh")
        names = [self.factors.activity(k).name_zh if zh else self.factors.activity(k).name_en for k in keys]
        return " · ".join(names)
