"""A :class:`~tanlu.exchange.disclosure.Disclosure` as a PACT v3.0 or v2.3 ProductFootprint (JSON).

Every property the disclosure can fill is written; the result is checked against the shipped schema before it is
returned, so an export never leaves Tanlu invalid.  Conversions between the versions follow each specification:

- v3 amounts, shares and ratings are decimal strings; v2.3 keeps amounts as decimal strings but shares,
  ``exemptedEmissionsPercent`` and the data quality ratings as JSON numbers.
- Tanlu's biogenic emissions (biogenic CO2 counted in the total) are part of ``pcfExcludingBiogenicUptake``; v3
  has no property of their own for them outside land management, v2.3 has ``otherBiogenicGhgEmissions``.
- v2.3 has no ``piece`` declared unit: a footprint per piece is written per kilogram, with ``unitaryProductAmount``
  the piece's mass, as v2 intends.  v2.3's ``dqi`` needs five ratings and a coverage Tanlu does not compute, so it is
  left out; ``productCategoryCpc`` is required there and must be given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from tanlu.errors import InputError
from tanlu.exchange import pact_v2, pact_v3
from tanlu.exchange.decimals import decimal_text
from tanlu.exchange.disclosure import Disclosure
from tanlu.exchange.validation import PACT_SCHEMAS, check

#: v3 cross-sectoral standard -> the deprecated v2 ``crossSectoralStandardsUsed`` value
LEGACY_STANDARDS = {
    "GHGP-Product": "GHG Protocol Product standard",
    "ISO14067": "ISO Standard 14067",
    "ISO14040-44": "ISO Standard 14044",
}


def timestamp(moment: datetime) -> str:
    """An RFC 3339 date-time in UTC to the second, as PACT examples write them."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_pact_v3(
    disclosure: Disclosure,
    *,
    pf_id: str,
    created: datetime,
    status: str = "Active",
    preceding_pf_ids: Sequence[str] = (),
) -> dict[str, Any]:
    """The disclosure as a v3.0 ProductFootprint."""
    d = disclosure
    pcf: dict[str, Any] = {
        "declaredUnitOfMeasurement": d.declared_unit,
        "declaredUnitAmount": decimal_text(d.declared_unit_amount),
        "productMassPerDeclaredUnit": decimal_text(d.mass_per_declared_unit),
        "referencePeriodStart": timestamp(d.reference_period_start),
        "referencePeriodEnd": timestamp(d.reference_period_end),
        **_geography(d),
        "pcfExcludingBiogenicUptake": decimal_text(d.pcf_excluding_uptake),
        "pcfIncludingBiogenicUptake": decimal_text(d.pcf_including_uptake),
        "fossilCarbonContent": decimal_text(d.fossil_carbon_content),
        "fossilGhgEmissions": decimal_text(d.fossil),
        "packagingEmissionsIncluded": d.packaging is not None,
        "ipccCharacterizationFactors": [d.gwp],
        "crossSectoralStandards": list(dict.fromkeys(d.standards)),
        "exemptedEmissionsPercent": decimal_text(d.exempted_percent),
    }
    if d.boundary_description:
        pcf["boundaryProcessesDescription"] = d.boundary_description
    if d.biogenic_carbon_content is not None:
        pcf["biogenicCarbonContent"] = decimal_text(d.biogenic_carbon_content)
    if d.biogenic_uptake:
        pcf["biogenicCO2Uptake"] = decimal_text(d.biogenic_uptake)
    if d.packaging is not None:
        pcf["packagingGhgEmissions"] = decimal_text(d.packaging)
    if d.distribution is not None:
        pcf["outboundLogisticsGhgEmissions"] = decimal_text(d.distribution)
    if d.sector_rules:
        pcf["productOrSectorSpecificRules"] = [_rule(d)]
    if d.exempted_description:
        pcf["exemptedEmissionsDescription"] = d.exempted_description
    if d.allocation_description:
        pcf["allocationRulesDescription"] = d.allocation_description
    if d.secondary_sources:
        pcf["secondaryEmissionFactorSources"] = [
            {"name": s.name, "version": s.version} for s in d.secondary_sources
        ]
    if d.primary_data_share is not None:
        pcf["primaryDataShare"] = decimal_text(d.primary_data_share)
    if d.dqr:
        pcf["dqi"] = {f"{aspect}DQR": decimal_text(d.dqr[aspect]) for aspect in _DQR_ASPECTS}
    if d.verification is not None:
        pcf["verification"] = _verification_v3(d)
    document = {
        "id": pf_id,
        "specVersion": pact_v3.SPEC_VERSION,
        **({"precedingPfIds": list(dict.fromkeys(preceding_pf_ids))} if preceding_pf_ids else {}),
        "created": timestamp(created),
        "status": status,
        **_validity(d),
        **_product(d),
        **({"comment": d.comment} if d.comment else {}),
        "pcf": pcf,
    }
    return _checked(document, "3")


