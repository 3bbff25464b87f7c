"""Benchmark: a CSV file of N rows through the web import, step by step as its background jobs run them.

    .venv/bin/python benchmarks/bench_web_import.py [--rows 1000000] [--format csv|xlsx] [--seed 1] [--keep PATH]
        [--file PATH]

Writes the activity file of ``bench_inventory_calc`` (Chinese headers, 500 sites 一厂-N, ISO dates, no two rows
alike; the same file ``tanlu inventory calc`` is measured on; CSV, or with ``--format xlsx`` a workbook), sets up a throw-away data directory with an embedded
SQLite database, and runs each step of the web import in a child process of its own, with the service functions
the pages and jobs call:

1. ``upload``: :func:`importing.upload` of the open file, as the upload page hands it the request's file (streamed
   to a file of the data directory, hashed on the way; ``TANLU_MAX_UPLOAD_MB`` raised to 4096 for it);
2. ``prepare``: the ``inventory.prepare`` job (:func:`importing.prepare`: the header, the rows counted);
3. ``map``: the ``inventory.map`` job (:func:`importing.save_mapping` with the proposed mapping: every row staged
   as text in ``StagedRow``, then validated);
4. ``accept``: the ``inventory.accept`` job (:func:`importing_accept.accept`: validated again, stored in
   ``ActivityRow``, the staged rows deleted);
5. ``calculate``: the inventory of 2023 from the stored rows (:func:`calculation.calculate`).

For each step it prints the step's own wall and CPU time (measured in the child around the call, so Django's start
is not counted) and the child's peak resident memory (``ru_maxrss`` from ``os.wait4``, which includes Django and
the factor library: the ``setup`` line shows that base). The load average before and after is printed: on a
shared machine the wall time depends on it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_inventory_calc import load_average, write_file

STEPS = ("setup", "upload", "prepare", "map", "accept", "calculate")


def run_step(step: str, path: Path) -> dict[str, Any]:
    """One step in this (child) process, on the data directory of the environment; returns its figures."""
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    from tanlu.web.accounts.models import Membership, Organization, Role, User  # noqa: PLC0415
    from tanlu.web.inventory import calculation, importing, importing_accept  # noqa: PLC0415
    from tanlu.web.inventory.models import ImportBatch  # noqa: PLC0415

    if step == "setup":
        call_command("migrate", verbosity=0)
        user = User.objects.create_user("bench", "bench@example.com", secrets.token_urlsafe(16))
        organization = Organization.objects.create(name="Bench Plant")
        Membership.objects.create(user=user, organization=organization, role=Role.OWNER)
    membership = Membership.objects.select_related("organization", "user").get(user__username="bench")
    batch = ImportBatch.objects.filter(organization=membership.organization).first()
    importing.organization_factors(membership.organization)  # loaded once per worker process: not counted
    clock, cpu = time.perf_counter(), time.process_time()
    if step == "upload":
        with path.open("rb") as handle:
            batch, _repeated = importing.upload(
                membership, source="meter data", filename=path.name, content=handle
            )
    elif step == "prepare" and batch is not None:
        importing.prepare(batch)
    elif step == "map" and batch is not None:
        importing.save_mapping(membership, batch, importing.guess_columns(batch.headers))
    elif step == "accept" and batch is not None:
        importing_accept.accept(membership, batch)
    elif step == "calculate":
        calculation.calculate(membership, 2023)
    wall, cpu = time.perf_counter() - clock, time.process_time() - cpu
    if batch is not None:
        importing.reload(batch)
    return {
        "wall": wall,
        "cpu": cpu,
        "status": batch.status if batch is not None else "",
        "rows": batch.data_rows if batch is not None else 0,
        "issues": batch.issue_count if batch is not None else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", dest="file_format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="Write the activity file here and keep it.")
    parser.add_argument("--file", type=Path, help="Use this activity file instead of writing one.")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)  # a child's step
    arguments = parser.parse_args()
    if arguments.step:
        print(json.dumps(run_step(arguments.step, arguments.file)))
        return
    print(f"python {platform.python_version()}, cpus {os.cpu_count()}, {platform.machine()}")
    with tempfile.TemporaryDirectory(prefix="tanlu-bench-web-") as scratch:
        path = arguments.file or arguments.keep or Path(scratch) / f"activities.{arguments.file_format}"
        if arguments.file is None:
            clock = time.perf_counter()
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
                pool.submit(write_file, path, arguments.rows, arguments.seed, arguments.file_format).result()
            print(
                f"wrote {path} ({path.stat().st_size / 2**20:,.1f} MiB) in {time.perf_counter() - clock:.1f} s"
            )
        environment = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "tanlu.web.settings",
            "TANLU_DATA_DIR": str(Path(scratch) / "data"),
            "TANLU_DEBUG": "false",
            "TANLU_SECRET_KEY": secrets.token_urlsafe(50),
            "TANLU_ALLOWED_HOSTS": "127.0.0.1",
            "TANLU_TASKS": "immediate",
            "TANLU_MAX_UPLOAD_MB": "4096",
        }
        print(f"load average before: {load_average()}")
        total_wall = total_cpu = 0.0
        for step in STEPS:
            command = [sys.executable, __file__, "--step", step, "--file", str(path)]
            with (Path(scratch) / "out").open("w+") as out, (Path(scratch) / "err").open("w+") as errors:
                child = subprocess.Popen(command, stdout=out, stderr=errors, env=environment)  # noqa: S603
                _pid, status, usage = os.wait4(child.pid, 0)
                out.seek(0)
                errors.seek(0)
                if os.waitstatus_to_exitcode(status):
                    print(errors.read(), file=sys.stderr)
                    raise SystemExit(f"step {step} failed")
                figures = json.loads(out.read().strip().splitlines()[-1])
            total_wall += figures["wall"]
            total_cpu += figures["cpu"]
            print(
                f"{step:9} wall {figures['wall']:7.2f} s  CPU {figures['cpu']:7.2f} s  "
                f"peak RSS {usage.ru_maxrss / 2**20:5.2f} GiB  batch {figures['status'] or '-'} "
                f"({figures['rows']:,} rows, {figures['issues']} issues)",
                flush=True,
            )
        print(f"load average after: {load_average()}")
        print(f"all steps: wall {total_wall:.2f} s, CPU {total_cpu:.2f} s")


if __name__ == "__main__":
    main()
