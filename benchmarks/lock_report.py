"""The summary of ``bench_submissions.py --trace-locks``: who held SQLite's write lock, how long, and who waited.

The lines come from ``benchmarks/locktrace/sitecustomize.py`` (one file per process). Printed per role: the
background worker's holds (count, p50, p99, max, the time they add up to, and the functions of the longest),
and the web processes' waits for the lock at ``BEGIN IMMEDIATE``, the share of a submission's latency the
lock explains.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

LABEL_OVER = 0.020
ROLE_NAMES = {"worker": "background worker", "web": "web processes", "other": "other processes"}


def _quantile(values: list[float], q: float) -> float:
    return values[int(q * (len(values) - 1))] if values else 0.0


def _line(name: str, values: list[float]) -> str:
    values.sort()
    return (
        f"  {name}: {len(values)}, p50 {_quantile(values, 0.5) * 1000:.1f} ms, p99 "
        f"{_quantile(values, 0.99) * 1000:.1f} ms, max {(values[-1] if values else 0) * 1000:.1f} ms, "
        f"{sum(values):.2f} s in all, {sum(v > 0.1 for v in values)} over 100 ms"
    )


def report(directory: Path, window: tuple[float, float] = (0.0, float("inf")), top: int = 8) -> str:
    """The summary of every trace file in ``directory``, of the events that started within ``window``
    (``time.monotonic()``, the same clock in every process)."""
    events: dict[tuple[str, str], list[float]] = defaultdict(list)
    longest: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for path in sorted(directory.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            kind, role, start, seconds, label = [*line.split("\t"), ""][:5]
            if not window[0] <= float(start) <= window[1]:
                continue
            events[role, kind].append(float(seconds))
            if kind in ("hold", "auto") and label and (role != "web" or float(seconds) > LABEL_OVER):
                longest[role].append((float(seconds), f"{kind} {label}"))
    out = ["SQLite write lock during the load (benchmarks/locktrace):"]
    for role in ("worker", "web", "other"):
        kinds = {kind: values for (r, kind), values in events.items() if r == role}
        if not kinds:
            continue
        out.append(f" {ROLE_NAMES[role]}:")
        for kind, name in (("hold", "transactions held it"), ("auto", "single writes held it"),
                           ("wait", "waits for it at BEGIN")):  # fmt: skip
            if kind in kinds:
                out.append(_line(name, kinds[kind]))
        by_label: dict[str, list[float]] = defaultdict(list)
        for held, where in longest[role]:
            by_label[where].append(held)
        ranked = sorted(by_label.items(), key=lambda item: -max(item[1]))[:top]
        for where, values in ranked:
            values.sort()
            out.append(f"    {where}: {len(values)}, p50 {_quantile(values, 0.5) * 1000:.1f} ms, max "
                       f"{values[-1] * 1000:.0f} ms, {sum(values):.2f} s")  # fmt: skip
    return "\n".join(out)


def nice_of(pid: int) -> int | None:
    """The nice value of a process (``/proc/<pid>/stat`` field 19), or None when it is gone."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])
    except (OSError, IndexError, ValueError):
        return None


def worker_pids(pids: set[int]) -> set[int]:
    """Those of ``pids`` that run ``tanlu worker`` (the worker ``tanlu serve`` embeds)."""
    found = set()
    for pid in pids:
        try:
            words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"worker" in words and os.getpid() != pid:
            found.add(pid)
    return found
