"""A product's calculated footprint (``tanlu.carbon.products``) as a :class:`Disclosure`, and its export.

What comes from where:

- the numbers from the product's :class:`~tanlu.carbon.products.footprint.ProductFootprint`: the total (fossil +
  biogenic, kg CO2e per declared unit, exactly what ``tanlu pcf calc`` prints), the fossil part, the biogenic part,
  the packaging stage, primary data share, DQR and exempted share;
- the method from the :class:`~tanlu.carbon.products.register.MethodRegister`: standards, GWP set, boundary,
  reference period, allocation per site with its justification, the electricity approach, factor sources and the
  factor-set version, exemptions;
- the place of production from the ``sites`` that make the product (their ``region``: ``CN-JS``, ``DE`` …);
- company, product identifiers and anything else from the settings (:mod:`tanlu.exchange.settings`), which also
  override any of the above.

Ids are stable: the same model (fingerprint), product and GWP set give the same footprint id, and any change to
the model gives a new one — the PACT v3 rule that a changed footprint is a new footprint.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import quote

from tanlu.carbon.products.footprint import Footprints
from tanlu.carbon.products.model import ProductModel
from tanlu.errors import InputError, NotFound
from tanlu.exchange import catenax, mapping
from tanlu.exchange.disclosure import Disclosure, FactorSource, Verification, declared_unit

#: register standard -> PACT name (prefix match, case-insensitive); the rest stay as written (v3 allows any)
_PACT_STANDARDS = (
    ("iso 14067", "ISO14067"), ("ghg protocol product", "GHGP-Product"), ("pact methodology v3", "PACT-3.0"),
    ("pact methodology v2", "PACT-2.0"), ("iso 14040", "ISO14040-44"), ("iso 14044", "ISO14040-44"),
    ("iso 14083", "ISO14083"), ("pef", "PEF"),
)  # fmt: skip
_RULEBOOK = re.compile(r"catena-x pcf rulebook", re.IGNORECASE)
_SUBDIVISION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_NAMESPACE = uuid.UUID("0d6ee3a4-4b55-5a53-8f3e-5b6a2d7c1e90")
SPECS = ("3.0", "2.3")


def pact_standard(name: str) -> str:
    """The PACT spelling of a standard the method register names (``ISO 14067:2018`` -> ``ISO14067``)."""
    folded = name.casefold()
    return next((pact for prefix, pact in _PACT_STANDARDS if folded.startswith(prefix)), name)


def footprint_id(footprints: Footprints, product_id: str) -> str:
    """The footprint's id: the same for the same model, product and GWP set; new when anything changes."""
    return str(uuid.uuid5(_NAMESPACE, f"{footprints.model_fingerprint}\0{product_id}\0{footprints.gwp}"))


def disclosure_for(
    model: ProductModel, footprints: Footprints, product_id: str, settings: Mapping[str, str]
) -> Disclosure:
    """The disclosure of one product (see the module docstring for where each value comes from)."""
    if product_id not in footprints.products:
        raise NotFound(f"no product {product_id!r} in {model.source}")
    fp = footprints.products[product_id]
    register = footprints.register
    s = dict(settings)
    company_name = s.get("company_name", "")
    company_ids = _words(s.get("company_ids", ""))
    if not company_name or not company_ids:
        raise InputError(
            "give the company's name and URN ids (--company-name, --company-id or a settings sheet)"
        )
    unit, amount = declared_unit(fp.unit)
    named = [pact_standard(name) for name in register.standards if not _RULEBOOK.match(name)]
    rules = tuple(name for name in register.standards if _RULEBOOK.match(name))
    start, end = register.reference_period
    packaging = fp.by_stage.get("packaging", 0.0)
    geography = _geography(model, product_id)
    return Disclosure(
        company_name=company_name,
        company_ids=company_ids,
        product_ids=_words(s.get("product_ids", "")) or (f"urn:tanlu:product:{quote(product_id, safe='')}",),
        product_name=fp.name,
        product_description=s.get("product_description", fp.name_zh),
        product_classifications=_words(s.get("product_classifications", "")),
        product_category_cpc=s.get("product_category_cpc") or None,
        declared_unit=unit,
        declared_unit_amount=amount,
        mass_kg=fp.mass_kg,
        reference_period_start=_moment(s.get("reference_period_start", start), "reference_period_start"),
        reference_period_end=_moment(
            s.get("reference_period_end", end), "reference_period_end", end_of_day=True
        ),
        pcf_excluding_uptake=fp.total,
        fossil=fp.fossil,
        biogenic_emissions=fp.biogenic,
        packaging=packaging if packaging > 0 else None,
        fossil_carbon_content=_number(s, "fossil_carbon_content") or 0.0,
        biogenic_carbon_content=_number(s, "biogenic_carbon_content"),
        gwp=footprints.gwp,
        standards=tuple(_words(s["standards"])) if s.get("standards") else tuple(dict.fromkeys(named)),
        country=s.get("country", geography.get("country")),
        country_subdivision=s.get("country_subdivision", geography.get("subdivision")),
        region=s.get("region", geography.get("region")),
        boundary_description=s.get("boundary_description", _boundary(footprints)),
        allocation_description=s.get("allocation_description", _allocation(footprints)),
        exempted_percent=fp.exempted_share,
        exempted_description=s.get("exempted_description", _exemptions(footprints)),
        secondary_sources=tuple(
            FactorSource(cite, register.factor_set_version) for cite in register.factor_sources
        ),
        primary_data_share=fp.primary_data_share,  # held within 0 … 100 by the core
        dqr={aspect: fp.dqr[aspect] for aspect in ("technological", "geographical", "temporal")},
        verification=_verification(s),
        sector_rules=tuple(s["sector_rules"].split(";")) if s.get("sector_rules") else rules,
        sector_rules_operator=s.get("sector_rules_operator", "Other"),
        sector_rules_other_operator=s.get("sector_rules_other_operator", "Catena-X" if rules else None),
        comment=s.get("comment", ""),
        validity_period_start=_optional_moment(s, "validity_period_start"),
        validity_period_end=_optional_moment(s, "validity_period_end", end_of_day=True),
        extra={key: s[key] for key in catenax.EXTRA_SETTINGS if s.get(key)},
    )


