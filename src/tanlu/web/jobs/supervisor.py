"""The worker ``tanlu serve`` embeds: a child process that is started again whenever it dies.

A worker that exits (a crash, an out-of-memory kill, an error the loop does not survive) would otherwise leave
every queued import, report and email waiting until the server restarts. The supervisor thread waits on the
child and starts a new one, waiting 1 s after a first exit and up to a minute when it keeps dying at once.
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


class EmbeddedWorker:
    """Runs ``command`` as a child process and restarts it until :meth:`stop`."""

    def __init__(self, command: Sequence[str] = WORKER_COMMAND, first_delay: float = 1.0) -> None:
        self.command = list(command)
        self.first_delay = first_delay
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
