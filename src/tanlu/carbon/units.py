"""One pint registry for all of Tanlu, and the conversions an inventory needs.

The registry is pint's default one extended with what pint lacks:

* currencies, each its own base dimension (``USD``, ``CNY``, ``EUR``, ``GBP``), so that a currency is
  never converted silently: going from CNY to USD needs an explicit :class:`ExchangeRate`
  (``data/exchange_rates.csv``);
* ``normal_cubic_meter`` (``Nm3``): a gas volume at 0 °C and 101.325 kPa, which holds the gas of
  288.15/273.15 m³ at the standard 15 °C used by the bundled volumetric net calorific values (``Sm3`` and
  plain ``m3`` are read as standard cubic metres);
* gross-calorific energy (``kWh (gross)``, ``MJ (gross)``, ``GJ (gross)``), its own dimension: an energy
  unit without a qualifier is on the net (lower) calorific basis of the IPCC and of the bundled factors, and
  a gross amount becomes net only with its fuel's gross/net ratio (:attr:`FuelProperties.gross_to_net`);
* ``piece`` (``pcs``, ``件``, ``个``): a count of items, for factors per item;
* the aliases people write in activity files (``m3``, ``tkm``, ``千瓦时``, ``度``, ``吨公里``, ``元``,
  ``万元`` …), kept as data in ``data/unit_aliases.csv``.

Energy, mass and volume of a fuel are bridged with the fuel's :class:`FuelProperties` (net calorific value
per mass, density, net calorific value per volume); the bridge used is recorded in :class:`Conversion.steps`
so that every converted number can be explained.
"""

from __future__ import annotations

import csv
import functools
import itertools
import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pint

from tanlu.errors import UnitError

__all__ = [
    "Conversion",
    "ExchangeRate",
    "FuelProperties",
    "PriceIndex",
    "convert",
    "display_unit",
    "is_currency",
    "is_gas_volume",
    "load_unit_aliases",
    "parse_unit",
    "ureg",
]

CURRENCIES = ("USD", "CNY", "EUR", "GBP")

ureg: Any = pint.UnitRegistry(cache_folder=None)
for _code in CURRENCIES:
    ureg.define(f"{_code} = [currency_{_code}]")
ureg.define("normal_cubic_meter = 288.15 / 273.15 * meter ** 3")
ureg.define("piece = [piece] = pcs")  # a count of items (12,000 t-shirts), its own dimension
ureg.define("gross_joule = [gross_energy]")
ureg.define("gross_kilowatt_hour = 3.6e6 * gross_joule")
ureg.define("gross_megawatt_hour = 3.6e9 * gross_joule")
ureg.define("gross_megajoule = 1e6 * gross_joule")
ureg.define("gross_gigajoule = 1e9 * gross_joule")
_GROSS_NAMES = {
    "gross_kilowatt_hour": "kWh",
    "gross_megawatt_hour": "MWh",
    "gross_megajoule": "MJ",
    "gross_gigajoule": "GJ",
}
#: unit texts that are a volume of gas at reference conditions (never a volume of a liquid)
_GAS_VOLUME_TEXTS = frozenset(("sm3", "sm³", "scm", "nm3", "nm³", "标方", "标准立方米"))


def _data_text(name: str) -> str:
    return resources.files("tanlu.carbon").joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def load_unit_aliases() -> dict[str, str]:
    """The alias table (``data/unit_aliases.csv``): what people write → a pint expression."""
    rows = csv.DictReader(_data_text("unit_aliases.csv").splitlines())
    return {row["alias"]: row["unit"] for row in rows}


def _normalise(text: str) -> str:
    text = text.strip()
    for old, new in (("³", "**3"), ("²", "**2"), ("·", "*"), ("×", "*"), ("（", "("), ("）", ")")):
        text = text.replace(old, new)
    return text


_SAFE_EXPRESSION = re.compile(r"[A-Za-z0-9_ .*/()^-]{1,64}")
_POWER = re.compile(r"(\*\*|\^)")
_SMALL_EXPONENT = re.compile(r"\s*\(?\s*-?\s*[0-9]\s*\)?\s*(?!\s*(\*\*|\^|[0-9.]))")


