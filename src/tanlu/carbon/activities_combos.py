"""Checks against the factor set: each distinct combination of activity, unit and instrument is checked once
(an unknown activity, a unit that does not convert, an instrument that does not apply), whatever the number of
rows that share it.
"""

from __future__ import annotations

import difflib

import polars as pl

from tanlu.carbon.activities_table import _ISSUE_SCHEMA, _categories
from tanlu.carbon.factors import ActivityInfo, FactorSet
from tanlu.carbon.units import Conversion, convert, is_currency, is_gas_volume, parse_unit
from tanlu.errors import InputError, UnitError

_CERTIFICATE_WORDS = frozenset(("certificate", "eac", "rec", "gec", "go", "证书", "绿证", "绿色电力证书"))


def activity_conversion(factors: FactorSet, activity: str, unit: str, factor_unit: str) -> Conversion:
    """How an amount of ``activity`` in ``unit`` becomes an amount in ``factor_unit`` (fuel and currency
    bridges).

    A factor per CNY applied to CNY needs no price year; only a conversion between currencies does (at the
    price year's rate here; the spend year's rate and deflation are applied by :mod:`tanlu.carbon.spend`).
    A volume of gas (``Nm³``, ``Sm³``) is refused for a liquid fuel rather than scaled as if it were litres.
    """
    info = factors.activity(activity)
    fuel = factors.fuel(info.fuel)
    if fuel is not None and fuel.liquid and is_gas_volume(unit):
        raise UnitError(f"{unit!r} is a volume of gas and {info.fuel} is a liquid; give litres, m³ or kg")
    rate = None
    if is_currency(factor_unit) and is_currency(unit):
        currency = str(parse_unit(unit).units)
        factor_currency = str(parse_unit(factor_unit).units)
        if currency != factor_currency:
            year = next((f.year for f in factors.factors_for(activity) if f.year is not None), None)
            if year is None:
                raise UnitError(
                    f"the factor is per {factor_currency} and the amount in {currency}: "
                    "give the factor's price year (column year) to convert between them"
                )
            other = currency if currency != "USD" else factor_currency
            rate = factors.exchange_rate(other, year)
            if rate is None:
                raise UnitError(f"no exchange rate {other}→USD for the factor's price year {year}")
    return convert(unit, factor_unit, fuel=fuel, rate=rate)


def _instrument(text: str) -> tuple[str, str]:
    """(kind, supplier key) of an instrument cell: ``("", "")``, ``("certificate", "")``, ``("supplier",
    key)``."""
    lowered = text.casefold()
    if not lowered:
        return "", ""
    if lowered in _CERTIFICATE_WORDS:
        return "certificate", ""
    for prefix in ("supplier:", "supplier：", "供应商:", "供应商："):
        if lowered.startswith(prefix):
            return "supplier", text[len(prefix) :].strip()
    return "invalid", ""


def _unit_problem(factors: FactorSet, activity: str, unit: str) -> str:
    if not unit:
        return "a unit is required"
    info = factors.activity(activity)
    try:
        for method in sorted(info.methods):
            for_method = factors.factors_for(activity, method)
            if for_method:
                activity_conversion(factors, activity, unit, for_method[0].unit)
    except UnitError as error:
        text = str(error)
        return (
            f"{text} (activity {activity} is measured in {info.unit})" if "cannot convert" in text else text
        )
    return ""


def _use_problems(factors: FactorSet, activity: str, known: dict[str, ActivityInfo]) -> list[tuple[str, str]]:
    """A fuel's key with the row's use (``diesel_desnz_2025@stationary``): added to ``known`` when it can
    be, else the reason why not."""
    if "@" not in activity or activity.partition("@")[0].strip() not in known:
        return []
    try:
        known[activity] = factors.activity(activity)
    except InputError as error:
        return [("activity", error.issue.reason)]
    return []


