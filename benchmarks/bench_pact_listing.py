"""Benchmark: paging through PACT ListFootprints of an organization with N published footprints (default 1,000,000).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bench_pact_listing.py
    .venv/bin/python benchmarks/bench_pact_listing.py --footprints 20000       # SQLite, for a quick look
    options: --footprints N --limit 100 --pages P (stop after P pages; default: to the end) --database NAME
             --keep-database (seed once, measure again with --reuse)

Target (issue #8): pages of 100 at >= 500 requests/s with p99 under 100 ms, on PostgreSQL.

With ``DATABASE_URL`` a dedicated PostgreSQL database (``--database``, default ``tanlu_bench_pact``) is created,
migrated and dropped at the end; without it a scratch SQLite file is used.  One organization publishes N PACT v3.0
footprints (the official example 1 with fresh ids, two versions per product: Deprecated then Active), bulk inserted
by the database itself (``INSERT … SELECT generate_series``; on SQLite by ``bulk_create``), and one customer may see
every product.  The customer takes a token at ``/auth/token`` and then follows ``Link: rel="next"`` from
``/3/footprints?limit=100`` to the last page, each request through Django's whole HTTP stack (the test client:
middleware, URL routing, token check, the query, JSON response) in production settings (TANLU_DEBUG off).
Requests run one after the other in this one process, as a PACT client pages (each link comes from the previous
answer), so requests/s is the inverse of the mean latency of one request on one core.

With ``--server`` the same data is served by ``tanlu serve`` (``--workers`` processes, production settings, as
behind a TLS-terminating proxy: ``X-Forwarded-Proto: https``) and ``--clients`` PACT clients page concurrently for
``--seconds``: ``wrk`` (``apt-get install wrk``) with ``benchmarks/pact_listing.lua``, one connection per client,
each starting at its share of the listing and following ``Link`` as a client does.  Requests/s is then what the
machine serves; wrk, written in C, leaves nearly all of the CPU to the server and the database.  That run is
``pact_listing_server.py``, beside this script.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bench_pact_listing.py \
        --server --clients 4 --workers 2 --seconds 30
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

from pact_listing_server import load, serve_and_measure  # beside this script

EXAMPLE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pact" / "v3" / "example-1.json"
BATCH = 50_000


def _postgres(url: str, database: str, *, create: bool, keep: bool = False) -> str:
    import psycopg  # noqa: PLC0415

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not (keep and exists):
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            if create:
                connection.execute(f'CREATE DATABASE "{database}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(line.split()[1]) / 2**20
            for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
            if line.startswith("MemTotal")
        ),
        0.0,
    )
    return f"{os.cpu_count()} CPUs, {cpu}, {memory:.0f} GiB; Python {platform.python_version()}"


def seed(count: int) -> tuple[str, str, str]:
    """The organization, its host and a customer seeing every product; ``count`` footprints.  Returns the host's
    slug, the customer's client id and secret."""
    from django.db import connection, transaction  # noqa: PLC0415

    from tanlu.web.accounts.models import Organization, OrganizationKind  # noqa: PLC0415
    from tanlu.web.exchange.models import PublishedFootprint, served_text  # noqa: PLC0415
    from tanlu.web.pact import services  # noqa: PLC0415
    from tanlu.web.pact.models import Grant  # noqa: PLC0415

    template = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    organization = Organization.objects.create(name="Bench supplier", kind=OrganizationKind.SUPPLIER)
    other = Organization.objects.create(name="Bench other", kind=OrganizationKind.SUPPLIER)
    host = services.host_for(organization)
    customer = services.add_customer(organization, "Bench customer")
    credential, secret = services.issue_credential(customer, None)
    products = (count + 1) // 2
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        table = PublishedFootprint._meta.db_table
        with connection.cursor() as cursor:
            for first in range(0, count, BATCH):
                last = min(count, first + BATCH) - 1
                cursor.execute(
                    f"""
                    INSERT INTO {table}
                        (organization_id, spec, pf_id, product_id, status, document, body, created_at, updated_at)
                    SELECT %(org)s, '3.0', u.id, 'P' || (u.g / 2), s.status, d.document, d.document::text,
                           now(), now()
                    FROM (SELECT g, gen_random_uuid()::text AS id
                          FROM generate_series(%(first)s, %(last)s) AS g) AS u,
                         LATERAL (SELECT CASE WHEN u.g %% 2 = 0 AND u.g + 1 < %(count)s THEN 'Deprecated'
                                              ELSE 'Active' END AS status) AS s,
                         LATERAL (SELECT %(template)s::jsonb || jsonb_build_object(
                                      'id', u.id, 'status', s.status,
                                      'productIds', jsonb_build_array('urn:tanlu:bench:P' || (u.g / 2)))
                                  AS document) AS d
                    """,  # noqa: S608 - the table name is the model's
                    {"org": organization.pk, "template": json.dumps(template), "first": first, "last": last,
                     "count": count},
                )  # fmt: skip
                print(f"  seeded {last + 1:,} footprints, {time.perf_counter() - started:.0f} s", flush=True)
            # another organization's rows in the same table, as on a shared deployment
            cursor.execute(
                f"""INSERT INTO {table}
                        (organization_id, spec, pf_id, product_id, status, document, body, created_at, updated_at)
                    SELECT %(org)s, '3.0', gen_random_uuid()::text, 'P' || g, 'Active', %(template)s::jsonb,
                           %(template)s, now(), now()
                    FROM generate_series(0, %(n)s) AS g""",  # noqa: S608 - the table name is the model's
                {"org": other.pk, "template": json.dumps(template), "n": min(count, 10_000)},
            )
            cursor.execute(
                f"""INSERT INTO {Grant._meta.db_table} (organization_id, customer_id, product_id)
                    SELECT %(org)s, %(customer)s, 'P' || g FROM generate_series(0, %(n)s) AS g""",  # noqa: S608
                {"org": organization.pk, "customer": customer.pk, "n": products - 1},
            )
            cursor.execute(f"VACUUM (ANALYZE) {table}")  # as autovacuum would: visibility map set, statistics
            cursor.execute(f"VACUUM (ANALYZE) {Grant._meta.db_table}")
    else:
        for first in range(0, count, BATCH):
            rows = []
            for n in range(first, min(count, first + BATCH)):
                pf_id = str(uuid.uuid4())
                status = "Deprecated" if n % 2 == 0 and n + 1 < count else "Active"
                document = {
                    **template,
                    "id": pf_id,
                    "status": status,
                    "productIds": [f"urn:tanlu:bench:P{n // 2}"],
                }
                rows.append(PublishedFootprint(organization=organization, spec="3.0", pf_id=pf_id,
                                               product_id=f"P{n // 2}", status=status, document=document,
                                               body=served_text(document)))  # fmt: skip
            with transaction.atomic():
                PublishedFootprint.objects.bulk_create(rows, batch_size=2000)
            print(
                f"  seeded {first + len(rows):,} footprints, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
        Grant.objects.bulk_create(
            (
                Grant(organization=organization, customer=customer, product_id=f"P{n}")
                for n in range(products)
            ),
            batch_size=5000,
        )
    print(f"seeded {count:,} footprints ({products:,} products) in {time.perf_counter() - started:.1f} s")
    return host.slug, credential.client_id, secret


def existing() -> tuple[str, str, str]:
    """A kept database's host and a fresh credential of its customer (the secret of the first one is gone)."""
    from tanlu.web.pact import services  # noqa: PLC0415
    from tanlu.web.pact.models import Customer, PactHost  # noqa: PLC0415

    customer = Customer.objects.get(name="Bench customer")
    credential, secret = services.issue_credential(customer, None)
    return PactHost.objects.get(organization=customer.organization).slug, credential.client_id, secret


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(slug: str, client_id: str, secret: str, *, limit: int, pages: int | None) -> dict[str, Any]:
    import base64  # noqa: PLC0415

    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    client = Client()
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    answer = client.post(
        f"/pact/{slug}/auth/token", "grant_type=client_credentials",
        content_type="application/x-www-form-urlencoded", HTTP_AUTHORIZATION=f"Basic {basic}", secure=True,
    )  # fmt: skip
    assert answer.status_code == 200, answer.content
    bearer = f"Bearer {answer.json()['access_token']}"
    first = f"/pact/{slug}/3/footprints?limit={limit}"
    queries: list[str] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    client.get(first, HTTP_AUTHORIZATION=bearer, secure=True)  # the connection opens on the first call
    with connection.execute_wrapper(capture):
        client.get(first, HTTP_AUTHORIZATION=bearer, secure=True)
    url: str | None = first
    latencies: list[float] = []
    seen = 0
    size = 0
    started = time.perf_counter()
    while url is not None and (pages is None or len(latencies) < pages):
        clock = time.perf_counter()
        response = client.get(url, HTTP_AUTHORIZATION=bearer, secure=True)
        latencies.append(time.perf_counter() - clock)
        assert response.status_code == 200, response.content[:500]
        body = response.content
        size += len(body)
        seen += body.count(b'"specVersion"')
        link = response.headers.get("Link")
        url = link.split(">", 1)[0].lstrip("<") if link else None
        if len(latencies) % 1000 == 0:
            print(
                f"  {len(latencies):,} pages, {seen:,} footprints, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
    elapsed = time.perf_counter() - started
    return {
        "pages": len(latencies), "footprints": seen, "elapsed": elapsed, "rate": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.5), "p90": percentile(latencies, 0.9), "p99": percentile(latencies, 0.99),
        "max": max(latencies), "mean": statistics.fmean(latencies), "bytes": size / len(latencies),
        "queries": queries, "complete": url is None,
    }  # fmt: skip


def explain(slug: str, limit: int) -> str:
    """The plan of a page's query in the middle of the listing, as the server runs it: the compiled query with the
    credential's lookup (PostgreSQL: EXPLAIN ANALYZE of its prepared statement, the generic plan it uses)."""
    from tanlu.web.pact import paging, services  # noqa: PLC0415
    from tanlu.web.pact.models import Credential, PactHost  # noqa: PLC0415

    host = PactHost.objects.get(slug=slug)
    credential = (
        Credential.objects.filter(organization_id=host.organization_id, revoked_at__isnull=True)
        .select_related("customer__organization")
        .latest("id")
    )
    visible = services.visible(credential.customer, "3")
    middle = visible.order_by("pk").values_list("pk", flat=True)[visible.count() // 2]
    query = paging._page_query("3", limit + 1)  # the very query the server sends
    return query.explain(organization=host.organization_id, client=credential.client_id, after=middle)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--footprints", type=int, default=1_000_000)
    parser.add_argument("--limit", type=int, default=100, help="footprints a page")
    parser.add_argument("--pages", type=int, help="stop after this many pages (default: page to the end)")
    parser.add_argument(
        "--database", default="tanlu_bench_pact", help="PostgreSQL database created and dropped"
    )
    parser.add_argument("--keep-database", action="store_true", help="leave the seeded database for --reuse")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database kept by --keep-database (and keep it)"
    )
    parser.add_argument(
        "--server",
        action="store_true",
        help="concurrent clients (wrk) through `tanlu serve` instead of one client",
    )
    parser.add_argument("--clients", type=int, default=4, help="with --server: concurrent clients")
    parser.add_argument("--seconds", type=int, default=30, help="with --server: length of the run")
    parser.add_argument("--workers", type=int, default=2, help="with --server: web server processes")
    parser.add_argument("--threads", type=int, default=1, help="with --server: threads per process")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="tanlu-bench-pact-"))
    (data_dir / "static").mkdir()
    postgres = os.environ.get("DATABASE_URL", "")
    os.environ.update({
        "TANLU_DEBUG": "false", "TANLU_SECRET_KEY": secrets.token_urlsafe(50), "TANLU_ALLOWED_HOSTS": "testserver,127.0.0.1",
        "TANLU_DATA_DIR": str(data_dir), "TANLU_EMAIL_URL": "memory:", "TANLU_LOG_LEVEL": "warning",
    })  # fmt: skip
    if postgres:
        os.environ["DATABASE_URL"] = _postgres(postgres, args.database, create=True, keep=args.reuse)
    print(f"PACT ListFootprints benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {machine()}; load average (1, 5, 15 min): {load()}")
    try:
        from tanlu.cli.django_setup import setup  # noqa: PLC0415

        setup()
        from django.core.management import call_command  # noqa: PLC0415
        from django.db import connection  # noqa: PLC0415

        version = connection.cursor().connection.info.server_version if postgres else 0
        engine = f"PostgreSQL {version // 10000}.{version % 10000}" if postgres else "SQLite"
        print(f"database: {engine}; {args.footprints:,} footprints, pages of {args.limit}")
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        slug, client_id, secret = existing() if args.reuse else seed(args.footprints)
        print(f"load average after seeding: {load()}")
        if args.server:
            result = serve_and_measure(
                slug, client_id, secret, limit=args.limit, clients=args.clients, seconds=args.seconds,
                workers=args.workers, threads=args.threads,
            )  # fmt: skip
        else:
            result = measure(slug, client_id, secret, limit=args.limit, pages=args.pages)
        plan = explain(slug, args.limit)
    finally:
        if postgres and not (args.keep_database or args.reuse):  # a reused database stays for the next run
            from django.db import connections  # noqa: PLC0415

            connections.close_all()
            _postgres(postgres, args.database, create=False)
    print(f"load average after the run: {load()}")
    return verdict(args, result, plan)


