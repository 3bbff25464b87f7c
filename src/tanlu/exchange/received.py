"""What a received PACT footprint says, read the same way from v3.0 and v2.3, for the checks a customer runs.

A :class:`Received` holds the values :mod:`tanlu.exchange.checks` reads and the customer's product model takes
over (total, fossil, biogenic parts, stages, primary data share, DQR), as floats per declared unit.  v2.3 names
differ (``pCfExcludingBiogenic``, ``assurance``, DQR ratings as numbers); this is the one place that knows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tanlu.exchange import pact_v2, pact_v3
from tanlu.exchange.pact_io import Imported


@dataclass(frozen=True)
class Received:
    """One received footprint, per ONE ``declared_unit`` (kg CO2e, kg): v3 declares its amounts per
    ``declaredUnitAmount`` units, v2.3 per one unit of ``unitaryProductAmount``; both are read per one unit."""

    footprint_id: str
    spec_version: str
    company_name: str
    product_ids: tuple[str, ...]
    product_name: str
    declared_unit: str
    declared_unit_amount: float
    mass_per_declared_unit: float | None
    reference_period_start: datetime
    reference_period_end: datetime
    pcf_excluding_uptake: float
    pcf_including_uptake: float | None
    fossil: float
    #: biogenic emissions the file itemizes (non-CO2, land use change, land management); None when none is given
    biogenic_itemized: float | None
    packaging: float | None
    distribution: float | None
    gwp: tuple[str, ...]
    standards: tuple[str, ...]
    exempted_percent: float
    primary_data_share: float | None
    dqr: dict[str, float] | None
    #: the verification's coverage or provider ("" when the footprint is not verified)
    verification: str


def moment(text: str) -> datetime:
    """A PACT date-time (RFC 3339, validated by the schema) as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))


def _f(value: Decimal | float | str | None) -> float | None:
    return None if value is None else float(value)


def _sum(*values: Decimal | float | str | None, per: float = 1.0) -> float | None:
    given = [float(v) for v in values if v is not None]
    return sum(given) / per if given else None


def received(imported: Imported) -> Received:
    """The values of an imported (valid) PACT footprint, whichever version it follows."""
    model = imported.model
    if isinstance(model, pact_v3.ProductFootprint):
        return _from_v3(model)
    return _from_v2(model)


def _from_v3(pf: pact_v3.ProductFootprint) -> Received:
    pcf = pf.pcf
    verification = pcf.verification
    amount = float(pcf.declared_unit_amount)

    def per(value: Decimal | str | None) -> float | None:
        return None if value is None else float(value) / amount

    return Received(
        footprint_id=str(pf.id),
        spec_version=str(pf.spec_version),
        company_name=pf.company_name,
        product_ids=tuple(str(i) for i in pf.product_ids),
        product_name=pf.product_name_company,
        declared_unit=pcf.declared_unit_of_measurement,
        declared_unit_amount=amount,
        mass_per_declared_unit=float(pcf.product_mass_per_declared_unit) / amount,
        reference_period_start=moment(pcf.reference_period_start),
        reference_period_end=moment(pcf.reference_period_end),
        pcf_excluding_uptake=float(pcf.pcf_excluding_biogenic_uptake) / amount,
        pcf_including_uptake=float(pcf.pcf_including_biogenic_uptake) / amount,
        fossil=float(pcf.fossil_ghg_emissions) / amount,
        biogenic_itemized=_sum(
            pcf.biogenic_non_co2_emissions,
            pcf.land_use_change_ghg_emissions,
            pcf.land_management_biogenic_co2_emissions,
            per=amount,
        ),
        packaging=per(pcf.packaging_ghg_emissions) if pcf.packaging_emissions_included else None,
        distribution=per(pcf.outbound_logistics_ghg_emissions),
        gwp=tuple(str(g) for g in pcf.ipcc_characterization_factors),
        standards=tuple(str(s) for s in pcf.cross_sectoral_standards),
        exempted_percent=float(pcf.exempted_emissions_percent),
        primary_data_share=_f(pcf.primary_data_share),
        dqr=_dqr(pcf.dqi.technological_dqr, pcf.dqi.geographical_dqr, pcf.dqi.temporal_dqr)
        if pcf.dqi
        else None,
        verification=(verification.coverage or verification.provider_name or "") if verification else "",
    )


def _from_v2(pf: pact_v2.ProductFootprint) -> Received:
    pcf = pf.pcf
    assurance = pcf.assurance
    dqi = pcf.dqi
    return Received(
        footprint_id=str(pf.id),
        spec_version=str(pf.spec_version),
        company_name=pf.company_name,
        product_ids=tuple(str(i) for i in pf.product_ids),
        product_name=pf.product_name_company,
        declared_unit=pcf.declared_unit,
        declared_unit_amount=float(pcf.unitary_product_amount),
        mass_per_declared_unit=_f(pcf.product_mass_per_declared_unit),
        reference_period_start=moment(pcf.reference_period_start),
        reference_period_end=moment(pcf.reference_period_end),
        pcf_excluding_uptake=float(pcf.p_cf_excluding_biogenic),
        pcf_including_uptake=_f(pcf.p_cf_including_biogenic),
        fossil=float(pcf.fossil_ghg_emissions),
        biogenic_itemized=_sum(
            pcf.other_biogenic_ghg_emissions, pcf.d_luc_ghg_emissions, pcf.land_management_ghg_emissions
        ),
        packaging=_f(pcf.packaging_ghg_emissions) if pcf.packaging_emissions_included else None,
        distribution=None,
        gwp=(str(pcf.characterization_factors),),
        standards=tuple(str(s) for s in (pcf.cross_sectoral_standards or pcf.cross_sectoral_standards_used)),
        exempted_percent=float(pcf.exempted_emissions_percent),
        primary_data_share=_f(pcf.primary_data_share),
        dqr=_dqr_v2(dqi) if dqi else None,
        verification=(assurance.coverage or assurance.provider_name or "assured")
        if assurance and assurance.assurance
        else "",
    )


def _dqr(
    technological: Decimal | str, geographical: Decimal | str, temporal: Decimal | str
) -> dict[str, float]:
    return {
        "technological": float(technological),
        "geographical": float(geographical),
        "temporal": float(temporal),
    }


def _dqr_v2(dqi: pact_v2.DataQualityIndicators) -> dict[str, float]:
    return {
        "technological": float(dqi.technological_dqr),
        "geographical": float(dqi.geographical_dqr),
        "temporal": float(dqi.temporal_dqr),
    }
