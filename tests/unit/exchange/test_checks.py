"""Checks on received footprints: each finding passes for a good footprint and names its reason when it fails."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

import pytest

from tanlu.exchange import mapping, pact_io
from tanlu.exchange.checks import OK, PROBLEM, WARNING, Rules, check_footprint, worst
from tanlu.exchange.received import Received, received

from .conftest import CREATED, PF_ID, caliper

TODAY = date(2026, 6, 1)
RULES = Rules(
    declared_unit="piece",
    gwp="AR6",
    standards=("ISO14067",),
    max_age_months=24,
    min_primary_data_share=30.0,
    max_dqr=2.0,
    verification_required=True,
    product_ids=("BC-100", "OEM-4711"),
)


def _received(spec: str = "3", **changes: Any) -> Received:
    disclosure = caliper(**changes)
    if spec == "3":
        document = mapping.to_pact_v3(disclosure, pf_id=PF_ID, created=CREATED)
    else:
        document = mapping.to_pact_v2(disclosure, pf_id=PF_ID, created=CREATED)
    (imported,) = pact_io.import_documents(document)
    return received(imported)


def _by_code(footprint: Received, rules: Rules = RULES) -> dict[str, Any]:
    return {f.code: f for f in check_footprint(footprint, rules, today=TODAY)}


@pytest.mark.parametrize("spec", ["3", "2"])
def test_a_good_footprint_passes_every_check(spec: str) -> None:
    findings = check_footprint(_received(spec), RULES, today=TODAY)
    assert [f.code for f in findings] == [
        "declared_unit", "mass", "reference_period", "primary_data_share", "dqr", "exemptions",
        "verification", "gwp", "standards", "totals", "stages", "product",
    ]  # fmt: skip
    failing = [(f.code, f.reason) for f in findings if f.severity != OK]
    if spec == "2":  # v2.3 declares a piece per kilogram of product; Tanlu writes no v2.3 DQR
        assert [code for code, _reason in failing] == ["declared_unit", "dqr"]
    else:
        assert failing == []
    assert worst(findings) == (PROBLEM if failing else OK)


def test_v2_and_v3_read_the_same_values() -> None:
    v3, v2 = _received("3"), _received("2")
    assert v3.pcf_excluding_uptake == pytest.approx(12.345678901234)
    assert v2.pcf_excluding_uptake * 2.5 == pytest.approx(v3.pcf_excluding_uptake)
    assert v2.declared_unit == "kilogram"
    assert v3.primary_data_share == v2.primary_data_share == 42.5
    assert v2.dqr is None
    assert v3.verification == "product level"


def test_each_check_names_its_reason_when_it_fails() -> None:
    findings = _by_code(
        _received(
            mass_kg=None,
            declared_unit="kilogram",
            reference_period_start=datetime(2022, 1, 1, tzinfo=UTC),
            reference_period_end=datetime(2022, 12, 31, tzinfo=UTC),
            primary_data_share=12.0,
            dqr={"technological": 2.5, "geographical": 1.0, "temporal": 3.0},
            exempted_percent=4.5,
            verification=None,
            standards=("GHGP-Product",),
            product_ids=("urn:tanlu:product:OTHER-1",),
        )
    )
    assert findings["declared_unit"].reason == "declared per kilogram, but piece was requested"
    assert findings["reference_period"].reason == (
        "the reference period ended 41 months ago, more than the 24 allowed"
    )
    assert findings["primary_data_share"].reason == "primary data share 12 % is below the 30 % requested"
    assert findings["dqr"].params["aspects"] == "technological, temporal"
    assert findings["exemptions"].reason == "exempted emissions 4.5 % are more than 3 %"
    assert findings["verification"].reason == "not verified, but verification was requested"
    assert findings["standards"].severity == PROBLEM
    assert findings["product"].reason == (
        "product urn:tanlu:product:OTHER-1 is not the part requested (BC-100, OEM-4711)"
    )
    assert all(
        f.severity == PROBLEM
        for code, f in findings.items()
        if code not in {"mass", "gwp", "totals", "stages"}
    )


def test_missing_mass_is_a_problem_for_a_piece() -> None:
    footprint = dataclasses.replace(_received(), mass_per_declared_unit=0.0)
    assert _by_code(footprint)["mass"].reason == "the product's mass per declared unit is missing"


def test_missing_quality_is_a_warning_without_a_minimum_and_a_problem_with_one() -> None:
    footprint = dataclasses.replace(_received(), primary_data_share=None, dqr=None, verification="")
    lenient = Rules(declared_unit="piece")
    assert _by_code(footprint, lenient)["primary_data_share"].severity == WARNING
    assert _by_code(footprint, lenient)["dqr"].severity == WARNING
    assert _by_code(footprint, lenient)["verification"].severity == WARNING
    assert _by_code(footprint)["primary_data_share"].severity == PROBLEM
    assert _by_code(footprint)["dqr"].severity == PROBLEM


def test_gwp_set_other_than_requested() -> None:
    finding = _by_code(_received(gwp="AR5"))["gwp"]
    assert (finding.severity, finding.reason) == (PROBLEM, "GWP set AR5, but AR6 was requested")


def test_totals_that_do_not_add_up() -> None:
    good = _received()
    assert _by_code(dataclasses.replace(good, fossil=20.0))["totals"].reason == (
        "fossil 20 is more than the total 12.3457"
    )
    off = dataclasses.replace(good, biogenic_itemized=3.0)
    assert _by_code(off)["totals"].reason == "fossil 12.2 + biogenic 3 is not the total 12.3457"
    rounded = dataclasses.replace(good, biogenic_itemized=0.1457)  # suppliers' tools round
    assert _by_code(rounded)["totals"].severity == OK
    uptake = dataclasses.replace(good, pcf_including_uptake=13.0)
    assert _by_code(uptake)["totals"].severity == PROBLEM


def test_stages_above_the_total() -> None:
    finding = _by_code(dataclasses.replace(_received(), packaging=10.0, distribution=5.0))["stages"]
    assert finding.severity == PROBLEM
    assert finding.params == {"stages": "15", "total": "12.3457"}


def test_product_matched_by_the_customers_part_number_or_a_whole_urn() -> None:
    by_customer = _received(product_ids=("urn:pact:customer:OEM-4711",))
    assert _by_code(by_customer)["product"].severity == OK
    no_part = Rules(declared_unit="piece")
    assert _by_code(_received(), no_part)["product"].severity == WARNING


def test_v3_amounts_are_read_per_one_declared_unit() -> None:
    document = mapping.to_pact_v3(caliper(), pf_id=PF_ID, created=CREATED)
    pcf = document["pcf"]
    pcf["declaredUnitAmount"] = "10"
    for key in ("pcfExcludingBiogenicUptake", "pcfIncludingBiogenicUptake", "fossilGhgEmissions"):
        pcf[key] = str(float(pcf[key]) * 10)
    pcf["productMassPerDeclaredUnit"] = "25"
    (imported,) = pact_io.import_documents(document)
    ten = received(imported)
    assert ten.pcf_excluding_uptake == pytest.approx(12.345678901234)
    assert ten.mass_per_declared_unit == pytest.approx(2.5)


def test_a_recent_period_and_the_age_limit_itself_pass() -> None:
    at_limit = _received(reference_period_end=datetime(2024, 6, 1, tzinfo=UTC))
    assert _by_code(at_limit)["reference_period"].severity == OK
