"""The official PACT example files (tests/fixtures/pact/README.md) import, validate and export unchanged."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tanlu.errors import FileFormatError
from tanlu.exchange.pact_io import (
    FootprintsRejected,
    check_documents,
    export_documents,
    footprint_documents,
    import_documents,
    read_footprints,
)

from .conftest import FIXTURES, load

VALID = [
    ("v3/example-1.json", "3", 1),
    ("v3/example-2.json", "3", 1),
    ("v3/example-3.json", "3", 1),
    ("v3/example-4.json", "3", 1),
    ("v3/example-get-footprint-response.json", "3", 1),
    ("v3/example-list-footprints-response.json", "3", 1),
    ("v3/example-pf-response-event.json", "3", 1),
    ("v3/example-invalid-response-all-properties.json", "3", 1),
    ("v2/example-get-footprint-response.json", "2", 1),
    ("v2/example-list-footprints-response.json", "2", 1),
    ("v2/example-pf-response-event.json", "2", 1),
]


@pytest.mark.parametrize(("name", "major", "count"), VALID)
def test_official_example_imports_and_exports_unchanged(name: str, major: str, count: int) -> None:
    imported = read_footprints(FIXTURES / name)
    assert [item.major for item in imported] == [major] * count
    original = [document for _, document in footprint_documents(load(name))]
    assert export_documents(imported) == original
    assert [item.document for item in imported] == original


def test_typed_model_reads_the_values() -> None:
    (item,) = read_footprints(FIXTURES / "v3/example-1.json")
    assert item.model.id == "12345678-9abc-def0-1234-567812345678"
    assert item.model.pcf.pcf_excluding_biogenic_uptake == "0.384"
    assert item.model.pcf.biogenic_co2_uptake == "-1.61"


def test_v2_invalid_example_names_its_path() -> None:
    with pytest.raises(FootprintsRejected) as caught:
        read_footprints(FIXTURES / "v2/example-invalid-response-all-properties.json")
    assert [v.path for v in caught.value.violations] == ["$.data[0].updated"]
    assert "not a valid date-time" in str(caught.value)


def test_footprint_without_pcf_is_refused_at_its_path() -> None:
    document = load("v3/example-1.json")
    del document["pcf"]
    with pytest.raises(FootprintsRejected) as caught:
        import_documents(document, file="f.json")
    assert [(v.path, v.reason) for v in caught.value.violations] == [
        ("$.pcf", "required property is missing")
    ]


@pytest.mark.parametrize(
    "bad_id", ["12345678-9abc-def0-1234", "not-a-uuid", "urn:uuid:12345678-9abc-def0-1234-567812345678"]
)
def test_malformed_id_is_refused_at_its_path(bad_id: str) -> None:
    document = load("v3/example-1.json")
    document["id"] = bad_id
    with pytest.raises(FootprintsRejected) as caught:
        import_documents([load("v3/example-2.json"), document], file="f.json")
    assert [v.path for v in caught.value.violations] == ["$[1].id"]
    assert "is not a valid uuid" in caught.value.violations[0].reason


def test_every_violation_is_listed_with_its_path() -> None:
    document = load("v2/example-get-footprint-response.json")
    pcf = document["data"]["pcf"]
    pcf["declaredUnit"] = "piece"
    pcf["primaryDataShare"] = 120
    pcf["dqi"]["technologicalDQR"] = 4
    del document["data"]["productIds"]
    paths = [v.path for item in check_documents(document) for v in item.violations]
    assert paths == [
        "$.data.pcf.declaredUnit",
        "$.data.pcf.dqi.technologicalDQR",
        "$.data.pcf.primaryDataShare",
        "$.data.productIds",
    ]


def test_v3_amount_as_number_is_refused() -> None:
    document = load("v3/example-2.json")
    document["pcf"]["pcfExcludingBiogenicUptake"] = 1.5
    (item,) = check_documents(document)
    assert [str(v) for v in item.violations] == [
        "$.pcf.pcfExcludingBiogenicUptake: 1.5 is not of type 'string'"
    ]


def test_two_geographies_are_refused() -> None:
    document = load("v3/example-1.json")
    document["pcf"]["geographyCountry"] = "US"
    (item,) = check_documents(document)
    assert [str(v) for v in item.violations] == [
        "$.pcf: give at most one of geographyRegionOrSubregion, geographyCountry, geographyCountrySubdivision"
    ]


def test_unknown_version_and_non_footprints_are_named() -> None:
    document = copy.deepcopy(load("v3/example-1.json"))
    document["specVersion"] = "9.0.0"
    del document["pcf"]
    checked = check_documents([document, {"code": "AccessDenied"}, "text"])
    assert [[str(v) for v in item.violations] for item in checked] == [
        ["$[0].specVersion: not a PACT version this tool knows (2.x or 3.x)"],
        ["$[1]: not a PACT ProductFootprint: it has neither specVersion nor pcf"],
        ["$[2]: a ProductFootprint must be a JSON object"],
    ]


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text('{"data": []}', encoding="utf-8")
    with pytest.raises(FootprintsRejected, match="no ProductFootprint"):
        read_footprints(path)


def test_broken_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"id": \n  1,,}', encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"broken.json: not JSON: .* at line 2, column 5"):
        read_footprints(path)
