"""ListFootprints filters: PACT v3's criteria (OR within one, AND across; validity from the reference period when
a footprint has none) and the v2 ``$filter`` subset."""

from __future__ import annotations

from typing import Any

import pytest

from tanlu.exchange import listing

FOOTPRINT: dict[str, Any] = {
    "productIds": ["urn:gtin:1", "urn:gtin:2"],
    "companyIds": ["urn:bpn:A"],
    "productClassifications": ["urn:cpc:49912"],
    "status": "Active",
    "created": "2025-03-01T00:00:00Z",
    "pcf": {"geographyCountry": "DE", "referencePeriodEnd": "2024-12-31T00:00:00Z"},
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ([], True),
        ([("productId", "urn:gtin:2")], True),
        ([("productid", "urn:x"), ("productId", "urn:gtin:1")], True),  # OR within, any case
        ([("productId", "urn:gtin:1"), ("status", "Deprecated")], False),  # AND across
        ([("geography", "DE"), ("companyId", "urn:bpn:A"), ("classification", "urn:cpc:49912")], True),
        ([("geography", "FR")], False),
        ([("validOn", "2026-06-01T00:00:00Z")], True),  # reference period end + 3 years
        ([("validOn", "2028-01-01T00:00:00Z")], False),
        ([("validAfter", "2024-12-30T00:00:00Z")], True),
        ([("validBefore", "2028-01-01T00:00:00Z")], True),
        ([("validBefore", "2027-01-01T00:00:00Z")], False),
        ([("x-acme-invoice", "1"), ("limit", "5")], True),  # not criteria
    ],
)
def test_v3_criteria(query: list[tuple[str, str]], expected: bool) -> None:
    assert listing.criteria(query).matches(FOOTPRINT) is expected


def test_validity_period_wins_over_the_reference_period() -> None:
    valid = {
        **FOOTPRINT,
        "validityPeriodStart": "2025-01-01T00:00:00Z",
        "validityPeriodEnd": "2025-06-30T00:00:00Z",
    }
    assert listing.criteria([("validOn", "2025-03-01T00:00:00Z")]).matches(valid)
    assert not listing.criteria([("validOn", "2026-03-01T00:00:00Z")]).matches(valid)


def test_a_bad_date_time_is_refused_naming_the_parameter() -> None:
    with pytest.raises(listing.BadFilter) as refused:
        listing.criteria([("validOn", "tomorrow")])
    assert refused.value.column == "validOn"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("created ge '2025-03-01T00:00:00Z'", True),
        ("created gt '2025-03-01T00:00:00+00:00'", False),
        ("pcf/geographyCountry eq 'DE' and status eq 'Active'", True),
        ("pcf/geographyCountry ne 'DE'", False),
        ("productIds/any(productId:(productId eq 'urn:gtin:2'))", True),
        ("companyIds/any(c:(c eq 'urn:bpn:B'))", False),
        ("missing eq 'x'", False),
    ],
)
def test_v2_filter(expression: str, expected: bool) -> None:
    assert listing.odata_filter(expression)(FOOTPRINT) is expected


@pytest.mark.parametrize("expression", ["contains(companyName, 'x')", "created ge 5", "a eq 'b' or c eq 'd'"])
def test_v2_filter_outside_the_subset_is_not_implemented(expression: str) -> None:
    with pytest.raises(listing.NotImplementedFilter):
        listing.odata_filter(expression)
