"""The ``--server`` run of ``bench_pact_listing.py``: ``tanlu serve`` on loopback with PACT clients paging through it
concurrently (wrk with ``pact_listing.lua``), and the CPU each request cost the web server, PostgreSQL and wrk,
read from ``/proc`` before and after the run. The seeding, the one-client run and the verdict are the script's.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any


def load() -> str:
    """The load average (1, 5, 15 minutes), printed around each run: the machine is shared."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def starts(slug: str, client_id: str, *, clients: int, limit: int) -> list[str]:
    """One ListFootprints path per client, each with a signed cursor at the start of its share of the listing (a
    whole number of pages), so the clients together page through every footprint once before any repeats."""
    from tanlu.web.pact import paging, services  # noqa: PLC0415
    from tanlu.web.pact.models import Credential  # noqa: PLC0415

    customer = Credential.objects.select_related("customer__organization").get(client_id=client_id).customer
    visible = services.visible(customer, "3")
    ids = visible.order_by("pk").values_list("pk", flat=True)
    count = visible.count()
    share = -(-count // clients // limit) * limit or limit
    paths = []
    for k in range(clients):
        after = ids[k * share - 1] if 0 < k * share <= count else 0
        cursor = paging.sign(paging.Cursor(after, limit, []), slug=slug, client_id=client_id)
        paths.append(f"/pact/{slug}/3/footprints?cursor={cursor}")
    return paths


def _ticks(pid: int) -> tuple[int, int] | None:
    """(parent pid, CPU ticks used so far) of a process, from /proc (None once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), int(fields[11]) + int(fields[12])  # ppid; utime + stime


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def cpu_snapshot(server: int, database: str) -> dict[str, float]:
    """CPU seconds used so far by the web server (its master and workers), by PostgreSQL's backends of
    ``database``, and by the whole machine (every core, busy time), to share a run's CPU out by request."""
    tick = os.sysconf("SC_CLK_TCK")
    web = pg = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        found = _ticks(pid)
        if found is None:
            continue
        parent, ticks = found
        if server in (pid, parent):
            web += ticks
        elif database and _cmdline(pid).startswith("postgres: ") and f" {database} " in _cmdline(pid):
            pg += ticks
    # the first line of /proc/stat: user nice system idle iowait irq softirq steal guest guest_nice (all cores)
    user, nice, system, _idle, _iowait, irq, softirq = (
        int(v) for v in Path("/proc/stat").read_text(encoding="ascii").split()[1:8]
    )
    busy = user + nice + system + irq + softirq
    return {"web": web / tick, "postgres": pg / tick, "machine": busy / tick}


def serve_and_measure(
    slug: str,
    client_id: str,
    secret: str,
    *,
    limit: int,
    clients: int,
    seconds: int,
    workers: int,
    threads: int,
) -> dict[str, Any]:
    """``clients`` PACT clients (wrk, one connection each, ``pact_listing.lua``) paging concurrently for
    ``seconds`` through ``tanlu serve`` on loopback, as behind a TLS-terminating proxy."""
    import base64  # noqa: PLC0415
    import socket  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    work = Path(os.environ["TANLU_DATA_DIR"])
    env = {**os.environ, "TANLU_SECURE_PROXY_SSL_HEADER": "true", "TANLU_EMBEDDED_WORKER": "false"}
    log = (work / "server.log").open("w")
    command = [sys.executable, "-m", "tanlu", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers), "--threads", str(threads), "--no-access-log"]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603 - our command
    base = f"http://127.0.0.1:{port}"
    try:
        # up to 10 minutes: the server collects the static files first, slow on a busy machine; the probe says
        # https as the proxy does, or it would be redirected
        probe = urllib.request.Request(f"{base}/healthz", headers={"X-Forwarded-Proto": "https"})  # noqa: S310
        deadline = time.monotonic() + 600
        while True:
            try:
                urllib.request.urlopen(probe, timeout=5).read()  # noqa: S310 - loopback
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        token_request = urllib.request.Request(  # noqa: S310 - loopback
            f"{base}/pact/{slug}/auth/token", data=b"grant_type=client_credentials", method="POST",
            headers={"Authorization": f"Basic {basic}", "X-Forwarded-Proto": "https",
                     "Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        with urllib.request.urlopen(token_request) as answer:  # noqa: S310 - loopback
            token = json.loads(answer.read())["access_token"]
        paths = starts(slug, client_id, clients=clients, limit=limit)
        (work / "starts.txt").write_text("\n".join(paths) + "\n", encoding="utf-8")
        script = str(Path(__file__).with_name("pact_listing.lua"))
        wrk = ["wrk", "-t", str(clients), "-c", str(clients), "--latency", "--timeout", "10s", "-s", script, base,
               "--", str(work / "starts.txt"), token]  # fmt: skip
        subprocess.run([*wrk[:1], "-d", "3s", *wrk[1:]], check=True, capture_output=True)  # noqa: S603 - warm-up
        print(f"load average before the run: {load()}")
        database = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
        before, children = cpu_snapshot(server.pid, database), resource.getrusage(resource.RUSAGE_CHILDREN)
        report = subprocess.run(  # noqa: S603 - wrk
            [*wrk[:1], "-d", f"{seconds}s", *wrk[1:]], check=True, capture_output=True, text=True
        ).stdout
        after, wrk_usage = cpu_snapshot(server.pid, database), resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(report.rstrip())
    used = {key: after[key] - before[key] for key in before}
    used["wrk"] = (wrk_usage.ru_utime + wrk_usage.ru_stime) - (children.ru_utime + children.ru_stime)
    return wrk_figures(report, used, seconds)


def wrk_figures(report: str, used: dict[str, float], seconds: int) -> dict[str, Any]:
    """Requests/s, p50 and p99 of wrk's ``report``, and the CPU seconds ``used`` during the run shared out by
    request (``other``: the machine's busy time not spent by the server, PostgreSQL or wrk)."""
    import re  # noqa: PLC0415

    def milliseconds(label: str) -> float:
        found = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", report)
        assert found, report
        return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    count = re.search(r"(\d+) requests in", report)
    assert rate, report
    assert count, report
    requests = int(count.group(1)) or 1
    used["other"] = max(0.0, used["machine"] - used["web"] - used["postgres"] - used["wrk"])
    return {"rate": float(rate.group(1)), "p50": milliseconds("50") / 1000, "p99": milliseconds("99") / 1000,
            "failed": "Non-2xx" in report or "Socket errors" in report,
            "cpu_ms": {key: value * 1000 / requests for key, value in used.items()},
            "other_cores": used["other"] / seconds}  # fmt: skip
