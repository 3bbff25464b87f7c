"""A product whose data are all primary: its emission-weighted share came out of the floating-point sums as
100.00000000000003 % (the demo's CBAM bolt BLT-M10 did), which PACT v2.3 refuses (at most 100) and which no reader
of a v3.0 or Catena-X file should see. The core holds the share within 0 … 100
(``tests/unit/carbon/products/test_pcf_primary_share.py``), so the export declares 100 without a clamp of its own."""

from __future__ import annotations

import pytest

from tanlu.carbon.products.footprint import Footprints, calculate_footprints
from tanlu.carbon.products.model import ProductModel
from tanlu.carbon.products.reader import model_from_tables
from tanlu.exchange.from_products import disclosure_for, export_product

SETTINGS = {
    "company_name": "Suzhou Demo Brakes",
    "company_ids": "urn:bpn:BPNL000000000DEM",
    "product_category_cpc": "49912",
    "reference_period_start": "2025-01-01",
    "reference_period_end": "2025-12-31",
}


def _model(footprint: float, share: float) -> tuple[ProductModel, Footprints]:
    """One bolt made of one supplier's steel: 656.023813 × 100 / 100 is 656.0238130000001 in floating point."""
    steel = {"item_id": "STEEL", "name": "Steel", "unit": "kg", "kgco2e_per_unit": footprint,
             "primary_data_share": share, "source": "supplier PCF"}  # fmt: skip
    model = model_from_tables(
        {
            "products": [{"product_id": "BLT", "name": "Bolt", "unit": "piece", "mass_kg": 1}],
            "purchased": [steel],
            "inputs": [{"product_id": "BLT", "input_id": "STEEL", "quantity": 1}],
        }
    )
    return model, calculate_footprints(model)


@pytest.fixture(scope="module")
def all_primary() -> tuple[ProductModel, Footprints]:
    return _model(656.023813, 100)


def test_a_share_of_all_primary_data_is_declared_as_100(all_primary: tuple[ProductModel, Footprints]) -> None:
    model, footprints = all_primary
    assert disclosure_for(model, footprints, "BLT", SETTINGS).primary_data_share == 100.0


def test_pact_v2_exports_it(all_primary: tuple[ProductModel, Footprints]) -> None:
    model, footprints = all_primary
    document = export_product(model, footprints, "BLT", SETTINGS, spec="2.3")
    assert document["pcf"]["primaryDataShare"] == 100.0


def test_pact_v3_writes_100(all_primary: tuple[ProductModel, Footprints]) -> None:
    model, footprints = all_primary
    document = export_product(model, footprints, "BLT", SETTINGS, spec="3.0")
    assert document["pcf"]["primaryDataShare"] == "100"


def test_a_share_within_0_and_100_is_kept() -> None:
    model, footprints = _model(656.023813, 47.180483)
    share = disclosure_for(model, footprints, "BLT", SETTINGS).primary_data_share
    assert share == pytest.approx(47.180483, rel=1e-12)
    assert share == footprints.products["BLT"].primary_data_share
