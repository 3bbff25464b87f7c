"""Spend in the money of its own year, brought to the money of a spend factor's price year.

A spend factor is per unit of money of its price year (USEEIO v1.2: kg CO2e per 2021 USD, purchaser price).
Spend of another year is first converted at that year's exchange rate (``data/exchange_rates.csv``, annual
averages), then deflated to the price year with the price index of the factor's currency
(``data/price_indexes.csv``, US CPI-U for USD)::

    money of price year P = amount × r_F(Y) / r_A(Y) × I_F(P) / I_F(Y)

where ``r_X`` is units of X per USD, ``A`` the amount's currency, ``F`` the factor's, ``Y`` the spend year (the
year the row's period starts) and ``I_F`` the price index. A factor currency without an index (CNY) is not
deflated, which the explanation says. The resolution of a combination already converts at the price year's
rate; :class:`SpendAdjustment` is the multiplier from that to the spend year's figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import polars as pl

from tanlu.carbon.factors import FactorSet
from tanlu.carbon.resolution import Resolution
from tanlu.carbon.units import is_currency, parse_unit

__all__ = ["NEAREST_YEARS", "SpendAdjustment", "spend_adjustment", "spend_multiplier", "spend_table"]

T = TypeVar("T")


@dataclass(frozen=True)
class SpendAdjustment:
    """The multiplier that brings a combination's emissions from the price year's rate to the spend year's
    rate and prices, and the sentence that says how (English, Chinese)."""

    year: int
    multiplier: float
    text_en: str
    text_zh: str


def _currency(unit: str) -> str:
    return str(parse_unit(unit).units)


#: how far from the spend year a bundled rate or index may be taken when that year's is not bundled yet
NEAREST_YEARS = 3


def _nearest(lookup: Callable[[str, int], T | None], currency: str, year: int) -> tuple[T, int] | None:
    """The record of ``year``, else of the nearest year (an earlier one first) within :data:`NEAREST_YEARS`."""
    for distance in range(NEAREST_YEARS + 1):
        for candidate in (year - distance, year + distance):
            found = lookup(currency, candidate)
            if found is not None:
                return found, candidate
    return None


def _year_note(year: int, used: int, lang: str) -> str:
    if used == year:
        return ""
    if lang == "en":
        return f" (nearest bundled year; none for {year})"
    return f"（内置最近年份；无{year}年数据）"


def spend_adjustment(factors: FactorSet, resolution: Resolution, year: int) -> SpendAdjustment | None:
    """The adjustment of a spend combination for spend of ``year``; ``None`` when none applies (not spend,
    no price year, or spend of the price year itself).

    A spend year whose rate or index is not bundled yet takes the nearest bundled year's (within
    :data:`NEAREST_YEARS`), and the sentence says so; beyond that it raises :class:`ValueError` with the reason.
    """
    factors_used = resolution.location.factors
    if not factors_used or not is_currency(resolution.unit) or not is_currency(factors_used[0].unit):
        return None
    price_year = next((f.year for f in factors_used if f.year is not None), None)
    if price_year is None or price_year == year:
        return None
    amount_currency, factor_currency = _currency(resolution.unit), _currency(factors_used[0].unit)
    multiplier = 1.0
    parts_en: list[str] = []
    parts_zh: list[str] = []
    if amount_currency != factor_currency:
        for currency in sorted({amount_currency, factor_currency} - {"USD"}):
            spend_rate = _nearest(factors.exchange_rate, currency, year)
            price_rate = factors.exchange_rate(currency, price_year)
            if spend_rate is None or price_rate is None:
                missing = year if spend_rate is None else price_year
                raise ValueError(f"no exchange rate {currency}→USD for the spend year {missing}")
            (rate, used) = spend_rate
            ratio = price_rate.units_per_usd / rate.units_per_usd
            multiplier *= ratio if currency == amount_currency else 1 / ratio
            parts_en.append(
                f"converted at the {used} rate {rate.units_per_usd:g} {currency}/USD"
                f"{_year_note(year, used, 'en')} ({rate.source})"
            )
            parts_zh.append(
                f"按{used}年汇率{rate.units_per_usd:g} {currency}/USD换算{_year_note(year, used, 'zh')}（{rate.source}）"
            )
    price_index = factors.price_index(factor_currency, price_year)
    nearest_index = _nearest(factors.price_index, factor_currency, year) if price_index is not None else None
    if price_index is not None and nearest_index is None:
        raise ValueError(f"no price index for {factor_currency} in the spend year {year}")
    if price_index is not None and nearest_index is not None:
        spend_index, used = nearest_index
        multiplier *= price_index.value / spend_index.value
        parts_en.append(
            f"deflated to {price_year} {factor_currency} with {price_index.index} "
            f"{price_index.value:g}/{spend_index.value:g}{_year_note(year, used, 'en')} ({price_index.source})"
        )
        parts_zh.append(
            f"以{price_index.index} {price_index.value:g}/{spend_index.value:g}平减至{price_year}年{factor_currency}"
            f"{_year_note(year, used, 'zh')}（{price_index.source}）"
        )
    else:
        parts_en.append(f"not deflated (no price index for {factor_currency})")
        parts_zh.append(f"未平减（无{factor_currency}价格指数）")
    return SpendAdjustment(
        year,
        multiplier,
        f"spend of {year} " + ", ".join(parts_en) + f" (× {multiplier:.4g})",
        f"{year}年支出" + "，".join(parts_zh) + f"（× {multiplier:.4g}）",
    )


def spend_table(
    frame: pl.DataFrame, factors: FactorSet, resolutions: Sequence[Resolution], failures: dict[int, str]
) -> dict[tuple[int, int], SpendAdjustment]:
    """The adjustment of every (spend combination, spend year) among the validated rows ``frame``; a missing
    rate or index is added to ``failures`` (combination → reason)."""
    by_combo = {
        r.combo: r
        for r in resolutions
        if is_currency(r.unit) and any(f.year is not None for f in r.location.factors)
    }
    if not by_combo:
        return {}
    years = (
        frame.filter(pl.col("combo").is_in(list(by_combo)))
        .select("combo", pl.col("period_start").dt.year().alias("year"))
        .unique()
        .sort("combo", "year")
    )
    table: dict[tuple[int, int], SpendAdjustment] = {}
    for combo, year in years.iter_rows():
        resolution = by_combo[combo]
        try:
            adjustment = spend_adjustment(factors, resolution, year)
        except ValueError as error:
            failures[combo] = f"{error} (activity {resolution.activity})"
            continue
        if adjustment is not None:
            table[(combo, year)] = adjustment
    return table


def spend_multiplier(spend: Mapping[tuple[int, int], SpendAdjustment]) -> pl.Expr:
    """Each row's spend multiplier by its combination and the year its period starts (1 for the others)."""
    key = pl.col("combo").cast(pl.Int64) * 10_000 + pl.col("period_start").dt.year().cast(pl.Int64)
    table = {combo * 10_000 + year: adjustment.multiplier for (combo, year), adjustment in spend.items()}
    return key.replace_strict(table, default=1.0, return_dtype=pl.Float64)
