"""A product's footprint at one production site as the PCF fields of an IMDS Release 15 material data sheet.

IMDS (the automotive International Material Data System) added product carbon footprints to the MDS with Release
15.0 (live July 2025).  IMDS does not calculate anything: the supplier types in values calculated elsewhere, per
production site, following the Catena-X PCF Rulebook.  This module turns Tanlu's result into those values, each as
text ready to paste, with its unit and where it came from, so nobody retypes (or re-rounds) a number by hand.

What the public descriptions of Release 15 confirm (see :data:`SOURCES`; the IMDS manual and Recommendation 027
themselves are only available inside IMDS):

- PCF data is entered per production site of an MDS (materials, semi-components and components), each site with
  its own versions; a PCF contact person is required; a time period, the primary data share (PDS) and the data
  quality rating (DQR) go with the value (``mdsk-input``, ``mdsk-release``);
- the calculation follows the Catena-X PCF Rulebook: cradle-to-gate, biogenic emissions included, at most 3%
  exempted emissions, and a separate transport carbon footprint (TCF) from the outbound gate (``mdsk-rec027``,
  ``aiag``).

The exact labels, units and allowed values of the IMDS dialog are shown only as screenshots, so every other field
here is the Catena-X PCF data model's property of the same meaning and is marked ``confirmed=False``.

Where the numbers come from: :func:`tanlu.exchange.from_products.disclosure_for` (the same disclosure the PACT and
Catena-X exports use); the site, its region and its reference period from the model's ``sites`` sheet.  A product
made at several sites has one Tanlu footprint (the sites' shares are allocated and production-weighted), so every
site's sheet carries that value and says so in its ``detail``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tanlu.carbon.products.footprint import Footprints
from tanlu.carbon.products.model import ProductModel
from tanlu.errors import InputError, NotFound
from tanlu.exchange.disclosure import Disclosure
from tanlu.exchange.from_products import disclosure_for

__all__ = [
    "SOURCES",
    "ImdsField",
    "ImdsSheet",
    "ProductionSite",
    "Source",
    "amount_text",
    "fields_for",
    "fixed_text",
    "imds_sheet",
    "production_sites",
]

#: significant digits of an amount (kg CO2e, kg): IMDS shows what it is given, four digits are what a PCF supports
SIGNIFICANT = 4
_REGION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


@dataclass(frozen=True)
class Source:
    """A public description of the IMDS Release 15 PCF fields (or of the model IMDS follows)."""

    key: str
    title: str
    url: str


SOURCES = (
    Source(
        "mdsk-input",
        "MDSKorea newsletter: PCF Data Input Functionality in IMDS (Release 15.0)",
        "https://www.mdsksolution.com/NewsRoom/?idx=148761215&bmode=view",
    ),
    Source(
        "mdsk-release",
        "MDSKorea newsletter: IMDS Release 15 carbon footprint, from the announcement of 25 April 2025",
        "https://www.mdsksolutions.com/NewsRoom/?bmode=view&idx=165324288&t=board",
    ),
    Source(
        "mdsk-rec027",
        "MDSKorea newsletter: IMDS Recommendation 027 (Rules & Guidelines for Reporting of PCF) published, 29 Jun 2025",
        "https://www.mdsksolutions.com/NewsRoom/?bmode=view&idx=166367792&t=board&category=J62ST658EM",
    ),
    Source(
        "aiag",
        "AIAG blog: Updates on Product Carbon Footprint in IMDS",
        "https://blog.aiag.org/updates-on-product-carbon-footprint-in-imds",
    ),
    Source(
        "catenax",
        "Catena-X CX-0026 Product Carbon Footprint Data Model (the model of the rulebook IMDS follows)",
        "https://catenax-ev.github.io/docs/standards/CX-0026-ProductCarbonFootprintDataModel",
    ),
)

#: where a value came from; the web page names each in the reader's language
ORIGINS = ("result", "method", "site", "settings", "you", "not_computed", "unset")


@dataclass(frozen=True)
class ProductionSite:
    """A site that makes the product, as the model's ``sites`` and ``production`` sheets give it."""

    site: str
    name_en: str
    name_zh: str
    region: str
    period_start: str
    period_end: str
    quantity: float


