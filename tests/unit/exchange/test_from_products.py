"""A calculated product (the bundled brake-caliper model) as a disclosure: every field from its source."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest

from tanlu.carbon.products.footprint import Footprints, calculate_footprints
from tanlu.carbon.products.model import ProductModel
from tanlu.carbon.products.reader import read_model
from tanlu.errors import InputError, NotFound
from tanlu.exchange.from_products import disclosure_for, export_product, footprint_id, pact_standard
from tanlu.exchange.validation import check_pact

EXAMPLE = Path(str(resources.files("tanlu.carbon.products").joinpath("data", "example")))
SETTINGS = {"company_name": "Suzhou Demo Brakes", "company_ids": "urn:bpn:BPNL000000000DEM"}


@pytest.fixture(scope="module")
def calculated() -> tuple[ProductModel, Footprints]:
    model = read_model(EXAMPLE)
    return model, calculate_footprints(model)


def test_numbers_come_from_the_footprint(calculated: tuple[ProductModel, Footprints]) -> None:
    model, footprints = calculated
    fp = footprints.products["CAL-100"]
    d = disclosure_for(model, footprints, "CAL-100", SETTINGS)
    assert d.pcf_excluding_uptake == fp.total
    assert d.fossil == fp.fossil
    assert d.biogenic_emissions == fp.biogenic
    assert d.packaging == fp.by_stage["packaging"]
    assert d.primary_data_share == fp.primary_data_share
    assert d.dqr == dict(fp.dqr)
    assert d.exempted_percent == fp.exempted_share
    assert (d.declared_unit, d.declared_unit_amount, d.mass_kg) == ("piece", 1.0, 4.6)
    assert d.product_name == "Brake caliper assembly"


def test_method_comes_from_the_register(calculated: tuple[ProductModel, Footprints]) -> None:
    model, footprints = calculated
    d = disclosure_for(model, footprints, "CAL-100", SETTINGS)
    register = footprints.register
    assert d.gwp == "AR6"
    assert d.standards == ("ISO14067", "GB/T 24067-2024", "GHGP-Product", "PACT-3.0")
    assert d.sector_rules == ("Catena-X PCF Rulebook v3",)
    assert d.reference_period_start == datetime(2023, 1, 1, tzinfo=UTC)
    assert d.reference_period_end == datetime(2023, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert d.country_subdivision == "CN-JS"
    assert [s.name for s in d.secondary_sources] == list(register.factor_sources)
    assert {s.version for s in d.secondary_sources} == {register.factor_set_version}
    assert "P1-SUZHOU: hours (physical)" in d.allocation_description
    assert register.electricity in d.boundary_description


def test_settings_override_the_model(calculated: tuple[ProductModel, Footprints]) -> None:
    model, footprints = calculated
    d = disclosure_for(
        model, footprints, "CAL-100",
        {**SETTINGS, "country": "DE", "country_subdivision": "", "standards": "ISO14067", "verification_provider": "TÜV",
         "fossil_carbon_content": "0.8", "reference_period_end": "2023-06-30"},
    )  # fmt: skip
    assert (d.country, d.country_subdivision, d.standards) == ("DE", "", ("ISO14067",))
    assert d.verification is not None
    assert d.verification.provider_name == "TÜV"
    assert d.fossil_carbon_content == 0.8
    assert d.reference_period_end == datetime(2023, 6, 30, 23, 59, 59, tzinfo=UTC)


def test_ids_are_stable_per_model_product_and_gwp(calculated: tuple[ProductModel, Footprints]) -> None:
    model, footprints = calculated
    assert footprint_id(footprints, "CAL-100") == footprint_id(calculate_footprints(model), "CAL-100")
    assert footprint_id(footprints, "CAL-100") != footprint_id(footprints, "HSG-110")
    assert footprint_id(footprints, "CAL-100") != footprint_id(
        calculate_footprints(model, gwp="AR5"), "CAL-100"
    )


@pytest.mark.parametrize("spec", ["3.0", "2.3"])
def test_every_product_exports_valid(calculated: tuple[ProductModel, Footprints], spec: str) -> None:
    model, footprints = calculated
    for product_id in footprints.products:
        document = export_product(
            model, footprints, product_id, {**SETTINGS, "product_category_cpc": "49912"}, spec=spec
        )
        assert check_pact(document)[1] == []


def test_refusals(calculated: tuple[ProductModel, Footprints]) -> None:
    model, footprints = calculated
    with pytest.raises(NotFound, match="no product 'NOPE'"):
        disclosure_for(model, footprints, "NOPE", SETTINGS)
    with pytest.raises(InputError, match="company's name"):
        disclosure_for(model, footprints, "CAL-100", {})
    with pytest.raises(InputError, match="not a date"):
        disclosure_for(model, footprints, "CAL-100", {**SETTINGS, "reference_period_end": "31.12.2023"})


@pytest.mark.parametrize(
    ("name", "pact"),
    [("ISO 14067:2018", "ISO14067"), ("GHG Protocol Product Standard", "GHGP-Product"),
     ("PACT Methodology v3.0", "PACT-3.0"), ("GB/T 24067-2024", "GB/T 24067-2024")],
)  # fmt: skip
def test_standard_names(name: str, pact: str) -> None:
    assert pact_standard(name) == pact
