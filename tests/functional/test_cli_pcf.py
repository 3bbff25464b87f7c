"""``tanlu pcf calc`` and ``tanlu pcf explain`` through the real command group (no database)."""

from __future__ import annotations

import csv
import shutil
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from tanlu.cli import main


@pytest.fixture
def example(tmp_path: Path) -> Path:
    target = tmp_path / "example"
    target.mkdir()
    for entry in resources.files("tanlu.carbon.products").joinpath("data", "example").iterdir():
        shutil.copyfile(str(entry), target / entry.name)
    return target


def test_calc_writes_one_row_per_product(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    result = CliRunner().invoke(main, ["pcf", "calc", str(example), "--gwp", "AR5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [row["product_id"] for row in rows] == [
        "CAL-100",
        "HSG-110",
        "CST-111",
        "REM-001",
        "BRK-120",
        "PST-130",
    ]
    assert list(rows[0])[:5] == [
        "product_id",
        "pcf_kgco2e_per_unit",
        "fossil_kgco2e_per_unit",
        "biogenic_kgco2e_per_unit",
        "primary_data_share",
    ]
    caliper = rows[0]
    assert float(caliper["pcf_kgco2e_per_unit"]) == pytest.approx(
        float(caliper["fossil_kgco2e_per_unit"]) + float(caliper["biogenic_kgco2e_per_unit"])
    )
    assert caliper["gwp"] == "AR5"
    assert "wrote" in result.stderr


def test_calc_with_monte_carlo_to_stdout(example: Path) -> None:
    result = CliRunner().invoke(main, ["pcf", "calc", str(example), "--samples", "200", "--seed", "1"])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split(",")
    assert "p2_5_kgco2e" in header
    assert "p97_5_kgco2e" in header


def test_bad_model_writes_nothing_and_names_every_row(example: Path, tmp_path: Path) -> None:
    inputs = example / "inputs.csv"
    inputs.write_text(
        inputs.read_text(encoding="utf-8") + "CAL-100,BOLT-M10,2,piece,,\nBRK-120,STL-BAR,-1,kg,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "results.csv"
    result = CliRunner().invoke(main, ["pcf", "calc", str(example), "--out", str(out)])
    assert result.exit_code != 0
    assert not out.exists()
    assert (
        "row 15, column 'input_id': unknown input (a product or purchased item); did you mean 'BLT-M10'?"
        in result.output
    )
    assert "row 16, column 'quantity': negative quantity" in result.output


def test_explain_prints_the_tree(example: Path) -> None:
    result = CliRunner().invoke(
        main, ["pcf", "explain", str(example), "--product", "CAL-100", "--depth", "2"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("CAL-100 Brake caliper assembly:")
    assert any(line.startswith("  Caliper housing, machined (product, 1 piece)") for line in lines)
    assert any("P1-SUZHOU (allocated by hours)" in line for line in lines)
    chinese = CliRunner().invoke(
        main, ["pcf", "explain", str(example), "--product", "CAL-100", "--lang", "zh"]
    )
    assert "制动钳总成" in chinese.stdout


def test_explain_unknown_product(example: Path) -> None:
    result = CliRunner().invoke(main, ["pcf", "explain", str(example), "--product", "NOPE"])
    assert result.exit_code != 0
    assert "no product 'NOPE'" in result.output
