"""A product model's site totals taken from the inventory: a site of the model named like a site of the
organization's inventory gets that site's Scope 1 and 2 activity rows of its year as its ``site_activities``, read
with their instrument (certificate, ``supplier:<key>``), so the core applies the same market-based hierarchy as the
inventory and nobody types a plant's energy twice. :mod:`tanlu.web.products.tables` exports these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from tanlu.errors import InputError
from tanlu.web.accounts.models import Organization
from tanlu.web.inventory.calculation import compute
from tanlu.web.inventory.factorsets import latest_version
from tanlu.web.inventory.models import ActivityRow
from tanlu.web.inventory.models import Site as InventorySite

Rows = list[dict[str, Any]]


def as_cell(value: Any) -> Any:
    """A stored value as the core reads a cell: floats with at most 15 significant digits (what a cell holds)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, ".15g")
    return value


def inventory_rows(
    organization: Organization, name: str, site_id: int, year: int, cache: dict[int, Any] | None = None
) -> Rows:
    """The Scope 1 and 2 totals of inventory site ``site_id`` in ``year``, as ``site_activities`` rows of ``name``
    (summed per activity, unit and instrument by the core, so electricity stays market-based where the
    organization holds instruments). A year the inventory cannot compute gives no rows."""
    from tanlu.carbon.products.allocation import site_activities_from_inventory  # noqa: PLC0415

    site = InventorySite.objects.for_organization(organization).filter(pk=site_id).first()
    if site is None:
        return []
    cache = {} if cache is None else cache  # one inventory per year for all the sites of one model
    if year not in cache:
        try:
            cache[year] = compute(organization, year, "AR6", latest_version(organization))
        except InputError:
            cache[year] = None
    inventory = cache[year]
    if inventory is None:
        return []
    rows = site_activities_from_inventory(inventory, site.name, dt.date(year, 1, 1), dt.date(year, 12, 31))
    return [{**{k: as_cell(v) for k, v in row.items()}, "site": name} for row in rows]


def inventory_link(organization: Organization, name: str, period_start: Any) -> tuple[int, int] | None:
    """(inventory site, year) whose rows are the totals of the model's site ``name``: the inventory site of that
    name, in the year the site's period starts, else the latest year it has rows."""
    site = InventorySite.objects.for_organization(organization).filter(name=name).first()
    if site is None:
        return None
    text = str(period_start or "")
    if text[:4].isdigit():
        return site.pk, int(text[:4])
    latest = (
        ActivityRow.objects.filter(organization=organization, site=site).order_by("-period_start").first()
    )
    return (site.pk, latest.period_start.year) if latest else None


def with_inventory_totals(organization: Organization, rows: Mapping[str, Rows]) -> dict[str, Rows]:
    """``rows`` (staged, keyed by the file's headers) plus the inventory's totals of every site that has none of
    its own and whose name is a site of the inventory."""
    from tanlu.web.products import core  # noqa: PLC0415 - core imports tables, which imports this module

    found = dict(rows)
    by_sheet = {core.canonical_sheet(sheet): sheet for sheet in rows}
    if "sites" not in by_sheet:
        return found
    own_totals = {
        str(value)
        for r in rows.get(by_sheet.get("site_activities", ""), [])
        for key, value in r.items()
        if core.canonical_column(key, "site_activities") == "site"
    }
    added: Rows = []
    inventories: dict[int, Any] = {}
    for site in rows[by_sheet["sites"]]:
        cells = {core.canonical_column(k, "sites"): v for k, v in site.items()}
        name = str(cells.get("site") or "")
        if not name or name in own_totals:
            continue
        link = inventory_link(organization, name, cells.get("period_start"))
        if link is not None:
            added.extend(inventory_rows(organization, name, link[0], link[1], inventories))
    if added:
        key = by_sheet.get("site_activities", "site_activities")
        present = found.get(key, [])
        headers = {core.canonical_column(h, "site_activities"): h for r in present for h in r if h != "row"}
        found[key] = [*present, *({headers.get(k, k): v for k, v in r.items()} for r in added)]
    return found