def to_pact_v2(
    disclosure: Disclosure,
    *,
    pf_id: str,
    created: datetime,
    version: int = 1,
    status: str = "Active",
    preceding_pf_ids: Sequence[str] = (),
) -> dict[str, Any]:
    """The disclosure as a v2.3 ProductFootprint."""
    d = disclosure
    if d.gwp not in ("AR5", "AR6"):
        raise InputError(f"PACT v2.3 accepts GWP sets AR5 and AR6 only, not {d.gwp}; export v3.0 instead")
    if not d.product_category_cpc:
        raise InputError("PACT v2.3 requires a UN CPC product category: set product_category_cpc")
    unit, amount, divisor = d.declared_unit, d.declared_unit_amount, 1.0
    if (
        unit not in pact_v2.DECLARED_UNITS
    ):  # piece, hour, …: v2 declares the footprint per kilogram of product
        amount = divisor = d.mass_per_declared_unit
        if not amount:
            raise InputError(
                f"PACT v2.3 has no declared unit {unit!r}; give the product's mass to declare it per kg"
            )
        unit = "kilogram"

    def per_unit(value: float) -> str:
        return decimal_text(value / divisor if divisor != 1.0 else value)

    standards = [s for s in dict.fromkeys(d.standards) if s in pact_v2.STANDARDS]
    legacy = [LEGACY_STANDARDS[s] for s in standards if s in LEGACY_STANDARDS]
    if not legacy:
        raise InputError("PACT v2.3 needs GHGP-Product, ISO14067 or ISO14040-44 among the standards")
    pcf: dict[str, Any] = {
        "declaredUnit": unit,
        "unitaryProductAmount": decimal_text(amount),
        "pCfExcludingBiogenic": per_unit(d.pcf_excluding_uptake),
        "pCfIncludingBiogenic": per_unit(d.pcf_including_uptake),
        "fossilGhgEmissions": per_unit(d.fossil),
        "fossilCarbonContent": per_unit(d.fossil_carbon_content),
        "biogenicCarbonContent": per_unit(d.biogenic_carbon_content or 0.0),
        "otherBiogenicGhgEmissions": per_unit(d.biogenic_emissions),
        "packagingEmissionsIncluded": d.packaging is not None,
        "characterizationFactors": d.gwp,
        "ipccCharacterizationFactorsSources": [d.gwp],
        "crossSectoralStandardsUsed": legacy,
        "crossSectoralStandards": standards,
        "boundaryProcessesDescription": d.boundary_description,
        "referencePeriodStart": timestamp(d.reference_period_start),
        "referencePeriodEnd": timestamp(d.reference_period_end),
        **_geography(d),
        "exemptedEmissionsPercent": d.exempted_percent,
        "exemptedEmissionsDescription": d.exempted_description,
    }
    if unit != d.declared_unit or d.declared_unit == "kilogram":
        pcf["productMassPerDeclaredUnit"] = "1"
    elif d.mass_kg is not None:
        pcf["productMassPerDeclaredUnit"] = decimal_text(d.mass_kg)
    pcf |= _v2_optional(d, per_unit)
    document = {
        "id": pf_id,
        "specVersion": pact_v2.SPEC_VERSION,
        **({"precedingPfIds": list(dict.fromkeys(preceding_pf_ids))} if preceding_pf_ids else {}),
        "version": version,
        "created": timestamp(created),
        "status": status,
        **_validity(d),
        **_product(d),
        "productCategoryCpc": d.product_category_cpc,
        "comment": d.comment,
        "pcf": pcf,
    }
    return _checked(document, "2")


