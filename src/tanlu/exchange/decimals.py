"""Amounts as PACT decimal strings: the shortest text that reads back as exactly the same number.

PACT v3 (and most amounts of v2.3) carry numbers as JSON strings matching ``^[+-]?\\d+(\\.\\d+)?$`` so that no
receiver rounds them through a binary float.  Tanlu computes in floats; the text written is the float's shortest
round-trip representation (``repr``) spelled without an exponent, so ``float(text) == value`` always holds and
``Decimal(text)`` is the decimal the float stands for at its own precision.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from tanlu.errors import InputError


def decimal_text(value: float | int | Decimal) -> str:
    """``value`` as a PACT decimal string: plain digits, no exponent, no trailing zeros, ``0`` for zero."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"{value!r} is not a finite number and cannot be written as a PACT decimal")
        number = Decimal(repr(value))
    else:
        number = Decimal(value)
    if number.is_zero():
        return "0"
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_decimal(text: str) -> Decimal:
    """The exact value of a PACT decimal string (the schemas have checked its form before)."""
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InputError("not a decimal number", value=text) from None
