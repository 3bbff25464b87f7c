"""``tanlu cbam calc`` and ``tanlu cbam defaults`` through the real command group (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from tanlu.carbon.cbam.example import EXAMPLE_SHEETS, input_workbook_bytes
from tanlu.cli import main


@pytest.fixture
def installation(tmp_path: Path) -> Path:
    path = tmp_path / "installation.xlsx"
    path.write_bytes(input_workbook_bytes())
    return path


def test_calc_writes_the_communication_and_its_json(installation: Path, tmp_path: Path) -> None:
    out, json_path = tmp_path / "communication.xlsx", tmp_path / "communication.json"
    result = CliRunner().invoke(
        main,
        ["cbam", "calc", str(installation), "--out", str(out), "--json", str(json_path), "--year", "2027"],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("WR\tCN 72139110\tdirect 2.5167\tindirect 0.1440")
    assert "no shipped default" in lines[0]
    assert lines[1].startswith("BOLT\tCN 73181588\tdirect 2.7115\tindirect 0.4030")
    assert lines[1].endswith("from defaults 37.9%\tdefault 2027 7.650")
    book = CalamineWorkbook.from_path(str(out))
    assert "Summary_Products" in book.sheet_names
    document = json.loads(json_path.read_text(encoding="utf-8"))
    assert document["year"] == 2027
    assert document["summary_products"][1]["default_markup"] == 0.2


def test_calc_refuses_a_bad_workbook_naming_the_row(tmp_path: Path) -> None:
    sheets = {name: [list(row) for row in rows] for name, rows in EXAMPLE_SHEETS.items()}
    sheets["emissions"][3][4] = "kg"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(input_workbook_bytes(sheets))
    out = tmp_path / "never.xlsx"
    result = CliRunner().invoke(main, ["cbam", "calc", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert (
        "bad.xlsx, sheet 'emissions', row 4, column 'electricity_unit': electricity is energy"
        in result.output
    )
    assert not out.exists()


def test_defaults_prints_the_value_and_its_markups() -> None:
    result = CliRunner().invoke(main, ["cbam", "defaults", "7318 15 88", "--country", "OTHER"])
    assert result.exit_code == 0, result.output
    assert "total: 4.8 t CO2e/t" in result.stdout
    assert "2026 (mark-up 10%): 5.28 t CO2e/t" in result.stdout
    assert "2028 (mark-up 30%): 6.24 t CO2e/t" in result.stdout
    assert "2025/2621" in result.stdout


def test_defaults_for_a_code_not_shipped() -> None:
    result = CliRunner().invoke(main, ["cbam", "defaults", "7616"])
    assert result.exit_code == 1
    assert "no default value of Commission Implementing Regulation (EU) 2025/2621 is shipped for CN 7616" in (
        result.output
    )