_DQR_ASPECTS = ("technological", "geographical", "temporal")
_V2_COVERAGE = {"PCF program": "PCF system", "product level": "product level"}


def _geography(d: Disclosure) -> dict[str, str]:
    """The most specific geography given: PACT allows one of subdivision, country or region."""
    if d.country_subdivision:
        return {"geographyCountrySubdivision": d.country_subdivision}
    if d.country:
        return {"geographyCountry": d.country}
    if d.region:
        return {"geographyRegionOrSubregion": d.region}
    return {}


def _validity(d: Disclosure) -> dict[str, str]:
    out = {}
    if d.validity_period_start is not None:
        out["validityPeriodStart"] = timestamp(d.validity_period_start)
    if d.validity_period_end is not None:
        out["validityPeriodEnd"] = timestamp(d.validity_period_end)
    return out


def _product(d: Disclosure) -> dict[str, Any]:
    out: dict[str, Any] = {
        "companyName": d.company_name,
        "companyIds": list(dict.fromkeys(d.company_ids)),
        "productDescription": d.product_description,
        "productIds": list(dict.fromkeys(d.product_ids)),
    }
    if d.product_classifications:
        out["productClassifications"] = list(dict.fromkeys(d.product_classifications))
    out["productNameCompany"] = d.product_name
    return out


def _rule(d: Disclosure) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "operator": d.sector_rules_operator,
        "ruleNames": list(dict.fromkeys(d.sector_rules)),
    }
    if d.sector_rules_operator == "Other" and d.sector_rules_other_operator:
        rule["otherOperatorName"] = d.sector_rules_other_operator
    return rule


def _verification_v3(d: Disclosure) -> dict[str, str]:
    v = d.verification
    assert v is not None  # noqa: S101 - callers check
    out = {
        "coverage": v.coverage,
        "providerName": v.provider_name,
        "completedAt": timestamp(v.completed_at) if v.completed_at else None,
        "standardName": v.standard_name,
        "comments": v.comments,
    }
    return {key: value for key, value in out.items() if value}


def _assurance_v2(d: Disclosure) -> dict[str, Any]:
    v = d.verification
    assert v is not None  # noqa: S101 - callers check
    out: dict[str, Any] = {"assurance": True, "providerName": v.provider_name or ""}
    if v.coverage in _V2_COVERAGE:
        out["coverage"] = _V2_COVERAGE[v.coverage]
    if v.completed_at:
        out["completedAt"] = timestamp(v.completed_at)
    if v.standard_name:
        out["standardName"] = v.standard_name
    if v.comments:
        out["comments"] = v.comments
    return out


def _v2_optional(d: Disclosure, per_unit: Callable[[float], str]) -> dict[str, Any]:
    """The v2.3 ``pcf`` properties that are written only when the disclosure has them."""
    out: dict[str, Any] = {}
    if d.biogenic_uptake:
        out["biogenicCarbonWithdrawal"] = per_unit(d.biogenic_uptake)
    if d.packaging is not None:
        out["packagingGhgEmissions"] = per_unit(d.packaging)
    if d.sector_rules:
        out["productOrSectorSpecificRules"] = [_rule(d)]
    if d.allocation_description:
        out["allocationRulesDescription"] = d.allocation_description
    if d.secondary_sources:
        out["secondaryEmissionFactorSources"] = [
            {"name": s.name, "version": s.version} for s in d.secondary_sources
        ]
    if d.primary_data_share is not None:
        out["primaryDataShare"] = d.primary_data_share
    if d.verification is not None:
        out["assurance"] = _assurance_v2(d)
    return out


def _checked(document: dict[str, Any], major: str) -> dict[str, Any]:
    """The document, after the shipped schema found nothing wrong (a wrong setting must not leave as PACT)."""
    problems = check(document, PACT_SCHEMAS[major])
    if problems:
        raise InputError(
            f"the PACT v{major} footprint would be invalid: "
            + "; ".join(str(problem) for problem in problems)
        )
    return document
