"""Benchmark: complete survey submissions per second through ``tanlu serve``, on loopback.

    .venv/bin/python benchmarks/bench_submissions.py [--rate 200] [--duration 60] [--workers 4] [--threads 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/bench_submissions.py

Sets up a throw-away data directory (and, with ``DATABASE_URL``, a dedicated PostgreSQL database ``tanlu_bench``,
dropped at the end), creates the built-in AIAG survey with one invitation per submission, starts ``tanlu serve``
(production mode: TANLU_DEBUG off, with a throw-away secret key; no embedded worker) on 127.0.0.1, then posts one complete submission per personal link
(every question on one page, ``?page=all``) from an open-loop generator: request *i* is due at ``i / rate``
seconds whatever the server does, over a bounded pool of keep-alive connections. Latency is measured from the
moment a request was due, so queueing behind a slow server counts. At the end the submissions stored in the
database are counted and compared with the ones the server acknowledged. The CPU time the server's processes
(and, with PostgreSQL, the database's) used during the load is read from ``/proc`` and printed per submission: on a
shared machine it says more than the latency does, and it is what sets the margin under the latency target.

``--import-rows N`` imports a CSV of N activity rows through the embedded worker's jobs during the load, and
prints the worker's CPU time and nice value beside the web processes'. ``--trace-locks`` logs every hold of and
wait for SQLite's write lock in the server's processes (``benchmarks/locktrace``, loaded only for this run) and
prints who held it how long and how long submissions waited for it at ``BEGIN IMMEDIATE``.

The generator is ``wrk`` (``apt-get install wrk``) with ``benchmarks/submissions.lua`` when it is installed: C and
one thread, so nearly all of the machine's CPU is left to the server. ``--generator asyncio`` uses the pure-Python
generator instead (it costs the server a noticeable share of a 2-core machine). A CSRF cookie and token are fetched
once and reused for every POST, as one browser would; every POST goes to its own personal link.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import lock_report  # beside this script
from submission_load import generate, generate_wrk  # beside this script

# ------------------------------------------------------------------------------------ in the Django process


def _django() -> None:
    import django  # noqa: PLC0415

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanlu.web.settings")
    django.setup()


def setup_data(tokens_file: str, count: int) -> None:
    """The survey, ``count`` invitations, and their tokens written one per line."""
    _django()
    from tanlu.web.accounts import services as accounts  # noqa: PLC0415
    from tanlu.web.accounts.models import OrganizationKind, User  # noqa: PLC0415
    from tanlu.web.surveys import lifecycle, links, participants, versions  # noqa: PLC0415

    owner = User.objects.create_user(username="bench", email="bench@example.com", password="bench-password-1")  # noqa: S106 - a throw-away database
    organization = accounts.create_organization(owner, name="Bench OEM", kind=OrganizationKind.OEM)
    membership = owner.memberships.get(organization=organization)
    survey = versions.create_builtin_survey(membership)
    lifecycle.open_survey(membership, survey)
    invitations = []
    for first in range(0, count, 10_000):  # a participants file holds at most 20,000 rows
        rows = "".join(
            f"s{n}@bench.example,Supplier {n},Company {n},zh,OEM {n % 5},{1 + n % 3}\n"
            for n in range(first, min(count, first + 10_000))
        )
        data = ("email,name,company,language,customer_oem,tier\n" + rows).encode()
        invitations += participants.import_participants(membership, survey, data, f"participants-{first}.csv")
    Path(tokens_file).write_text("\n".join(links.invitation_token(i) for i in invitations), encoding="utf-8")


def setup_import(rows: int) -> None:
    """An uploaded CSV of ``rows`` activity rows waiting to be read, with a saved mapping for its source."""
    _django()
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_import_memory import write_csv  # noqa: PLC0415

    from tanlu.web.accounts.models import User  # noqa: PLC0415
    from tanlu.web.inventory import importing  # noqa: PLC0415
    from tanlu.web.inventory.models import ColumnMapping  # noqa: PLC0415

    membership = User.objects.get(username="bench").memberships.get()
    path = Path(os.environ["TANLU_DATA_DIR"]) / "activities.csv"
    write_csv(path, rows, seed=1)
    ColumnMapping.objects.create(
        organization=membership.organization, source="bench", columns={f: f for f in importing.FIELDS}
    )
    importing.upload(membership, source="bench", filename=path.name, content=path.read_bytes())


def run_import() -> None:
    """Queue the upload's reading (which stages and checks it), then its accept, as the pages would; report both."""
    _django()
    from tanlu.web.accounts.models import User  # noqa: PLC0415
    from tanlu.web.inventory import jobs as batch_jobs  # noqa: PLC0415
    from tanlu.web.inventory.models import ImportBatch  # noqa: PLC0415
    from tanlu.web.jobs import services  # noqa: PLC0415
    from tanlu.web.jobs.models import Job  # noqa: PLC0415

    membership = User.objects.get(username="bench").memberships.get()
    batch = ImportBatch.objects.get()
    started = time.monotonic()

    def follow(job: Job) -> Job:
        while not job.is_finished:
            time.sleep(1)
            job.refresh_from_db()
        print(
            f"import: job {job.kind} {job.status} after {time.monotonic() - started:.1f} s {job.error[:200]}"
        )
        return job

    follow(services.start(organization=membership.organization, user=membership.user, kind="inventory.prepare",
                          label="read", parameters={"import_id": batch.pk}))  # fmt: skip
    batch.refresh_from_db()
    accepted = batch_jobs.accept(membership, batch)
    if isinstance(accepted, Job):
        follow(accepted)
    batch.refresh_from_db()
    print(f"import: batch {batch.status}, {batch.row_count} rows, {time.monotonic() - started:.1f} s in all")


