"""Checks of the ``activities`` (per declared unit of a product) and ``site_activities`` (site totals) sheets.

Activities resolve against the factor library exactly as the inventory's rows do (activity key, unit
convertible to the factor's, instrument ``certificate`` or ``supplier:<key>`` for market-based electricity),
so the same reasons come back. A transport leg may give ``distance_km`` and ``mass_kg`` instead of an amount:
the amount is then ``mass_kg / 1000 × distance_km`` t·km of the freight activity.

Defaults, written into the typed frame so every later step reads one value: ``stage`` from the activity's
category (combustion and purchased energy → energy, freight and mobile combustion of a product → transport,
purchased goods → materials, the rest → process); ``primary_data_share`` 100 for own operations (Scope 1
and 2 activities: measured activity data of the reporting company) and 0 for Scope 3 activities (their
factors are secondary data for someone else's process); DQR ratings empty (rated as 3, "poor", unless given).
"""

from __future__ import annotations

import polars as pl

from tanlu.carbon.activities import _combo_problems, _instrument
from tanlu.carbon.factors import FactorSet
from tanlu.carbon.products import columns as col
from tanlu.carbon.products.distributions import check_distribution
from tanlu.carbon.products.sheets import STAGE_WORDS

__all__ = ["check_activity_rows", "default_stage"]

_DQR = ("dqr_technological", "dqr_geographical", "dqr_temporal")


def default_stage(category: str, *, per_product: bool) -> str:
    """The stage an activity of ``category`` belongs to when the row does not say."""
    if category in ("stationary_combustion", "purchased_electricity", "purchased_heat", "3.3"):
        return "energy"
    if category == "3.4" or (category == "mobile_combustion" and per_product):
        return "transport"
    if category == "mobile_combustion":
        return "energy"
    if category == "3.1":
        return "materials"
    return "process"


def _combinations(
    frame: pl.DataFrame, factors: FactorSet
) -> tuple[dict[str, str], dict[str, int], list[pl.DataFrame]]:
    """Category and scope of every known activity, and the issues of bad (activity, unit, instrument)."""
    found: list[pl.DataFrame] = []
    combos = frame.select("activity", "unit", "instrument").unique()
    problems: list[dict[str, str]] = []
    known_activities = factors.activities()
    categories: dict[str, str] = {}
    scopes: dict[str, int] = {}
    for key, unit_text, instrument_text in combos.iter_rows():
        kind, supplier = _instrument(instrument_text)
        for column, reason in _combo_problems(factors, key, unit_text, kind, supplier):
            problems.append(
                {
                    "activity": key,
                    "unit": unit_text,
                    "instrument": instrument_text,
                    "column": column,
                    "reason": reason,
                }
            )
        if key in known_activities:
            categories[key] = known_activities[key].category
            scopes[key] = known_activities[key].scope
    if problems:
        bad = frame.join(pl.DataFrame(problems), on=["activity", "unit", "instrument"], maintain_order="left")
        for column in ("activity", "unit", "instrument"):
            picked = bad.filter(pl.col("column") == column)
            found.append(
                pl.DataFrame(
                    {
                        "row": picked.get_column("row"),
                        "column": column,
                        "value": picked.get_column(column),
                        "reason": picked.get_column("reason"),
                    },
                    schema=col.ISSUE_SCHEMA,
                )
            )
    return categories, scopes, found


def check_activity_rows(
    raw: pl.DataFrame,
    sheet: str,
    file: str,
    factors: FactorSet,
    collector: col.Collector,
    *,
    known: pl.Series,
    known_found: pl.Series | None = None,
) -> pl.DataFrame:
    """The typed frame of an activity sheet (issues go to ``collector``; ``known_found`` says which rows' owner
    is in ``known`` when the caller has looked them up)."""
    owner = "product_id" if sheet == "activities" else "site"
    found = col.reference(
        raw, owner, known, "product" if owner == "product_id" else "site", matched=known_found
    )
    amount, issues = col.number(raw, "amount", file=file, minimum=0, below="negative amount")
    found += issues
    unit = col.text(raw, "unit")
    if sheet == "activities":
        distance, issues = col.number(
            raw, "distance_km", file=file, minimum=0, below="a distance cannot be negative"
        )
        found += issues
        mass, issues = col.number(raw, "mass_kg", file=file, minimum=0, below="a mass cannot be negative")
        found += issues
        leg = amount.is_null() & distance.is_not_null() & mass.is_not_null()
        amount = amount.zip_with(~leg, mass / 1000 * distance)
        unit = unit.zip_with(~(leg & (unit == "")), pl.Series(["t*km"] * raw.height, dtype=pl.String))
    empty = amount.is_null() & (col.text(raw, "amount") == "")
    found.append(col.issues_where(raw, empty, "amount", "a number is required but the cell is empty"))
    activity = col.text(raw, "activity")
    instrument = col.text(raw, "instrument")
    frame = pl.DataFrame(
        [
            raw.get_column("row"),
            col.text(raw, owner),
            activity,
            amount.fill_null(0.0).alias("amount"),
            unit.alias("unit"),
            instrument,
        ]
    )
    categories, scopes, combo_issues = _combinations(frame, factors)
    found += combo_issues
    stage, issues = col.choice(raw, "stage", STAGE_WORDS)
    found += issues
    category = activity.replace_strict(categories, default="", return_dtype=pl.String)
    defaults = {
        key: default_stage(value, per_product=sheet == "activities") for key, value in categories.items()
    }
    stage = stage.zip_with(
        stage != "", activity.replace_strict(defaults, default="process", return_dtype=pl.String)
    )
    share, issues = col.number(raw, "primary_data_share", file=file, minimum=0, maximum=100)
    found += issues
    scope = activity.replace_strict(scopes, default=3, return_dtype=pl.Int64)
    share = share.fill_null(pl.select(pl.when(scope < 3).then(100.0).otherwise(0.0)).to_series())
    dqr: list[pl.Series] = []
    for name in _DQR:
        values, issues = col.number(raw, name, file=file, minimum=1, maximum=3)
        found += issues
        dqr.append(values)
    exempt, issues = col.flag(raw, "exempt")
    found += issues
    uncertainty, issues = check_distribution(raw, file, "amount", amount)
    found += issues
    collector.add(sheet, found)
    return frame.with_columns(
        stage.alias("stage"),
        category.alias("category"),
        share.alias("primary_data_share"),
        *dqr,
        exempt,
        *uncertainty,
    )
