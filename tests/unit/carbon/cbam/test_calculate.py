"""Specific embedded emissions of a worked example, computed by hand (Regulation (EU) 2023/956 Annex IV).

The installation (``tanlu.carbon.cbam.example``) rolls wire rod (WR, CN 7213 91 10, AL = 1000 t) from billets and
forms bolts (BOLT, CN 7318 15 88, AL = 800 t) from its own wire rod. The example is ours (no published Commission
example with these goods was found); the formula is that of Regulation (EU) 2023/956 Annex IV and Implementing
Regulation (EU) 2023/1773 Annex III for complex goods: SEE = (AttrEm + Σ M_i · SEE_i) / AL.

Wire rod::

    AttrEm_direct   = natural gas 2 TJ × 56.1 t CO2/TJ                 = 112.2 t CO2e
    AttrEm_indirect = 120 000 kWh = 120 MWh × 0.5 t CO2e/MWh           =  60   t CO2e
    billets, purchased with actual data: 700 t × 1.85 direct, × 0.12 indirect = 1295 / 84 t CO2e
    billets on the default value for China (7207 11 16: 3.17 direct, no indirect value) 350 t = 1109.5 / 0 t CO2e
    SEE_direct   = (112.2 + 1295 + 1109.5) / 1000 = 2.5167 t CO2e/t
    SEE_indirect = (60 + 84 + 0) / 1000           = 0.144  t CO2e/t
    share from defaults = 1109.5 / (2516.7 + 144) = 0.41700  (41.7 %)

Bolts::

    AttrEm_direct   = natural gas, quench furnace                     =  30 t CO2e
    AttrEm_indirect = 400 MWh × 0.5                                    = 200 t CO2e
    own wire rod 850 t:  850 × 2.5167 = 2139.195 direct, 850 × 0.144 = 122.4 indirect
    SEE_direct   = (30 + 2139.195) / 800  = 2.71149 t CO2e/t
    SEE_indirect = (200 + 122.4) / 800    = 0.40300 t CO2e/t
    share from defaults = 0.85 × 1109.5 / (2169.195 + 322.4) = 943.075 / 2491.595 = 0.37850

On defaults in 2026 the importer would declare the value for 7318 15 from China with the 10 % mark-up, 7.01
t CO2e/t (published column; 6.38 without mark-up), 7.01 − 2.71149 = 4.29851 t CO2e/t more than the actual direct
SEE (only direct emissions count for iron and steel, Regulation (EU) 2023/956 Annex II).
"""

from __future__ import annotations

import dataclasses

import pytest

from tanlu.carbon.cbam.calculate import DefaultComparison, calculate, compare_with_defaults
from tanlu.carbon.cbam.model import PrecursorKind
from tanlu.carbon.cbam.reader import read_installation
from tanlu.errors import InputError

from .conftest import Sheets, WriteWorkbook

REL = 1e-3  # 0.1 %


def test_worked_example_matches_the_hand_calculation(
    write_workbook: WriteWorkbook, example_sheets: Sheets
) -> None:
    wire_rod, bolts = calculate(read_installation(write_workbook(example_sheets)))
    assert wire_rod.process.process_id == "WR"
    assert wire_rod.attributed_direct == pytest.approx(112.2, rel=REL)
    assert wire_rod.attributed_indirect == pytest.approx(60.0, rel=REL)
    assert wire_rod.see_direct == pytest.approx(2.5167, rel=REL)
    assert wire_rod.see_indirect == pytest.approx(0.144, rel=REL)
    assert wire_rod.default_share == pytest.approx(0.41700, rel=REL)
    assert bolts.see_direct == pytest.approx(2.71149, rel=REL)
    assert bolts.see_indirect == pytest.approx(0.40300, rel=REL)
    assert bolts.default_share == pytest.approx(0.37850, rel=REL)


def test_bolts_beside_the_default_value_with_the_mark_up_of_each_year(
    write_workbook: WriteWorkbook, example_sheets: Sheets
) -> None:
    _, bolts = calculate(read_installation(write_workbook(example_sheets)))
    expected = {2026: 7.01, 2027: 7.65, 2028: 8.29, 2031: 8.29}
    for year, value in expected.items():
        comparison = compare_with_defaults(bolts, "CN", year)
        assert isinstance(comparison, DefaultComparison)
        assert comparison.default_with_markup == pytest.approx(value)
        assert comparison.difference_per_t == pytest.approx(value - 2.71149, rel=REL)
    other = compare_with_defaults(bolts, "OTHER", 2026)
    assert isinstance(other, DefaultComparison)
    assert other.default_with_markup == pytest.approx(5.28)


def test_a_good_without_a_shipped_default_says_so(
    write_workbook: WriteWorkbook, example_sheets: Sheets
) -> None:
    wire_rod, _ = calculate(read_installation(write_workbook(example_sheets)))
    reason = compare_with_defaults(wire_rod, "CN", 2026)
    assert isinstance(reason, str)
    assert "no default value" in reason
    assert "7213" in reason


def test_own_precursors_are_solved_in_dependency_order(
    write_workbook: WriteWorkbook, example_sheets: Sheets
) -> None:
    """Bolts listed before the wire rod they consume give the same result."""
    processes = example_sheets["processes"]
    processes[1:] = list(reversed(processes[1:]))
    results = {r.process.process_id: r for r in calculate(read_installation(write_workbook(example_sheets)))}
    assert list(results) == ["BOLT", "WR"]
    assert results["BOLT"].see_direct == pytest.approx(2.71149, rel=REL)


def test_a_cycle_of_own_precursors_is_refused(write_workbook: WriteWorkbook, example_sheets: Sheets) -> None:
    example_sheets["processes"].append(["NUT", "Nuts", "7318 16 91", 100])
    example_sheets["precursors"].append(["NUT", "7318 15 88", "own", 10, "BOLT", "", "", "", ""])
    example_sheets["precursors"].append(["BOLT", "7318 16 91", "own", 5, "NUT", "", "", "", ""])
    data = read_installation(write_workbook(example_sheets))
    with pytest.raises(InputError, match="cycle between processes BOLT, NUT"):
        calculate(data)


def test_precursor_kinds_are_kept(write_workbook: WriteWorkbook, example_sheets: Sheets) -> None:
    data = read_installation(write_workbook(example_sheets))
    assert [p.kind for p in data.precursors] == [
        PrecursorKind.PURCHASED,
        PrecursorKind.DEFAULT,
        PrecursorKind.OWN,
    ]
    default = data.precursors[1]
    assert default.see_direct == pytest.approx(3.17)
    assert "2025/2621" in default.default_reference
    assert dataclasses.replace(default, quantity_t=1).quantity_t == 1
