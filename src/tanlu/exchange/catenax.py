"""Catena-X PCF payloads (semantic model ``io.catenax.pcf`` 9.0.0 and 10.0.0) from a Disclosure, and back in.

The payload nests every group in a one-element list, as the SAMM-generated schema requires, and carries amounts as
JSON numbers (not PACT's decimal strings).  Catena-X rules that shape the mapping (from the model's descriptions):

- ``productionStage`` holds the cradle-to-gate footprint *including* packaging (``packagingEmissionsIncluded`` is
  always true; the packaging stage only repeats its share) and *excluding* outbound distribution, which is reported
  in ``distributionStage`` when the company pays for that transport.
- ``idAndVersion.version`` is always 0 (Catena-X versions by new ids and ``precedingPfIds``, like PACT v3); in 9.0.0
  a preceding id is an object (``{"id": …}``), in 10.0.0 a string.  ``crossSectoralStandards`` is a list in one
  standards entry in 9.0.0 and one enumerated value per entry in 10.0.0.
- ``geographyRegionOrSubregion`` is required: the disclosure's region, else the UN region of its country.
- ``validityPeriodEnd`` is required: the disclosure's, else one year after the reference period (annual review).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tanlu.errors import InputError
from tanlu.exchange.disclosure import Disclosure
from tanlu.exchange.mapping import timestamp
from tanlu.exchange.pact_io import FootprintsRejected, load_json
from tanlu.exchange.validation import CATENAX_SCHEMAS, Violation, check

VERSIONS = tuple(CATENAX_SCHEMAS)
#: settings only Catena-X uses (kept in ``Disclosure.extra``)
EXTRA_SETTINGS = (
    "pcf_legal_statement",
    "pcf_type",
    "allocation_waste_incineration",
    "verification_id",
    "verification_type",
)
SPEC_URN = "urn:io.catenax.pcf:datamodel:version:"
_STANDARDS = {"ISO14067": "ISO 14067", "GHGP-Product": "GHG Protocol Product", "ISO14040-44": "ISO 14040-44"}
_STANDARDS_10 = frozenset({
    "ISO 14067", "Pathfinder v1", "PACT-1.0", "Pathfinder v2", "PACT-2.0", "Pathfinder v3", "PACT-3.0",
    "GHG Protocol Product", "PAS 2050", "ISO 14040-44", "PEF",
})  # fmt: skip
#: UN M49 sub-regions of the countries where automotive suppliers most often produce
COUNTRY_REGIONS = {
    "DE": "Western Europe", "FR": "Western Europe", "AT": "Western Europe", "BE": "Western Europe",
    "NL": "Western Europe", "CH": "Western Europe", "LU": "Western Europe",
    "IT": "Southern Europe", "ES": "Southern Europe", "PT": "Southern Europe", "SI": "Southern Europe",
    "RS": "Southern Europe", "GB": "Northern Europe", "SE": "Northern Europe", "FI": "Northern Europe",
    "DK": "Northern Europe", "NO": "Northern Europe", "IE": "Northern Europe",
    "PL": "Eastern Europe", "CZ": "Eastern Europe", "SK": "Eastern Europe", "HU": "Eastern Europe",
    "RO": "Eastern Europe", "BG": "Eastern Europe",
    "CN": "Eastern Asia", "JP": "Eastern Asia", "KR": "Eastern Asia", "TW": "Eastern Asia",
    "IN": "Southern Asia", "TH": "South-eastern Asia", "VN": "South-eastern Asia", "MY": "South-eastern Asia",
    "ID": "South-eastern Asia", "TR": "Western Asia", "US": "Northern America", "CA": "Northern America",
    "MX": "Latin America and the Caribbean", "BR": "Latin America and the Caribbean",
    "ZA": "Sub-Saharan Africa", "MA": "Northern Africa",
}  # fmt: skip


def to_catenax(
    disclosure: Disclosure,
    *,
    pf_id: str,
    created: datetime,
    version: str = "10.0.0",
    status: str = "Active",
    preceding_pf_ids: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The disclosure as a Catena-X PCF payload of model ``version`` (checked against the shipped schema)."""
    if version not in CATENAX_SCHEMAS:
        raise InputError(f"Catena-X PCF model {version!r} is not supported; use one of {', '.join(VERSIONS)}")
    d = disclosure
    distribution = d.distribution or 0.0
    production = {
        "pcfExcludingBiogenicUptake": d.pcf_excluding_uptake - distribution,
        "pcfIncludingBiogenicUptake": d.pcf_including_uptake - distribution,
        "fossilGhgEmissions": d.fossil - distribution,
        "biogenicCO2Uptake": d.biogenic_uptake,
    }
    packaging: dict[str, Any] = {"packagingEmissionsIncluded": True}
    if d.packaging is not None:
        packaging["packagingPcfExcludingBiogenicUptake"] = d.packaging  # its gases are not split out
    shipping: dict[str, Any] = {"distributionStageIncluded": d.distribution is not None}
    if d.distribution is not None:
        shipping |= {
            "distributionStagePcfExcludingBiogenicUptake": d.distribution,
            "distributionStagePcfIncludingBiogenicUptake": d.distribution,
            "distributionStageFossilGhgEmissions": d.distribution,
        }
    carbon = {"fossilCarbonContent": d.fossil_carbon_content}
    if d.biogenic_carbon_content is not None:
        carbon |= {"biogenicCarbonContent": d.biogenic_carbon_content}
    carbon["carbonContentTotal"] = d.fossil_carbon_content + (d.biogenic_carbon_content or 0.0)
    payload: dict[str, Any] = {
        "scopeOfPcfForm": [
            {
                "specVersion": SPEC_URN + version,
                "partialFullPcf": "Cradle-to-grave" if d.cradle_to_grave else "Cradle-to-gate",
            }
        ],
        "companyAndProductInformation": [
            {"companyInformation": [_company(d)], "productInformation": [_product(d)]}
        ],
        "pcfAssessmentAndMethodology": [
            {
                "pcfAssessmentInformation": [
                    _assessment(
                        d,
                        pf_id=pf_id,
                        created=created,
                        status=status,
                        preceding=preceding_pf_ids,
                        version=version,
                    )
                ],
                "pcfMethodology": [_methodology(d, version)],
                "dataSourcesAndQuality": [_data_quality(d)],
            }
        ],
        "general": [_general(d)],
        "productLifeCycleStagesAndEmissions": [
            {"productionStage": [production], "packagingStage": [packaging], "distributionStage": [shipping]}
        ],
        "carbonContent": [carbon],
    }
    attestation = _attestation(d)
    if attestation:
        payload["attestationOfConformance"] = [attestation]
    problems = check(payload, CATENAX_SCHEMAS[version])
    if problems:
        raise InputError("the Catena-X PCF would be invalid: " + "; ".join(map(str, problems)))
    return payload


