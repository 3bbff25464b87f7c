"""The IMDS Release 15 PCF fields of a product at a site: values from the disclosure, rounding, confirmed fields.

The bundled brake-caliper model (``tanlu.carbon.products`` example) is the calculated case; a hand-built disclosure
(:func:`caliper`) checks each field against the number it must carry.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanlu.carbon.products.footprint import Footprints, calculate_footprints
from tanlu.carbon.products.model import ProductModel
from tanlu.carbon.products.reader import read_model
from tanlu.errors import InputError, NotFound
from tanlu.exchange.imds import (
    ORIGINS,
    SOURCES,
    ProductionSite,
    amount_text,
    fields_for,
    fixed_text,
    imds_sheet,
    production_sites,
)

from .conftest import caliper

EXAMPLE = Path(str(resources.files("tanlu.carbon.products").joinpath("data", "example")))
SETTINGS = {"company_name": "Suzhou Demo Brakes", "company_ids": "urn:bpn:BPNL000000000DEM"}
PLAIN = re.compile(r"^-?\d+(\.\d+)?$")
SITE = ProductionSite("P1", "Plant 1", "一厂", "CN-JS", "2025-01-01", "2025-12-31", 1000.0)


@pytest.fixture(scope="module")
def calculated() -> tuple[ProductModel, Footprints]:
    model = read_model(EXAMPLE)
    return model, calculate_footprints(model)


def values(fields: tuple[object, ...]) -> dict[str, str]:
    return {f.key: f.value for f in fields}  # type: ignore[attr-defined]


def test_amounts_keep_four_significant_digits_and_every_integer_digit() -> None:
    assert amount_text(12.3456) == "12.35"
    assert amount_text(0.00123456) == "0.001235"
    assert amount_text(123456.7) == "123457"
    assert amount_text(2.6745) == "2.675", "rounded half-up as written, not as the binary float"
    assert amount_text(0.0) == "0"
    assert amount_text(-0.00001) == "-0.00001"
    assert amount_text(5e-10) == "0.0000000005", "never an exponent"
    assert amount_text(1.5) == "1.5", "no trailing zeros"


def test_shares_and_ratings_have_fixed_decimals() -> None:
    assert fixed_text(42.25, 1) == "42.3"
    assert fixed_text(100, 1) == "100.0"
    assert fixed_text(-0.01, 1) == "0.0", "no negative zero"
    assert fixed_text(2, 1) == "2.0"


def test_a_number_that_is_not_finite_is_refused() -> None:
    with pytest.raises(InputError):
        amount_text(math.inf)
    with pytest.raises(InputError):
        fixed_text(math.nan, 1)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_amount_text_is_plain_close_and_stable(value: float) -> None:
    text = amount_text(value)
    assert PLAIN.match(text), text
    if value:
        exact = Decimal(repr(value))
        step = Decimal(10) ** (exact.adjusted() - 3)
        assert abs(Decimal(text) - exact) <= min(step, Decimal(1)) / 2
    assert amount_text(float(text)) == text, "pasting the text back and formatting it changes nothing"


@given(
    st.floats(min_value=0, max_value=1e9, allow_nan=False),
    st.floats(min_value=0, max_value=1e9, allow_nan=False),
)
def test_amount_text_keeps_the_order(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert Decimal(amount_text(low)) <= Decimal(amount_text(high))


@given(st.floats(min_value=0, max_value=100, allow_nan=False), st.integers(min_value=0, max_value=3))
def test_fixed_text_has_exactly_its_decimals_and_stays_in_range(value: float, decimals: int) -> None:
    text = fixed_text(value, decimals)
    assert PLAIN.match(text)
    assert len(text.partition(".")[2]) == decimals
    assert abs(Decimal(text) - Decimal(repr(value))) <= Decimal(10) ** -decimals / 2
    assert Decimal(0) <= Decimal(text) <= Decimal(100), "a share in % stays a share"


def test_each_field_carries_its_number_unit_and_origin() -> None:
    fields = fields_for(caliper(), SITE, contact="Li Wei <li@example.cn>")
    got = values(fields)
    assert got["production_site"] == "Plant 1"
    assert got["pcf_contact"] == "Li Wei <li@example.cn>"
    assert (got["period_start"], got["period_end"]) == ("2025-01-01", "2025-12-31")
    assert got["pcf_value"] == "12.35", "fossil + biogenic, four significant digits"
    assert got["primary_data_share"] == "42.5"
    assert (got["dqr_technological"], got["dqr_geographical"], got["dqr_temporal"]) == ("1.5", "2.0", "1.2")
    assert got["production_country"] == "CN"
    assert got["pcf_per_kg"] == amount_text(12.345678901234 / 2.5)
    assert (got["fossil_emissions"], got["biogenic_emissions"]) == ("12.2", "0.1457")
    assert got["packaging_emissions"] == "0.1"
    assert got["exempted_share"] == "0.8"
    assert got["boundary"] == "Cradle-to-gate"
    assert got["standards"] == "GHGP-Product, ISO14067, PACT-3.0"
    assert got["gwp"] == "IPCC AR6"
    assert got["secondary_sources"] == "ecoinvent (3.10); Tanlu bundled factors (2026.1)"
    assert got["verification"] == "TÜV Example"
    by_key = {f.key: f for f in fields}
    assert by_key["pcf_value"].unit == "kg CO2e/piece"
    assert by_key["pcf_value"].origin == "result"
    assert by_key["period_start"].origin == "site"
    assert {f.origin for f in fields} <= set(ORIGINS)
    assert len(by_key) == len(fields), "every key once"


def test_what_tanlu_does_not_compute_is_empty_not_invented() -> None:
    fields = {f.key: f for f in fields_for(caliper(verification=None, packaging=None), SITE)}
    for key in ("transport_footprint", "land_use_change", "verification", "packaging_emissions"):
        assert fields[key].value == ""
        assert fields[key].origin == "not_computed"


def test_confirmed_fields_come_first_and_every_field_cites_a_known_source() -> None:
    fields = fields_for(caliper(), SITE)
    flags = [f.confirmed for f in fields]
    assert flags == sorted(flags, reverse=True), "confirmed fields first"
    assert {f.key for f in fields if f.confirmed} == {
        "production_site", "pcf_contact", "period_start", "period_end", "pcf_value", "primary_data_share",
        "dqr_technological", "dqr_geographical", "dqr_temporal", "transport_footprint",
    }  # fmt: skip
    known = {s.key for s in SOURCES}
    assert all(f.sources and set(f.sources) <= known for f in fields)
    assert all(s.url.startswith("https://") for s in SOURCES)
    unconfirmed = [f for f in fields if not f.confirmed]
    assert all("catenax" in f.sources for f in unconfirmed)


def test_without_a_site_the_period_and_country_come_from_the_method() -> None:
    fields = {f.key: f for f in fields_for(caliper(), None)}
    assert fields["period_start"].value == "2025-01-01"
    assert fields["period_end"].value == "2025-12-31"
    assert fields["period_start"].origin == "method"
    assert fields["production_country"].value == "CN", "from the disclosure's subdivision"
    assert fields["production_site"].value == ""


def test_a_country_nobody_gave_is_unset_not_guessed() -> None:
    bare = ProductionSite("P9", "", "", "", "", "", 1.0)
    fields = {f.key: f for f in fields_for(caliper(country_subdivision=None), bare)}
    assert fields["production_country"].value == ""
    assert fields["production_country"].origin == "unset"
    assert fields["production_site"].value == "P9", "the site id when it has no English name"


def test_a_declared_unit_of_more_than_one_names_its_amount() -> None:
    fields = {
        f.key: f for f in fields_for(caliper(declared_unit="kilogram", declared_unit_amount=1000.0), SITE)
    }
    assert fields["pcf_value"].unit == "kg CO2e/1000 kilogram"
    assert fields["pcf_per_kg"].value == "", "only a piece needs the per-kg value"


def test_the_calculated_caliper_is_made_at_its_site(calculated: tuple[ProductModel, Footprints]) -> None:
    model, footprints = calculated
    sites = production_sites(model, "CAL-100")
    assert [s.site for s in sites] == ["P1-SUZHOU"]
    assert sites[0].region == "CN-JS"
    assert sites[0].quantity == 120000
    sheet = imds_sheet(model, footprints, "CAL-100", SETTINGS)
    assert sheet.site == sites[0]
    assert not sheet.averaged
    got = values(sheet.fields)
    fp = footprints.products["CAL-100"]
    assert got["pcf_value"] == amount_text(fp.total)
    assert got["primary_data_share"] == fixed_text(fp.primary_data_share, 1)
    assert got["dqr_temporal"] == fixed_text(fp.dqr["temporal"], 1)
    assert (got["period_start"], got["period_end"]) == ("2023-01-01", "2023-12-31")
    assert got["production_country"] == "CN"


def test_a_site_that_does_not_make_the_product_is_not_found(
    calculated: tuple[ProductModel, Footprints],
) -> None:
    model, footprints = calculated
    with pytest.raises(NotFound):
        imds_sheet(model, footprints, "CAL-100", SETTINGS, site="P2-KUNSHAN")
    with pytest.raises(NotFound):
        imds_sheet(model, footprints, "NO-SUCH-PART", SETTINGS)
