"""A product whose data are all primary: its emission-weighted share can come out of the floating-point sums as
100.00000000000003 % (the demo's CBAM bolt BLT-M10 did), which PACT v2.3 refuses (at most 100) and which no reader
of a v3.0 or Catena-X file should see.  The export declares 100."""

from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path

import pytest

from tanlu.carbon.products.footprint import Footprints, calculate_footprints
from tanlu.carbon.products.model import ProductModel
from tanlu.carbon.products.reader import read_model
from tanlu.exchange.from_products import disclosure_for, export_product

EXAMPLE = Path(str(resources.files("tanlu.carbon.products").joinpath("data", "example")))
SETTINGS = {
    "company_name": "Suzhou Demo Brakes",
    "company_ids": "urn:bpn:BPNL000000000DEM",
    "product_category_cpc": "49912",
}


def _with_share(share: float) -> tuple[ProductModel, Footprints]:
    model = read_model(EXAMPLE)
    footprints = calculate_footprints(model)
    products = dict(footprints.products)
    products["CAL-100"] = dataclasses.replace(products["CAL-100"], primary_data_share=share)
    return model, dataclasses.replace(footprints, products=products)


@pytest.fixture(scope="module")
def all_primary() -> tuple[ProductModel, Footprints]:
    return _with_share(100.00000000000003)


def test_a_share_just_over_100_is_declared_as_100(all_primary: tuple[ProductModel, Footprints]) -> None:
    model, footprints = all_primary
    assert disclosure_for(model, footprints, "CAL-100", SETTINGS).primary_data_share == 100.0


def test_pact_v2_exports_it(all_primary: tuple[ProductModel, Footprints]) -> None:
    model, footprints = all_primary
    document = export_product(model, footprints, "CAL-100", SETTINGS, spec="2.3")
    assert document["pcf"]["primaryDataShare"] == 100.0


def test_pact_v3_writes_100(all_primary: tuple[ProductModel, Footprints]) -> None:
    model, footprints = all_primary
    document = export_product(model, footprints, "CAL-100", SETTINGS, spec="3.0")
    assert document["pcf"]["primaryDataShare"] == "100"


def test_a_share_within_0_and_100_is_kept() -> None:
    model, footprints = _with_share(47.18048299459355)
    assert disclosure_for(model, footprints, "CAL-100", SETTINGS).primary_data_share == 47.18048299459355
