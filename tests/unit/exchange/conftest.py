"""Fixtures for the exchange tests: the official example files and a disclosure built like a calculation's."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tanlu.exchange.disclosure import Disclosure, FactorSource, Verification

FIXTURES = Path(__file__).parents[2] / "fixtures" / "pact"
PF_ID = "3893bb5d-da16-4dc1-9185-11d97476c254"
CREATED = datetime(2026, 2, 1, 8, 30, tzinfo=UTC)


def load(relative: str) -> Any:
    return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))


def caliper(**changes: Any) -> Disclosure:
    """A brake caliper of 2.5 kg per piece, with every detail a disclosure can carry."""
    base = Disclosure(
        company_name="Wuxi Brake Parts Co.",
        company_ids=("urn:bpn:BPNL000000000ABC",),
        product_ids=("urn:tanlu:product:BC-100",),
        product_name="Brake caliper BC-100",
        product_description="Cast-iron brake caliper, machined and painted",
        product_classifications=("urn:pact:productclassification:un-cpc:49912",),
        product_category_cpc="49912",
        declared_unit="piece",
        mass_kg=2.5,
        reference_period_start=datetime(2025, 1, 1, tzinfo=UTC),
        reference_period_end=datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC),
        pcf_excluding_uptake=12.345678901234,
        fossil=12.2,
        biogenic_emissions=0.145678901234,
        packaging=0.1,
        fossil_carbon_content=0.05,
        biogenic_carbon_content=0.0,
        gwp="AR6",
        standards=("GHGP-Product", "ISO14067", "PACT-3.0"),
        country_subdivision="CN-JS",
        boundary_description="Cradle-to-gate: materials, purchased parts, energy, processes, inbound transport",
        allocation_description="Site totals allocated by machine hours",
        exempted_percent=0.8,
        exempted_description="Office consumables",
        secondary_sources=(
            FactorSource("ecoinvent", "3.10"),
            FactorSource("Tanlu bundled factors", "2026.1"),
        ),
        primary_data_share=42.5,
        dqr={"technological": 1.5, "geographical": 2.0, "temporal": 1.2},
        verification=Verification(
            coverage="product level",
            provider_name="TÜV Example",
            completed_at=datetime(2026, 1, 15, tzinfo=UTC),
            standard_name="ISO 14067",
        ),
        sector_rules=("Catena-X PCF Rulebook v3",),
        sector_rules_other_operator="Catena-X",
        comment="Calculated with Tanlu",
        extra={"verification_id": "CERT-2026-001"},
    )
    return dataclasses.replace(base, **changes)


@pytest.fixture
def disclosure() -> Disclosure:
    return caliper()
