"""Benchmark: peak memory and time of one inventory import (upload, read, map, check, accept) of a CSV file.

    .venv/bin/python benchmarks/bench_import_memory.py [--rows 200000] [--seed 1] [--keep-csv PATH] [--stored]

Writes a synthetic activity CSV (``bench_inventory.synthetic_rows``: ~65 bytes a row, so 200,000 rows are
~13 MB), sets up a throw-away data directory with an embedded SQLite database, and imports the file through
:func:`tanlu.web.inventory.importing_accept.import_file` — the code the API, the CLI and the import jobs run. Prints
the resident memory before the import, the process's peak during it (the high-water mark is reset just before the import, so the peak of migrating and
loading the factor library does not count), the peak's growth as a multiple of the file size (the target is under
10×), and the time of each step. One file per run; with ``--stored``, a file of the same rows with other amounts
is imported first (not measured), so the measured import is checked against as many stored rows of its period
(an organization's second import of a year).
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import polars as pl
from bench_inventory import synthetic_rows


def rss_mib() -> float:
    with Path("/proc/self/statm").open() as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mib() -> float:
    """The process's peak resident memory since :func:`reset_peak` (Linux's VmHWM)."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


def reset_peak() -> None:
    """Forget the peak so far: migrating the database and loading the factor library peak higher than a small
    import, and ``ru_maxrss`` would report their peak as the import's (Linux: ``clear_refs`` 5)."""
    Path("/proc/self/clear_refs").write_text("5")


def write_csv(path: Path, rows: int, seed: int, offset: int = 0) -> None:
    """The synthetic rows as CSV; each amount gets the row's index as its decimals, so no two rows are duplicates
    and every amount has at most 13 significant digits (the decimal grammar allows 15). ``offset`` is added to
    every amount's whole part: the same rows with other amounts."""
    frame = synthetic_rows(rows, seed).drop("row")
    amounts = [f"{int(value) + offset}.{index:06d}" for index, value in enumerate(frame.get_column("amount"))]
    frame.with_columns(pl.Series("amount", amounts)).write_csv(path)


def set_up(arguments: argparse.Namespace, data_dir: Path) -> tuple[Any, Any]:
    """Django on a fresh embedded database, an organization and its owner, the factor library loaded; with
    ``--stored``, the same rows with other amounts imported (not measured)."""
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    from tanlu.web.accounts.models import Membership, Organization, Role, User  # noqa: PLC0415
    from tanlu.web.inventory import importing, importing_accept  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench", "bench@example.com", secrets.token_urlsafe(16))
    organization = Organization.objects.create(name="Bench Supplier")
    membership = Membership.objects.create(user=user, organization=organization, role=Role.OWNER)
    importing.organization_factors(organization)  # the factor library loads once per process, not per import
    if arguments.stored:
        earlier = data_dir / "earlier.csv"
        write_csv(earlier, arguments.rows, arguments.seed, offset=1)
        importing_accept.import_file(
            membership, source="bench", filename=earlier.name, content=earlier.read_bytes()
        )
        earlier.unlink()
    return importing_accept, membership


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep-csv", type=Path, help="Write the CSV here (default: the throw-away directory)."
    )
    parser.add_argument(
        "--stored", action="store_true", help="Import the same rows with other amounts first (not measured)."
    )
    arguments = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="tanlu-bench-import-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "tanlu.web.settings",
            "TANLU_DATA_DIR": str(data_dir),
            "TANLU_DEBUG": "false",
            "TANLU_SECRET_KEY": secrets.token_urlsafe(50),
            "TANLU_ALLOWED_HOSTS": "127.0.0.1",
            "TANLU_TASKS": "immediate",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    csv_path = arguments.keep_csv or data_dir / "activities.csv"
    write_csv(csv_path, arguments.rows, arguments.seed)
    size_mib = csv_path.stat().st_size / 2**20

    importing_accept, membership = set_up(arguments, data_dir)

    steps: list[tuple[str, float, float]] = []
    clock = [time.perf_counter(), ""]
    gaps: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(done: int, total: int, message: str = "") -> None:
        now = time.perf_counter()
        if message and message == clock[1]:  # between two reports of one step: a chunk's time
            gaps[message] = max(gaps.get(message, 0.0), now - last[0])
        last[0] = now
        if message and message != clock[1]:
            if clock[1]:
                steps.append((str(clock[1]), now - float(clock[0]), peak_rss_mib()))
            clock[0], clock[1] = now, message

    content = csv_path.read_bytes()
    before = rss_mib()
    reset_peak()
    started, cpu_started = time.perf_counter(), time.process_time()
    batch, _repeated = importing_accept.import_file(
        membership, source="bench", filename=csv_path.name, content=content, progress=progress
    )
    elapsed = time.perf_counter() - started
    steps.append((str(clock[1]), time.perf_counter() - float(clock[0]), peak_rss_mib()))
    peak = peak_rss_mib()
    print(f"python {platform.python_version()}, sqlite, {os.cpu_count()} cpus; data in {data_dir}")
    print(f"file: {arguments.rows:,} rows, {size_mib:.1f} MiB; imported {batch.row_count:,} rows")
    if arguments.stored:
        print(f"checked against {arguments.rows:,} stored rows of the same period")
    for message, seconds, peak_so_far in steps:
        print(f"  {message}: {seconds:.2f} s, peak so far {peak_so_far:,.0f} MiB")
    storing = next((m for m in gaps if m.startswith("Storing")), "")
    print(
        f"longest gap between two chunks while storing (write lock held at most this long): {gaps.get(storing, 0):.3f} s"
    )
    print(
        f"import: {elapsed:.1f} s (CPU {time.process_time() - cpu_started:.1f} s; the machine may be shared)"
    )
    print(f"RSS before the import: {before:,.0f} MiB; peak: {peak:,.0f} MiB")
    print(f"peak growth: {peak - before:,.0f} MiB = {(peak - before) / size_mib:.1f} × the file size")


if __name__ == "__main__":
    main()
