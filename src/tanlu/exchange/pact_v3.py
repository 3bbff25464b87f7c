"""The PACT Technical Specifications v3.0 data model: ProductFootprint and its parts.

Written from the specification's data model (v3.0.3, ``spec/v3/openapi.yaml`` of wbcsd/data-exchange-protocol):
property names, required properties, value sets and patterns follow it; descriptions are Tanlu's own.  In v3 every
amount is a decimal string, ``productMassPerDeclaredUnit`` is required, and any change to a footprint makes a new
one (see :mod:`tanlu.exchange.versioning`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, JsonValue

from tanlu.exchange.pact_types import (
    AT_MOST_ONE_GEOGRAPHY,
    UNIQUE,
    DateTime,
    Decimal,
    GwpReports,
    Names,
    NegativeOrZero,
    NonEmpty,
    PactModel,
    PositiveNonZero,
    PositiveOrZero,
    Region,
    SpecVersion,
    Texts,
    Uri,
    Urns,
    Uuid,
    Uuids,
)

SPEC_VERSION = "3.0.3"
DECLARED_UNITS = (
    "liter", "kilogram", "cubic meter", "kilowatt hour", "megajoule", "ton kilometer", "square meter", "piece",
    "hour", "megabit second",
)  # fmt: skip
DeclaredUnit = Literal[
    "liter", "kilogram", "cubic meter", "kilowatt hour", "megajoule", "ton kilometer", "square meter", "piece",
    "hour", "megabit second",
]  # fmt: skip


class DataQualityIndicators(PactModel):
    """Data quality ratings of the PACT Methodology (1 best, 3 worst), as decimal strings in v3."""

    technological_dqr: Decimal = Field(alias="technologicalDQR")
    geographical_dqr: Decimal = Field(alias="geographicalDQR")
    temporal_dqr: Decimal = Field(alias="temporalDQR")


class EmissionFactorSource(PactModel):
    """A secondary data source (a database and its version) used for the footprint."""

    name: NonEmpty
    version: NonEmpty


class ProductOrSectorSpecificRule(PactModel):
    """Product category rules followed, and who publishes them."""

    operator: Literal["PEF", "EPD International", "Other"]
    rule_names: Names
    other_operator_name: NonEmpty | None = None


class Verification(PactModel):
    """Third-party verification of the footprint (``assurance`` in v2)."""

    coverage: Literal["PCF calculation model", "PCF program", "product level"] | None = None
    provider_name: str | None = None
    completed_at: DateTime | None = None
    standard_name: str | None = None
    comments: str | None = None


class DataModelExtension(PactModel):
    """A block of data defined outside the core data model (e.g. the shipment extension)."""

    spec_version: str
    data_schema: Uri
    documentation: Uri | None = None
    data: dict[str, JsonValue]


class CarbonFootprint(PactModel):
    """The footprint itself, per declared unit, with the method that produced it."""

    model_config = PactModel.model_config | {"json_schema_extra": AT_MOST_ONE_GEOGRAPHY}

    declared_unit_of_measurement: DeclaredUnit
    declared_unit_amount: PositiveNonZero
    product_mass_per_declared_unit: Decimal
    reference_period_start: DateTime
    reference_period_end: DateTime
    geography_region_or_subregion: Region | None = None
    geography_country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    geography_country_subdivision: str | None = Field(default=None, pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
    boundary_processes_description: str | None = None
    pcf_excluding_biogenic_uptake: Decimal
    pcf_including_biogenic_uptake: Decimal
    fossil_carbon_content: PositiveOrZero
    biogenic_carbon_content: PositiveOrZero | None = None
    recycled_carbon_content: PositiveOrZero | None = None
    fossil_ghg_emissions: PositiveOrZero
    land_use_change_ghg_emissions: PositiveOrZero | None = None
    land_carbon_leakage: PositiveOrZero | None = None
    land_management_fossil_ghg_emissions: PositiveOrZero | None = None
    land_management_biogenic_co2_emissions: PositiveOrZero | None = Field(
        default=None, alias="landManagementBiogenicCO2Emissions"
    )
    land_management_biogenic_co2_removals: NegativeOrZero | None = Field(
        default=None, alias="landManagementBiogenicCO2Removals"
    )
    biogenic_co2_uptake: NegativeOrZero | None = Field(default=None, alias="biogenicCO2Uptake")
    biogenic_non_co2_emissions: PositiveOrZero | None = Field(default=None, alias="biogenicNonCO2Emissions")
    land_area_occupation: PositiveOrZero | None = None
    aircraft_ghg_emissions: PositiveOrZero | None = None
    packaging_emissions_included: bool | None = None
    packaging_ghg_emissions: PositiveOrZero | None = None
    packaging_biogenic_carbon_content: PositiveOrZero | None = None
    outbound_logistics_ghg_emissions: PositiveOrZero | None = None
    ccs_technological_co2_capture_included: bool | None = Field(
        default=None, alias="ccsTechnologicalCO2CaptureIncluded"
    )
    ccs_technological_co2_capture: NegativeOrZero | None = Field(
        default=None, alias="ccsTechnologicalCO2Capture"
    )
    technological_co2_capture_origin: str | None = Field(default=None, alias="technologicalCO2CaptureOrigin")
    technological_co2_removals: NegativeOrZero | None = Field(default=None, alias="technologicalCO2Removals")
    ccu_carbon_content: PositiveOrZero | None = None
    ccu_calculation_approach: Literal["Cut-off", "Credit"] | None = None
    ccu_credit_certification: Uri | None = None
    ipcc_characterization_factors: GwpReports
    cross_sectoral_standards: Texts
    product_or_sector_specific_rules: Annotated[list[ProductOrSectorSpecificRule], UNIQUE] | None = None
    exempted_emissions_percent: Decimal
    exempted_emissions_description: str | None = None
    allocation_rules_description: str | None = None
    secondary_emission_factor_sources: list[EmissionFactorSource] | None = Field(default=None, min_length=1)
    primary_data_share: Decimal | None = None
    dqi: DataQualityIndicators | None = None
    verification: Verification | None = None


class ProductFootprint(PactModel):
    """One product's footprint with who declares it, for which product, and its place in the version history."""

    id: Uuid
    spec_version: SpecVersion
    preceding_pf_ids: Uuids | None = None
    created: DateTime
    status: Literal["Active", "Deprecated"]
    validity_period_start: DateTime | None = None
    validity_period_end: DateTime | None = None
    company_name: NonEmpty
    company_ids: Urns
    product_description: str
    product_ids: Urns
    product_classifications: Urns | None = None
    product_name_company: NonEmpty
    comment: str | None = None
    pcf: CarbonFootprint
    extensions: list[DataModelExtension] | None = None


def parse(document: dict[str, Any]) -> ProductFootprint:
    """A typed v3 footprint from JSON that :func:`tanlu.exchange.validation.violations` found valid."""
    return ProductFootprint.model_validate(document)
