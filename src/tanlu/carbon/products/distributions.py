"""Distributions of amounts and footprints for Monte Carlo: the columns that hold them and how they are drawn.

A row may carry ``uncertainty`` (a geometric standard deviation: lognormal around the value as median) or
``distribution`` with its parameters, in the row's own unit:

* ``lognormal``: ``gsd`` (≥ 1; the median is the value),
* ``normal``: ``sd`` (≥ 0; the mean is the value),
* ``uniform``: ``min`` ≤ ``max``,
* ``triangular``: ``min`` ≤ ``most_likely`` (default: the value) ≤ ``max``.

Draws are made with :class:`numpy.random.Generator` so that a seed reproduces them exactly.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from tanlu.carbon.products import columns as col

__all__ = ["DISTRIBUTION_COLUMNS", "check_distribution", "draw"]

DISTRIBUTION_COLUMNS = ("distribution", "gsd", "sd", "min", "max", "most_likely")
_WORDS = {
    "lognormal": "lognormal",
    "log-normal": "lognormal",
    "对数正态": "lognormal",
    "normal": "normal",
    "gaussian": "normal",
    "正态": "normal",
    "uniform": "uniform",
    "均匀": "uniform",
    "triangular": "triangular",
    "三角": "triangular",
}


def check_distribution(
    raw: pl.DataFrame, file: str, value_column: str, values: pl.Series
) -> tuple[list[pl.Series], list[pl.DataFrame]]:
    """The distribution columns of a sheet, typed, and their issues."""
    found: list[pl.DataFrame] = []
    distribution, issues = col.choice(raw, "distribution", _WORDS)
    found += issues
    shorthand, issues = col.number(
        raw, "uncertainty", file=file, minimum=1, below="a geometric standard deviation is at least 1"
    )
    found += issues
    gsd, issues = col.number(
        raw, "gsd", file=file, minimum=1, below="a geometric standard deviation is at least 1"
    )
    found += issues
    sd, issues = col.number(raw, "sd", file=file, minimum=0, below="a standard deviation cannot be negative")
    found += issues
    low, issues = col.number(raw, "min", file=file)
    found += issues
    high, issues = col.number(raw, "max", file=file)
    found += issues
    likely, issues = col.number(raw, "most_likely", file=file)
    found += issues
    gsd = gsd.fill_null(shorthand)
    distribution = (
        pl.select(
            pl.when(distribution != "")
            .then(distribution)
            .when(gsd.is_not_null())
            .then(pl.lit("lognormal"))
            .when(sd.is_not_null())
            .then(pl.lit("normal"))
            .otherwise(pl.lit(""))
        )
        .to_series()
        .alias("distribution")
    )
    likely = likely.fill_null(values).alias("most_likely")

    def need(kind: str, series: pl.Series, column: str) -> None:
        mask = (distribution == kind) & series.is_null()
        found.append(col.issues_where(raw, mask, column, f"a {kind} distribution needs {column}"))

    need("lognormal", gsd, "gsd")
    need("normal", sd, "sd")
    for kind in ("uniform", "triangular"):
        need(kind, low, "min")
        need(kind, high, "max")
    ranged = distribution.is_in(["uniform", "triangular"])
    found.append(
        col.issues_where(raw, ranged & (low > high).fill_null(value=False), "max", "max is below min")
    )
    triangular = distribution == "triangular"
    outside = ((likely < low) | (likely > high)).fill_null(value=False)
    found.append(
        col.issues_where(
            raw, triangular & outside, value_column, "the most likely value is outside min … max"
        )
    )
    return [
        distribution,
        gsd.alias("gsd"),
        sd.alias("sd"),
        low.alias("min"),
        high.alias("max"),
        likely,
    ], found


def draw(frame: pl.DataFrame, value_column: str, samples: int, rng: np.random.Generator) -> np.ndarray:
    """``samples`` draws of every row's value (rows × samples); rows without a distribution keep their value."""
    values = frame.get_column(value_column).fill_null(0.0).to_numpy().astype(float)
    out = np.repeat(values[:, None], samples, axis=1)
    kinds = frame.get_column("distribution").to_numpy()
    for kind in ("lognormal", "normal", "uniform", "triangular"):
        rows = np.flatnonzero(kinds == kind)
        if not rows.size:
            continue
        shape = (rows.size, samples)
        if kind == "lognormal":
            sigma = np.log(frame.get_column("gsd").to_numpy()[rows])[:, None]
            out[rows] = values[rows, None] * np.exp(rng.standard_normal(shape) * sigma)
        elif kind == "normal":
            out[rows] = (
                values[rows, None]
                + rng.standard_normal(shape) * frame.get_column("sd").to_numpy()[rows, None]
            )
        else:
            low = frame.get_column("min").to_numpy()[rows, None]
            high = frame.get_column("max").to_numpy()[rows, None]
            if kind == "uniform":
                out[rows] = low + rng.random(shape) * (high - low)
            else:
                likely = frame.get_column("most_likely").to_numpy()[rows, None]
                out[rows] = _triangular(rng.random(shape), low, likely, high)
    return out


def _triangular(u: np.ndarray, low: np.ndarray, likely: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Inverse CDF of the triangular distribution (works for degenerate ones where low == high)."""
    span = np.where(high > low, high - low, 1.0)
    cut = (likely - low) / span
    left = low + np.sqrt(u * span * (likely - low))
    right = high - np.sqrt((1 - u) * span * (high - likely))
    return np.where(high > low, np.where(u < cut, left, right), low)