def verdict(args: argparse.Namespace, result: dict[str, Any], plan: str) -> int:
    """Print the run's figures and whether they meet the target; the exit status."""
    print("plan of a page's query (middle of the listing):")
    print("  " + plan.replace("\n", "\n  "))
    if args.server:
        print(
            f"{args.clients} clients through tanlu serve ({args.workers} processes x {args.threads} threads) for "
            f"{args.seconds} s: {result['rate']:.0f} requests/s, p50 {result['p50'] * 1000:.1f} ms, "
            f"p99 {result['p99'] * 1000:.1f} ms{'; some requests failed' if result['failed'] else ''}"
        )
        cpu = result["cpu_ms"]
        print(
            f"CPU a request: web server {cpu['web']:.2f} ms, PostgreSQL {cpu['postgres']:.2f} ms, wrk "
            f"{cpu['wrk']:.2f} ms; other processes used {result['other_cores']:.2f} cores during the run"
        )
        outcome = "PASS" if result["rate"] >= 500 and result["p99"] < 0.1 and not result["failed"] else "FAIL"
        print(f"target >= 500 requests/s and p99 < 100 ms: {outcome}")
        return 0 if outcome == "PASS" else 1
    print(f"queries of one page ({len(result['queries'])}):")
    for sql in result["queries"]:
        print(f"  {sql[:300]}")
    print(
        f"paged {result['pages']:,} pages, {result['footprints']:,} footprints "
        f"({'to the end' if result['complete'] else 'stopped early'}) in {result['elapsed']:.1f} s: "
        f"{result['rate']:.0f} requests/s, {result['bytes'] / 1024:.0f} KiB a page"
    )
    print(
        f"latency: p50 {result['p50'] * 1000:.1f} ms, p90 {result['p90'] * 1000:.1f} ms, "
        f"p99 {result['p99'] * 1000:.1f} ms, max {result['max'] * 1000:.1f} ms, mean {result['mean'] * 1000:.1f} ms"
    )
    outcome = "PASS" if result["rate"] >= 500 and result["p99"] < 0.1 else "FAIL"
    print(f"target >= 500 requests/s and p99 < 100 ms: {outcome}")
    return 0 if outcome == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
