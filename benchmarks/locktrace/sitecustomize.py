"""Benchmark-only tracing of SQLite's write lock, loaded by ``bench_submissions.py --trace-locks``.

Python imports ``sitecustomize`` at start-up from ``sys.path``; the benchmark puts this directory on
``PYTHONPATH`` of the server (and so of the worker it embeds) only when ``TANLU_BENCH_LOCK_TRACE`` names a
directory. Every process then appends one line per write to ``<dir>/<pid>.tsv``:

* ``wait``: how long ``BEGIN IMMEDIATE``/``EXCLUSIVE`` took, i.e. the wait for the write lock (busy handler);
* ``hold``: from the end of that ``BEGIN`` to the end of its ``COMMIT``/``ROLLBACK``: the lock held;
* ``auto``: an INSERT/UPDATE/DELETE outside a transaction (SQLite takes and frees the lock around it).

Each line: kind, the process's role (``worker``/``web``/``other``), the monotonic start, the seconds, and (for
every hold outside the web processes, and theirs over 20 ms) the innermost ``tanlu`` function that ran it. Nothing of the product changes.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

TRACE_DIR = os.environ.get("TANLU_BENCH_LOCK_TRACE", "")
LABEL_OVER = 0.020


def _role() -> str:
    words = sys.argv[1:3]
    if "worker" in words:
        return "worker"
    if "serve" in words:
        return "web"
    return "other"


def _label() -> str:
    for frame in reversed(traceback.extract_stack()):
        if "/tanlu/" in frame.filename and "locktrace" not in frame.filename:
            return f"{frame.filename.rsplit('/tanlu/', 1)[1]}:{frame.lineno}:{frame.name}"
    return "?"


def _install() -> None:
    from django.db.backends import utils  # noqa: PLC0415
    from django.db.backends.base import base as base_backend  # noqa: PLC0415
    from django.db.backends.sqlite3 import base as sqlite_backend  # noqa: PLC0415

    role = _role()
    lock = threading.Lock()
    files: dict[int, Any] = {}

    def record(kind: str, start: float, seconds: float, label: str = "") -> None:
        pid = os.getpid()  # gunicorn forks its workers after this module was imported
        with lock:
            out = files.get(pid)
            if out is None:
                out = files[pid] = Path(TRACE_DIR, f"{pid}.tsv").open("a", buffering=1)  # noqa: SIM115
            out.write(f"{kind}\t{role}\t{start:.6f}\t{seconds:.6f}\t{label}\n")

    # the private methods patched here are not in django-stubs (hence the ignores)
    begin = sqlite_backend.DatabaseWrapper._start_transaction_under_autocommit  # type: ignore[attr-defined]

    def traced_begin(self: Any) -> None:
        start = time.monotonic()
        begin(self)
        now = time.monotonic()
        self._locktrace_since = now
        record("wait", start, now - start)

    def finish(original: Any) -> Any:
        def traced(self: Any) -> Any:
            try:
                return original(self)
            finally:
                since = getattr(self, "_locktrace_since", None)
                if since is not None and self.vendor == "sqlite":
                    self._locktrace_since = None
                    held = time.monotonic() - since
                    record("hold", since, held, _label() if held > LABEL_OVER or role != "web" else "")

        return traced

    def auto(original: Any) -> Any:
        def traced(self: Any, sql: str, *args: Any) -> Any:
            if self.db.vendor != "sqlite" or not self.db.get_autocommit() or self.db.in_atomic_block:
                return original(self, sql, *args)
            if sql.lstrip()[:6].upper() not in ("INSERT", "UPDATE", "DELETE"):
                return original(self, sql, *args)
            start = time.monotonic()
            try:
                return original(self, sql, *args)
            finally:
                held = time.monotonic() - start
                record("auto", start, held, _label() if held > LABEL_OVER else "")

        return traced

    sqlite_backend.DatabaseWrapper._start_transaction_under_autocommit = traced_begin  # type: ignore[attr-defined]
    base_backend.BaseDatabaseWrapper._commit = finish(base_backend.BaseDatabaseWrapper._commit)  # type: ignore[attr-defined]
    base_backend.BaseDatabaseWrapper._rollback = finish(base_backend.BaseDatabaseWrapper._rollback)  # type: ignore[attr-defined]
    utils.CursorWrapper._execute = auto(utils.CursorWrapper._execute)  # type: ignore[attr-defined]
    utils.CursorWrapper._executemany = auto(utils.CursorWrapper._executemany)  # type: ignore[attr-defined]


if TRACE_DIR:
    _install()
