"""The method register: how a set of product footprints was made, shown in every report and PACT export."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import polars as pl

from tanlu.carbon.products.allocation import HIERARCHY, default_justification
from tanlu.carbon.products.model import ProductModel

__all__ = [
    "EXEMPTION_FLAG_PERCENT",
    "STANDARDS",
    "Exemption",
    "MethodRegister",
    "SiteAllocation",
    "method_register",
]

STANDARDS = (
    "ISO 14067:2018",
    "GB/T 24067-2024",
    "GHG Protocol Product Standard",
    "PACT Methodology v3.0",
    "Catena-X PCF Rulebook v3",
)
#: exemptions above this share of a product's footprint are flagged (Catena-X PCF Rulebook)
EXEMPTION_FLAG_PERCENT = 3.0
BOUNDARY = "cradle-to-gate"
ELECTRICITY = (
    "Market-based: contractual instruments (energy attribute certificates, supplier-specific factors, contracts, "
    "residual mix) where they exist, in the GHG Protocol Scope 2 hierarchy; the location-based grid factor otherwise."
)
PRIMARY_DATA = (
    "Emission-weighted: the company's own activity data of Scope 1 and 2 activities counts 100% unless a row says "
    "otherwise, supplier footprints count by their own primary data share, secondary factors 0%."
)
DATA_QUALITY = "PACT v3 DQR (technological, geographical, temporal; 1 good … 3 poor), emission-weighted; a value not given is rated 3."


@dataclass(frozen=True)
class SiteAllocation:
    """How one site's totals were allocated, and why (ISO 14044 hierarchy: avoid, physical, economic)."""

    site: str
    method: str
    hierarchy_step: str
    justification: str
    period_start: str
    period_end: str


@dataclass(frozen=True)
class Exemption:
    """An activity or purchased item left out of the footprint (its estimate is counted as the exempted share)."""

    sheet: str
    row: int
    what: str


@dataclass(frozen=True)
class MethodRegister:
    """Standards, GWP set, boundary, allocation per site, electricity approach, factor sources, exemptions."""

    standards: tuple[str, ...]
    gwp: str
    boundary: str
    reference_period: tuple[str, str]
    allocation: tuple[SiteAllocation, ...]
    electricity: str
    factor_set_version: str
    factor_sources: tuple[str, ...]
    supplier_sources: tuple[str, ...]
    exemptions: tuple[Exemption, ...]
    exemption_flag_percent: float
    primary_data: str
    data_quality: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form (reports, API)."""
        return asdict(self)


def method_register(
    model: ProductModel, gwp: str, allocation: dict[str, str] | None = None
) -> MethodRegister:
    """The register of ``model`` computed with ``gwp`` (``allocation`` overrides methods, for a what-if)."""
    sites = model.table("sites")
    records: list[SiteAllocation] = []
    for site, method, justification, start, end in sites.select(
        "site", "allocation", "justification", "period_start", "period_end"
    ).iter_rows():
        chosen = (allocation or {}).get(site, method)
        text = justification if chosen == method and justification else default_justification(chosen)
        records.append(SiteAllocation(site, chosen, HIERARCHY[chosen][0], text, start, end))
    starts = sorted(record.period_start for record in records if record.period_start)
    ends = sorted(record.period_end for record in records if record.period_end)
    used = set(model.table("activities").get_column("activity").unique().to_list()) | set(
        model.table("site_activities").get_column("activity").unique().to_list()
    )
    used |= _suppliers(model)
    factor_sources = sorted(
        {factor.source.cite() for factor in model.factors.factors if factor.activity in used}
    )
    purchased = model.table("purchased")
    exemptions = [
        Exemption(sheet, row, what)
        for sheet, id_column in (
            ("activities", "activity"),
            ("site_activities", "activity"),
            ("purchased", "item_id"),
        )
        for row, what in model.table(sheet).filter(pl.col("exempt")).select("row", id_column).iter_rows()
    ]
    return MethodRegister(
        standards=STANDARDS,
        gwp=gwp,
        boundary=BOUNDARY,
        reference_period=(starts[0] if starts else "", ends[-1] if ends else ""),
        allocation=tuple(records),
        electricity=ELECTRICITY,
        factor_set_version=model.factors.version,
        factor_sources=tuple(factor_sources),
        supplier_sources=tuple(sorted(set(purchased.get_column("source").to_list()))),
        exemptions=tuple(exemptions),
        exemption_flag_percent=EXEMPTION_FLAG_PERCENT,
        primary_data=PRIMARY_DATA,
        data_quality=DATA_QUALITY,
    )


def _suppliers(model: ProductModel) -> set[str]:
    keys: set[str] = set()
    for sheet in ("activities", "site_activities"):
        for text in model.table(sheet).get_column("instrument").unique().to_list():
            if ":" in text or "：" in text:
                keys.add(text.replace("：", ":").split(":", 1)[1].strip())
    return keys
