"""Calculation runs: every activity row of a year read in one query into polars, the core's inventory, and the
result lines stored with the inputs' fingerprint and the factor-set version.

A run with the same year, GWP set, factor-set version (its CH4 rule included), inputs' fingerprint and
radiative-forcing option already stored is returned as is: recalculating unchanged inputs reproduces the stored
result, and a result never changes silently. The method points the pages show beside the totals (the share from
another GWP set, the RF uplift, the sites whose category 3.3 is incomplete) are stored with the run, computed
here by the core (:func:`tanlu.carbon.completeness.category_3_3_gaps`, :class:`tanlu.carbon.inventory.Totals`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from tanlu.carbon.activities import Activities, validate_activities
from tanlu.carbon.completeness import category_3_3_gaps
from tanlu.carbon.factors import CATEGORIES, FactorSet
from tanlu.carbon.inventory import Inventory, calculate_inventory
from tanlu.errors import InputError
from tanlu.web.accounts.models import Membership, Organization, Role
from tanlu.web.accounts.services import require_role
from tanlu.web.inventory.factorsets import factor_set, latest_version
from tanlu.web.inventory.models import (
    ActivityRow,
    CalculationRun,
    FactorSetVersion,
    ReportSettings,
    ResultLine,
)

logger = logging.getLogger("tanlu.inventory")
COLUMNS = ("row", "site", "period_start", "period_end", "activity", "amount", "unit", "instrument", "note")


def years_with_data(organization: Organization) -> list[int]:
    dates = ActivityRow.objects.for_organization(organization).dates("period_start", "year", order="DESC")
    return [d.year for d in dates]


#: stored rows turned into a polars frame at a time: a list of 10 million row tuples took 5 GiB
LOAD_CHUNK = 200_000
_SCHEMA = {
    "row": pl.Int64,
    "site": pl.String,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "activity": pl.String,
    "amount": pl.Float64,
    "unit": pl.String,
    "instrument": pl.String,
    "note": pl.String,
}


def load_frame(organization: Organization, year: int) -> pl.DataFrame:
    """Every stored row of ``year`` in one query; ``row`` is the row's id (unique across imports).

    The rows are streamed (:meth:`~django.db.models.QuerySet.iterator`) and become columns :data:`LOAD_CHUNK`
    at a time, so memory holds the frame and one chunk's tuples, never every row as Python objects.
    """
    rows = (
        ActivityRow.objects.filter(organization=organization, period_start__year=year)
        .order_by("id")
        .values_list(*("id", "site__name", *COLUMNS[2:]))
        .iterator(chunk_size=LOAD_CHUNK)
    )
    frames = []
    while chunk := list(itertools.islice(rows, LOAD_CHUNK)):
        frames.append(pl.DataFrame(chunk, schema=_SCHEMA, orient="row"))
    if not frames:
        return pl.DataFrame(schema=_SCHEMA)
    return pl.concat(frames, rechunk=True) if len(frames) > 1 else frames[0]


def load_activities(organization: Organization, year: int, factors: FactorSet) -> Activities:
    frame = load_frame(organization, year)
    if frame.height == 0:
        raise InputError(_("There are no activity rows for %(year)s yet.") % {"year": year})
    return validate_activities(frame, factors, reporting_period=(dt.date(year, 1, 1), dt.date(year, 12, 31)))


def default_gwp(organization: Organization) -> str:
    settings = ReportSettings.objects.for_organization(organization).first()
    return settings.gwp if settings else "AR6"


def default_radiative_forcing(organization: Organization) -> bool:
    """Whether the report settings put the air-freight RF uplift into category 3.4 (off by default)."""
    settings = ReportSettings.objects.for_organization(organization).first()
    return settings.radiative_forcing if settings else False


def compute(
    organization: Organization,
    year: int,
    gwp: str,
    version: FactorSetVersion | None,
    *,
    radiative_forcing: bool = False,
) -> Inventory:
    factors = factor_set(version)
    return calculate_inventory(
        load_activities(organization, year, factors), factors, gwp, radiative_forcing=radiative_forcing
    )


#: the separator of a ``gap`` line's key, ``category|region|activity|site`` (the site last: its name may hold one)
GAP_SEPARATOR = "|"


def _lines(inventory: Inventory) -> list[tuple[str, str, float, float]]:
    totals = inventory.totals()
    lines: list[tuple[str, str, float, float]] = []
    for category in CATEGORIES:
        lines.append(
            ("category", category, totals.by_category[category], totals.by_category_market[category])
        )
    for gas, value in totals.by_gas.items():
        lines.append(("gas", gas, value, totals.by_gas_market[gas]))
    for gas, tonnes in totals.gas_mass.items():
        lines.append(("gas_mass", gas, tonnes, tonnes))
    for method, value in totals.scope3_by_method.items():
        lines.append(("scope3_method", method, value, value))
    for method, value in totals.scope2_market_by_method.items():
        lines.append(("scope2_market_method", method, value, value))
    for dimensions, name in (
        (("site",), "site"),
        (("month",), "month"),
        (("activity",), "activity"),
        (("site", "scope"), "site_scope"),
        (("month", "scope"), "month_scope"),
        (("month", "scope", "site"), "coverage"),
    ):
        frame = inventory.by(*dimensions)
        for row in frame.iter_rows():
            keys = row[: len(dimensions)]
            key = "|".join(k.isoformat() if isinstance(k, dt.date) else str(k) for k in keys)
            lines.append((name, key, float(row[len(dimensions)]), float(row[len(dimensions) + 1])))
    for name in sorted(set(totals.other_gwp) | set(totals.other_gwp_market)):
        lines.append(
            ("other_gwp", name, totals.other_gwp.get(name, 0.0), totals.other_gwp_market.get(name, 0.0))
        )
    for gap in category_3_3_gaps(inventory):
        key = GAP_SEPARATOR.join((gap.category, gap.region, gap.activity, gap.site))
        lines.append(("gap", key, 0.0, 0.0))
    return lines


def calculate(
    membership: Membership,
    year: int,
    *,
    gwp: str | None = None,
    version: FactorSetVersion | str | None = "latest",
    radiative_forcing: bool | None = None,
) -> tuple[CalculationRun, bool]:
    """Calculate ``year`` (default: the latest factor-set version, the report settings' GWP set and RF
    option); returns (run, created)."""
    require_role(membership, Role.EDITOR)
    organization = membership.organization
    chosen = latest_version(organization) if version == "latest" else version
    if isinstance(chosen, str):
        raise TypeError(chosen)
    gwp = (gwp or default_gwp(organization)).upper()
    rf = default_radiative_forcing(organization) if radiative_forcing is None else radiative_forcing
    inventory = compute(organization, year, gwp, chosen, radiative_forcing=rf)
    existing = CalculationRun.objects.filter(
        organization=organization,
        year=year,
        gwp=gwp,
        factor_set_version=inventory.factor_set_version,
        inputs_fingerprint=inventory.inputs_fingerprint,
        radiative_forcing_included=rf,
    ).first()
    if existing is not None:
        return existing, False
    totals = inventory.totals()
    with transaction.atomic():
        run = CalculationRun.objects.create(
            organization=organization,
            year=year,
            gwp=gwp,
            factor_set=chosen,
            factor_set_version=inventory.factor_set_version,
            inputs_fingerprint=inventory.inputs_fingerprint,
            row_count=inventory.rows.height,
            scope1=totals.scope1,
            scope2_location=totals.scope2_location,
            scope2_market=totals.scope2_market,
            scope3=totals.scope3,
            biogenic_co2=totals.biogenic_co2,
            location_fallback=totals.location_fallback,
            radiative_forcing=totals.radiative_forcing,
            radiative_forcing_included=totals.radiative_forcing_included,
            other_gwp_share=totals.other_gwp_share,
            other_gwp_share_market=totals.other_gwp_share_market,
            created_by=membership.user,
        )
        ResultLine.objects.bulk_create(
            ResultLine(
                organization=organization, run=run, dimension=d, key=k[:200], location_t=loc, market_t=mkt
            )
            for d, k, loc, mkt in _lines(inventory)
        )
    logger.info(
        "run %s: %s rows, factor set %s, inputs %s, RF %s",
        run.pk,
        run.row_count,
        run.factor_set_version,
        run.inputs_fingerprint[:16],
        "included" if rf else "apart",
    )
    return run, True


def latest_run(organization: Organization, year: int | None = None) -> CalculationRun | None:
    runs = CalculationRun.objects.for_organization(organization).select_related("factor_set")
    if year is not None:
        runs = runs.filter(year=year)
    return runs.order_by("-created_at", "-id").first()


def latest_runs_by_year(organization: Organization) -> dict[int, CalculationRun]:
    found: dict[int, CalculationRun] = {}
    for run in (
        CalculationRun.objects.for_organization(organization)
        .select_related("factor_set")
        .order_by("-created_at", "-id")
    ):
        found.setdefault(run.year, run)
    return dict(sorted(found.items()))


def lines(run: CalculationRun, dimension: str) -> list[ResultLine]:
    return list(ResultLine.objects.filter(run=run, dimension=dimension).order_by("key"))


@dataclass(frozen=True)
class Gap:
    """A site whose Scope 3 category is incomplete, read back from a run's ``gap`` line."""

    category: str
    region: str
    activity: str
    site: str


