"""A progress bar for long commands, fed by the same ``progress(done, total, message)`` callbacks the web app's
background jobs use."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int, str], None]]:
    """Yield a callback that moves a click progress bar (shown on a terminal, silent when piped)."""
    with click.progressbar(length=1, label=label, file=sys.stderr) as bar:
        state = {"done": 0}

        def update(done: int, total: int, _message: str = "") -> None:
            bar.length = max(total, 1)
            bar.update(max(done - state["done"], 0))
            state["done"] = done

        yield update
