"""Benchmark: validate and calculate a corporate inventory of N synthetic activity rows (default 10 million).

    .venv/bin/python benchmarks/bench_inventory.py [--rows 10000000] [--seed 1]

Prints the time of each stage (generation is not counted in the total) and the peak resident memory of the
process. The rows mix fuels, grid electricity with certificates and residual mixes, refrigerants, materials,
freight and CNY spend over 500 sites, monthly and quarterly periods of 2023.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import time

import numpy as np
import polars as pl

from tanlu.carbon.activities import validate_activities
from tanlu.carbon.factors import load_bundled
from tanlu.carbon.inventory import calculate_inventory

ACTIVITIES = [
    ("natural_gas", "m3", 10_000.0),
    ("natural_gas", "GJ", 500.0),
    ("diesel", "L", 2_000.0),
    ("diesel_road", "t", 5.0),
    ("lpg", "kg", 800.0),
    ("bituminous_coal", "t", 50.0),
    ("electricity_cn_east_2023", "kWh", 200_000.0),
    ("electricity_cn_national_2023", "MWh", 300.0),
    ("electricity_cn_south_2023", "千瓦时", 150_000.0),
    ("electricity_us_camx_2022", "kWh", 90_000.0),
    ("heat_steam_uk_2025", "kWh", 10_000.0),
    ("refrigerant_r410a", "kg", 3.0),
    ("refrigerant_hfc134a", "kg", 2.0),
    ("steel_crude", "t", 40.0),
    ("aluminium_primary", "t", 4.0),
    ("plastics_pp", "kg", 9_000.0),
    ("freight_hgv_average", "tkm", 60_000.0),
    ("freight_container_ship", "t*km", 900_000.0),
    ("spend_naics_336390", "CNY", 500_000.0),
    ("spend_naics_331110", "万元", 30.0),
]


def synthetic_rows(count: int, seed: int) -> pl.DataFrame:
    """``count`` typed activity rows (amounts uniform in [0, 2 × typical))."""
    rng = np.random.default_rng(seed)
    kind = rng.integers(0, len(ACTIVITIES), count, dtype=np.int32)
    scale = np.array([typical for _, _, typical in ACTIVITIES])[kind]
    month = rng.integers(1, 13, count, dtype=np.int32)
    quarterly = rng.random(count) < 0.1
    month_start = pl.date_range(dt.date(2023, 1, 1), dt.date(2023, 12, 1), "1mo", eager=True)
    month_end = month_start.dt.month_end()
    is_electricity = np.isin(kind, [6, 7, 8])
    instrument = np.where(is_electricity & (rng.random(count) < 0.05), "certificate", "")
    frame = pl.DataFrame(
        {
            "row": np.arange(2, count + 2, dtype=np.int64),
            "site_index": rng.integers(0, 500, count, dtype=np.int32),
            "month_index": month - 1,
            "quarterly": quarterly,
            "kind": kind,
            "amount": rng.random(count) * 2 * scale,
            "instrument": instrument,
        }
    )
    activity_keys = [key for key, _, _ in ACTIVITIES]
    units = [unit for _, unit, _ in ACTIVITIES]
    return frame.select(
        "row",
        pl.format("site-{}", pl.col("site_index")).alias("site"),
        pl.col("month_index")
        .replace_strict(list(range(12)), month_start.to_list(), return_dtype=pl.Date)
        .alias("period_start"),
        pl.when(pl.col("quarterly") & (pl.col("month_index") < 10))
        .then(pl.col("month_index") + 2)
        .otherwise(pl.col("month_index"))
        .replace_strict(list(range(12)), month_end.to_list(), return_dtype=pl.Date)
        .alias("period_end"),
        pl.col("kind")
        .replace_strict(list(range(len(ACTIVITIES))), activity_keys, return_dtype=pl.String)
        .alias("activity"),
        "amount",
        pl.col("kind")
        .replace_strict(list(range(len(ACTIVITIES))), units, return_dtype=pl.String)
        .alias("unit"),
        "instrument",
        pl.lit("").alias("note"),
    )


def peak_rss_mib() -> float:
    """Peak resident set size of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    print(
        f"python {platform.python_version()}, polars {pl.__version__}, numpy {np.__version__}, "
        f"cpus {os.cpu_count()}, polars threads {pl.thread_pool_size()}"
    )
    started = time.perf_counter()
    frame = synthetic_rows(arguments.rows, arguments.seed)
    print(f"generate {frame.height:,} rows: {time.perf_counter() - started:.2f} s (not counted)")
    factors = load_bundled()
    timings: list[tuple[str, float]] = []
    clock = time.perf_counter()
    activities = validate_activities(frame, factors, file="synthetic")
    timings.append(("validate", time.perf_counter() - clock))
    del frame
    clock = time.perf_counter()
    inventory = calculate_inventory(activities, factors, "AR6")
    timings.append(("calculate (incl. fingerprint)", time.perf_counter() - clock))
    clock = time.perf_counter()
    totals = inventory.totals()
    by_site_month = inventory.by("site", "month")
    by_year = inventory.by("year")
    timings.append(("totals, by site × month, by year", time.perf_counter() - clock))
    for name, seconds in timings:
        print(f"{name}: {seconds:.2f} s")
    print(f"total (validate → full inventory): {sum(seconds for _, seconds in timings):.2f} s")
    print(f"peak RSS: {peak_rss_mib():,.0f} MiB")
    print(
        f"scope1 {totals.scope1:,.1f} t, scope2 location {totals.scope2_location:,.1f} t, market "
        f"{totals.scope2_market:,.1f} t, scope3 {totals.scope3:,.1f} t; {by_site_month.height} site-months, "
        f"{by_year.height} year(s); factor set {inventory.factor_set_version}; "
        f"inputs {inventory.inputs_fingerprint[:16]}"
    )


if __name__ == "__main__":
    main()