def gaps(run: CalculationRun) -> list[Gap]:
    """The sites whose category 3.3 the core found incomplete when ``run`` was calculated, in site order."""
    found = [Gap(*line.key.split(GAP_SEPARATOR, 3)) for line in lines(run, "gap")]
    return sorted(found, key=lambda gap: (gap.category, gap.site))


@dataclass(frozen=True)
class Recomputed:
    """A run's inventory computed again from the stored rows (for explanations), and whether inputs moved."""

    inventory: Inventory
    inputs_changed: bool


def recompute(run: CalculationRun) -> Recomputed:
    """The inventory behind a stored run (same factor-set version and GWP set) from today's stored rows."""
    inventory = compute(
        run.organization,
        run.year,
        run.gwp,
        run.factor_set,
        radiative_forcing=run.radiative_forcing_included,
    )
    return Recomputed(inventory, inventory.inputs_fingerprint != run.inputs_fingerprint)


def status(organization: Organization, run: CalculationRun) -> dict[str, Any]:
    """Whether the stored rows, the factor sets or the RF option moved on since ``run`` was computed."""
    latest = latest_version(organization)
    newer = (
        latest
        if latest is not None and (run.factor_set_id is None or latest.number > run.factor_set.number)
        else None
    )
    try:
        fingerprint = load_activities(organization, run.year, factor_set(run.factor_set)).fingerprint
    except InputError:
        fingerprint = ""
    return {
        "newer_factor_set": newer,
        "inputs_changed": fingerprint != run.inputs_fingerprint,
        # the RF option of the report settings is not the one the run was calculated with
        "radiative_forcing_changed": default_radiative_forcing(organization)
        != run.radiative_forcing_included,
    }


def compare(run: CalculationRun, version: FactorSetVersion | None) -> list[dict[str, Any]]:
    """What moves per category (t CO2e, both bases) if ``run``'s inputs are computed with ``version``."""
    other = compute(
        run.organization, run.year, run.gwp, version, radiative_forcing=run.radiative_forcing_included
    ).totals()
    stored = {line.key: line for line in lines(run, "category")}
    moved = []
    for category in CATEGORIES:
        line = stored.get(category)
        old_loc, old_mkt = (line.location_t, line.market_t) if line else (0.0, 0.0)
        new_loc, new_mkt = other.by_category[category], other.by_category_market[category]
        if any(abs(v) > 1e-9 for v in (old_loc, old_mkt, new_loc, new_mkt)):
            moved.append(
                {
                    "category": category,
                    "old_location": old_loc,
                    "new_location": new_loc,
                    "old_market": old_mkt,
                    "new_market": new_mkt,
                    "delta_location": new_loc - old_loc,
                    "delta_market": new_mkt - old_mkt,
                }
            )
    return moved
