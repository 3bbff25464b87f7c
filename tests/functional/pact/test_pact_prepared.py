"""ListFootprints' compiled queries as prepared statements (``tanlu.web.pact.prepared``) and without Django's
health-check round trip (``tanlu.web.pact.compiled``): the same answers as the unprepared queries, one statement
per organization with its id written in, a revoked credential still stopped at once, a broken connection or a
deallocated statement recovered from, and the stored text compressed with lz4 on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tanlu.web.exchange.models import PublishedFootprint
from tanlu.web.pact import access, paging, prepared, services
from tanlu.web.pact.access import Caller

from .hosts import Supplier, get_token

POSTGRES = connection.vendor == "postgresql"
on_postgres = pytest.mark.skipif(not POSTGRES, reason="prepared statements are PostgreSQL's")


def _pages(who: Caller, major: str, *, limit: int = 1) -> list[str]:
    seen: list[str] = []
    after: int | None = 0
    while after is not None:
        documents, after = paging.page(who, major, after=after, limit=limit, keep=None)
        seen += documents
    return seen


def _callers(suppliers: tuple[Supplier, Supplier]) -> list[Caller]:
    return [
        Caller(caller.credential.client_id, caller.customer.pk, supplier.organization.pk)
        for supplier in suppliers
        for caller in supplier.callers
    ]


def _statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'tanlu_%%'")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
@pytest.mark.parametrize("major", ["3", "2"])
def test_prepared_pages_answer_as_unprepared_ones(
    two_suppliers: tuple[Supplier, Supplier], major: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    callers = _callers(two_suppliers)
    first = {who: _pages(who, major) for who in callers}
    again = {who: _pages(who, major, limit=2) for who in callers}  # the statements prepared by now
    monkeypatch.setattr(prepared, "preparable", lambda _connection: False)
    unprepared = {who: _pages(who, major) for who in callers}
    assert first == again == unprepared
    assert all(unprepared.values())
    assert unprepared[callers[0]] != unprepared[callers[2]]  # two organizations, nothing shared


@pytest.mark.django_db
@on_postgres
def test_each_organization_has_its_own_statement_with_its_id_written_in(
    two_suppliers: tuple[Supplier, Supplier],
) -> None:
    callers = _callers(two_suppliers)
    for who in callers:
        _pages(who, "3", limit=4)
    for (
        supplier
    ) in two_suppliers:  # one per organization (both its customers share it), with its id written in
        written = f'"exchange_publishedfootprint"."organization_id" = {supplier.organization.pk} '
        assert sum(written in text and text.endswith("LIMIT 5") for text in _statements()) == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)


def test_placeholders_are_numbered_and_literals_written() -> None:
    sql = "SELECT 1 WHERE a = %s AND b LIKE 'x%%' AND c = %s AND d > %s"
    assert prepared.numbered(sql) == "SELECT 1 WHERE a = $1 AND b LIKE 'x%' AND c = $2 AND d > $3"
    assert prepared.numbered(sql, {1: 42}) == "SELECT 1 WHERE a = $1 AND b LIKE 'x%' AND c = 42 AND d > $2"
    assert prepared.statement_name(sql, {1: 42}) != prepared.statement_name(sql, {1: 43})
    assert prepared.statement_name(sql, {}) == prepared.statement_name(sql, {})


@pytest.mark.django_db
def test_an_organization_written_in_must_be_an_integer() -> None:
    query = paging._page_query("3", 2)
    with pytest.raises(TypeError):
        query.rows(organization="1; DROP TABLE x", client="x", after=0)


@pytest.mark.django_db
@pytest.mark.parametrize(("major", "status"), [("3", 401), ("2", 400)])
def test_a_revoked_credential_stops_at_once_on_prepared_statements(
    two_suppliers: tuple[Supplier, Supplier], major: str, status: int
) -> None:
    a, _b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[0])
    url = f"{a.base}/{major}/footprints"
    for _ in range(3):  # prepared on the first, executed after
        assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}", secure=True).status_code == 200
    services.revoke(a.callers[0].credential)
    refused = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}", secure=True)
    assert (refused.status_code, refused.json()["code"]) == (status, "BadRequest")
    with pytest.raises(access.tokens.TokenRefused):
        access.caller_for(a.host.slug, token)


@pytest.mark.django_db
@pytest.mark.parametrize(("major", "status"), [("3", 401), ("2", 400)])
def test_a_revoked_credential_gets_the_token_error_before_any_other(
    two_suppliers: tuple[Supplier, Supplier], major: str, status: int
) -> None:
    """The page is read through the credential, so the credential is asked on its own before any other error:
    a revoked one answers the token error, as when it was checked before everything else."""
    a, _b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[0])
    url = f"{a.base}/{major}/footprints"
    bad = [
        f"{url}?limit=x",
        f"{url}?cursor=forged",
        f"{url}?limit=1&{'$filter=nonsense' if major == '2' else 'validAfter=soon'}",
    ]
    before = [client.get(u, HTTP_AUTHORIZATION=f"Bearer {token}", secure=True).status_code for u in bad]
    assert set(before) == {400}
    services.revoke(a.callers[0].credential)
    for u in bad:
        refused = client.get(u, HTTP_AUTHORIZATION=f"Bearer {token}", secure=True)
        assert (refused.status_code, refused.json()) == (
            status, {"code": "BadRequest", "message": "The access token is not valid."}
        ), u  # fmt: skip
    posted = client.post(url, HTTP_AUTHORIZATION=f"Bearer {token}", secure=True)
    assert posted.status_code == status


@pytest.mark.django_db
def test_a_page_is_one_query_the_credential_included(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[0])
    url = f"{a.base}/3/footprints?limit=2"
    client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}", secure=True)  # prepared on the first
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}", secure=True)
    assert answer.status_code == 200
    assert answer.has_header("Link")
    # in a test's transaction the plan setting is sent again each time (it would not outlast a rollback)
    sent = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET plan_cache_mode")]
    assert len(sent) == 1
    assert sent[0].startswith("EXECUTE tanlu_" if POSTGRES else "SELECT")
    if not POSTGRES:
        assert "pact_credential" in sent[0]


@pytest.mark.django_db
def test_a_live_credential_without_grants_gets_an_empty_page(
    two_suppliers: tuple[Supplier, Supplier],
) -> None:
    a, _b = two_suppliers
    services.set_grants(a.callers[1].customer, [])
    client = Client()
    token = get_token(client, a, a.callers[1])
    answer = client.get(f"{a.base}/3/footprints", HTTP_AUTHORIZATION=f"Bearer {token}", secure=True)
    assert (answer.status_code, answer.json(), answer.has_header("Link")) == (200, {"data": []}, False)


def _request_starts() -> None:
    """What Django does to the connection when a request begins (``close_if_unusable_or_obsolete``)."""
    connection.close_if_unusable_or_obsolete()


@pytest.mark.django_db(transaction=True)
@on_postgres
def test_the_first_query_stands_for_the_health_check(
    two_suppliers: tuple[Supplier, Supplier], monkeypatch: pytest.MonkeyPatch
) -> None:
    who = _callers(two_suppliers)[0]
    expected = _pages(who, "3")
    assert connection.health_check_enabled
    checks: list[bool] = []
    usable = connection.is_usable

    def counted() -> bool:
        checks.append(usable())
        return checks[-1]

    monkeypatch.setattr(connections["default"], "is_usable", counted)
    _request_starts()
    assert _pages(who, "3") == expected
    assert checks == []  # no SELECT 1 before the page
    with connection.cursor() as cursor:  # the connection dies (a restarted server, a dropped link)
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connection.copy()
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    _request_starts()
    assert _pages(who, "3") == expected  # opened again and answered
    assert checks == [False]


@pytest.mark.django_db(transaction=True)
@on_postgres
def test_a_deallocated_statement_is_prepared_again(two_suppliers: tuple[Supplier, Supplier]) -> None:
    who = _callers(two_suppliers)[0]
    expected = _pages(who, "3")
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert _pages(who, "3") == expected
    assert _statements()


@on_postgres
def test_the_served_text_is_compressed_with_lz4_where_the_server_has_it(
    two_suppliers: tuple[Supplier, Supplier],
) -> None:
    table = PublishedFootprint._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        has_lz4 = cursor.fetchone()[0]
        cursor.execute(
            "SELECT attcompression::text FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'body'",
            [table],
        )
        assert cursor.fetchone()[0] == ("l" if has_lz4 else "")
        cursor.execute(f"SELECT DISTINCT pg_column_compression(body) FROM {table}")  # noqa: S608 - the model's
        methods = {row[0] for row in cursor.fetchall()} - {None}
    assert methods == ({"lz4"} if has_lz4 else {"pglz"})


@pytest.mark.django_db
def test_the_plan_of_a_page_can_be_seen(two_suppliers: tuple[Supplier, Supplier]) -> None:
    """``Compiled.explain``, which the benchmark prints: on PostgreSQL the prepared statement's generic plan, which
    reads no footprint for a revoked credential (the one-time filter of the credential's ``EXISTS``)."""
    who = _callers(two_suppliers)[0]
    plan = paging._page_query("3", 2).explain(organization=who.organization_id, client=who.client_id, after=0)
    assert "exchange_publishedfootprint" in plan or "exchange_published" in plan
    if POSTGRES:
        assert "One-Time Filter" in plan
