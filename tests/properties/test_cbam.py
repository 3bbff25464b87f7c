"""Invariants of the CBAM calculation: linear in emissions, indifferent to how a purchase is split."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanlu.carbon.cbam.calculate import calculate
from tanlu.carbon.cbam.model import (
    EmissionSource,
    Installation,
    InstallationData,
    Origin,
    Precursor,
    PrecursorKind,
    Process,
)

_HERE = Origin("test.xlsx", "processes", 2)
positive = st.floats(min_value=0.01, max_value=1e4, allow_nan=False)
intensity = st.floats(min_value=0.0, max_value=20.0, allow_nan=False)


def _data(  # noqa: PLR0917 - one argument per quantity hypothesis draws
    rod: float, bolts: float, gas: float, power: float, bought: float, see: float, own: float
) -> InstallationData:
    return InstallationData(
        installation=Installation("Plant", "CN NGB", 29.9, 121.5, ("Iron or steel products",)),
        processes=(
            Process("WR", "Wire rod", "72139110", "Iron or steel products", rod, _HERE),
            Process("BOLT", "Bolts", "73181588", "Iron or steel products", bolts, _HERE),
        ),
        emissions=(
            EmissionSource("WR", "gas", gas, power, 0.5, "", _HERE),
            EmissionSource("BOLT", "furnace", gas / 3, power * 2, 0.6, "", _HERE),
        ),
        precursors=(
            Precursor(
                "WR",
                "72071116",
                PrecursorKind.PURCHASED,
                bought,
                _HERE,
                see_direct=see,
                see_indirect=see / 10,
            ),
            Precursor("BOLT", "72139110", PrecursorKind.OWN, min(own, rod), _HERE, from_process="WR"),
        ),
    )


@given(
    positive,
    positive,
    positive,
    positive,
    positive,
    intensity,
    positive,
    st.floats(min_value=0.1, max_value=50),
)
def test_scaling_every_emission_scales_see_linearly(  # noqa: PLR0917 - hypothesis passes the draws positionally
    rod: float, bolts: float, gas: float, power: float, bought: float, see: float, own: float, k: float
) -> None:
    base = _data(rod, bolts, gas, power, bought, see, own)
    scaled = dataclasses.replace(
        base,
        emissions=tuple(
            dataclasses.replace(
                e, direct_tco2e=e.direct_tco2e * k, electricity_factor=e.electricity_factor * k
            )
            for e in base.emissions
        ),
        precursors=tuple(
            dataclasses.replace(p, see_direct=p.see_direct * k, see_indirect=p.see_indirect * k)
            for p in base.precursors
        ),
    )
    for one, other in zip(calculate(base), calculate(scaled), strict=True):
        assert other.see_direct == pytest.approx(one.see_direct * k, rel=1e-9)
        assert other.see_indirect == pytest.approx(one.see_indirect * k, rel=1e-9)


@given(
    positive,
    positive,
    positive,
    positive,
    positive,
    intensity,
    positive,
    st.floats(min_value=0.01, max_value=0.99),
)
def test_splitting_a_purchase_in_two_changes_nothing(  # noqa: PLR0917 - hypothesis passes the draws positionally
    rod: float, bolts: float, gas: float, power: float, bought: float, see: float, own: float, part: float
) -> None:
    base = _data(rod, bolts, gas, power, bought, see, own)
    purchase, rest = base.precursors[0], base.precursors[1:]
    halves = (
        dataclasses.replace(purchase, quantity_t=purchase.quantity_t * part),
        dataclasses.replace(purchase, quantity_t=purchase.quantity_t * (1 - part)),
    )
    split = dataclasses.replace(base, precursors=(*halves, *rest))
    for one, other in zip(calculate(base), calculate(split), strict=True):
        assert other.see_direct == pytest.approx(one.see_direct, rel=1e-9)
        assert other.see_indirect == pytest.approx(one.see_indirect, rel=1e-9)
        assert other.default_share == pytest.approx(one.default_share, abs=1e-12)
