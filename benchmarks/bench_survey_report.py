"""Benchmark: the JSON report of 100,000 responses x 30 questions, through the survey core (target: under 2 s).

    .venv/bin/python benchmarks/bench_survey_report.py [--respondents 100000] [--database]

Builds a synthetic 30-question form (select_one, select_multiple, text, integer; some questions shown only after an
answer), then times ``build_report`` + ``report_to_dict`` + ``json.dumps``. With ``--database`` it also imports
them as a CSV into a scratch SQLite database, or into the PostgreSQL database of ``DATABASE_URL``, through
``tanlu.web.surveys.importing`` (validation and the chunked writer, then the writer alone), and times
``load_responses`` (reading them back into the core's ResponseSet) and the whole report from the database. Every
figure is printed as wall time and this process's CPU time, with the load average at the time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

from tanlu.survey.form import Choice, Form, Question
from tanlu.survey.report import build_report, report_to_dict
from tanlu.survey.responses import ResponseSet


def synthetic_form(questions: int = 30) -> Form:
    choices = {
        f"list{k}": tuple(Choice(f"o{i}", {"en": f"Option {i}", "zh": f"选项{i}"}) for i in range(k))
        for k in (2, 5, 8)
    }
    children = []
    for number in range(questions):
        kind = ("select_one", "select_multiple", "select_one", "text", "integer", "select_multiple")[
            number % 6
        ]
        listing = f"list{(2, 5, 8)[number % 3]}" if kind.startswith("select") else None
        relevant = f"${{q{number - 1}}} = 'o0'" if number % 10 == 9 and number > 0 else ""
        children.append(
            Question(
                f"q{number}",
                kind,
                {"en": f"Question {number}", "zh": f"问题{number}"},
                choices=listing,
                relevant=relevant,
            )
        )
    return Form("bench", {"en": "Benchmark", "zh": "基准"}, "1", "en", ("en", "zh"), tuple(children), choices)


def synthetic_responses(form: Form, size: int, seed: int = 1) -> ResponseSet:
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    answers: dict[str, list[str]] = {}
    shown: dict[str, list[bool]] = {}
    for question in form.answer_questions():
        names = [c.name for c in form.choices_for(question)]
        values: list[str] = []
        for _ in range(size):
            if question.type == "select_one":
                values.append(rng.choice(names))
            elif question.type == "select_multiple":
                values.append(" ".join(n for n in names if rng.random() < 0.3) or names[0])
            elif question.type == "integer":
                values.append(str(rng.randint(0, 5000)))
            else:
                values.append(rng.choice(["", "", "无", "我们按客户要求提供碳足迹数据", "n/a"]))
        answers[question.name] = values
        shown[question.name] = [True] * size
        if question.relevant:
            previous = answers[f"q{int(question.name[1:]) - 1}"]
            shown[question.name] = [p == "o0" for p in previous]
            answers[question.name] = [
                v if s else "" for v, s in zip(values, shown[question.name], strict=True)
            ]
    respondents = [f"r{i}" for i in range(size)]
    return ResponseSet(
        form, respondents, answers, shown, {"tier": [rng.choice(["tier1", "tier2"]) for _ in respondents]}
    )


def load_average() -> str:
    """The 1, 5 and 15-minute load averages, printed beside every figure (the machine may be shared)."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def timed(label: str, function: object, repeat: int = 3) -> float:
    """Run ``function`` ``repeat`` times; print the best wall time and the best CPU time of this process."""
    best = best_cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    print(
        f"{label:<48} {best:8.3f} s wall {best_cpu:8.3f} s CPU (best of {repeat}; load {load_average()})",
        flush=True,
    )
    return best


def machine() -> str:
    lscpu = shutil.which("lscpu")
    output = subprocess.run([lscpu], capture_output=True, text=True, check=False).stdout if lscpu else ""  # noqa: S603 - a fixed system tool
    model = next(
        (line.split(":", 1)[1].strip() for line in output.splitlines() if line.startswith("Model name")), ""
    )
    return f"{os.cpu_count()} CPUs, {model or platform.processor()}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument(
        "--database", action="store_true", help="also time storing and loading through Django"
    )
    args = parser.parse_args()
    print(f"# {time.strftime('%Y-%m-%d %H:%M %Z')}  {machine()}  load {load_average()}")
    form = synthetic_form()
    responses = synthetic_responses(form, args.respondents)
    print(f"# {len(responses)} respondents x {len(form.answer_questions())} questions")

    def report() -> None:
        json.dumps(report_to_dict(build_report(responses)), ensure_ascii=False)

    best = timed("JSON report (core: stats, highlights, JSON)", report)
    timed(
        "JSON report with a filter (tier = tier1)",
        lambda: report_to_dict(
            build_report(
                responses,
                where=[__import__("tanlu.survey.stats", fromlist=["Filter"]).Filter.of("tier", "tier1")],
            )
        ),
    )
    if args.database:
        database(form, responses)
    return 0 if best < 2.0 else 1


def database(form: Form, responses: ResponseSet) -> None:
    """Store the responses (the import's writer), then time reading them back and the report from the database.

    SQLite in a scratch directory, or the PostgreSQL database of ``DATABASE_URL`` (an empty scratch database: the
    benchmark migrates it and leaves its rows there). CPU times are this process's: on PostgreSQL the server's
    own work is not in them.
    """
    directory = tempfile.mkdtemp(prefix="tanlu-bench-")
    os.environ.update({"TANLU_DATA_DIR": directory})
    os.environ.setdefault("TANLU_DEBUG", "false")  # no per-statement SQL log, as in production
    # a PostgreSQL URL makes the settings those of a server deployment: a throw-away key for a scratch database
    os.environ.setdefault("TANLU_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("TANLU_ALLOWED_HOSTS", "127.0.0.1")
    from tanlu.cli.django_setup import setup  # noqa: PLC0415

    setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    from tanlu.survey.exports import responses_csv  # noqa: PLC0415
    from tanlu.survey.xlsform import write_xlsform  # noqa: PLC0415
    from tanlu.web.accounts.models import Organization  # noqa: PLC0415
    from tanlu.web.surveys import importing, reports  # noqa: PLC0415
    from tanlu.web.surveys.loading import load_responses  # noqa: PLC0415
    from tanlu.web.surveys.models import Survey  # noqa: PLC0415

    vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    organization = Organization.objects.create(name=f"Bench {time.time_ns()}")
    survey = Survey.objects.create(
        organization=organization, identifier="bench", form_xlsx=write_xlsform(form)
    )
    data = responses_csv(responses)
    print(f"# {vendor}; response table {len(data) / 1e6:.1f} MB of CSV", flush=True)
    timed(
        f"import the CSV (validate + store, {vendor})",
        lambda: importing.import_responses(survey, data, filename="bench.csv"),
        repeat=1,
    )
    second = Survey.objects.create(
        organization=organization, identifier="bench-store", form_xlsx=write_xlsform(form)
    )
    timed(
        f"store answers only (import writer, {vendor})",
        lambda: importing._store(second, responses.respondents, responses.answers, responses.shown),
        repeat=1,
    )
    timed(f"load_responses from {vendor}", lambda: load_responses(survey), repeat=3)
    timed(
        f"JSON report from {vendor} (load + report)",
        lambda: json.dumps(reports.report_json_data(reports.compute(survey)), ensure_ascii=False),
        repeat=3,
    )


if __name__ == "__main__":
    sys.exit(main())
