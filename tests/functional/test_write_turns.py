"""Turns at SQLite's write lock: a request never starts inside a background chunk, a chunk waits for requests.

The lock is an advisory file lock, so these tests use threads (each has its own open file, as each web worker
thread and the embedded worker have) and record the order in which things happened, never how long they took.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from tanlu.web import turns


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mechanism is tested on any database; which database switches it on is tested apart."""
    monkeypatch.setattr(turns, "enabled", lambda: True)


def _in_thread(target, *args) -> threading.Thread:  # type: ignore[no-untyped-def]
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


def _exclusive_is_free(name: str = turns.LOCK) -> bool:
    fd = os.open(turns.lock_path(name), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def test_a_request_that_arrives_during_a_chunk_starts_after_it(on: None) -> None:
    order: list[str] = []

    def request() -> None:
        with turns.request_turn():
            order.append("request")

    with turns.chunk_turn() as had:
        assert had
        thread = _in_thread(request)
        thread.join(0.2)
        assert thread.is_alive(), "the request must wait while the chunk is written"
        order.append("chunk written")
    thread.join(5)
    assert order == ["chunk written", "request"]


def test_a_request_that_waited_for_a_chunk_goes_before_the_next_chunk(on: None) -> None:
    order: list[str] = []

    def request() -> None:
        with turns.request_turn():
            order.append("request")

    with turns.chunk_turn():
        thread = _in_thread(request)
        for _ in range(5_000):  # until the request says it is waiting
            if not _exclusive_is_free(turns.WAITING):
                break
            thread.join(0.001)
        else:
            pytest.fail("a request waiting for a chunk must hold the waiting lock")
        order.append("chunk 1")
    with turns.chunk_turn(max_wait=30) as had:
        assert had
        order.append("chunk 2")
    thread.join(5)
    assert order == ["chunk 1", "request", "chunk 2"]
    assert _exclusive_is_free(turns.WAITING)


def test_a_chunk_waits_until_no_request_is_in_flight(on: None) -> None:
    order: list[str] = []
    inside, leave = threading.Event(), threading.Event()

    def request() -> None:
        with turns.request_turn():
            inside.set()
            leave.wait(5)
            order.append("request done")

    def chunk() -> None:
        with turns.chunk_turn(max_wait=30) as had:
            order.append(f"chunk had={had}")

    first = _in_thread(request)
    assert inside.wait(5)
    second = _in_thread(chunk)
    second.join(0.2)
    assert second.is_alive(), "the chunk must wait for the request in flight"
    leave.set()
    first.join(5)
    second.join(5)
    assert order == ["request done", "chunk had=True"]


@contextlib.contextmanager
def _request_in_flight() -> Iterator[None]:
    """A request of another thread that holds its turn until the block ends."""
    inside, leave = threading.Event(), threading.Event()

    def request() -> None:
        with turns.request_turn():
            inside.set()
            leave.wait(5)

    thread = _in_thread(request)
    assert inside.wait(5)
    try:
        yield
    finally:
        leave.set()
        thread.join(5)


def test_requests_do_not_wait_for_each_other(on: None) -> None:
    with _request_in_flight(), turns.request_turn():  # would block here if requests excluded each other
        assert not _exclusive_is_free()
    assert _exclusive_is_free()


def test_a_chunk_writes_anyway_after_its_longest_wait(on: None) -> None:
    with _request_in_flight(), turns.chunk_turn(max_wait=0.01) as had:
        assert not had


def test_a_job_run_inside_a_request_writes_in_the_request_turn(
    on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_waiting(seconds: float) -> None:
        raise AssertionError("a job inside a request must not wait for the request's own turn")

    with turns.request_turn():
        monkeypatch.setattr(turns.time, "sleep", no_waiting)
        with turns.chunk_turn(max_wait=30) as had:
            assert not had
        with turns.request_turn():  # nested: the same turn
            assert not _exclusive_is_free()
    assert _exclusive_is_free()


def test_the_middleware_holds_the_turn_for_the_whole_request(on: None) -> None:
    seen: list[bool] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(_exclusive_is_free())
        return HttpResponse("ok")

    response = turns.TurnsMiddleware(view)(RequestFactory().post("/s/x/"))
    assert response.status_code == 200
    assert seen == [False]
    assert _exclusive_is_free()


def test_a_failing_request_gives_its_turn_back(on: None) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        turns.TurnsMiddleware(view)(RequestFactory().get("/"))
    assert _exclusive_is_free()
    with turns.chunk_turn(max_wait=0) as had:
        assert had


def test_turns_are_taken_on_the_embedded_database_only() -> None:
    assert turns.enabled() is (connection.vendor == "sqlite")
    if connection.vendor != "sqlite":
        with turns.chunk_turn() as had:
            assert not had