def count_submitted() -> None:
    _django()
    from tanlu.web.surveys.models import Answer, ResponseStatus, SurveyResponse  # noqa: PLC0415

    submitted = SurveyResponse.objects.filter(status=ResponseStatus.SUBMITTED).count()
    print(f"{submitted} {SurveyResponse.objects.count()} {Answer.objects.count()}")


# ---------------------------------------------------------------------------------------------- the run


def _cpu_seconds(pids: set[int]) -> float:
    """User + system CPU of these processes (and of their children that have exited), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / tick


def _tree(root: int) -> set[int]:
    """``root`` and every process descended from it (the gunicorn master and its workers)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found = {root}
    while True:
        more = {pid for pid, parent in parents.items() if parent in found} - found
        if not more:
            return found
        found |= more


def _postgres_pids() -> set[int]:
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.add(int(entry.name))
            except OSError:
                continue
    return pids


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres(url: str, database: str, *, create: bool) -> str:
    import psycopg  # noqa: PLC0415

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{database}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


def main() -> int:  # noqa: PLR0912, PLR0915 - one script, read top to bottom
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="submissions per second")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    # 2 processes per core, 2 threads each: processes for the CPU, a second thread to overlap database waits
    parser.add_argument("--workers", type=int, default=int(os.environ.get("TANLU_WEB_WORKERS", "4")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("TANLU_WEB_THREADS", "2")))
    parser.add_argument(
        "--access-log", action=argparse.BooleanOptionalAction, default=True, help="gunicorn's"
    )
    parser.add_argument(
        "--keep-alive",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="wrk reuses its connections; --no-keep-alive opens one per submission (Connection: close)",
    )
    parser.add_argument(
        "--keep", type=Path, help="copy wrk's per-request results, the server log (and lock traces) here"
    )
    parser.add_argument(
        "--debug", action="store_true", help="TANLU_DEBUG=true (development mode) in the server"
    )
    parser.add_argument("--connections", type=int, default=64, help="keep-alive connections of the generator")
    parser.add_argument("--database", default="tanlu_bench", help="PostgreSQL database created and dropped")
    parser.add_argument(
        "--import-rows",
        type=int,
        default=0,
        help="while the load runs, import a CSV of this many activity rows through the embedded worker's jobs",
    )
    parser.add_argument(
        "--trace-locks",
        action="store_true",
        help="log every hold of and wait for SQLite's write lock (benchmarks/locktrace) and summarise them",
    )
    parser.add_argument(
        "--generator",
        choices=["wrk", "asyncio"],
        default="wrk" if shutil.which("wrk") else "asyncio",
        help="load generator [default: wrk when installed]",
    )
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="tanlu-bench-"))
    env = {
        **os.environ,
        # production mode, as deployed: no per-query debug bookkeeping (a throw-away key for a throw-away database)
        "TANLU_DEBUG": "true" if args.debug else "false",
        "TANLU_SECRET_KEY": secrets.token_urlsafe(50),
        "TANLU_ALLOWED_HOSTS": "127.0.0.1",
        "TANLU_DATA_DIR": str(data_dir),
        "TANLU_EMBEDDED_WORKER": "true" if args.import_rows else "false",
        "TANLU_TASKS": "database" if args.import_rows else "immediate",
        "TANLU_EMAIL_URL": "memory:",
        "TANLU_LOG_LEVEL": "warning",
    }
    traces = data_dir / "locks"
    if args.trace_locks:
        traces.mkdir()
        env["TANLU_BENCH_LOCK_TRACE"] = str(traces)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(Path(__file__).resolve().with_name("locktrace")), *filter(None, [env.get("PYTHONPATH")])]
        )
    postgres = env.get("DATABASE_URL", "")
    if postgres:
        env["DATABASE_URL"] = _postgres(postgres, args.database, create=True)
    tanlu = [sys.executable, "-m", "tanlu"]
    here = str(Path(__file__).resolve())
    tokens_file = data_dir / "tokens.txt"
    count = int(args.rate * args.duration)
    server = None
    try:
        subprocess.run([*tanlu, "migrate"], env=env, check=True, capture_output=True)  # noqa: S603 - our own command
        subprocess.run([sys.executable, here, "_setup", str(tokens_file), str(count)], env=env, check=True)  # noqa: S603
        if args.import_rows:
            subprocess.run(  # noqa: S603 - this script
                [sys.executable, here, "_setup_import", str(args.import_rows)], env=env, check=True
            )
        tokens = tokens_file.read_text(encoding="utf-8").split("\n")
        port = _free_port()
        log = (data_dir / "server.log").open("w")
        server = subprocess.Popen(  # noqa: S603 - our own command
            [*tanlu, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers),
             "--threads", str(args.threads), "--access-log" if args.access_log else "--no-access-log"],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        load_before = f"{os.getloadavg()[0]:.2f}"
        for _ in range(1200):  # up to 2 minutes: a loaded, shared machine starts 4 workers slowly
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        importer = (
            subprocess.Popen([sys.executable, here, "_import"], env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
            if args.import_rows
            else None
        )
        serving = _tree(server.pid)
        databases = _postgres_pids() if postgres else set()
        workers = lock_report.worker_pids(serving)
        worker_nice = {pid: lock_report.nice_of(pid) for pid in workers}
        cpu_before, db_before = _cpu_seconds(serving), _cpu_seconds(databases)
        worker_before = _cpu_seconds(workers)
        load_started = time.monotonic()
        if args.generator == "wrk":
            result = generate_wrk(
                port, tokens, args.rate, args.duration, args.connections, data_dir, keep_alive=args.keep_alive
            )
        else:
            result = asyncio.run(generate(port, tokens, args.rate, args.duration, args.connections))
        server_cpu = _cpu_seconds(serving) - cpu_before
        worker_cpu = _cpu_seconds(workers) - worker_before
        load_ended = time.monotonic()
        database_cpu = _cpu_seconds(databases & _postgres_pids()) - db_before if postgres else 0.0
        stored = subprocess.run(  # noqa: S603 - this script
            [sys.executable, here, "_count"], env=env, check=True, capture_output=True, text=True
        ).stdout.split()
        imported = importer.communicate(timeout=3600)[0] if importer is not None else ""
        worker_alive = "embedded worker: " + ("restarted (see server.log)" if "background worker exited" in
                                             (data_dir / "server.log").read_text() else "never died")  # fmt: skip
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if postgres:
            _postgres(postgres, args.database, create=False)
    submitted = int(stored[0])
    engine = "PostgreSQL" if postgres else "SQLite (WAL)"
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    print(f"Survey submissions benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {os.cpu_count()} CPUs, {cpu}; Python {platform.python_version()}")
    print(f"database: {engine}; tanlu serve: {args.workers} workers x {args.threads} threads, access log "
          f"{'on' if args.access_log else 'off'}, TANLU_DEBUG={env['TANLU_DEBUG']}")  # fmt: skip
    reuse = "keep-alive" if args.keep_alive else "one per submission"
    print(f"load: {args.rate:.0f}/s for {args.duration:.0f} s, {args.connections} connections ({reuse}), "
          f"generator {args.generator}; load average before/after: {load_before} / {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"sent {result['sent']}, last answer after {result['elapsed']:.1f} s: "
          f"{result['acknowledged'] / result['elapsed']:.1f} acknowledged/s")  # fmt: skip
    print(f"acknowledged {result['acknowledged']}, failures {result['failures'] or 0}")
    print(f"latency from due time: p50 {result['p50'] * 1000:.1f} ms, p90 {result['p90'] * 1000:.1f} ms, "
          f"p95 {result['p95'] * 1000:.1f} ms, p99 {result['p99'] * 1000:.1f} ms, max {result['max'] * 1000:.1f} ms")  # fmt: skip
    per = 1000 / max(result["acknowledged"], 1)
    print(f"CPU time of the tanlu serve processes during the load: {server_cpu:.1f} s, "
          f"{server_cpu * per:.2f} ms per acknowledged submission"
          + (f"; PostgreSQL's processes {database_cpu:.1f} s, {database_cpu * per:.2f} ms per submission"
             if postgres else ""))  # fmt: skip
    if workers:
        print(f"  of which the embedded worker (nice {sorted(worker_nice.values(), key=str)}): {worker_cpu:.1f} s; "
              f"the web processes {(server_cpu - worker_cpu) * per:.2f} ms per submission")  # fmt: skip
    print(f"stored submitted responses: {submitted} (responses {stored[1]}, answer rows {stored[2]})")
    if args.import_rows:
        print(f"during the load, {args.import_rows:,} activity rows imported by background jobs:")
        print(imported.rstrip())
        print(worker_alive)
    if args.trace_locks:
        print(lock_report.report(traces, (load_started, load_ended)))
    lost = result["acknowledged"] - submitted
    verdict = "PASS" if not result["failures"] and lost == 0 and result["p99"] < 0.2 else "FAIL"
    print(f"lost: {lost}; target p99 < 200 ms, zero lost and zero failures: {verdict}")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for name in ("wrk-results.txt", "server.log"):
            if (data_dir / name).exists():
                shutil.copy(data_dir / name, args.keep / name)
        if traces.exists():
            shutil.copytree(traces, args.keep / "locks", dirs_exist_ok=True)
    shutil.rmtree(data_dir, ignore_errors=True)
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_setup":
        setup_data(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "_setup_import":
        setup_import(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "_import":
        run_import()
    elif len(sys.argv) > 1 and sys.argv[1] == "_count":
        count_submitted()
    else:
        raise SystemExit(main())
