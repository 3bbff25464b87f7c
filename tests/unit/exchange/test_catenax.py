"""Catena-X PCF payloads (io.catenax.pcf 9.0.0 and 10.0.0): export from a disclosure, import and validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tanlu.errors import InputError
from tanlu.exchange.catenax import check_payload, read_payloads, to_catenax
from tanlu.exchange.disclosure import Disclosure
from tanlu.exchange.pact_io import FootprintsRejected

from .conftest import CREATED, FIXTURES, PF_ID, caliper, load

OLD_ID = "079e425a-464f-528d-341d-4a944a1dfd70"


@pytest.mark.parametrize("version", ["9.0.0", "10.0.0"])
def test_official_example_validates(version: str) -> None:
    (pcf,) = read_payloads(FIXTURES / f"catena-x/io.catenax.pcf-{version}-example.json")
    assert (pcf.version, pcf.pf_id, pcf.status) == (version, "3893bb5d-da16-4dc1-9185-11d97476c254", "Active")
    assert pcf.pcf_excluding_uptake == 2.9
    assert pcf.document == load(f"catena-x/io.catenax.pcf-{version}-example.json")


@pytest.mark.parametrize("version", ["9.0.0", "10.0.0"])
def test_export_validates_and_reads_back(disclosure: Disclosure, version: str, tmp_path: Path) -> None:
    payload = to_catenax(
        disclosure, pf_id=PF_ID, created=CREATED, version=version, preceding_pf_ids=(OLD_ID,)
    )
    assert check_payload(payload) == (version, [])
    path = tmp_path / "pcf.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    (pcf,) = read_payloads(path)
    assert pcf.pcf_excluding_uptake == disclosure.pcf_excluding_uptake
    identity = payload["pcfAssessmentAndMethodology"][0]["pcfAssessmentInformation"][0]["idAndVersion"][0]
    assert identity["version"] == 0
    assert identity["precedingPfIds"] == ([{"id": OLD_ID}] if version == "9.0.0" else [OLD_ID])


def test_amounts_are_json_numbers_and_stages_are_split(disclosure: Disclosure) -> None:
    with_shipping = caliper(distribution=0.3)
    payload = to_catenax(with_shipping, pf_id=PF_ID, created=CREATED)
    stages = payload["productLifeCycleStagesAndEmissions"][0]
    production = stages["productionStage"][0]
    assert production["pcfExcludingBiogenicUptake"] == pytest.approx(12.345678901234 - 0.3)
    assert isinstance(production["fossilGhgEmissions"], float)
    assert stages["packagingStage"][0] == {
        "packagingEmissionsIncluded": True,
        "packagingPcfExcludingBiogenicUptake": 0.1,
    }
    assert stages["distributionStage"][0]["distributionStageIncluded"] is True
    assert stages["distributionStage"][0]["distributionStagePcfExcludingBiogenicUptake"] == 0.3
    without = to_catenax(disclosure, pf_id=PF_ID, created=CREATED)["productLifeCycleStagesAndEmissions"][0]
    assert without["distributionStage"] == [{"distributionStageIncluded": False}]


def test_method_and_verification_fields(disclosure: Disclosure) -> None:
    payload = to_catenax(disclosure, pf_id=PF_ID, created=CREATED, version="10.0.0")
    method = payload["pcfAssessmentAndMethodology"][0]
    standards = method["pcfMethodology"][0]["standards"]
    assert [s["crossSectoralStandards"] for s in standards] == [
        "GHG Protocol Product",
        "ISO 14067",
        "PACT-3.0",
    ]
    assert method["pcfMethodology"][0]["gwpCharacterizationFactorDetails"] == [
        {"ipccCharacterizationFactors": "AR6"}
    ]
    assert method["dataSourcesAndQuality"][0] == {
        "primaryDataShare": 42.5,
        "secondaryEmissionFactorSources": ["ecoinvent 3.10", "Tanlu bundled factors 2026.1"],
        "technologicalDQR": 1.5,
        "geographicalDQR": 2.0,
        "temporalDQR": 1.2,
    }
    geography = method["pcfAssessmentInformation"][0]["geography"][0]
    assert geography == {
        "geographyRegionOrSubregion": "Eastern Asia",
        "geographyCountry": "CN",
        "geographyCountrySubdivision": "CN-JS",
    }
    assert payload["attestationOfConformance"][0]["attestationOfConformanceId"] == "CERT-2026-001"
    assert payload["attestationOfConformance"][0]["providerName"] == "TÜV Example"
    time = method["pcfAssessmentInformation"][0]["time"][0]
    assert time["validityPeriodEnd"] == "2026-12-31T23:59:59Z"


def test_9_0_0_lists_standards_in_one_entry(disclosure: Disclosure) -> None:
    payload = to_catenax(disclosure, pf_id=PF_ID, created=CREATED, version="9.0.0")
    standards = payload["pcfAssessmentAndMethodology"][0]["pcfMethodology"][0]["standards"]
    assert standards[0]["crossSectoralStandards"] == ["GHG Protocol Product", "ISO 14067", "PACT-3.0"]


def test_region_is_required() -> None:
    with pytest.raises(InputError, match="region of production"):
        to_catenax(caliper(country_subdivision=None, country=None), pf_id=PF_ID, created=CREATED)


def test_exemptions_over_ten_percent_are_refused() -> None:
    with pytest.raises(InputError, match=r"exemptedEmissionsPercent"):
        to_catenax(caliper(exempted_percent=12.0), pf_id=PF_ID, created=CREATED)


def test_invalid_payload_names_paths(tmp_path: Path) -> None:
    payload = load("catena-x/io.catenax.pcf-10.0.0-example.json")
    del payload["companyAndProductInformation"]
    payload["productLifeCycleStagesAndEmissions"][0]["productionStage"][0]["pcfExcludingBiogenicUptake"] = (
        "2.9"
    )
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([payload, {"scopeOfPcfForm": []}]), encoding="utf-8")
    with pytest.raises(FootprintsRejected) as caught:
        read_payloads(path)
    assert [v.path for v in caught.value.violations] == [
        "$[0].companyAndProductInformation",
        "$[0].productLifeCycleStagesAndEmissions[0].productionStage[0].pcfExcludingBiogenicUptake",
        "$[1].scopeOfPcfForm[0].specVersion",
    ]


def test_unknown_model_version_is_refused(disclosure: Disclosure) -> None:
    with pytest.raises(InputError, match=r"7\.0\.0"):
        to_catenax(disclosure, pf_id=PF_ID, created=CREATED, version="7.0.0")
