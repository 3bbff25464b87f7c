"""Declared units and how an input's quantity becomes an amount in the input's declared unit.

Units are the inventory's (:func:`tanlu.carbon.units.parse_unit`: pint with ``吨``, ``千瓦时`` …) plus counts,
which pint does not know: ``piece``, ``pcs``, ``件``, ``个`` … all mean one piece. A quantity converts to the
declared unit when both have the same dimension, or, for an input whose declared unit is not a mass but that
has a ``mass_kg`` per declared unit, from a mass (``320 g`` of a part of 0.25 kg per piece is 1.28 pieces).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from tanlu.carbon.units import convert, parse_unit, ureg
from tanlu.errors import UnitError

__all__ = ["COUNT_UNITS", "InputConversion", "check_declared_unit", "input_conversion", "is_mass"]

COUNT_UNITS = frozenset(
    (
        "piece",
        "pieces",
        "pc",
        "pcs",
        "ea",
        "each",
        "item",
        "items",
        "unit",
        "units",
        "件",
        "个",
        "只",
        "支",
        "台",
    )
)


def _is_count(text: str) -> bool:
    return text.strip().casefold() in COUNT_UNITS


@functools.cache
def check_declared_unit(text: str) -> str:
    """Why ``text`` cannot be a declared unit (empty when it can)."""
    if not text.strip():
        return "a declared unit is required (piece, kg, m, m², kWh, …)"
    if _is_count(text):
        return ""
    try:
        parse_unit(text)
    except UnitError as error:
        return str(error)
    return ""


@functools.cache
def is_mass(text: str) -> bool:
    """True when ``text`` measures a mass (kg, t, 吨 …)."""
    if _is_count(text) or not text.strip():
        return False
    try:
        return bool(parse_unit(text).dimensionality == ureg.kilogram.dimensionality)
    except UnitError:
        return False


@dataclass(frozen=True)
class InputConversion:
    """``quantity[row unit] × multiplier`` is the amount in the declared unit; with ``per_mass`` the result is
    kg and must still be divided by the input's ``mass_kg``."""

    multiplier: float
    per_mass: bool = False


@functools.cache
def input_conversion(unit: str, declared: str) -> InputConversion:
    """How a quantity written in ``unit`` (empty: the declared unit) becomes the input's ``declared`` unit.

    Raises :class:`UnitError` when the dimensions differ and no mass bridges them.
    """
    if not unit.strip() or unit.strip() == declared.strip():
        return InputConversion(1.0)
    if _is_count(unit) or _is_count(declared):
        if _is_count(unit) and _is_count(declared):
            return InputConversion(1.0)
        if is_mass(unit):
            return InputConversion(convert(unit, "kg").multiplier, per_mass=True)
        raise UnitError(f"cannot convert {unit!r} to {declared!r}")
    try:
        return InputConversion(convert(unit, declared).multiplier)
    except UnitError:
        if is_mass(unit) and not is_mass(declared):
            return InputConversion(convert(unit, "kg").multiplier, per_mass=True)
        raise