def _check_expression(text: str, expression: str) -> None:
    """Refuse anything but a short unit expression before pint sees it (``10**10**10 kg`` would never finish)."""
    if not _SAFE_EXPRESSION.fullmatch(expression):
        raise UnitError(f"unknown unit {text!r}")
    powers = list(_POWER.finditer(expression))
    if len(powers) > 3 or any(not _SMALL_EXPONENT.match(expression, power.end()) for power in powers):
        raise UnitError(f"unit {text!r}: only small integer powers such as m**3 are accepted")


@functools.cache
def parse_unit(text: str) -> Any:
    """Parse a unit as people write it into a pint quantity (a scale times a unit, e.g. ``万元`` → 10000 CNY).

    Raises :class:`UnitError` for an empty, unknown or non-unit text (a plain number, an offset unit).
    """
    raw = text.strip()
    if not raw:
        raise UnitError("empty unit")
    aliases = load_unit_aliases()
    expression = aliases.get(raw) or aliases.get(raw.casefold()) or _normalise(raw)
    _check_expression(text, expression)
    try:
        quantity = ureg.parse_expression(expression)
    except Exception as error:  # pint's parser raises many types (AssertionError, SyntaxError, TypeError …)
        raise UnitError(f"unknown unit {text!r}") from error
    try:
        dimensionless = not isinstance(quantity, ureg.Quantity) or quantity.dimensionless
    except ArithmeticError as error:  # e.g. ``M²e2``: reducing to base units overflows
        raise UnitError(f"unit {text!r} has no finite scale") from error
    if dimensionless:
        raise UnitError(f"unknown unit {text!r}")
    magnitude = quantity.magnitude
    if not isinstance(magnitude, int | float) or not math.isfinite(magnitude) or magnitude <= 0:
        raise UnitError(f"unit {text!r} has no positive finite scale")
    if not quantity._is_multiplicative:
        raise UnitError(f"unit {text!r} has an offset and cannot measure an amount")
    return quantity


def display_unit(text: str) -> str:
    """A short printable form of a unit: Chinese text as written, otherwise ``t*km`` → ``t·km``, ``m3`` →
    ``m³``."""
    raw = text.strip()
    if not raw.isascii():
        return raw
    expression = load_unit_aliases().get(raw) or _normalise(raw)
    if "gross_" in expression:
        for name, short in _GROSS_NAMES.items():
            expression = expression.replace(name, short)
        return f"{expression} (gross)"
    if raw.casefold().endswith(("(net)", "(net cv)")):
        return f"{display_unit(raw[: raw.rfind('(')])} (net)"
    expression = expression.replace("normal_cubic_meter", "Nm³").replace("**3", "³").replace("**2", "²")
    return expression.replace(" * ", "·").replace("*", "·")


def is_currency(text: str) -> bool:
    """True when ``text`` is an amount of money (any of the currency dimensions)."""
    try:
        dims = parse_unit(text).dimensionality
    except UnitError:
        return False
    return any(str(key).startswith("[currency_") for key in dims)


def is_gas_volume(text: str) -> bool:
    """True when ``text`` is a volume of gas at reference conditions (``Nm³``, ``Sm³``, ``标方`` …), which
    cannot measure a liquid fuel."""
    raw = text.strip()
    if "".join(raw.split()).casefold() in _GAS_VOLUME_TEXTS or raw.startswith("万标"):
        return True
    try:
        return "normal_cubic_meter" in str(parse_unit(raw).units)
    except UnitError:
        return False


@dataclass(frozen=True)
class FuelProperties:
    """Physical properties of a fuel that bridge energy, mass and volume (net calorific values)."""

    fuel: str
    ncv: float | None = None
    ncv_unit: str = "TJ/Gg"
    density: float | None = None
    density_unit: str = "kg/L"
    volumetric_ncv: float | None = None
    volumetric_ncv_unit: str = "kWh/m**3"
    ncv_source: str = ""
    density_source: str = ""
    #: gross calorific value / net calorific value (1.108 for natural gas), bridging ``kWh (gross)``
    gross_to_net: float | None = None
    gross_source: str = ""

    @property
    def liquid(self) -> bool:
        """A fuel with a density per litre and no volumetric calorific value is a liquid."""
        return self.density is not None and self.volumetric_ncv is None


