"""The worker ``tanlu serve`` embeds runs at a lower CPU priority than the web server, every thread of it.

On two cores a large import's job would otherwise take the CPU that survey respondents' requests need
(docs/performance.md, "Inventory import"); see :mod:`tanlu.web.jobs.supervisor`.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from tanlu.web.jobs import supervisor
from tanlu.web.jobs.supervisor import EmbeddedWorker

pytestmark = pytest.mark.skipif(not hasattr(os, "setpriority"), reason="Unix priorities")

#: the child writes its main thread's and a new thread's nice value, then waits to be stopped
REPORT = """
import os, sys, threading, time
seen = []
thread = threading.Thread(target=lambda: seen.append(os.nice(0)))
thread.start(); thread.join()
open(sys.argv[1] + ".tmp", "w").write(f"{os.nice(0)} {seen[0]}")
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(60)
"""


def _report(path: Path) -> tuple[int, int]:
    deadline = time.monotonic() + 20
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    main, thread = path.read_text().split()
    return int(main), int(thread)


def test_the_embedded_worker_and_its_threads_run_at_a_lower_priority(tmp_path: Path) -> None:
    expected = min(os.nice(0) + supervisor.NICE, 19)
    worker = EmbeddedWorker([sys.executable, "-c", REPORT, str(tmp_path / "nice")]).start()
    try:
        assert worker.process is not None
        assert os.getpriority(os.PRIO_PROCESS, worker.process.pid) == expected
        assert _report(tmp_path / "nice") == (expected, expected)
    finally:
        worker.stop(timeout=10)
    assert supervisor.NICE >= 10, "the web processes come first"


def test_a_restarted_worker_runs_at_the_lower_priority_too(tmp_path: Path) -> None:
    expected = min(os.nice(0) + supervisor.NICE, 19)
    marker = tmp_path / "started"
    dies_once = (
        "import os, sys, time\n"
        f"if not os.path.exists({str(marker)!r}):\n"
        f"    open({str(marker)!r}, 'w').close(); raise SystemExit(1)\n"
        f"exec(open({str(tmp_path / 'report.py')!r}).read())\n"
    )
    (tmp_path / "report.py").write_text(REPORT)
    worker = EmbeddedWorker([sys.executable, "-c", dies_once, str(tmp_path / "nice")], first_delay=0.05)
    worker.start()
    try:
        assert _report(tmp_path / "nice") == (expected, expected)
        assert worker.restarts == 1
    finally:
        worker.stop(timeout=10)


def test_no_lowering_when_asked_for_none(tmp_path: Path) -> None:
    worker = EmbeddedWorker([sys.executable, "-c", REPORT, str(tmp_path / "nice")], nice=0).start()
    try:
        assert _report(tmp_path / "nice") == (os.nice(0), os.nice(0))
    finally:
        worker.stop(timeout=10)
