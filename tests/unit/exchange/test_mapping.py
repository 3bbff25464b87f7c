"""A disclosure as PACT v3.0 and v2.3: each field where the specification puts it, in the type it asks for."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tanlu.errors import InputError
from tanlu.exchange.disclosure import Disclosure, declared_unit
from tanlu.exchange.mapping import to_pact_v2, to_pact_v3
from tanlu.exchange.pact_io import import_documents
from tanlu.exchange.validation import check_pact

from .conftest import CREATED, PF_ID, caliper


def test_v3_identity_and_product(disclosure: Disclosure) -> None:
    doc = to_pact_v3(disclosure, pf_id=PF_ID, created=CREATED)
    assert {key: doc[key] for key in ("id", "specVersion", "created", "status")} == {
        "id": PF_ID,
        "specVersion": "3.0.3",
        "created": "2026-02-01T08:30:00Z",
        "status": "Active",
    }
    assert doc["companyName"] == "Wuxi Brake Parts Co."
    assert doc["companyIds"] == ["urn:bpn:BPNL000000000ABC"]
    assert doc["productIds"] == ["urn:tanlu:product:BC-100"]
    assert doc["productNameCompany"] == "Brake caliper BC-100"
    assert doc["productClassifications"] == ["urn:pact:productclassification:un-cpc:49912"]
    assert doc["comment"] == "Calculated with Tanlu"
    assert "precedingPfIds" not in doc
    assert check_pact(doc) == ("3", [])


def test_v3_amounts_are_decimal_strings(disclosure: Disclosure) -> None:
    pcf = to_pact_v3(disclosure, pf_id=PF_ID, created=CREATED)["pcf"]
    assert pcf["declaredUnitOfMeasurement"] == "piece"
    assert pcf["declaredUnitAmount"] == "1"
    assert pcf["productMassPerDeclaredUnit"] == "2.5"
    assert pcf["pcfExcludingBiogenicUptake"] == "12.345678901234"
    assert pcf["pcfIncludingBiogenicUptake"] == "12.345678901234"
    assert pcf["fossilGhgEmissions"] == "12.2"
    assert (
        "biogenicNonCO2Emissions" not in pcf
    )  # Tanlu's biogenic part is CO2, inside pcfExcludingBiogenicUptake
    assert pcf["fossilCarbonContent"] == "0.05"
    assert pcf["biogenicCarbonContent"] == "0"
    assert pcf["exemptedEmissionsPercent"] == "0.8"
    assert pcf["primaryDataShare"] == "42.5"
    assert pcf["dqi"] == {"technologicalDQR": "1.5", "geographicalDQR": "2", "temporalDQR": "1.2"}
    assert all(isinstance(value, str) for value in pcf["dqi"].values())


def test_v3_method_fields(disclosure: Disclosure) -> None:
    pcf = to_pact_v3(disclosure, pf_id=PF_ID, created=CREATED)["pcf"]
    assert pcf["ipccCharacterizationFactors"] == ["AR6"]
    assert pcf["crossSectoralStandards"] == ["GHGP-Product", "ISO14067", "PACT-3.0"]
    assert pcf["referencePeriodStart"] == "2025-01-01T00:00:00Z"
    assert pcf["referencePeriodEnd"] == "2025-12-31T23:59:59Z"
    assert pcf["geographyCountrySubdivision"] == "CN-JS"
    assert "geographyCountry" not in pcf
    assert pcf["boundaryProcessesDescription"].startswith("Cradle-to-gate")
    assert pcf["allocationRulesDescription"] == "Site totals allocated by machine hours"
    assert pcf["exemptedEmissionsDescription"] == "Office consumables"
    assert pcf["packagingEmissionsIncluded"] is True
    assert pcf["packagingGhgEmissions"] == "0.1"
    assert pcf["secondaryEmissionFactorSources"] == [
        {"name": "ecoinvent", "version": "3.10"},
        {"name": "Tanlu bundled factors", "version": "2026.1"},
    ]
    assert pcf["productOrSectorSpecificRules"] == [
        {"operator": "Other", "ruleNames": ["Catena-X PCF Rulebook v3"], "otherOperatorName": "Catena-X"}
    ]
    assert pcf["verification"] == {
        "coverage": "product level",
        "providerName": "TÜV Example",
        "completedAt": "2026-01-15T00:00:00Z",
        "standardName": "ISO 14067",
    }


def test_v3_optional_fields_are_absent_when_unknown() -> None:
    bare = caliper(
        packaging=None, dqr=None, verification=None, primary_data_share=None, secondary_sources=(),
        sector_rules=(), biogenic_carbon_content=None, country_subdivision=None, comment="",
    )  # fmt: skip
    doc = to_pact_v3(bare, pf_id=PF_ID, created=CREATED)
    pcf = doc["pcf"]
    assert pcf["packagingEmissionsIncluded"] is False
    for key in ("packagingGhgEmissions", "dqi", "verification", "primaryDataShare", "secondaryEmissionFactorSources",
                "productOrSectorSpecificRules", "biogenicCarbonContent", "geographyCountrySubdivision"):  # fmt: skip
        assert key not in pcf
    assert "comment" not in doc
    assert check_pact(doc) == ("3", [])


def test_biogenic_uptake_lowers_only_the_including_total() -> None:
    pcf = to_pact_v3(caliper(biogenic_uptake=-0.5), pf_id=PF_ID, created=CREATED)["pcf"]
    assert pcf["biogenicCO2Uptake"] == "-0.5"
    assert Decimal(pcf["pcfIncludingBiogenicUptake"]) == Decimal("12.345678901234") - Decimal("0.5")
    assert pcf["pcfExcludingBiogenicUptake"] == "12.345678901234"


def test_v3_mass_per_declared_unit_follows_the_unit() -> None:
    assert (
        to_pact_v3(caliper(declared_unit="kilogram", mass_kg=None), pf_id=PF_ID, created=CREATED)["pcf"][
            "productMassPerDeclaredUnit"
        ]
        == "1"
    )
    energy = caliper(declared_unit="kilowatt hour", mass_kg=None)
    assert to_pact_v3(energy, pf_id=PF_ID, created=CREATED)["pcf"]["productMassPerDeclaredUnit"] == "0"
    with pytest.raises(InputError, match="needs the product's mass"):
        to_pact_v3(caliper(mass_kg=None), pf_id=PF_ID, created=CREATED)


def test_v3_preceding_ids_are_written_once_each(disclosure: Disclosure) -> None:
    old = "079e425a-464f-528d-341d-4a944a1dfd70"
    doc = to_pact_v3(disclosure, pf_id=PF_ID, created=CREATED, preceding_pf_ids=(old, old))
    assert doc["precedingPfIds"] == [old]


def test_v2_declares_a_piece_per_kilogram(disclosure: Disclosure) -> None:
    doc = to_pact_v2(disclosure, pf_id=PF_ID, created=CREATED)
    pcf = doc["pcf"]
    assert pcf["declaredUnit"] == "kilogram"
    assert pcf["unitaryProductAmount"] == "2.5"
    assert pcf["productMassPerDeclaredUnit"] == "1"
    assert float(pcf["pCfExcludingBiogenic"]) == 12.345678901234 / 2.5
    assert float(pcf["fossilGhgEmissions"]) == 12.2 / 2.5
    assert float(pcf["otherBiogenicGhgEmissions"]) == 0.145678901234 / 2.5
    assert float(pcf["packagingGhgEmissions"]) == 0.1 / 2.5
    assert check_pact(doc) == ("2", [])


def test_v2_types_and_required_fields(disclosure: Disclosure) -> None:
    doc = to_pact_v2(disclosure, pf_id=PF_ID, created=CREATED, version=3)
    pcf = doc["pcf"]
    assert doc["specVersion"] == "2.3.0"
    assert doc["version"] == 3
    assert doc["productCategoryCpc"] == "49912"
    assert doc["comment"] == "Calculated with Tanlu"
    assert pcf["primaryDataShare"] == 42.5  # a JSON number in v2
    assert pcf["exemptedEmissionsPercent"] == 0.8
    assert pcf["characterizationFactors"] == "AR6"
    assert pcf["ipccCharacterizationFactorsSources"] == ["AR6"]
    assert pcf["crossSectoralStandardsUsed"] == ["GHG Protocol Product standard", "ISO Standard 14067"]
    assert pcf["crossSectoralStandards"] == ["GHGP-Product", "ISO14067", "PACT-3.0"]
    assert "dqi" not in pcf  # v2 needs five ratings and a coverage Tanlu does not compute
    assert pcf["assurance"] == {
        "assurance": True,
        "providerName": "TÜV Example",
        "coverage": "product level",
        "completedAt": "2026-01-15T00:00:00Z",
        "standardName": "ISO 14067",
    }


def test_v2_kilogram_product_keeps_its_amounts() -> None:
    pcf = to_pact_v2(caliper(declared_unit="kilogram", mass_kg=None), pf_id=PF_ID, created=CREATED)["pcf"]
    assert pcf["unitaryProductAmount"] == "1"
    assert pcf["pCfExcludingBiogenic"] == "12.345678901234"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"gwp": "AR4"}, "AR5 and AR6 only"),
        ({"product_category_cpc": None}, "UN CPC"),
        ({"standards": ("PACT-3.0",)}, "GHGP-Product, ISO14067 or ISO14040-44"),
        ({"mass_kg": None}, "needs the product's mass"),
    ],
)
def test_v2_refuses_what_it_cannot_say(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        to_pact_v2(caliper(**changes), pf_id=PF_ID, created=CREATED)


def test_an_invalid_setting_never_leaves_as_pact() -> None:
    with pytest.raises(InputError, match=r"\$\.companyIds\[0\]: .* is not a valid urn"):
        to_pact_v3(caliper(company_ids=("BPNL000000000ABC",)), pf_id=PF_ID, created=CREATED)


@pytest.mark.parametrize("spec", ["3", "2"])
def test_export_imports_as_the_same_document(disclosure: Disclosure, spec: str) -> None:
    export = to_pact_v3 if spec == "3" else to_pact_v2
    doc = export(disclosure, pf_id=PF_ID, created=CREATED)
    (item,) = import_documents(doc)
    assert item.major == spec
    assert item.model.to_json() == doc


@pytest.mark.parametrize(
    ("unit", "expected"),
    [("pc", ("piece", 1.0)), ("kg", ("kilogram", 1.0)), ("t", ("kilogram", 1000.0)), ("m3", ("cubic meter", 1.0)),
     ("kWh", ("kilowatt hour", 1.0)), ("GJ", ("megajoule", 1000.0)), ("m²", ("square meter", 1.0))],
)  # fmt: skip
def test_declared_units(unit: str, expected: tuple[str, float]) -> None:
    assert declared_unit(unit) == expected


def test_a_length_has_no_pact_unit() -> None:
    with pytest.raises(InputError, match="PACT has no declared unit for 'm'"):
        declared_unit("m")