def _combo_problems(
    factors: FactorSet, activity: str, unit: str, kind: str, supplier: str
) -> list[tuple[str, str]]:
    """Every (column, reason) wrong with one distinct combination of activity, unit and instrument."""
    known = dict(factors.activities())
    problems = _use_problems(factors, activity, known)
    if problems:
        pass
    elif not activity:
        problems.append(("activity", "an activity key is required"))
    elif activity not in known:
        close = difflib.get_close_matches(activity, list(known), n=1)
        problems.append(
            ("activity", f"unknown activity; did you mean {close[0]!r}?" if close else "unknown activity")
        )
    elif known[activity].scope == 2 and not factors.factors_for(activity, "location"):
        problems.append(
            (
                "activity",
                "has no location-based factor; write the grid as activity and this key as supplier:<key>",
            )
        )
    elif reason := _unit_problem(factors, activity, unit):
        problems.append(("unit", reason))
    if kind == "invalid":
        problems.append(
            ("instrument", "unknown instrument (expected empty, certificate or supplier:<activity key>)")
        )
    elif kind == "certificate" and activity in known and known[activity].scope != 2:
        problems.append(
            ("instrument", "a certificate applies to purchased electricity or heat (Scope 2) only")
        )
    elif kind == "supplier":
        if supplier not in known:
            problems.append(("instrument", f"unknown supplier factor {supplier!r} (add it in a factor file)"))
        elif activity in known and known[supplier].scope != known[activity].scope:
            problems.append(
                (
                    "instrument",
                    (
                        f"supplier factor {supplier} is for Scope {known[supplier].scope}, "
                        f"activity {activity} is in Scope {known[activity].scope}"
                    ),
                )
            )
        elif unit and (reason := _unit_problem(factors, supplier, unit)):
            problems.append(("instrument", f"{reason} (supplier factor)"))
    return problems


def _combinations(base: pl.DataFrame, factors: FactorSet) -> tuple[pl.Series, pl.DataFrame, pl.DataFrame]:
    """Per-row combination ids, the combination table and the issues of bad combinations (per row)."""
    codes = [
        base.get_column(name).to_physical().cast(pl.UInt64) for name in ("activity", "unit", "instrument")
    ]
    categories = [_categories(base.get_column(name)) for name in ("activity", "unit", "instrument")]
    sizes = [len(values) for values in categories]
    key = (codes[0] * (sizes[1] * sizes[2]) + codes[1] * sizes[2] + codes[2]).alias("key")
    ordered = key.sort()  # distinct keys by sorting: a hash table of every row would cost more memory
    keys = ordered.filter((ordered != ordered.shift(1)).fill_null(value=True))
    del ordered
    combo = keys.search_sorted(key).cast(pl.UInt32).alias("combo")
    records: list[dict[str, object]] = []
    problems: list[dict[str, object]] = []
    for index, value in enumerate(keys.to_list()):
        activity = categories[0][value // (sizes[1] * sizes[2])]
        unit = categories[1][(value // sizes[2]) % sizes[1]]
        text = categories[2][value % sizes[2]]
        kind, supplier = _instrument(text)
        records.append(
            {
                "combo": index,
                "activity": activity,
                "unit": unit,
                "instrument_text": text,
                "instrument": kind,
                "supplier": supplier,
            }
        )
        for column, reason in _combo_problems(factors, activity, unit, kind, supplier):
            problems.append({"combo": index, "column": column, "reason": reason})
    combos = pl.DataFrame(records, schema_overrides={"combo": pl.UInt32})
    if not problems:
        return combo, combos, pl.DataFrame(schema=_ISSUE_SCHEMA)
    bad = pl.DataFrame(problems, schema_overrides={"combo": pl.UInt32})
    rows = (
        base.select("row", "activity", "unit", "instrument")
        .with_columns(combo)
        .filter(pl.col("combo").is_in(bad.get_column("combo").implode()))
    )
    issues = rows.join(bad, on="combo").select(
        pl.col("row").cast(pl.Int64),
        "column",
        pl.when(pl.col("column") == "activity")
        .then(pl.col("activity").cast(pl.String))
        .when(pl.col("column") == "unit")
        .then(pl.col("unit").cast(pl.String))
        .otherwise(pl.col("instrument").cast(pl.String))
        .alias("value"),
        "reason",
    )
    return combo, combos, issues
