"""What a footprint disclosure says, independent of the format it leaves in (PACT v3, PACT v2.3, Catena-X).

A :class:`Disclosure` is one product's result plus the identifiers and method details a customer needs.  It is
built from a calculation by :mod:`tanlu.exchange.from_products` (product footprint core + the model's settings) or by
hand in tests; the format mappings (:mod:`tanlu.exchange.mapping`, :mod:`tanlu.exchange.catenax`) read nothing else.
Amounts are kg CO2e per ``declared_unit_amount`` of ``declared_unit``; carbon contents are kg C.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tanlu.carbon.products.quantities import COUNT_UNITS
from tanlu.carbon.units import convert
from tanlu.errors import InputError, UnitError
from tanlu.exchange.decimals import decimal_text

#: PACT's declared units and a pint spelling of each (``piece`` has none: counts are not pint units)
PACT_UNITS = (
    ("kilogram", "kg"), ("liter", "l"), ("cubic meter", "m**3"), ("kilowatt hour", "kWh"), ("megajoule", "MJ"),
    ("ton kilometer", "t*km"), ("square meter", "m**2"), ("hour", "hour"),
)  # fmt: skip
#: declared units whose footprint has no product mass (PACT: report 0)
MASSLESS_UNITS = frozenset({"kilowatt hour", "megajoule", "ton kilometer", "hour", "megabit second"})


def declared_unit(unit: str) -> tuple[str, float]:
    """PACT's declared unit for a unit of the product model and how many of it one model unit is.

    ``pc`` -> ``("piece", 1)``, ``kg`` -> ``("kilogram", 1)``, ``t`` -> ``("kilogram", 1000)``; the PACT unit with
    the plainest amount wins (``m3`` is 1 cubic meter, not 1000 liter).  An error names a unit PACT cannot declare.
    """
    if unit.strip().casefold() in COUNT_UNITS:
        return "piece", 1.0
    candidates = []
    for name, spelling in PACT_UNITS:
        try:
            multiplier = convert(unit, spelling).multiplier
        except UnitError:
            continue
        candidates.append((len(decimal_text(multiplier)), name, multiplier))
    if not candidates:
        known = ", ".join(["piece", *(name for name, _ in PACT_UNITS)])
        raise InputError(
            f"PACT has no declared unit for {unit!r}; use one of {known}", column="unit", value=unit
        )
    _, name, multiplier = min(candidates, key=lambda c: c[0])
    return name, multiplier


@dataclass(frozen=True)
class FactorSource:
    """A secondary emission-factor source and its version (``ecoinvent`` ``3.10``)."""

    name: str
    version: str


@dataclass(frozen=True)
class Verification:
    """Verification of the footprint; ``coverage`` uses PACT v3's terms."""

    coverage: str | None = None  # "PCF calculation model" | "PCF program" | "product level"
    provider_name: str | None = None
    completed_at: datetime | None = None
    standard_name: str | None = None
    comments: str | None = None


@dataclass(frozen=True)
class Disclosure:
    """One product's footprint and method, ready to be written in any exchange format."""

    company_name: str
    company_ids: tuple[str, ...]
    product_ids: tuple[str, ...]
    product_name: str
    declared_unit: str  # a PACT declared unit: "piece", "kilogram", …
    reference_period_start: datetime
    reference_period_end: datetime
    #: kg CO2e per declared unit amount, without biogenic removals (fossil + biogenic emissions): the product's total
    pcf_excluding_uptake: float
    fossil: float
    gwp: str  # "AR6"
    standards: tuple[str, ...]  # PACT v3 names: "ISO14067", "GHGP-Product", "PACT-3.0", …
    product_description: str = ""
    product_classifications: tuple[str, ...] = ()
    product_category_cpc: str | None = None  # required by v2.3 only
    declared_unit_amount: float = 1.0
    mass_kg: float | None = None  # product mass (without packaging) per declared unit amount
    biogenic_emissions: float = (
        0.0  # biogenic emissions counted in the total (methane and other non-CO2 gases)
    )
    biogenic_uptake: float = 0.0  # biogenic CO2 taken up (<= 0); not in the total
    packaging: float | None = None  # emissions of packaging, included in the total; None when not included
    distribution: float | None = None  # outbound logistics, included in the total; None when not included
    fossil_carbon_content: float = 0.0
    biogenic_carbon_content: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    country_subdivision: str | None = None  # ISO 3166-2
    region: str | None = None  # a UN M49 region name as PACT lists them
    boundary_description: str = ""
    allocation_description: str = ""
    exempted_percent: float = 0.0
    exempted_description: str = ""
    secondary_sources: tuple[FactorSource, ...] = ()
    primary_data_share: float | None = None  # percent
    dqr: dict[str, float] | None = None  # technological, geographical, temporal: 1 (best) .. 3
    verification: Verification | None = None
    sector_rules: tuple[str, ...] = ()  # names of product category rules followed
    sector_rules_operator: str = "Other"  # "PEF" | "EPD International" | "Other"
    sector_rules_other_operator: str | None = None
    comment: str = ""
    validity_period_start: datetime | None = None
    validity_period_end: datetime | None = None
    cradle_to_grave: bool = False
    extra: dict[str, str] = field(
        default_factory=dict
    )  # settings kept for other formats (Catena-X legal statement…)

    @property
    def pcf_including_uptake(self) -> float:
        return (
            self.pcf_excluding_uptake + self.biogenic_uptake
            if self.biogenic_uptake
            else self.pcf_excluding_uptake
        )

    @property
    def mass_per_declared_unit(self) -> float:
        """What PACT v3 puts in ``productMassPerDeclaredUnit``: the mass, 0 for energy, transport and services."""
        if self.declared_unit == "kilogram":
            return self.declared_unit_amount
        if self.declared_unit in MASSLESS_UNITS:
            return 0.0
        if self.mass_kg is None:
            raise InputError(
                f"a footprint per {self.declared_unit} needs the product's mass (PACT productMassPerDeclaredUnit)",
                column="mass_kg",
            )
        return self.mass_kg