def _company(d: Disclosure) -> dict[str, Any]:
    return {"companyName": d.company_name, "companyIds": list(dict.fromkeys(d.company_ids))}


def _product(d: Disclosure) -> dict[str, Any]:
    out: dict[str, Any] = {
        "productNameCompany": d.product_name,
        "productIds": list(dict.fromkeys(d.product_ids)),
        "declaredUnitOfMeasurement": d.declared_unit,
        "declaredUnitAmount": d.declared_unit_amount,
        "productMassPerDeclaredUnit": d.mass_per_declared_unit,
    }
    if d.product_description:
        out["productDescription"] = d.product_description
    if d.product_classifications:
        out["productClassifications"] = list(d.product_classifications)
    return out


def _assessment(
    d: Disclosure, *, pf_id: str, created: datetime, status: str, preceding: tuple[str, ...], version: str
) -> dict[str, Any]:
    region = d.region or COUNTRY_REGIONS.get((d.country or d.country_subdivision or "")[:2])
    if region is None:
        raise InputError(
            "Catena-X needs the region of production: set region (e.g. Western Europe) or country"
        )
    geography = {"geographyRegionOrSubregion": region}
    if d.country or d.country_subdivision:
        geography["geographyCountry"] = (d.country or d.country_subdivision or "")[:2]
    if d.country_subdivision:
        geography["geographyCountrySubdivision"] = d.country_subdivision
    end = d.validity_period_end or d.reference_period_end.replace(year=d.reference_period_end.year + 1)
    time = {
        "referencePeriodStart": timestamp(d.reference_period_start),
        "referencePeriodEnd": timestamp(d.reference_period_end),
        "created": timestamp(created),
        "validityPeriodEnd": timestamp(end),
    }
    if d.validity_period_start is not None:
        time["validityPeriodStart"] = timestamp(d.validity_period_start)
    identity: dict[str, Any] = {
        "id": pf_id,
        "version": 0,
        "status": status,
        "retroOrProspectivePcfType": d.extra.get("pcf_type", "Retrospective PCF"),
    }
    if preceding:
        identity["precedingPfIds"] = [{"id": i} for i in preceding] if version == "9.0.0" else list(preceding)
    technology: dict[str, Any] = {"ccsTechnologicalCO2CaptureIncluded": False}
    if d.boundary_description:
        technology["boundaryProcessesDescription"] = d.boundary_description
    boundary: dict[str, Any] = {"exemptedEmissionsPercent": d.exempted_percent}
    if d.exempted_description:
        boundary["exemptedEmissionsDescription"] = d.exempted_description
    return {
        "technology": [technology],
        "idAndVersion": [identity],
        "boundarySpecifications": [boundary],
        "geography": [geography],
        "time": [time],
    }


