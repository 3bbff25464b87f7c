"""The compiled queries of the PACT API's hot path as prepared statements of the PostgreSQL connection.

Planning was 15 % of PostgreSQL's CPU for a page of ListFootprints (``docs/performance.md``, PACT section), for a
query whose plan is the same every time.  psycopg prepares a statement when asked (``execute(..., prepare=True)``)
only on a connection with a ``prepare_threshold``, which Django sets to None, and only on a server-side binding
cursor, which Django does not use; so the statement is prepared in SQL instead, through Django's own cursor
(``PREPARE name AS …`` once per connection, then ``EXECUTE name(…)``): the same driver, error translation and
``execute_wrapper`` hooks as every other query.

**The plan.**  Left to itself PostgreSQL plans a prepared statement anew for each execution as long as the
generic plan looks dearer, which it did for every page (so nothing was saved), and may switch to the generic plan
at any time.  The generic plan does not know the organization; on the benchmark's data it walks the primary key
and filters by organization, which for a small organization next to a large one read a million rows for one page
(3.1 s, measured).  So the organization is written into the statement (one statement per organization, version
and page size; ``inline`` below), the connection uses the generic plan of our statements at once
(``plan_cache_mode``), and that plan is made with the organization's own statistics, as an unprepared query's is.
What remains a parameter (the customer, the cursor's row id, the client id) does not change the plan.

Which statements a connection holds is kept beside it (:func:`rows`), at most :data:`HELD` (the oldest are
deallocated); a new connection (Django closed the old one after ``CONN_MAX_AGE`` or an error) starts with none.  A
statement that has gone anyway (a ``DEALLOCATE`` by someone else) is prepared again when that can be done safely,
outside a transaction.  Behind a pooler in transaction mode a session's statements do not follow it; such
deployments set ``DISABLE_SERVER_SIDE_CURSORS`` (Django's setting for them), and then the queries are sent as
before, unprepared, as they are on other databases (SQLite) and with psycopg's server-side binding (whose unnamed
statements ``plan_cache_mode`` would also reach).
"""

from __future__ import annotations

import hashlib
import re
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from django.db import ProgrammingError
from django.db.backends.base.base import BaseDatabaseWrapper

#: SQLSTATE of "prepared statement … does not exist"
MISSING_STATEMENT = "26000"
#: prepared statements kept on one connection
HELD = 64
_PLACEHOLDER = re.compile(r"%(s|%)")


def preparable(connection: BaseDatabaseWrapper) -> bool:
    """Whether queries on ``connection`` are sent as prepared statements."""
    settings = connection.settings_dict
    return (
        connection.vendor == "postgresql"
        and not settings.get("DISABLE_SERVER_SIDE_CURSORS")
        and not settings.get("OPTIONS", {}).get("server_side_binding")
    )


def statement_name(sql: str, literals: Mapping[int, int]) -> str:
    """A name for the statement of ``sql`` with these literals: the same in every process, different otherwise."""
    text = sql + "".join(f"\x00{position}={value}" for position, value in sorted(literals.items()))
    return "tanlu_" + hashlib.sha256(text.encode()).hexdigest()[:24]


def numbered(sql: str, literals: Mapping[int, int] | None = None) -> str:
    """``sql`` with the driver's ``%s`` placeholders as PostgreSQL's ``$1, $2, …``, ``%%`` as ``%``, and the
    placeholders at the positions of ``literals`` (counted from 0) as those integers."""
    written = dict(literals or {})
    position = count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal position, count
        if match.group(1) == "%":
            return "%"
        position += 1
        if position - 1 in written:
            return str(int(written[position - 1]))
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(replace, sql)


def rows(
    connection: BaseDatabaseWrapper, sql: str, params: list[Any], literals: Mapping[int, int]
) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` with ``params``: as a prepared statement of the connection where :func:`preparable`
    (prepared on its first use there, with the parameters at the positions of ``literals`` written into it as
    those integers); sent as it is otherwise."""
    with connection.cursor() as cursor:
        if not preparable(connection):
            cursor.execute(sql, params)
            return list(cursor.fetchall())
        name, execute, values = _execute(sql, params, literals)
        session = _session(connection)
        if not session.generic:
            # in a transaction the setting lasts only if it commits, so it is set again until set outside one
            cursor.execute("SET plan_cache_mode = force_generic_plan")
            session.generic = not connection.in_atomic_block
        if name in session.held:
            session.held.move_to_end(name)
        else:
            session.prepare(cursor, name, numbered(sql, literals))
        try:
            cursor.execute(execute, values)
        except ProgrammingError as error:
            if getattr(error.__cause__, "sqlstate", None) != MISSING_STATEMENT or connection.in_atomic_block:
                raise
            # someone deallocated the connection's statements (DISCARD ALL resets the setting too): again
            session.held.clear()
            cursor.execute("SET plan_cache_mode = force_generic_plan")
            session.prepare(cursor, name, numbered(sql, literals))
            cursor.execute(execute, values)
        return list(cursor.fetchall())


def explain(connection: BaseDatabaseWrapper, sql: str, params: list[Any], literals: Mapping[int, int]) -> str:
    """PostgreSQL's ``EXPLAIN (ANALYZE, BUFFERS)`` of the prepared statement :func:`rows` runs for these values:
    the plan the server uses (for the benchmark and for looking into a slow page)."""
    rows(connection, sql, params, literals)  # prepared on this connection, if it was not
    _name, execute, values = _execute(sql, params, literals)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {execute}", values)
        return "\n".join(str(row[0]) for row in cursor.fetchall())


def _execute(sql: str, params: list[Any], literals: Mapping[int, int]) -> tuple[str, str, list[Any]]:
    """The statement's name, the ``EXECUTE`` that runs it (with the driver's placeholders) and their values."""
    name = statement_name(sql, literals)
    values = [value for position, value in enumerate(params) if position not in literals]
    execute = f"EXECUTE {name}({', '.join(['%s'] * len(values))})" if values else f"EXECUTE {name}"
    return name, execute, values


class _Session:
    """What one driver connection holds: its prepared statements, oldest use first, and whether it plans them
    generically (``plan_cache_mode`` set outside a transaction, so for good)."""

    def __init__(self, raw: Any) -> None:
        self.raw = weakref.ref(raw)
        self.held: OrderedDict[str, None] = OrderedDict()
        self.generic = False

    def prepare(self, cursor: Any, name: str, sql: str) -> None:
        while len(self.held) >= HELD:
            oldest, _none = self.held.popitem(last=False)
            cursor.execute(f"DEALLOCATE {oldest}")
        cursor.execute(f"PREPARE {name} AS {sql}")
        self.held[name] = None


def _session(connection: BaseDatabaseWrapper) -> _Session:
    """The :class:`_Session` of the driver connection ``connection`` has now (a new driver connection starts
    afresh).  Kept on Django's connection object, which belongs to one thread: no lock is needed."""
    raw = connection.connection
    session: _Session | None = getattr(connection, "_tanlu_prepared", None)
    if session is None or session.raw() is not raw:
        session = _Session(raw)
        connection._tanlu_prepared = session  # type: ignore[attr-defined]
    return session
