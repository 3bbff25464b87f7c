"""Tanlu's one grammar for numbers and years typed by people: activity amounts, factor values, survey answers.

``[+-] digits [. digits] [e|E [+-] digits]``, surrounding whitespace ignored, within these bounds:

* at most :data:`MAX_SIGNIFICANT_DIGITS` (15) significant digits: leading zeros and trailing zeros after the
  decimal point do not count. Fifteen is the most a 64-bit float keeps exactly (``DBL_DIG``), so every
  accepted text reads back as the same decimal and nothing is silently rounded (a 40-digit amount is refused,
  not stored as ``1.2345678901234568e+39``);
* a magnitude below :data:`MAX_MAGNITUDE` (10¹⁵) and, unless the value is zero, at least
  :data:`MIN_MAGNITUDE` (10⁻¹⁵), so that nothing overflows or underflows either;
* a year is four digits from :data:`FIRST_YEAR` to :data:`LAST_YEAR` (1900–2100): the bounds every year
  field checks (factor years, base and target years).

Refused, with an :class:`~tanlu.errors.InputError` naming file, row, column and value: empty text, NaN,
Infinity, booleans, thousands separators (``1,234``), full-width or other non-ASCII digits, too many digits
and values out of range. docs/formats.md ("Numbers and years") documents the same rules for users.
"""

from __future__ import annotations

import math
import re

from tanlu.errors import InputError

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_MAGNITUDE",
    "MAX_SIGNIFICANT_DIGITS",
    "MIN_MAGNITUDE",
    "OUT_OF_RANGE",
    "TOO_CLOSE_TO_ZERO",
    "TOO_MANY_DIGITS",
    "decimal_from_text",
    "looks_like_a_number",
]

MAX_SIGNIFICANT_DIGITS = 15
MAX_MAGNITUDE = 1e15
MIN_MAGNITUDE = 1e-15
FIRST_YEAR = 1900
LAST_YEAR = 2100

_DECIMAL = re.compile(r"[+-]?(?P<mantissa>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:[,，'’ _][0-9]{3})+(?:\.[0-9]*)?")
_NOT_A_NUMBER = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_BOOLEANS = {"true", "false", "yes", "no"}

TOO_MANY_DIGITS = f"too many digits: a number has at most {MAX_SIGNIFICANT_DIGITS} significant digits"
OUT_OF_RANGE = "number out of range"
TOO_CLOSE_TO_ZERO = "number out of range (too close to zero)"


def looks_like_a_number(text: str) -> bool:
    """Whether ``text`` is written as a number (the grammar's shape, bounds aside, or with thousands
    separators): what a header cell never is."""
    return bool(_DECIMAL.fullmatch(text) or _THOUSANDS.fullmatch(text))


def _significant_digits(mantissa: str) -> int:
    """Significant digits of the digits-and-point part of a decimal: ``0.00120`` has 2, ``1500`` has 4."""
    whole, _, fraction = mantissa.partition(".")
    return len((whole + fraction.rstrip("0")).lstrip("0"))


def decimal_from_text(
    text: str,
    *,
    file: str | None = None,
    row: int | None = None,
    column: str | None = None,
    sheet: str | None = None,
) -> float:
    """Parse decimal input with the one grammar (module docstring); the float is exact to the text's digits."""

    def refuse(reason: str) -> InputError:
        return InputError(reason, file=file, sheet=sheet, row=row, column=column, value=str(text))

    if not isinstance(text, str) or isinstance(text, bool):
        raise refuse(f"a number must be given as text, not {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise refuse("a number is required but the cell is empty")
    lowered = stripped.lower()
    if lowered in _NOT_A_NUMBER:
        raise refuse("not a number: NaN and Infinity are not accepted")
    if lowered in _BOOLEANS:
        raise refuse("a number is required, not a yes/no value")
    match = _DECIMAL.fullmatch(stripped)
    if match is None:
        if _THOUSANDS.fullmatch(stripped):
            raise refuse("thousands separators are not accepted: write 1234.5, not 1,234.5")
        raise refuse("not a number: expected digits with an optional sign, decimal point and exponent")
    digits = _significant_digits(match.group("mantissa"))
    if digits > MAX_SIGNIFICANT_DIGITS:
        raise refuse(TOO_MANY_DIGITS)
    value = float(stripped)
    if math.isinf(value) or abs(value) >= MAX_MAGNITUDE:
        raise refuse(OUT_OF_RANGE)
    if digits and abs(value) < MIN_MAGNITUDE:
        raise refuse(TOO_CLOSE_TO_ZERO)
    return value
