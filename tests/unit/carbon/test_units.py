"""Units as people write them, on one pint registry (tanlu.carbon.units)."""

from __future__ import annotations

import pytest

from tanlu.carbon.units import ExchangeRate, FuelProperties, convert, display_unit, is_currency, parse_unit
from tanlu.errors import UnitError


@pytest.mark.parametrize(
    ("written", "canonical", "factor"),
    [
        ("kWh", "kWh", 1),
        ("MWh", "kWh", 1000),
        ("GWh", "kWh", 1e6),
        ("千瓦时", "kWh", 1),
        ("度", "kWh", 1),
        ("兆瓦时", "kWh", 1000),
        ("万千瓦时", "kWh", 1e4),
        ("GJ", "MJ", 1000),
        ("m3", "m**3", 1),
        ("m³", "m**3", 1),
        ("立方米", "m**3", 1),
        ("L", "m**3", 0.001),
        ("升", "L", 1),
        ("t", "kg", 1000),
        ("吨", "kg", 1000),
        ("公斤", "kg", 1),
        ("t*km", "t*km", 1),
        ("tkm", "t*km", 1),
        ("t·km", "t*km", 1),
        ("吨公里", "t*km", 1),
        ("元", "CNY", 1),
        ("万元", "CNY", 1e4),
        ("RMB", "CNY", 1),
        ("$", "USD", 1),
    ],
)
def test_units_people_write(written: str, canonical: str, factor: float) -> None:
    assert convert(written, canonical).multiplier == pytest.approx(factor, rel=1e-12)


def test_normal_cubic_metre_is_gas_at_zero_celsius() -> None:
    # 1 Nm³ (0 °C) holds the gas of 288.15/273.15 m³ at the standard 15 °C, at the same pressure
    assert convert("Nm3", "m3").multiplier == pytest.approx(288.15 / 273.15)
    assert convert("标准立方米", "Nm3").multiplier == 1


def test_currencies_never_convert_without_a_rate() -> None:
    assert is_currency("元")
    assert not is_currency("kWh")
    with pytest.raises(UnitError, match="cannot convert"):
        convert("CNY", "USD")
    rate = ExchangeRate("CNY", 2021, 6.4515, "NBS")
    conversion = convert("万元", "USD", rate=rate)
    assert conversion.multiplier == pytest.approx(10_000 / 6.4515)
    assert "6.4515 CNY/USD" in conversion.steps[0]


def test_fuel_bridges_energy_mass_and_volume() -> None:
    """IPCC 2006 NCV of gas/diesel oil 43.0 TJ/Gg; 1 t = 1e-3 Gg → 0.043 TJ; 1,000 L × 0.8325 kg/L = 0.8325 t."""
    diesel = FuelProperties("diesel", ncv=43.0, density=0.8325)
    assert convert("t", "TJ", fuel=diesel).multiplier == pytest.approx(0.043)
    assert convert("L", "TJ", fuel=diesel).multiplier == pytest.approx(0.8325e-3 * 0.043)
    assert convert("TJ", "kg", fuel=diesel).multiplier == pytest.approx(1e6 / 43.0)
    gas = FuelProperties("natural_gas", ncv=48.0, volumetric_ncv=10.0)
    # the volumetric NCV is preferred to a detour through density
    assert convert("m3", "kWh", fuel=gas).multiplier == pytest.approx(10.0)
    with pytest.raises(UnitError):
        convert("kWh", "kg")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "foo",
        "3",
        "kWh/",
        "degC",
        "__import__('os')",
        "1e400 kg",
        "10**10**10 kg",
        "kg**99999999",
        "m**3**2",
        "公顷亩",
        "k" * 80,
    ],
)
def test_bad_units_are_refused(text: str) -> None:
    with pytest.raises(UnitError):
        parse_unit(text)


def test_display_unit() -> None:
    assert display_unit("m3") == "m³"
    assert display_unit("tkm") == "t·km"
    assert display_unit("万元") == "万元"


@pytest.mark.parametrize("text", ["M²e2", "J²e2"])
def test_units_whose_scale_overflows_are_refused(text: str) -> None:
    """Regression (found by the property test): reducing these to base units overflowed with an OverflowError."""
    with pytest.raises(UnitError):
        parse_unit(text)
