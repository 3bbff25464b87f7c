"""Input workbooks for the CBAM tests: the bundled example and variants of it written to ``tmp_path``."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest

from tanlu.carbon.cbam.example import EXAMPLE_SHEETS, input_workbook_bytes

Sheets = dict[str, list[list[object]]]
WriteWorkbook = Callable[[Sheets], Path]


@pytest.fixture
def example_sheets() -> Sheets:
    """A deep copy of the example's rows, free to change."""
    return {name: [list(row) for row in rows] for name, rows in copy.deepcopy(EXAMPLE_SHEETS).items()}


@pytest.fixture
def write_workbook(tmp_path: Path) -> WriteWorkbook:
    def write(sheets: Sheets) -> Path:
        path = tmp_path / "installation.xlsx"
        path.write_bytes(input_workbook_bytes(sheets))
        return path

    return write
