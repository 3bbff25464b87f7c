"""Benchmark: the demo survey's results and report pages (target: under 300 ms each, first load included).

    .venv/bin/python benchmarks/bench_survey_pages.py [--runs 10] [--data-dir DIR] [--profile PAGE]

Sets up the demo (``tanlu migrate``, ``tanlu createadmin``, ``tanlu demo``) in a scratch ``TANLU_DATA_DIR`` (or
reuses ``--data-dir``), signs in as its administrator and requests the pages of the demo's wave-2 survey (245
responses, compared with wave 1's 120) through Django's test client, so the whole server-side work -- middleware,
the report from the database, charts, templates -- runs in this process and its CPU time can be measured:

* **cold**: a fresh process (the parent starts one per page and language) asks for the page as its very first
  request, as a newly started server worker would: URL reversing set up, templates compiled, the questionnaire
  parsed, the report computed and the charts drawn for the first time;
* **first load**: the same in a fresh process that has first served another page (the survey list), as a worker
  has by the time someone opens the results: the page's own first-time work only;
* **warm**: the same page again, ``--runs`` times, in one process (median and best, wall and CPU), with the
  number of SQL queries per request.

Pages: the results page, the results page filtered to one answer of the first choice question, the report page
(with the wave comparison), in Chinese (the demo's language) and English. ``--profile PAGE`` prints cProfile's
top functions of one warm request of that page (``results``, ``filtered``, ``report``). Wall times, CPU times and
the load average are printed with every figure: the machine may be shared.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ADMIN, PASSWORD = "admin", "pw12345678"
PAGES = ("results", "filtered", "report")
LANGUAGES = ("zh-hans", "en")
TARGET = 0.300


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def tanlu(*arguments: str, stdin: str | None = None) -> None:
    """Run a ``tanlu`` command of this virtual environment, quietly; stop on failure."""
    command = [str(Path(sys.executable).with_name("tanlu")), *arguments]
    subprocess.run(command, input=stdin, text=True, check=True, capture_output=True)  # noqa: S603 - our own CLI


def make_demo(directory: str) -> None:
    os.environ["TANLU_DATA_DIR"] = directory
    tanlu("migrate")
    tanlu(
        "createadmin", "--username", ADMIN, "--email", "admin@example.com", "--password-stdin", stdin=PASSWORD
    )
    tanlu("demo")


def django_ready(directory: str) -> None:
    os.environ["TANLU_DATA_DIR"] = directory
    os.environ.setdefault("TANLU_DEBUG", "false")  # as served: cached templates, no SQL log
    from tanlu.cli.django_setup import setup  # noqa: PLC0415

    setup()
    from django.urls import get_resolver  # noqa: PLC0415

    # what gunicorn's worker has done when it takes its first request: the views and their modules imported
    get_resolver().url_patterns  # noqa: B018


class Pages:
    """The signed-in administrator's client and the URLs of the demo's wave-2 survey pages."""

    def __init__(self) -> None:
        from django.db.models import Count  # noqa: PLC0415
        from django.test import Client  # noqa: PLC0415

        from tanlu.web.accounts.middleware import SESSION_ORGANIZATION_KEY  # noqa: PLC0415
        from tanlu.web.accounts.models import User  # noqa: PLC0415
        from tanlu.web.surveys.loading import load_form  # noqa: PLC0415
        from tanlu.web.surveys.models import Survey  # noqa: PLC0415

        survey = (
            Survey.objects.filter(previous_wave__isnull=False)
            .annotate(n=Count("responses"))
            .order_by("-n")
            .first()
        )
        if survey is None:
            raise SystemExit("no demo survey with a previous wave: run `tanlu demo` first")
        self.survey = survey
        self.client = Client(HTTP_HOST="127.0.0.1")
        self.client.force_login(User.objects.get(username=ADMIN))
        session = self.client.session
        session[SESSION_ORGANIZATION_KEY] = survey.organization_id
        session.save()
        form = load_form(survey)
        question = next(q for q in form.answer_questions() if q.type == "select_one")
        choice = form.choices_for(question)[0]
        self.urls = {
            "results": f"/surveys/{survey.pk}/results/",
            "filtered": f"/surveys/{survey.pk}/results/?where={question.name}:{choice.name}",
            "report": f"/surveys/{survey.pk}/report/",
            "list": "/surveys/",
        }

    def get(self, page: str, language: str) -> tuple[float, float, int, int]:
        """Wall and CPU seconds, SQL queries and bytes of one request of ``page`` in ``language``."""
        from django.db import connection  # noqa: PLC0415
        from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

        self.client.cookies["django_language"] = language
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = self.client.get(self.urls[page], HTTP_ACCEPT_LANGUAGE=language)
            wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        if response.status_code != 200:
            raise SystemExit(f"{self.urls[page]}: HTTP {response.status_code}")
        return wall, cpu, len(queries), len(response.content)


def first_load(directory: str, page: str, language: str, *, cold: bool) -> dict[str, Any]:
    """The page's first load in a fresh process, as its first request (``cold``) or after another page's."""
    command = [sys.executable, __file__, "--data-dir", directory, "--child", page, "--language", language]
    output = subprocess.run(  # noqa: S603 - this script
        [*command, *(() if cold else ("--after-another",))], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def child(directory: str, page: str, language: str, *, after_another: bool) -> int:
    django_ready(directory)
    pages = Pages()
    if after_another:
        pages.get("list", language)
    wall, cpu, queries, size = pages.get(page, language)
    print(json.dumps({"wall": wall, "cpu": cpu, "queries": queries, "bytes": size}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="warm requests per page and language")
    parser.add_argument("--data-dir", help="a TANLU_DATA_DIR with the demo loaded (default: a new one)")
    parser.add_argument("--profile", choices=PAGES, help="print cProfile's top functions of one warm request")
    parser.add_argument("--child", choices=PAGES, help=argparse.SUPPRESS)
    parser.add_argument("--language", default="zh-hans", help=argparse.SUPPRESS)
    parser.add_argument("--after-another", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.data_dir, args.child, args.language, after_another=args.after_another)
    directory = args.data_dir
    if directory is None:
        directory = tempfile.mkdtemp(prefix="tanlu-bench-pages-")
        start = time.perf_counter()
        make_demo(directory)
        print(f"# demo loaded into {directory} in {time.perf_counter() - start:.1f} s", flush=True)
    print(f"# {time.strftime('%Y-%m-%d %H:%M %Z')}  {os.cpu_count()} CPUs  load {load_average()}", flush=True)
    colds, firsts = {}, {}
    for page in PAGES:
        for language in LANGUAGES:
            colds[(page, language)] = first_load(directory, page, language, cold=True)
            firsts[(page, language)] = first_load(directory, page, language, cold=False)
    django_ready(directory)
    pages = Pages()
    print(
        f"# survey {pages.survey.pk} ({pages.survey.identifier}); {args.runs} warm runs per line", flush=True
    )
    header = (
        f"{'page':<9} {'lang':<8} {'cold wall':>9} {'CPU':>6} {'first wall':>10} {'CPU':>6}"
        f" {'warm wall':>9} {'best':>6} {'warm CPU':>8} {'best':>6} {'queries':>7} {'KB':>5}"
    )
    print(header)
    print("-" * len(header))
    worst = 0.0
    for page in PAGES:
        for language in LANGUAGES:
            pages.get(page, language)  # this process's first request of the page is not a warm one
            runs = [pages.get(page, language) for _ in range(args.runs)]
            walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
            cold, first = colds[(page, language)], firsts[(page, language)]
            worst = max(worst, first["cpu"], statistics.median(cpus))
            print(
                f"{page:<9} {language:<8} {cold['wall'] * 1000:7.0f}ms {cold['cpu'] * 1000:4.0f}ms"
                f" {first['wall'] * 1000:8.0f}ms {first['cpu'] * 1000:4.0f}ms"
                f" {statistics.median(walls) * 1000:7.0f}ms {min(walls) * 1000:4.0f}ms"
                f" {statistics.median(cpus) * 1000:6.0f}ms {min(cpus) * 1000:4.0f}ms"
                f" {runs[-1][2]:>7} {runs[-1][3] / 1024:5.0f}",
                flush=True,
            )
    print(
        f"# load {load_average()}; worst first-load or median warm CPU {worst * 1000:.0f} ms (target 300 ms)"
    )
    print(
        "# cold: a new process's first request; first: after another page; warm: median and best of the runs"
    )
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        pages.get(args.profile, LANGUAGES[0])
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    return 0 if worst < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
