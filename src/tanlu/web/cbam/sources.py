"""A declared installation's data for the core: its site's fuels, process emissions and electricity of the
inventory year, attributed to its production processes, and the precursors they consume.

The inventory is not computed again by hand: the year's latest calculation run is recomputed by the inventory's
own services (same factor-set version and GWP set), and each of the site's rows brings its amount and its
location-based factor. What comes out is the :class:`~tanlu.carbon.cbam.model.InstallationData` the workbook
reader produces, so :func:`tanlu.carbon.cbam.calculate.calculate` and the communication are used unchanged.

System boundaries (Regulation (EU) 2023/956 Annex IV, Implementing Regulation (EU) 2025/2547): stationary
combustion, process emissions and measurable heat imported are the installation's direct emissions; purchased
electricity gives the indirect emissions with the grid factor of the inventory (location-based). Mobile
combustion (transport) and fugitive refrigerants are outside the boundaries and are listed as not counted. Only
the greenhouse gases of Annex I count: CO2 for iron and steel, CO2 and PFCs for aluminium (factors given as CO2e
only are taken whole).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext as _

from tanlu.carbon.cbam.defaults import default_value
from tanlu.carbon.cbam.goods import aggregated_category
from tanlu.carbon.cbam.model import (
    EmissionSource,
    Installation,
    InstallationData,
    Origin,
    Precursor,
    PrecursorKind,
    Process,
)
from tanlu.carbon.units import convert
from tanlu.errors import InputError, UnitError
from tanlu.web.cbam import models
from tanlu.web.inventory.calculation import latest_run, recompute
from tanlu.web.inventory.models import ActivityRow

DIRECT = ("stationary_combustion", "process", "purchased_heat")
ELECTRICITY = "purchased_electricity"
#: where the precursors a user enters are said to come from (they are rows of this page, not of a file)
DECLARED = "Tanlu"


@dataclass(frozen=True)
class SiteActivity:
    """One activity of the site in the inventory year, summed over its rows of one file."""

    activity: str
    unit: str
    #: ``direct``, ``electricity`` or the category left out (``mobile_combustion``, ``fugitive``, ``3.x``)
    kind: str
    amount: float
    tco2e: float
    mwh: float
    file: str
    first_row: int
    last_row: int
    rows: int

    @property
    def factor(self) -> float:
        """t CO2e per MWh of electricity (location-based)."""
        return self.tco2e / self.mwh if self.mwh else 0.0

    @property
    def counted(self) -> bool:
        return self.kind in ("direct", "electricity")


def _gases(categories: str) -> tuple[str, ...]:
    return ("CO2", "CO2e", "PFCs") if "luminium" in categories else ("CO2", "CO2e")


def site_activities(installation: models.Installation) -> list[SiteActivity]:
    """The site's activities of the inventory year, from the year's latest calculation run."""
    organization, year, site = installation.organization, installation.inventory_year, installation.site
    if site is None or year is None:
        return []
    run = latest_run(organization, year)
    if run is None:
        raise InputError(
            _(
                "The inventory of %(year)s has not been calculated yet: calculate it on the inventory page first."
            )
            % {"year": year}
        )
    inventory = recompute(run).inventory
    frame = inventory.lines(pl.col("site") == site.name)
    where = {
        pk: (filename, row)
        for pk, filename, row in ActivityRow.objects.filter(
            pk__in=frame.get_column("row").to_list()
        ).values_list("pk", "batch__filename", "row")
    }
    gases = _gases(installation.categories)
    sums: dict[tuple[str, str, str, str], list[float]] = {}
    for pk, activity, amount, unit, combo, category in frame.select(
        "row", "activity", "amount", "unit", "combo", "category"
    ).iter_rows():
        filename, row = where.get(pk, ("", pk))
        basis = inventory.resolution(combo).location
        kind = "direct" if category in DIRECT else "electricity" if category == ELECTRICITY else category
        mwh = 0.0
        if kind == "electricity":
            try:
                mwh = amount * convert(unit, "MWh").multiplier
            except UnitError:
                raise InputError(
                    _("Electricity is energy: give it in MWh, kWh or GJ."),
                    file=filename,
                    row=row,
                    column="unit",
                    value=unit,
                ) from None
        kg = amount * sum(basis.group_co2e_per_unit.get(gas, 0.0) for gas in gases)
        entry = sums.setdefault((activity, unit, kind, filename), [0.0, 0.0, 0.0, row, row, 0])
        entry[0] += amount
        entry[1] += kg / 1000
        entry[2] += mwh
        entry[3], entry[4], entry[5] = min(entry[3], row), max(entry[4], row), entry[5] + 1
    return [
        SiteActivity(activity, unit, kind, a, t, m, file, int(first), int(last), int(n))
        for (activity, unit, kind, file), (a, t, m, first, last, n) in sums.items()
    ]


def shares(processes: list[models.DeclaredProcess]) -> dict[str, float]:
    """Each process's share (0–1) of the site's emissions and electricity: the share set on it, or its production
    mass share of what the set shares leave."""
    fixed = {p.process_id: p.share / 100 for p in processes if p.share is not None}
    rest = [p for p in processes if p.share is None]
    left = max(0.0, 1 - sum(fixed.values()))
    mass = sum(p.production_t for p in rest)
    return {**fixed, **{p.process_id: left * p.production_t / mass if mass else 0.0 for p in rest}}


def _precursor(item: models.DeclaredPrecursor, position: int, installation: models.Installation) -> Precursor:
    base = Precursor(
        process_id=item.process.process_id,
        cn_code=item.cn_code,
        kind=PrecursorKind(item.kind),
        quantity_t=item.quantity_t,
        where=Origin(DECLARED, "precursors", position),
        from_process=item.from_process.process_id if item.from_process else "",
        supplier=item.supplier,
        country=item.country,
        see_direct=item.see_direct or 0.0,
        see_indirect=item.see_indirect or 0.0,
    )
    if base.kind != PrecursorKind.DEFAULT:
        return base
    value = default_value(item.cn_code, item.country or installation.country)
    return Precursor(
        **{
            **base.__dict__,
            "country": value.country,
            "see_direct": value.direct,
            "see_indirect": value.indirect,
            "default_reference": value.reference,
        }
    )


def installation_data(installation: models.Installation) -> InstallationData:
    """The declared installation as the core's records, its site's activities attributed to its processes."""
    processes = list(installation.processes.all())
    share = shares(processes)
    activities = [a for a in site_activities(installation) if a.counted]
    site = installation.site.name if installation.site else ""
    emissions = tuple(
        EmissionSource(
            process_id=p.process_id,
            source=f"{a.activity} ({a.amount:.6g} {a.unit}, {a.rows} rows of {a.file} "
            f"{a.first_row}-{a.last_row}) x {share[p.process_id]:.2%}",
            direct_tco2e=a.tco2e * share[p.process_id] if a.kind == "direct" else 0.0,
            electricity_mwh=a.mwh * share[p.process_id],
            electricity_factor=a.factor,
            factor_source=f"inventory {installation.inventory_year}, location-based grid factor",
            where=Origin(a.file, site, a.first_row),
        )
        for p in processes
        for a in activities
        if share[p.process_id] > 0
    )
    precursors = models.DeclaredPrecursor.objects.filter(process__installation=installation).select_related(
        "process", "from_process"
    )
    return InstallationData(
        installation=Installation(
            name=installation.name,
            unlocode=installation.unlocode,
            latitude=installation.latitude,
            longitude=installation.longitude,
            categories=tuple(name.strip() for name in installation.categories.split(";") if name.strip()),
            reporting_period=installation.reporting_period,
            operator=installation.operator,
            carbon_price=installation.carbon_price,
        ),
        processes=tuple(
            Process(
                p.process_id,
                p.name or p.process_id,
                p.cn_code,
                aggregated_category(p.cn_code),
                p.production_t,
                Origin(DECLARED, "processes", n),
            )
            for n, p in enumerate(processes, start=1)
        ),
        emissions=emissions,
        precursors=tuple(_precursor(item, n, installation) for n, item in enumerate(precursors, start=1)),
        file=f"{site} {installation.inventory_year}",
    )