def _methodology(d: Disclosure, version: str) -> dict[str, Any]:
    names = [_STANDARDS.get(s, s) for s in dict.fromkeys(d.standards)]
    rules = list(d.sector_rules)
    standards: list[dict[str, Any]]
    balancing: dict[str, Any]
    if version == "9.0.0":
        standards = [{"crossSectoralStandards": names, "productOrSectorSpecificRules": rules}]
        balancing = {
            "massBalancingUsed": False,
            "freeAttributionInMassBalancing": "not applicable",
            "massBalancingCertificateScheme": "not applicable",
        }
    else:
        enumerated = list(dict.fromkeys(n if n in _STANDARDS_10 else "Other" for n in names))
        standards = [{"crossSectoralStandards": n, "productOrSectorSpecificRules": rules} for n in enumerated]
        balancing = {"massBalancingUsed": False}
    allocation: dict[str, Any] = {
        "allocationWasteIncineration": d.extra.get("allocation_waste_incineration", "cut-off")
    }
    if d.allocation_description:
        allocation["allocationRulesDescription"] = d.allocation_description
    return {
        "standards": standards,
        "gwpCharacterizationFactorDetails": [{"ipccCharacterizationFactors": d.gwp}],
        "massBalancingInformation": [balancing],
        "allocationInForeground": [allocation],
    }


def _data_quality(d: Disclosure) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if d.primary_data_share is not None:
        out["primaryDataShare"] = d.primary_data_share
    if d.secondary_sources:
        out["secondaryEmissionFactorSources"] = [f"{s.name} {s.version}" for s in d.secondary_sources]
    for aspect, value in (d.dqr or {}).items():
        out[f"{aspect}DQR"] = value
    return out


def _general(d: Disclosure) -> dict[str, str]:
    out = {}
    if d.extra.get("pcf_legal_statement"):
        out["pcfLegalStatement"] = d.extra["pcf_legal_statement"]
    if d.comment:
        out["comment"] = d.comment
    return out


def _attestation(d: Disclosure) -> dict[str, str] | None:
    """``attestationOfConformance`` when the verification names its provider, standard and certificate id."""
    v = d.verification
    certificate = d.extra.get("verification_id")
    if v is None or not (v.provider_name and v.standard_name and certificate):
        return None
    out = {
        "attestationType": d.extra.get("verification_type", v.coverage or "PCF 3rd party verification"),
        "standardName": v.standard_name,
        "attestationStandard": d.extra.get("verification_framework", v.standard_name),
        "attestationOfConformanceId": certificate,
        "providerName": v.provider_name,
    }
    if v.completed_at:
        out["completedAt"] = timestamp(v.completed_at)
    return out


@dataclass(frozen=True)
class CatenaxPcf:
    """A valid Catena-X PCF payload as read, with the values a receiver looks at first."""

    version: str
    pf_id: str
    status: str
    product_ids: tuple[str, ...]
    pcf_excluding_uptake: float
    pcf_including_uptake: float
    document: dict[str, Any]


def model_version(payload: object) -> str | None:
    """The model version a payload declares (``scopeOfPcfForm[0].specVersion``), if it is one Tanlu ships."""
    try:
        spec = str(payload["scopeOfPcfForm"][0]["specVersion"])  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return None
    version = spec.removeprefix(SPEC_URN)
    return version if version in CATENAX_SCHEMAS else None


def check_payload(payload: object, *, at: str = "$") -> tuple[str | None, list[Violation]]:
    """The model version of a payload and every violation of its schema."""
    version = model_version(payload)
    if version is None:
        where = f"{at}.scopeOfPcfForm[0].specVersion"
        return None, [
            Violation(where, f"not a Catena-X PCF model version Tanlu knows ({', '.join(VERSIONS)})")
        ]
    return version, check(payload, CATENAX_SCHEMAS[version], at=at)


def payloads(data: object) -> list[tuple[str, object]]:
    """Each payload in a file's JSON (one object or a list) with its JSON path."""
    return [(f"$[{i}]", item) for i, item in enumerate(data)] if isinstance(data, list) else [("$", data)]


def read_payloads(path: Path) -> list[CatenaxPcf]:
    """Valid Catena-X PCF payloads from the file at ``path``, all or none (violations named by JSON path)."""
    problems: list[Violation] = []
    found = []
    items = payloads(load_json(path))
    for at, item in items:
        version, violations = check_payload(item, at=at)
        problems += violations
        if version is not None and not violations and isinstance(item, dict):
            found.append(_summary(version, item))
    if not items:
        problems.append(Violation("$", "no Catena-X PCF in the file"))
    if problems:
        raise FootprintsRejected(problems, file=path.name)
    return found


def _summary(version: str, doc: dict[str, Any]) -> CatenaxPcf:
    info = doc["pcfAssessmentAndMethodology"][0]["pcfAssessmentInformation"][0]["idAndVersion"][0]
    product = doc["companyAndProductInformation"][0]["productInformation"][0]
    stage = doc["productLifeCycleStagesAndEmissions"][0]["productionStage"][0]
    return CatenaxPcf(
        version=version,
        pf_id=str(info["id"]),
        status=str(info["status"]),
        product_ids=tuple(product["productIds"]),
        pcf_excluding_uptake=float(stage["pcfExcludingBiogenicUptake"]),
        pcf_including_uptake=float(stage["pcfIncludingBiogenicUptake"]),
        document=doc,
    )
