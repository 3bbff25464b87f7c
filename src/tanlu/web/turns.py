"""Turns at SQLite's one write lock: people's requests go before a background job's next chunk.

SQLite lets one writer in at a time, and long work (an import's staging and accepting) writes in short chunks so
that nobody waits long. That alone is not enough: a request that finds the lock taken sits in SQLite's busy
handler, whose sleeps grow to 50–100 ms, while the job commits a chunk every 20 ms and begins the next at once,
so a survey submission could wait through many chunks (p99 392 ms during a 200,000-row import, docs/performance.md).
Python's :mod:`sqlite3` cannot install a busy handler that is woken when the lock is free, so the turns are taken
outside SQLite, with an advisory lock (:func:`fcntl.flock`) on a file beside the database:

- every web request holds the lock *shared* while it runs (:class:`TurnsMiddleware`), so requests never wait
  for each other here;
- a background job takes it *exclusive* around each chunk's transaction (:func:`chunk_atomic`). It waits for a
  moment when no request is in flight, at most :data:`MAX_WAIT`, then writes anyway: a steady stream of requests
  slows an import but never stops it.

A request that arrives while a chunk is being written waits in the kernel and is woken the moment that chunk
commits; after each chunk the job pauses for :data:`HANDOFF` so that the woken request, not the job's next chunk,
gets SQLite's lock. With a server database (``DATABASE_URL``) writers do not exclude each other, and nothing here
does anything.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponseBase

#: the longest a chunk waits for a moment with no request in flight before it writes anyway
MAX_WAIT = 0.25
#: the job's pause after a chunk, so that a request woken by its commit takes SQLite's lock first
HANDOFF = 0.001
_POLL = 0.001
_LOCAL = threading.local()


def enabled() -> bool:
    """Turns are taken on the embedded SQLite database only, where writers exclude each other."""
    return connection.vendor == "sqlite"


def lock_path() -> Path:
    return Path(settings.DATA_DIR) / "write-turns.lock"


class _Handle:
    """One open file description per thread: flock locks belong to it, so threads never share one by accident."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


def _handle() -> _Handle:
    path = lock_path()
    handle: _Handle | None = getattr(_LOCAL, "handle", None)
    if handle is None or handle.path != path:
        handle = _Handle(path)
        _LOCAL.handle = handle
    return handle


@contextlib.contextmanager
def request_turn() -> Iterator[None]:
    """Hold the shared turn while a request runs; waits only while a background chunk is being written."""
    if getattr(_LOCAL, "held", False) or not enabled():
        yield
        return
    handle = _handle()
    fcntl.flock(handle.fd, fcntl.LOCK_SH)
    _LOCAL.held = True
    try:
        yield
    finally:
        _LOCAL.held = False
        fcntl.flock(handle.fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def chunk_turn(max_wait: float = MAX_WAIT) -> Iterator[bool]:
    """Hold the exclusive turn around one chunk of background writing; yields whether the turn was had.

    Inside a request (a job run inline, as tests and small imports do) the request's own turn is the turn: taking
    the exclusive one there would wait for itself.
    """
    if getattr(_LOCAL, "held", False) or not enabled():
        yield False
        return
    handle = _handle()
    deadline = time.monotonic() + max_wait
    had = False
    while True:
        try:
            fcntl.flock(handle.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            had = True
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                break
            time.sleep(_POLL)
    _LOCAL.held = had
    try:
        yield had
    finally:
        if had:
            _LOCAL.held = False
            fcntl.flock(handle.fd, fcntl.LOCK_UN)
            time.sleep(HANDOFF)


@contextlib.contextmanager
def chunk_atomic() -> Iterator[None]:
    """One chunk of a long job: its own transaction, written in the job's turn (see the module's docstring)."""
    with chunk_turn(), transaction.atomic():
        yield


class TurnsMiddleware:
    """Holds the shared turn for the whole request, so a background chunk never starts in the middle of one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with request_turn():
            return self.get_response(request)
