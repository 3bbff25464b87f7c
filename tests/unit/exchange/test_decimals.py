from __future__ import annotations

from decimal import Decimal

import pytest

from tanlu.errors import InputError
from tanlu.exchange.decimals import decimal_text, parse_decimal


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0"),
        (-0.0, "0"),
        (1.0, "1"),
        (12.5, "12.5"),
        (0.1, "0.1"),
        (1e-7, "0.0000001"),
        (1.5e20, "150000000000000000000"),
        (-2.25, "-2.25"),
        (3, "3"),
        (Decimal("1.2300"), "1.23"),
    ],
)
def test_decimal_text_is_plain_digits(value: float, text: str) -> None:
    assert decimal_text(value) == text


def test_decimal_text_reads_back_as_the_same_float() -> None:
    value = 0.1 + 0.2
    assert float(decimal_text(value)) == value
    assert parse_decimal(decimal_text(value)) == Decimal(repr(value))


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_not_finite_is_refused(value: float) -> None:
    with pytest.raises(InputError, match="not a finite number"):
        decimal_text(value)


def test_parse_decimal_refuses_text() -> None:
    with pytest.raises(InputError, match="not a decimal"):
        parse_decimal("twelve")
