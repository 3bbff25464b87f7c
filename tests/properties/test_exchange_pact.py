"""Properties of the PACT exchange: export then import gives the same footprint; decimal strings are exact."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tanlu.exchange.decimals import decimal_text
from tanlu.exchange.disclosure import Disclosure
from tanlu.exchange.mapping import to_pact_v2, to_pact_v3
from tanlu.exchange.pact_io import export_documents, import_documents

PF_ID = "3893bb5d-da16-4dc1-9185-11d97476c254"
CREATED = datetime(2026, 2, 1, tzinfo=UTC)
PACT_DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")
BASE = Disclosure(
    company_name="Acme",
    company_ids=("urn:bpn:BPNL000000000ABC",),
    product_ids=("urn:tanlu:product:P-1",),
    product_name="Part",
    product_category_cpc="49912",
    declared_unit="piece",
    mass_kg=1.0,
    reference_period_start=datetime(2025, 1, 1, tzinfo=UTC),
    reference_period_end=datetime(2025, 12, 31, tzinfo=UTC),
    pcf_excluding_uptake=1.0,
    fossil=1.0,
    gwp="AR6",
    standards=("GHGP-Product", "ISO14067"),
)
amounts = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
shares = st.floats(min_value=0, max_value=100, allow_nan=False)
ratings = st.floats(min_value=1, max_value=3, allow_nan=False)


@st.composite
def disclosures(draw: st.DrawFn) -> Disclosure:
    fossil = draw(amounts)
    biogenic = draw(amounts)
    return dataclasses.replace(
        BASE,
        fossil=fossil,
        biogenic_emissions=biogenic,
        pcf_excluding_uptake=fossil + biogenic,
        biogenic_uptake=-draw(amounts),
        mass_kg=draw(st.floats(min_value=1e-3, max_value=1e4)),
        packaging=draw(st.none() | amounts),
        primary_data_share=draw(st.none() | shares),
        exempted_percent=draw(shares),
        dqr=draw(
            st.none()
            | st.fixed_dictionaries({"technological": ratings, "geographical": ratings, "temporal": ratings})
        ),
        declared_unit=draw(st.sampled_from(["piece", "kilogram", "liter", "square meter"])),
        product_name=draw(st.text(min_size=1, max_size=40).filter(str.strip)),
        comment=draw(st.text(max_size=40)),
    )


@settings(max_examples=150, deadline=None)
@given(disclosure=disclosures(), spec=st.sampled_from(["3", "2"]))
def test_export_then_import_gives_the_same_footprint(disclosure: Disclosure, spec: str) -> None:
    export = to_pact_v3 if spec == "3" else to_pact_v2
    document = export(disclosure, pf_id=PF_ID, created=CREATED)
    imported = import_documents(document)
    assert [item.major for item in imported] == [spec]
    assert export_documents(imported) == [document]


@settings(max_examples=150, deadline=None)
@given(disclosure=disclosures())
def test_v3_amounts_parse_back_exactly(disclosure: Disclosure) -> None:
    pcf = to_pact_v3(disclosure, pf_id=PF_ID, created=CREATED)["pcf"]
    assert float(pcf["pcfExcludingBiogenicUptake"]) == disclosure.pcf_excluding_uptake
    assert float(pcf["fossilGhgEmissions"]) == disclosure.fossil
    assert float(pcf["pcfIncludingBiogenicUptake"]) == disclosure.pcf_including_uptake
    assert float(pcf["exemptedEmissionsPercent"]) == disclosure.exempted_percent
    if disclosure.primary_data_share is not None:
        assert float(pcf["primaryDataShare"]) == disclosure.primary_data_share


@settings(max_examples=500, deadline=None)
@given(value=st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**30), 10**30))
def test_decimal_text_is_exact_and_plain(value: float | int) -> None:
    text = decimal_text(value)
    assert PACT_DECIMAL.match(text)
    assert Decimal(text) == (Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
    assert float(text) == float(value)
