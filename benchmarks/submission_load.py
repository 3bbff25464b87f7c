"""The load generator of ``bench_submissions.py``: one complete survey submission per personal link, open loop.

Request *i* is due at ``i / rate`` seconds whatever the server does; latency is measured from that moment, so
queueing behind a slow server counts. ``wrk`` with ``submissions.lua`` when it is installed (C, one thread, nearly
all the CPU left to the server), else the asyncio generator here. A CSRF cookie and token are fetched once and
reused for every POST, as one browser would.
"""

from __future__ import annotations

import asyncio
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ANSWERS: list[tuple[str, str]] = [
    ("wave1", "yes"), ("company_type", "supplier"), ("function", "sqe"), ("function", "operations"),
    ("pcf_disclosure", "yes"), ("pcf_disclosure_sample", "产品碳足迹声明发布在官网 https://example.com/epd"),
    ("supplier_disclosure_requirement", "specific_products"), ("supplier_data_handling", "verified"),
    ("supplier_target_binding", "important_factor"), ("product_pcf_disclosure", "no"),
    ("carbon_accounting_approach", "in_house"), ("it_system", "third_party"), ("measurement_scope", "scope1"),
    ("measurement_scope", "scope2"), ("main_difficulty", "raw_data"), ("main_difficulty", "other"),
    ("main_difficulty_other", "供应商数据质量参差不齐"), ("green_energy_relocation", "obstacles"),
    ("relocation_factors", "fiscal_policy"), ("relocation_factors", "green_finance"), ("aiag_support", "training"),
    ("page", "all"), ("action", "next"),
]  # fmt: skip


class Connection:
    """One keep-alive HTTP/1.1 connection (the server is ours and answers with Content-Length)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(raw)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))  # type: ignore[union-attr]
        body = await self.reader.readexactly(length) if length else b""
        if re.search(rb"(?i)connection:\s*close", head):
            self.writer.close()
            self.writer = None
        return status, head + body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _post(path: str, body: bytes, cookie: str) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nCookie: {cookie}\r\nConnection: keep-alive\r\n\r\n"
    ).encode() + body


async def _warm_up(port: int, token: str, cookie: str) -> None:
    """Every worker process parses the form and imports its views once before the clock starts."""
    get = f"GET /s/{token}/?page=all HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n\r\n".encode()
    connections = [Connection(port) for _ in range(16)]
    for _ in range(5):
        await asyncio.gather(*(connection.request(get) for connection in connections), return_exceptions=True)
    for connection in connections:
        connection.close()


def _form(port: int, token: str) -> tuple[str, bytes]:
    """One GET for a CSRF cookie and token, reused for every POST (as one browser would): cookie, form body."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/s/{token}/?page=0") as reply:
        cookie = "; ".join(h.split(";", 1)[0] for h in reply.headers.get_all("Set-Cookie") or [])
        html = reply.read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    return cookie, urllib.parse.urlencode([*ANSWERS, ("csrfmiddlewaretoken", csrf)]).encode()


def _summary(
    sent: int, acknowledged: int, failures: dict[str, int], elapsed: float, latencies: list[float]
) -> dict:  # type: ignore[type-arg]
    latencies.sort()
    if not latencies:
        latencies = [float("nan")]
    return {
        "sent": sent,
        "acknowledged": acknowledged,
        "failures": failures,
        "elapsed": elapsed,
        "p50": statistics.median(latencies),
        "p90": latencies[int(0.90 * (len(latencies) - 1))],
        "p95": latencies[int(0.95 * (len(latencies) - 1))],
        "p99": latencies[int(0.99 * (len(latencies) - 1))],
        "max": latencies[-1],
    }


def generate_wrk(  # noqa: PLR0917 - the same arguments as generate(), plus the work directory
    port: int,
    tokens: list[str],
    rate: float,
    duration: float,
    connections: int,
    work: Path,
    *,
    keep_alive: bool,
) -> dict:  # type: ignore[type-arg]
    """The same schedule from wrk and submissions.lua; stops wrk once every thread has its last answer."""
    cookie, form = _form(port, tokens[-1])
    asyncio.run(_warm_up(port, tokens[-1], cookie))
    total = int(rate * duration)
    (work / "tokens-wrk.txt").write_text("\n".join(tokens[:total]), encoding="utf-8")
    (work / "body.txt").write_bytes(form)
    out = work / "wrk-results.txt"
    threads = 1
    start = time.monotonic() + 1.0
    command = [
        "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{int(duration + 60)}s", "--timeout", "30s",
        "-s", str(Path(__file__).with_name("submissions.lua")), f"http://127.0.0.1:{port}",
        "--", str(work / "tokens-wrk.txt"), str(work / "body.txt"), cookie, str(rate), f"{start:.6f}", str(out),
        str(threads), "keep-alive" if keep_alive else "close",
    ]  # fmt: skip
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # noqa: S603
    markers = [Path(f"{out}.{n}.done") for n in range(threads)]
    while wrk.poll() is None and not all(marker.exists() for marker in markers):
        time.sleep(0.2)
    if wrk.poll() is None:
        wrk.send_signal(signal.SIGINT)
    report = wrk.communicate(timeout=60)[0]
    if not out.exists():
        raise SystemExit(f"wrk wrote no results:\n{report}")
    latencies: list[float] = []
    failures: dict[str, int] = {}
    acknowledged, answered, last = 0, 0, 0.0
    for line in out.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            for kind, count in zip(line.split()[2::2], line.split()[3::2], strict=True):
                if int(count) and kind != "status":  # non-2xx/3xx answers are counted below, by status
                    failures[f"socket {kind}"] = int(count)
            continue
        due, latency, status = line.split()
        answered += 1
        if due != "nan":
            latencies.append(float(latency))
            last = max(last, float(due) + float(latency))
        if status == "ok":
            acknowledged += 1
        else:
            failures[f"HTTP {status}"] = failures.get(f"HTTP {status}", 0) + 1
    if answered < total:
        failures["no answer"] = total - answered
    if failures:
        print(report, file=sys.stderr)
    return _summary(total, acknowledged, failures, last, latencies)


async def generate(port: int, tokens: list[str], rate: float, duration: float, connections: int) -> dict:  # type: ignore[type-arg]
    cookie, form = _form(port, tokens[-1])
    total = int(rate * duration)
    await _warm_up(port, tokens[-1], cookie)
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(Connection(port))
    latencies: list[float] = []
    failures: dict[str, int] = {}
    acknowledged = 0
    start = time.perf_counter() + 0.5

    async def one(index: int) -> None:
        nonlocal acknowledged
        due = start + index / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        connection = await pool.get()
        try:
            status, raw = await connection.request(_post(f"/s/{tokens[index]}/", form, cookie))
            if status == 302 and b"thanks=1" in raw:
                acknowledged += 1
            else:
                key = f"HTTP {status}"
                failures[key] = failures.get(key, 0) + 1
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            connection.close()
            connection.writer = None
            failures[type(error).__name__] = failures.get(type(error).__name__, 0) + 1
        finally:
            latencies.append(time.perf_counter() - due)
            pool.put_nowait(connection)

    await asyncio.gather(*(one(index) for index in range(total)))
    elapsed = time.perf_counter() - start
    for connection in list(pool._queue):
        connection.close()
    return _summary(total, acknowledged, failures, elapsed, latencies)