@dataclass(frozen=True)
class ImdsField:
    """One IMDS PCF field: the text to paste (``""`` when Tanlu has none), its unit and where it came from.

    ``origin`` is one of :data:`ORIGINS`; ``detail`` is the language-neutral specifics (standards, factor sources,
    the sites averaged).  ``confirmed`` says whether the public Release 15 material names the field itself.
    """

    key: str
    value: str
    unit: str
    origin: str
    detail: str
    confirmed: bool
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ImdsSheet:
    """The IMDS PCF fields of one product at one production site, in the order they are entered."""

    product_id: str
    site: ProductionSite | None
    sites: tuple[ProductionSite, ...]
    fields: tuple[ImdsField, ...]

    @property
    def averaged(self) -> bool:
        """True when the value is one footprint over several sites (IMDS asks for one per site)."""
        return len(self.sites) > 1


def amount_text(value: float, significant: int = SIGNIFICANT) -> str:
    """``value`` rounded half-up to ``significant`` digits, as plain text: ``12.3456`` -> ``12.35``.

    A decimal point, no thousands separator, no exponent, no trailing zeros; digits before the point are never
    rounded away (``123456.7`` -> ``123457``).  The float is read through its shortest ``repr``, so ``2.675``
    rounds to ``2.68`` as written, not as the binary float it is.
    """
    number = _decimal(value)
    if number.is_zero():
        return "0"
    decimals = max(0, significant - 1 - number.adjusted())
    return _plain(number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP), strip=True)


def fixed_text(value: float, decimals: int) -> str:
    """``value`` rounded half-up to exactly ``decimals`` decimals (shares in %, ratings): ``42.25`` -> ``42.3``."""
    number = _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return _plain(number, strip=False)


def _decimal(value: float) -> Decimal:
    number = Decimal(repr(float(value)))
    if not number.is_finite():
        raise InputError(f"{value!r} is not a finite number and cannot be entered in IMDS")
    return number


def _plain(number: Decimal, *, strip: bool) -> str:
    text = format(number, "f")
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" + text[2:] if text.startswith("-0") and not text.strip("-0.") else text


def production_sites(model: ProductModel, product_id: str) -> tuple[ProductionSite, ...]:
    """The sites that make ``product_id``, in the model's order, with the quantity made at each."""
    production = model.table("production")
    made: dict[str, float] = {}
    for site, quantity in (
        production.filter(production["product_id"] == product_id).select("site", "quantity").iter_rows()
    ):
        made[site] = made.get(site, 0.0) + float(quantity)
    columns = ("site", "name_en", "name_zh", "region", "period_start", "period_end")
    found = []
    for row in model.table("sites").select(*columns).iter_rows():
        site, name_en, name_zh, region, start, end = (str(cell or "") for cell in row)
        if site in made:
            found.append(ProductionSite(site, name_en, name_zh, region, start, end, made[site]))
    return tuple(found)


def imds_sheet(
    model: ProductModel,
    footprints: Footprints,
    product_id: str,
    settings: Mapping[str, str],
    *,
    site: str | None = None,
    contact: str = "",
) -> ImdsSheet:
    """The IMDS fields of ``product_id`` at ``site`` (the first site that makes it when none is named)."""
    disclosure = disclosure_for(model, footprints, product_id, settings)
    sites = production_sites(model, product_id)
    chosen = next((s for s in sites if s.site == site), None) if site else (sites[0] if sites else None)
    if site and chosen is None:
        raise NotFound(f"{product_id!r} is not made at site {site!r}")
    return ImdsSheet(product_id, chosen, sites, fields_for(disclosure, chosen, contact=contact))


def fields_for(
    d: Disclosure,
    site: ProductionSite | None,
    *,
    contact: str = "",
) -> tuple[ImdsField, ...]:
    """Every IMDS PCF field of ``d`` at ``site``, confirmed fields first in the order of the IMDS dialog."""
    unit = (
        d.declared_unit
        if d.declared_unit_amount == 1
        else f"{amount_text(d.declared_unit_amount)} {d.declared_unit}"
    )
    per_unit = f"kg CO2e/{unit}"
    start = site.period_start if site and site.period_start else d.reference_period_start.date().isoformat()
    end = site.period_end if site and site.period_end else d.reference_period_end.date().isoformat()
    period_origin = "site" if site and site.period_start and site.period_end else "method"
    rated = d.dqr or {}
    confirmed = (
        _field("production_site", site.name_en or site.site if site else "", "", "site", site.region if site else "", True, "mdsk-input", "mdsk-release"),
        _field("pcf_contact", contact, "", "you", "", True, "mdsk-release"),
        _field("period_start", start, "YYYY-MM-DD", period_origin, "", True, "mdsk-input"),
        _field("period_end", end, "YYYY-MM-DD", period_origin, "", True, "mdsk-input"),
        _field("pcf_value", amount_text(d.pcf_excluding_uptake), per_unit, "result", "", True, "mdsk-input", "mdsk-rec027"),
        _field("primary_data_share", _optional(d.primary_data_share, 1), "%", "result", "", True, "mdsk-input"),
        *(
            _field(f"dqr_{aspect}", _optional(rated.get(aspect), 1), "1-3", "result", "", True, "mdsk-input")
            for aspect in ("technological", "geographical", "temporal")
        ),
        _field("transport_footprint", "", per_unit, "not_computed", "", True, "mdsk-input", "mdsk-rec027"),
    )  # fmt: skip
    return confirmed + _catenax_fields(d, site, unit, per_unit)


