"""The worker ``tanlu serve`` embeds: a child process that is started again whenever it dies.

A worker that exits (a crash, an out-of-memory kill, an error the loop does not survive) would otherwise leave
every queued import, report and email waiting until the server restarts. The supervisor thread waits on the
child and starts a new one, waiting 1 s after a first exit and up to a minute when it keeps dying at once.

The worker runs at a lower CPU priority than the web server (:data:`NICE`). On a small machine (2 cores) a large
import's work would otherwise take a core the web processes need: a 200,000-row import beside 200 survey
submissions a second made them wait for the CPU, and a web process preempted while it held SQLite's write lock
made every other writer wait too (p99 1.5 s, docs/performance.md). With the lower priority the scheduler runs a
web process first whenever one is ready; the worker still gets every core the web server leaves idle. The price
is paid only under contention: then a large import takes longer.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence

logger = logging.getLogger("tanlu.jobs")

WORKER_COMMAND = (sys.executable, "-m", "tanlu", "worker")
#: a worker that ran this long before exiting counts as healthy: the next restart waits the shortest delay
HEALTHY_RUN = 60.0
LONGEST_DELAY = 60.0
#: added to the worker's nice value (Unix): its CPU share beside a busy web process is about a tenth
NICE = 10


def lower_priority(pid: int, nice: int) -> None:
    """Add ``nice`` to the nice value of the just-started process ``pid``.

    Popen returns once the child has exec'd, before the interpreter it runs has started any thread, and Linux
    keeps a nice value per thread, inherited by each new thread: so every thread of the worker (its heartbeat,
    polars' pool) runs at the lower priority. Where priorities cannot be changed the worker runs as it is.
    """
    if nice <= 0 or not hasattr(os, "setpriority"):
        return
    try:
        os.setpriority(os.PRIO_PROCESS, pid, min(os.getpriority(os.PRIO_PROCESS, pid) + nice, 19))
    except OSError as error:  # the child exited at once, or a system that refuses: not worth stopping serve
        logger.warning("could not lower the background worker's CPU priority: %s", error)


class EmbeddedWorker:
    """Runs ``command`` as a child process and restarts it until :meth:`stop`."""

    def __init__(
        self, command: Sequence[str] = WORKER_COMMAND, first_delay: float = 1.0, nice: int = NICE
    ) -> None:
        self.command = list(command)
        self.first_delay = first_delay
        self.nice = nice
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._supervise, name="embedded-worker", daemon=True)

    def start(self) -> EmbeddedWorker:
        self._spawn()
        self._thread.start()
        return self

    def _spawn(self) -> None:
        with self._lock:
            if not self._stopping.is_set():
                self.process = subprocess.Popen(self.command, env=os.environ.copy())  # noqa: S603 - our own command
                lower_priority(self.process.pid, self.nice)

    def _supervise(self) -> None:
        delay = self.first_delay
        while not self._stopping.is_set():
            process = self.process
            if process is None:
                return
            started = time.monotonic()
            code = process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= HEALTHY_RUN:
                delay = self.first_delay
            logger.error(
                "the background worker exited with code %s; starting it again in %.0f s", code, delay
            )
            if self._stopping.wait(delay):
                return
            delay = min(delay * 2, LONGEST_DELAY)
            self.restarts += 1
            self._spawn()

    def stop(self, timeout: float = 20.0) -> None:
        """Ask the worker to finish its task and exit (SIGTERM); kill it after ``timeout`` seconds."""
        self._stopping.set()
        with self._lock:
            process = self.process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._thread.join(timeout=5)
