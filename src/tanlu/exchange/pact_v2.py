"""The PACT Technical Specifications v2.3 data model (still what many partners exchange).

Written from the v2.3.3 data model (``spec/v2/openapi.yaml`` of wbcsd/data-exchange-protocol); descriptions are
Tanlu's.  Differences from v3 that matter when mapping: ``version`` and ``updated`` track minor changes; shares and
data quality ratings are JSON numbers; ``declaredUnit`` has no ``piece``; ``productCategoryCpc``, ``comment``,
``boundaryProcessesDescription`` and ``exemptedEmissionsDescription`` are required; the deprecated
``characterizationFactors`` and ``crossSectoralStandardsUsed`` are still required next to their successors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, JsonValue, WithJsonSchema

from tanlu.exchange.pact_types import (
    AT_MOST_ONE_GEOGRAPHY,
    UNIQUE,
    DateTime,
    GwpReports,
    LooseDecimal,
    Names,
    NonEmpty,
    PactModel,
    Region,
    SpecVersion,
    Uri,
    Urns,
    Uuid,
    Uuids,
)

SPEC_VERSION = "2.3.0"
DeclaredUnit = Literal[
    "liter", "kilogram", "cubic meter", "kilowatt hour", "megajoule", "ton kilometer", "square meter"
]
DECLARED_UNITS: tuple[str, ...] = DeclaredUnit.__args__  # type: ignore[attr-defined]
STANDARDS = ("ISO14067", "ISO14083", "ISO14040-44", "GHGP-Product", "PEF", "PACT-1.0", "PACT-2.0", "PACT-3.0")
Standard = Literal[
    "ISO14067", "ISO14083", "ISO14040-44", "GHGP-Product", "PEF", "PACT-1.0", "PACT-2.0", "PACT-3.0"
]
LegacyStandard = Literal["GHG Protocol Product standard", "ISO Standard 14067", "ISO Standard 14044"]


def _percent(value: float) -> float:
    if not 0 <= value <= 100:
        raise ValueError("must be between 0 and 100")
    return value


def _rating(value: float) -> float:
    if not 1 <= value <= 3:
        raise ValueError("must be between 1 and 3")
    return value


#: JSON numbers in a range; an integer stays an integer, so it is written back as it came
Percent = Annotated[
    int | float, AfterValidator(_percent), WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100})
]
Rating = Annotated[
    int | float, AfterValidator(_rating), WithJsonSchema({"type": "number", "minimum": 1, "maximum": 3})
]


class DataQualityIndicators(PactModel):
    """v2 data quality: coverage and five ratings, all required when the block is present."""

    coverage_percent: Percent
    technological_dqr: Rating = Field(alias="technologicalDQR")
    temporal_dqr: Rating = Field(alias="temporalDQR")
    geographical_dqr: Rating = Field(alias="geographicalDQR")
    completeness_dqr: Rating = Field(alias="completenessDQR")
    reliability_dqr: Rating = Field(alias="reliabilityDQR")


class EmissionFactorDatabase(PactModel):
    name: NonEmpty
    version: NonEmpty


class ProductOrSectorSpecificRule(PactModel):
    operator: Literal["PEF", "EPD International", "Other"]
    rule_names: Names
    other_operator_name: NonEmpty | None = None


class Assurance(PactModel):
    """Assurance of the footprint (``verification`` in v3)."""

    assurance: bool
    coverage: Literal["corporate level", "product line", "PCF system", "product level"] | None = None
    level: Literal["limited", "reasonable"] | None = None
    boundary: Literal["Gate-to-Gate", "Cradle-to-Gate"] | None = None
    provider_name: str
    completed_at: DateTime | None = None
    standard_name: str | None = None
    comments: str | None = None


class DataModelExtension(PactModel):
    spec_version: str
    data_schema: Uri
    documentation: Uri | None = None
    data: dict[str, JsonValue]


class CarbonFootprint(PactModel):
    """The v2 footprint per declared unit (``pCf…`` names, decimal strings for amounts, numbers for shares)."""

    model_config = PactModel.model_config | {"json_schema_extra": AT_MOST_ONE_GEOGRAPHY}

    declared_unit: DeclaredUnit
    unitary_product_amount: LooseDecimal
    product_mass_per_declared_unit: LooseDecimal | None = None
    p_cf_excluding_biogenic: LooseDecimal
    p_cf_including_biogenic: LooseDecimal | None = None
    fossil_ghg_emissions: LooseDecimal
    fossil_carbon_content: LooseDecimal
    biogenic_carbon_content: LooseDecimal
    d_luc_ghg_emissions: LooseDecimal | None = None
    land_management_ghg_emissions: LooseDecimal | None = None
    other_biogenic_ghg_emissions: LooseDecimal | None = None
    i_luc_ghg_emissions: LooseDecimal | None = None
    biogenic_carbon_withdrawal: LooseDecimal | None = None
    aircraft_ghg_emissions: LooseDecimal | None = None
    packaging_emissions_included: bool
    packaging_ghg_emissions: LooseDecimal | None = None
    characterization_factors: Literal["AR6", "AR5"]
    ipcc_characterization_factors_sources: GwpReports
    cross_sectoral_standards_used: Annotated[list[LegacyStandard], UNIQUE]
    cross_sectoral_standards: Annotated[list[Standard], UNIQUE] | None = None
    product_or_sector_specific_rules: Annotated[list[ProductOrSectorSpecificRule], UNIQUE] | None = None
    biogenic_accounting_methodology: Literal["PEF", "ISO", "GHGP", "Quantis"] | None = None
    boundary_processes_description: str
    reference_period_start: DateTime
    reference_period_end: DateTime
    geography_region_or_subregion: Region | None = None
    geography_country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    geography_country_subdivision: str | None = Field(default=None, pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
    secondary_emission_factor_sources: list[EmissionFactorDatabase] | None = Field(default=None, min_length=1)
    exempted_emissions_percent: Percent
    exempted_emissions_description: str
    allocation_rules_description: str | None = None
    uncertainty_assessment_description: str | None = None
    primary_data_share: Percent | None = None
    dqi: DataQualityIndicators | None = None
    assurance: Assurance | None = None


class ProductFootprint(PactModel):
    """A v2 footprint: ``version`` counts minor changes, ``updated`` says when the last one was made."""

    id: Uuid
    spec_version: SpecVersion
    preceding_pf_ids: Uuids | None = None
    version: Annotated[int, Field(ge=0)]
    created: DateTime
    updated: DateTime | None = None
    status: Literal["Active", "Deprecated"]
    status_comment: str | None = None
    validity_period_start: DateTime | None = None
    validity_period_end: DateTime | None = None
    company_name: NonEmpty
    company_ids: Urns
    product_description: str
    product_ids: Urns
    product_classifications: Urns | None = None
    product_category_cpc: NonEmpty
    product_name_company: NonEmpty
    comment: str
    pcf: CarbonFootprint
    extensions: list[DataModelExtension] | None = None


def parse(document: dict[str, Any]) -> ProductFootprint:
    """A typed v2 footprint from JSON that :func:`tanlu.exchange.validation.violations` found valid."""
    return ProductFootprint.model_validate(document)