def _catenax_fields(
    d: Disclosure, site: ProductionSite | None, unit: str, per_unit: str
) -> tuple[ImdsField, ...]:
    """The Catena-X data model's fields of the same meaning (not confirmed as IMDS fields by public material)."""
    country = _country(d, site)
    per_kg = d.pcf_excluding_uptake / d.mass_kg if d.declared_unit == "piece" and d.mass_kg else None
    verification = d.verification
    sources = "; ".join(f"{s.name} ({s.version})" for s in d.secondary_sources)
    return (
        _field("production_country", country, "ISO 3166", _country_origin(country, site), "", False, "catenax"),
        _field("declared_unit", unit, "", "result", "", False, "catenax"),
        _field("mass", amount_text(d.mass_kg) if d.mass_kg else "", f"kg/{unit}", "result", "", False, "catenax"),
        _field("pcf_per_kg", amount_text(per_kg) if per_kg is not None else "", "kg CO2e/kg", "result", "pcf_value / mass" if per_kg is not None else "", False, "catenax"),
        _field("fossil_emissions", amount_text(d.fossil), per_unit, "result", "", False, "catenax"),
        _field("biogenic_emissions", amount_text(d.biogenic_emissions), per_unit, "result", "", False, "catenax"),
        _field("biogenic_carbon_content", amount_text(d.biogenic_carbon_content) if d.biogenic_carbon_content is not None else "", f"kg C/{unit}", "settings" if d.biogenic_carbon_content is not None else "not_computed", "", False, "catenax"),
        _field("land_use_change", "", per_unit, "not_computed", "", False, "catenax"),
        _field("packaging_emissions", amount_text(d.packaging) if d.packaging is not None else "", per_unit, "result" if d.packaging is not None else "not_computed", "", False, "catenax"),
        _field("exempted_share", fixed_text(d.exempted_percent, 1), "%", "result", d.exempted_description, False, "mdsk-rec027", "catenax"),
        _field("boundary", "Cradle-to-grave" if d.cradle_to_grave else "Cradle-to-gate", "", "method", d.boundary_description, False, "mdsk-rec027", "catenax"),
        _field("standards", ", ".join(d.standards), "", "method", "", False, "catenax"),
        _field("sector_rules", ", ".join(d.sector_rules), "", "method", "", False, "aiag", "catenax"),
        _field("gwp", f"IPCC {d.gwp}", "", "method", "", False, "catenax"),
        _field("secondary_sources", sources, "", "method", "", False, "catenax"),
        _field("allocation", d.allocation_description, "", "method", "", False, "catenax"),
        _field("verification", verification.provider_name or "" if verification else "", "", "settings" if verification else "not_computed", verification.coverage or "" if verification else "", False, "catenax"),
    )  # fmt: skip


def _field(  # noqa: PLR0917 - one positional row per IMDS field reads as a table
    key: str, value: str, unit: str, origin: str, detail: str, confirmed: bool, *sources: str
) -> ImdsField:
    return ImdsField(key, value, unit, origin, detail, confirmed, sources)


def _optional(value: float | None, decimals: int) -> str:
    return "" if value is None else fixed_text(value, decimals)


def _country_origin(country: str, site: ProductionSite | None) -> str:
    if not country:
        return "unset"
    return "site" if site and _REGION.match(site.region.strip().upper()) else "settings"


def _country(d: Disclosure, site: ProductionSite | None) -> str:
    """The site's country (``CN`` of ``CN-JS``), else the disclosure's (settings or the sites' shared place)."""
    region = site.region.strip().upper() if site else ""
    if _REGION.match(region):
        return region[:2]
    if d.country:
        return d.country
    return d.country_subdivision[:2] if d.country_subdivision else ""
