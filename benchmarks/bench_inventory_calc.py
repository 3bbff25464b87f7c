"""Benchmark: ``tanlu inventory calc`` on a synthetic activity file of N rows (CSV or XLSX), as a user runs it.

    .venv/bin/python benchmarks/bench_inventory_calc.py [--rows 10000000] [--format csv|xlsx] [--seed 1]
        [--quoted] [--keep PATH] [--file PATH]

Writes an activity file with Chinese headers (站点, 开始日期, 结束日期, 活动, 数量, 单位, 凭证, 备注) and the rows of
``bench_inventory.synthetic_rows`` (fuels, grid electricity with certificates, refrigerants, materials, freight,
CNY spend over 500 sites named 一厂 … in monthly and quarterly periods of 2023; amounts with up to 6 decimals;
no two rows alike; empty cells written as nothing, or with ``--quoted`` as ``""``),
then runs ``tanlu inventory calc FILE --no-rows --out result.json`` in a child process and reports its wall time,
CPU time and peak resident memory (that child's own ``ru_maxrss``, from ``os.wait4``; the file is written by
another process, so the child never starts with the generated rows' pages). Writing the file is not counted. The load average
(``/proc/loadavg``) before and after is printed: on a shared machine the wall time depends on it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import polars as pl
from bench_inventory import synthetic_rows

HEADERS = {
    "site": "站点",
    "period_start": "开始日期",
    "period_end": "结束日期",
    "activity": "活动",
    "amount": "数量",
    "unit": "单位",
    "instrument": "凭证",
    "note": "备注",
}


def activity_frame(rows: int, seed: int) -> pl.DataFrame:
    """The rows as text, as a plant's export writes them (site names in Chinese, dates ISO)."""
    keys = ["site", "period_start", "period_end", "activity", "unit", "instrument", "amount"]
    frame = synthetic_rows(rows + rows // 1000 + 10, seed).with_columns(pl.col("amount").round(6))
    frame = frame.unique(subset=keys, keep="first", maintain_order=True).head(rows)  # no duplicate rows
    frame = frame.with_columns(pl.int_range(2, frame.height + 2).alias("row"))
    return frame.select(
        pl.col("site").str.replace("site-", "一厂-"),
        pl.col("period_start").cast(pl.String),
        pl.col("period_end").cast(pl.String),
        "activity",
        "amount",
        "unit",
        pl.col("instrument").replace("", None),  # an empty cell, written as nothing (as Excel does)
        pl.col("note").replace("", None),
    ).rename(HEADERS)


def write_file(path: Path, rows: int, seed: int, file_format: str, *, quoted: bool = False) -> None:
    frame = activity_frame(rows, seed)
    if quoted:  # every empty cell as "" (what polars writes for an empty string)
        frame = frame.with_columns(pl.col("凭证", "备注").fill_null(""))
    if file_format == "csv":
        frame.write_csv(path, quote_style="necessary")
    else:
        frame.write_excel(path, autofit=False)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--format", dest="file_format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quoted", action="store_true", help='Write empty cells as "" (quoted).')
    parser.add_argument("--keep", type=Path, help="Write the activity file here and keep it.")
    parser.add_argument("--file", type=Path, help="Use this activity file instead of writing one.")
    arguments = parser.parse_args()
    print(
        f"python {platform.python_version()}, polars {pl.__version__}, cpus {os.cpu_count()}, "
        f"{platform.machine()}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        path = arguments.file or arguments.keep or Path(scratch) / f"activities.{arguments.file_format}"
        if arguments.file is None:
            clock = time.perf_counter()
            with ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn")
            ) as pool:  # own memory
                pool.submit(
                    write_file,
                    path,
                    arguments.rows,
                    arguments.seed,
                    arguments.file_format,
                    quoted=arguments.quoted,
                ).result()
            print(
                f"wrote {path} ({path.stat().st_size / 2**20:,.1f} MiB) in {time.perf_counter() - clock:.1f} s"
            )
        out = Path(scratch) / "result.json"
        tanlu = Path(sys.executable).with_name("tanlu")
        command = [str(tanlu), "inventory", "calc", str(path), "--no-rows", "--out", str(out)]
        print(f"load average before: {load_average()}")
        # the child's own rusage (os.wait4): RUSAGE_CHILDREN's peak would count a generator child, and a child
        # forked from this process starts with this process's pages (the generated rows) until it execs
        with (Path(scratch) / "stderr").open("w+") as errors:
            clock = time.perf_counter()
            child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)  # noqa: S603 (our tanlu)
            _pid, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - clock
            child.returncode = os.waitstatus_to_exitcode(status)
            errors.seek(0)
            stderr = errors.read()
        print(f"load average after: {load_average()}")
        if child.returncode:
            print(stderr, file=sys.stderr)
            raise SystemExit(child.returncode)
        cpu = usage.ru_utime + usage.ru_stime
        print(stderr.strip())
        print(f"wall {wall:.2f} s, CPU {cpu:.2f} s, peak RSS {usage.ru_maxrss / 2**20:,.2f} GiB")


if __name__ == "__main__":
    main()
