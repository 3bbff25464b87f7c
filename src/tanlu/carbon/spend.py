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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from tanlu.carbon.factors import FactorSet
from tanlu.carbon.resolution import Resolution
from tanlu.carbon.units import is_currency, parse_unit

__all__ = ["SpendAdjustment", "spend_adjustment", "spend_multiplier", "spend_table"]


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


def spend_adjustment(factors: FactorSet, resolution: Resolution, year: int) -> SpendAdjustment | None:
    """The adjustment of a spend combination for spend of ``year``; ``None`` when none applies (not spend,
    no price year, or spend of the price year itself).

    Raises :class:`ValueError` with the reason when the set lacks the year's exchange rate or price index.
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
        rates = []
        for currency in sorted({amount_currency, factor_currency} - {"USD"}):
            spend_rate, price_rate = (
                factors.exchange_rate(currency, year),
                factors.exchange_rate(currency, price_year),
            )
            if spend_rate is None or price_rate is None:
                missing = year if spend_rate is None else price_year
                raise ValueError(f"no exchange rate {currency}→USD for the spend year {missing}")
            rates.append((currency, spend_rate.units_per_usd, price_rate.units_per_usd, spend_rate.source))
        for currency, spend_rate_value, price_rate_value, source in rates:
            ratio = price_rate_value / spend_rate_value
            multiplier *= ratio if currency == amount_currency else 1 / ratio
            parts_en.append(f"converted at the {year} rate {spend_rate_value:g} {currency}/USD ({source})")
            parts_zh.append(f"按{year}年汇率{spend_rate_value:g} {currency}/USD换算（{source}）")
    spend_index, price_index = (
        factors.price_index(factor_currency, year),
        factors.price_index(factor_currency, price_year),
    )
    if spend_index is None and factors.price_index(factor_currency, price_year) is not None:
        raise ValueError(f"no price index for {factor_currency} in the spend year {year}")
    if spend_index is not None and price_index is not None:
        multiplier *= price_index.value / spend_index.value
        parts_en.append(
            f"deflated to {price_year} {factor_currency} with {price_index.index} "
            f"{price_index.value:g}/{spend_index.value:g} ({price_index.source})"
        )
        parts_zh.append(
            f"以{price_index.index} {price_index.value:g}/{spend_index.value:g}平减至{price_year}年{factor_currency}"
            f"（{price_index.source}）"
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