@dataclass(frozen=True)
class ExchangeRate:
    """Units of ``currency`` per US dollar in ``year`` (annual average), with its source."""

    currency: str
    year: int
    units_per_usd: float
    source: str = ""


@dataclass(frozen=True)
class PriceIndex:
    """A price index of ``currency`` (US CPI-U for USD) in ``year``, annual average, with its source."""

    currency: str
    year: int
    value: float
    index: str = ""
    source: str = ""


@dataclass(frozen=True)
class Conversion:
    """A conversion multiplier ``amount[from] × multiplier = amount[to]`` and the steps that make it up."""

    from_unit: str
    to_unit: str
    multiplier: float
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Bridge:
    ratio: Any
    text: str


def _bridges(fuel: FuelProperties | None, rate: ExchangeRate | None) -> list[_Bridge]:
    bridges: list[_Bridge] = []
    if fuel is not None:
        if fuel.volumetric_ncv is not None:
            ratio = fuel.volumetric_ncv * parse_unit(fuel.volumetric_ncv_unit)
            bridges.append(
                _Bridge(ratio, f"net calorific value {ratio:~P} ({fuel.density_source or fuel.ncv_source})")
            )
        if fuel.ncv is not None:
            ratio = fuel.ncv * parse_unit(fuel.ncv_unit)
            bridges.append(_Bridge(ratio, f"net calorific value {ratio:~P} ({fuel.ncv_source})"))
        if fuel.density is not None:
            ratio = fuel.density * parse_unit(fuel.density_unit)
            bridges.append(_Bridge(ratio, f"density {ratio:~P} ({fuel.density_source})"))
        if fuel.gross_to_net is not None:
            ratio = ureg.Quantity(1 / fuel.gross_to_net, "joule") / ureg.Quantity(1, "gross_joule")
            bridges.append(
                _Bridge(
                    ratio,
                    f"net/gross calorific value 1/{fuel.gross_to_net:g} ({fuel.gross_source})",
                )
            )
    if rate is not None and rate.currency != "USD":
        ratio = rate.units_per_usd * ureg.Quantity(1, rate.currency) / ureg.Quantity(1, "USD")
        bridges.append(
            _Bridge(
                ratio,
                f"exchange rate {rate.units_per_usd:g} {rate.currency}/USD ({rate.year}, {rate.source})",
            )
        )
    return bridges


@functools.cache
def convert(
    from_unit: str,
    to_unit: str,
    *,
    fuel: FuelProperties | None = None,
    rate: ExchangeRate | None = None,
) -> Conversion:
    """How to turn an amount in ``from_unit`` into ``to_unit``.

    Same dimension: the pint conversion. Otherwise one or two bridges from ``fuel`` (net calorific value,
    density, volumetric net calorific value) or ``rate`` (an exchange rate) are multiplied or divided in,
    fewest first. Raises :class:`UnitError` when no combination reaches the target dimension.
    """
    source = parse_unit(from_unit)
    target = parse_unit(to_unit)
    bridges = _bridges(fuel, rate)
    for count in range(3):
        for chosen in itertools.permutations(bridges, count):
            for signs in itertools.product((1, -1), repeat=count):
                quantity = source
                for bridge, sign in zip(chosen, signs, strict=True):
                    quantity = quantity * bridge.ratio if sign == 1 else quantity / bridge.ratio
                if quantity.dimensionality == target.dimensionality:
                    multiplier = float((quantity / target).to("dimensionless").magnitude)
                    steps = tuple(
                        f"{'×' if sign == 1 else '÷'} {bridge.text}"
                        for bridge, sign in zip(chosen, signs, strict=True)
                    )
                    return Conversion(from_unit, to_unit, multiplier, steps)
    raise UnitError(f"cannot convert {from_unit!r} to {to_unit!r}")
