"""``tanlu pact`` and ``tanlu catenax`` as a user runs them: the bundled example model, real processes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from tanlu.carbon.products.footprint import calculate_footprints
from tanlu.carbon.products.reader import read_model
from tanlu.cli import main

from .test_cli import run_tanlu

EXAMPLE = Path(str(resources.files("tanlu.carbon.products").joinpath("data", "example")))
COMPANY = ["--company-name", "Suzhou Demo Brakes", "--company-id", "urn:bpn:BPNL000000000DEM"]


def test_export_v3_validates_and_carries_the_calculated_total(tmp_path: Path) -> None:
    out = tmp_path / "cal-100.json"
    exported = run_tanlu(
        "pact", "export", str(EXAMPLE), "--product", "CAL-100", *COMPANY, "--out", str(out), data_dir=tmp_path
    )
    assert exported.returncode == 0, exported.stderr
    checked = run_tanlu("pact", "validate", str(out), data_dir=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout == "$: PACT v3 (specVersion 3.0.3): valid\n"

    document = json.loads(out.read_text(encoding="utf-8"))
    calc = run_tanlu("pcf", "calc", str(EXAMPLE), data_dir=tmp_path)
    assert calc.returncode == 0, calc.stderr
    rows = {row["product_id"]: row for row in csv.DictReader(io.StringIO(calc.stdout))}
    printed = float(rows["CAL-100"]["pcf_kgco2e_per_unit"])
    assert float(document["pcf"]["pcfExcludingBiogenicUptake"]) == pytest.approx(printed, rel=1e-9)
    exact = calculate_footprints(read_model(EXAMPLE)).products["CAL-100"].total
    assert float(document["pcf"]["pcfExcludingBiogenicUptake"]) == exact
    assert document["companyName"] == "Suzhou Demo Brakes"
    assert document["pcf"]["declaredUnitOfMeasurement"] == "piece"
    assert document["pcf"]["geographyCountrySubdivision"] == "CN-JS"


def test_export_v2_to_stdout_validates(tmp_path: Path) -> None:
    exported = run_tanlu(
        "pact", "export", str(EXAMPLE), "--product", "CAL-100", "--spec", "2.3", *COMPANY,
        "--set", "product_category_cpc=49912", data_dir=tmp_path,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert document["specVersion"] == "2.3.0"
    assert document["pcf"]["declaredUnit"] == "kilogram"  # v2 has no piece: per kg of a 4.6 kg caliper
    assert document["pcf"]["unitaryProductAmount"] == "4.6"
    path = tmp_path / "v2.json"
    path.write_text(exported.stdout, encoding="utf-8")
    checked = run_tanlu("pact", "validate", str(path), data_dir=tmp_path)
    assert (checked.returncode, checked.stdout) == (0, "$: PACT v2 (specVersion 2.3.0): valid\n")


def test_broken_file_lists_every_violation_and_fails(tmp_path: Path) -> None:
    good = json.loads(
        (Path(__file__).parents[1] / "fixtures/pact/v3/example-1.json").read_text(encoding="utf-8")
    )
    missing_pcf = {key: value for key, value in good.items() if key != "pcf"}
    bad_id = {**good, "id": "12345"}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"data": [good, missing_pcf, bad_id]}), encoding="utf-8")
    checked = run_tanlu("pact", "validate", str(path), data_dir=tmp_path)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        "$.data[0]: PACT v3 (specVersion 3.0.0): valid",
        "$.data[1]: PACT v3 (specVersion 3.0.0): 1 violation",
        "  $.data[1].pcf: required property is missing",
        "$.data[2]: PACT v3 (specVersion 3.0.0): 1 violation",
        '  $.data[2].id: "12345" is not a valid uuid',
    ]


def test_company_details_from_the_settings_sheet(tmp_path: Path) -> None:
    model = tmp_path / "model"
    shutil.copytree(EXAMPLE, model)
    (model / "settings.csv").write_text(
        "key,value,product_id\n"
        "company_name,Suzhou Demo Brakes,\n"
        "company_ids,urn:bpn:BPNL000000000DEM,\n"
        "product_ids,urn:demo:part:CAL-100 urn:gtin:06901234567892,CAL-100\n",
        encoding="utf-8",
    )
    exported = run_tanlu("pact", "export", str(model), "--product", "CAL-100", data_dir=tmp_path)
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert document["companyIds"] == ["urn:bpn:BPNL000000000DEM"]
    assert document["productIds"] == ["urn:demo:part:CAL-100", "urn:gtin:06901234567892"]


def test_missing_company_is_one_clear_error(tmp_path: Path) -> None:
    exported = run_tanlu("pact", "export", str(EXAMPLE), "--product", "CAL-100", data_dir=tmp_path)
    assert exported.returncode == 1
    assert exported.stderr.startswith("Error: give the company's name and URN ids")
    assert "Traceback" not in exported.stderr


@pytest.mark.parametrize("version", ["9.0.0", "10.0.0"])
def test_catenax_export_validates(tmp_path: Path, version: str) -> None:
    out = tmp_path / "cx.json"
    exported = run_tanlu(
        "catenax", "export", str(EXAMPLE), "--product", "CAL-100", *COMPANY, "--model-version", version,
        "--out", str(out), data_dir=tmp_path,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    checked = run_tanlu("catenax", "validate", str(out), data_dir=tmp_path)
    assert (checked.returncode, checked.stdout) == (0, f"$: Catena-X PCF {version}: valid\n")
    stage = json.loads(out.read_text(encoding="utf-8"))["productLifeCycleStagesAndEmissions"][0]
    assert isinstance(stage["productionStage"][0]["pcfExcludingBiogenicUptake"], float)


def test_unknown_setting_option_is_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["pact", "export", str(EXAMPLE), "--product", "CAL-100", *COMPANY, "--set", "colour=red"]
    )
    assert result.exit_code == 1
    assert "--set" in result.output
    assert "not KEY=VALUE with a key of docs/exchange.md" in result.output
    assert "'colour=red'" in result.output


def test_export_after_a_previous_footprint_follows_the_v3_rules(tmp_path: Path) -> None:
    runner = CliRunner()
    first = tmp_path / "first.json"
    args = ["pact", "export", str(EXAMPLE), "--product", "CAL-100", *COMPANY]
    assert runner.invoke(main, [*args, "--out", str(first)]).exit_code == 0
    unchanged = runner.invoke(main, [*args, "--previous", str(first)])
    assert unchanged.exit_code == 0, unchanged.output
    assert json.loads(unchanged.stdout) == [json.loads(first.read_text(encoding="utf-8"))]
    changed = runner.invoke(
        main, [*args, "--set", "comment=New packaging supplier", "--previous", str(first)]
    )
    assert changed.exit_code == 0, changed.output
    old, new = json.loads(changed.stdout)
    previous_id = json.loads(first.read_text(encoding="utf-8"))["id"]
    assert (old["id"], old["status"]) == (previous_id, "Deprecated")
    assert (new["status"], new["precedingPfIds"], new["comment"]) == (
        "Active",
        [previous_id],
        "New packaging supplier",
    )
    assert new["id"] != previous_id
