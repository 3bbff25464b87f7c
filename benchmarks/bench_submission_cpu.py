"""Benchmark: the CPU time of one complete survey submission, through Django's whole request path, in one process.

    .venv/bin/python benchmarks/bench_submission_cpu.py [--submissions 2000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test_x .venv/bin/python benchmarks/bench_submission_cpu.py

A shared machine makes latencies noisy; the CPU a request costs is steadier, and it is what sets the margin under
the latency target of ``bench_submissions.py`` (at 200/s, every millisecond of CPU per submission is a fifth of a
core). This script builds the built-in AIAG survey with one invitation per submission in a scratch SQLite
database (or the empty PostgreSQL database of ``DATABASE_URL``), fetches the form once for its CSRF cookie and
token, then posts the same complete submission (``?page=all``, 18 answers) to every personal link through
Django's WSGI handler (every middleware, the view, the database), in production mode. It prints the CPU time of
this process per submission (with SQLite that includes the database's work; with PostgreSQL it does not) and the
load average at the time.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: the browser's own page, as sent with a form over HTTPS (Django's CSRF check wants it there)
REFERER = {"referer": "https://testserver/s/"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=2000)
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's N costliest functions")
    parser.add_argument(
        "--sort", default="cumulative", choices=["cumulative", "tottime"], help="order of --profile's list"
    )
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="tanlu-bench-cpu-")
    os.environ.update(
        {
            "TANLU_DEBUG": "false",
            "TANLU_SECRET_KEY": secrets.token_urlsafe(50),
            "TANLU_ALLOWED_HOSTS": "testserver",
            "TANLU_DATA_DIR": data_dir,
            "TANLU_EMAIL_URL": "memory:",
            "TANLU_TASKS": "immediate",
            "TANLU_LOG_LEVEL": "warning",
            "DJANGO_SETTINGS_MODULE": "tanlu.web.settings",
        }
    )
    import django  # noqa: PLC0415

    django.setup()
    import bench_submissions  # noqa: PLC0415
    import submission_load  # noqa: PLC0415
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    tokens_file = Path(data_dir) / "tokens.txt"
    count = args.submissions + 1
    bench_submissions.setup_data(str(tokens_file), count)
    tokens = tokens_file.read_text(encoding="utf-8").split("\n")[:count]
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/s/{tokens[-1]}/?page=all", secure=True).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None, "the form has no CSRF token"
    body = [*submission_load.ANSWERS, ("csrfmiddlewaretoken", token.group(1))]
    from urllib.parse import urlencode  # noqa: PLC0415

    encoded = urlencode(body)
    # warm-up: the first requests parse the questionnaire and fill caches
    for warm in tokens[:20]:
        client.post(
            f"/s/{warm}/",
            encoded,
            content_type="application/x-www-form-urlencoded",
            secure=True,
            headers=REFERER,
        )
    timed = tokens[20 : args.submissions]
    import cProfile  # noqa: PLC0415
    import pstats  # noqa: PLC0415

    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    start, start_cpu = time.perf_counter(), time.process_time()
    failures = 0
    for link in timed:
        reply = client.post(
            f"/s/{link}/",
            encoded,
            content_type="application/x-www-form-urlencoded",
            secure=True,
            headers=REFERER,
        )
        failures += reply.status_code != 302 or "thanks=1" not in reply.get("Location", "")
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    if profiler is not None:
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"# {time.strftime('%Y-%m-%d %H:%M %Z')}  {engine}  {os.cpu_count()} CPUs  load {load}")
    print(
        f"{len(timed)} submissions: {cpu / len(timed) * 1000:.2f} ms CPU and {wall / len(timed) * 1000:.2f} ms "
        f"wall per submission (this process), {failures} not acknowledged"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
