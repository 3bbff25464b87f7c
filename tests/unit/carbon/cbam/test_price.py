"""The carbon price effectively paid in the country of origin: read from the installation sheet with its rebate and
goods covered (Implementing Regulation (EU) 2023/1773 Article 7(2)), checked, and carried per good into the
communication, net of the rebate."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanlu.carbon.cbam.calculate import calculate
from tanlu.carbon.cbam.communication import build_communication, communication_json
from tanlu.carbon.cbam.model import CarbonPrice
from tanlu.carbon.cbam.price import describe, parse_cn_codes
from tanlu.carbon.cbam.reader import read_installation
from tanlu.errors import InputError, RowsRejected

from .conftest import Sheets, WriteWorkbook

#: a price on the bolts only: 90 CNY/t less 30 CNY/t of free allocation, 1,500 t covered, 1,000 t by the rebate
PRICE_ROWS = [
    [
        "carbon_price_legal_act",
        "Interim Regulations on the Administration of Carbon Emissions Trading, Art. 9",
    ],
    ["carbon_price_cn_codes", "7318 15"],
    ["carbon_price_covered_tco2e", 1500],
    ["carbon_price_rebate_form", "free allocation"],
    ["carbon_price_rebate_per_tco2e", 30],
    ["carbon_price_rebate_covered_tco2e", 1000],
]


def _with_price(sheets: Sheets, amount: object = 90, rebate: object = 30) -> Sheets:
    rows = sheets["installation"]
    rows[8][1] = "China national ETS"
    rows[9][1] = amount
    rows.extend([list(row) for row in PRICE_ROWS])
    rows[-2][1] = rebate
    return sheets


def test_the_price_with_its_rebate_reads_and_covers_only_the_goods_named(
    write_workbook: WriteWorkbook, example_sheets: Sheets
) -> None:
    data = read_installation(write_workbook(_with_price(example_sheets)))
    price = data.installation.carbon_price
    assert price == CarbonPrice(
        scheme="China national ETS",
        amount_per_tco2e=90,
        currency="CNY",
        covered_tco2e=1500,
        legal_act=PRICE_ROWS[0][1],  # type: ignore[arg-type]
        cn_codes=("731815",),
        rebate_form="free allocation",
        rebate_per_tco2e=30,
        rebate_covered_tco2e=1000,
    )
    assert price.effective_per_tco2e == 60
    communication = build_communication(data, calculate(data), 2026)
    summary = {row["cn_code"]: row for row in communication.sheets[3].rows}
    assert summary["72139110"]["carbon_price"] == ""  # wire rod is not covered
    assert summary["73181588"]["carbon_price"] == (
        "China national ETS: 90 CNY/t CO2e less rebate 30 (free allocation) = 60 CNY/t CO2e effectively paid"
    )
    assert summary["73181588"]["carbon_price_effective"] == 60
    document = json.loads(communication_json(communication))
    fields = {row["field"]: row["value"] for row in document["installation"]}
    assert fields["carbon_price_rebate_covered_tco2e"] == 1000
    assert fields["carbon_price_effective_per_tco2e"] == 60
    assert fields["carbon_price_cn_codes"] == "731815"
    assert document["summary_communication"][1]["carbon_price_currency"] == "CNY"


def test_a_rebate_larger_than_the_price_and_a_good_outside_cbam_are_named(
    write_workbook: WriteWorkbook, example_sheets: Sheets
) -> None:
    sheets = _with_price(example_sheets, amount=20, rebate=30)
    sheets["installation"][-5][1] = "7318 15; 8708 30"
    with pytest.raises(RowsRejected) as caught:
        read_installation(write_workbook(sheets))
    issues = [str(issue) for issue in caught.value.issues]
    assert any(
        "row 16, column 'value': the rebate per t CO2e is larger than the carbon price" in i for i in issues
    )
    assert any("row 13, column 'value': CN 87083" in i and "not in CBAM's annex I" in i for i in issues)


def test_a_price_without_currency_is_refused(write_workbook: WriteWorkbook, example_sheets: Sheets) -> None:
    example_sheets["installation"][10][1] = ""
    with pytest.raises(RowsRejected, match="carbon_price_currency is required"):
        read_installation(write_workbook(example_sheets))


def test_cn_codes_are_normalised_and_deduplicated() -> None:
    assert parse_cn_codes("7318 15；7318.15, 76169910\n") == ("731815", "76169910")
    assert parse_cn_codes("") == ()
    with pytest.raises(InputError, match="8708"):
        parse_cn_codes("8708")


@given(
    amount=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    rebate=st.floats(min_value=0, max_value=2e6, allow_nan=False),
)
def test_the_price_effectively_paid_lies_between_zero_and_the_price(amount: float, rebate: float) -> None:
    price = CarbonPrice("ETS", amount, "CNY", rebate_per_tco2e=rebate)
    assert 0 <= price.effective_per_tco2e <= amount
    assert price.effective_per_tco2e == pytest.approx(max(amount - rebate, 0))
    assert describe(price, "73181588").startswith("ETS: ")
    assert describe(None, "73181588") == ""
    assert describe(CarbonPrice("ETS", 90, "CNY", rebate_per_tco2e=30), "7318") == (
        "ETS: 90 CNY/t CO2e less rebate 30 = 60 CNY/t CO2e effectively paid"
    )  # whole numbers as int too