def export_product(
    model: ProductModel,
    footprints: Footprints,
    product_id: str,
    settings: Mapping[str, str],
    *,
    spec: str,
    created: datetime | None = None,
) -> dict[str, Any]:
    """One product as PACT ``spec`` ("3.0", "2.3") or Catena-X (``catenax-9.0.0``, ``catenax-10.0.0``) JSON."""
    disclosure = disclosure_for(model, footprints, product_id, settings)
    pf_id = footprint_id(footprints, product_id)
    moment = created or datetime.now(UTC).replace(microsecond=0)
    if spec == "3.0":
        return mapping.to_pact_v3(disclosure, pf_id=pf_id, created=moment)
    if spec == "2.3":
        return mapping.to_pact_v2(disclosure, pf_id=pf_id, created=moment)
    version = spec.removeprefix("catenax-")
    return catenax.to_catenax(disclosure, pf_id=pf_id, created=moment, version=version)


def _geography(model: ProductModel, product_id: str) -> dict[str, str]:
    """The most specific place shared by every site that makes the product."""
    production = model.table("production")
    sites = set(production.filter(production["product_id"] == product_id).get_column("site").to_list())
    table = model.table("sites")
    regions = {
        region for site, region in table.select("site", "region").iter_rows() if site in sites and region
    }
    if len(regions) != 1:
        countries = {region[:2] for region in regions}
        national = all(_SUBDIVISION.match(region) or _COUNTRY.match(region) for region in regions)
        return {"country": countries.pop()} if regions and national and len(countries) == 1 else {}
    (region,) = regions
    if _SUBDIVISION.match(region):
        return {"subdivision": region}
    if _COUNTRY.match(region):
        return {"country": region}
    return {"region": region}


def _boundary(footprints: Footprints) -> str:
    register = footprints.register
    return (
        f"{register.boundary.capitalize()}: raw materials, purchased parts, energy, processes, inbound transport and "
        f"packaging. Electricity: {register.electricity}"
    )


def _allocation(footprints: Footprints) -> str:
    return "; ".join(
        f"{site.site}: {site.method} ({site.hierarchy_step}) - {site.justification}"
        for site in footprints.register.allocation
    )


def _exemptions(footprints: Footprints) -> str:
    exempted = footprints.register.exemptions
    return "; ".join(f"{item.sheet} row {item.row}: {item.what}" for item in exempted)


def _verification(s: Mapping[str, str]) -> Verification | None:
    if not s.get("verification_provider"):
        return None
    return Verification(
        coverage=s.get("verification_coverage") or None,
        provider_name=s["verification_provider"],
        completed_at=_optional_moment(s, "verification_completed_at"),
        standard_name=s.get("verification_standard") or None,
    )


def _words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(word for word in re.split(r"[\s,;]+", text) if word))


def _number(s: Mapping[str, str], key: str) -> float | None:
    text = s.get(key, "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError("not a number", column=key, value=text) from None


def _optional_moment(s: Mapping[str, str], key: str, *, end_of_day: bool = False) -> datetime | None:
    return _moment(s[key], key, end_of_day=end_of_day) if s.get(key) else None


def _moment(text: str, key: str, *, end_of_day: bool = False) -> datetime:
    """A date (``2025-12-31``; the end of that day for an end) or an ISO date-time, in UTC."""
    text = text.strip()
    if not text:
        raise InputError("a date is required (from the sites' periods or a setting)", column=key)
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(23, 59, 59) if end_of_day else time(), UTC)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError("not a date (YYYY-MM-DD) or date-time", column=key, value=text) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
