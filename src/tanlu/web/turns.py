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
commits. While it waits it holds a second lock, ``write-turns.waiting``, shared; after each chunk the job looks at
that one and, when someone is waiting, lets them in (at most :data:`HANDOFF`) before it tries its next chunk, so
the woken request, not the job's next chunk, gets SQLite's lock. With a server database (``DATABASE_URL``)
writers do not exclude each other, and nothing here does anything.
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
#: the longest a job waits after a chunk for the requests that waited for it to get in
HANDOFF = 0.05
_POLL = 0.001
#: the lock files, in the data directory
LOCK, WAITING = "write-turns.lock", "write-turns.waiting"
_HANDOFF_POLL = 0.0002
_LOCAL = threading.local()


def enabled() -> bool:
    """Turns are taken on the embedded SQLite database only, where writers exclude each other."""
    return connection.vendor == "sqlite"


def lock_path(name: str = LOCK) -> Path:
    return Path(settings.DATA_DIR) / name


class _Handle:
    """One open file description per thread: flock locks belong to it, so threads never share one by accident."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


def _handle(name: str = LOCK) -> _Handle:
    path = lock_path(name)
    handles: dict[str, _Handle] = _LOCAL.__dict__.setdefault("handles", {})
    handle = handles.get(name)
    if handle is None or handle.path != path:
        handle = handles[name] = _Handle(path)
    return handle


def _free(fd: int) -> bool:
    """Whether nobody holds ``fd``'s file locked (taken and given back at once)."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    fcntl.flock(fd, fcntl.LOCK_UN)
    return True


def _let_waiting_requests_in() -> None:
    """After a chunk: while requests that waited for it have not got their turn yet, give them the moment."""
    waiting = _handle(WAITING)
    deadline = time.monotonic() + HANDOFF
    while not _free(waiting.fd) and time.monotonic() < deadline:
        time.sleep(_HANDOFF_POLL)


@contextlib.contextmanager
def request_turn() -> Iterator[None]:
    """Hold the shared turn while a request runs; waits only while a background chunk is being written."""
    if getattr(_LOCAL, "held", False) or not enabled():
        yield
        return
    handle = _handle()
    try:
        fcntl.flock(handle.fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:  # a chunk is being written: wait, and say so, so the job lets us in after it
        waiting = _handle(WAITING)
        fcntl.flock(waiting.fd, fcntl.LOCK_SH)
        try:
            fcntl.flock(handle.fd, fcntl.LOCK_SH)
        finally:
            fcntl.flock(waiting.fd, fcntl.LOCK_UN)
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
            _let_waiting_requests_in()


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
