"""ORM queries of the PACT API's hot path, compiled to SQL once per process and then run with each request's values.

Building a queryset and compiling it costs more CPU than running it: measured on the benchmark's database
(``benchmarks/bench_pact_listing.py``, 2 cores), the credential check took 1.1 ms of the web process's CPU through
the ORM and 0.1 ms as compiled SQL, a page of 100 footprints 1.4 ms and 0.5 ms.  The queries are still written with the ORM, through the same scoping
helpers as everywhere else (:func:`tanlu.web.pact.services.visible`): :func:`compile_query` builds one with
*marker* values in place of the request's (ids and texts no row can hold), compiles it, and notes which
parameter is which marker.  :meth:`Compiled.rows` then sends that SQL with the markers replaced by the real values.
The SQL is therefore exactly the ORM's; a marker the compiled query does not carry (the ORM folded or dropped
it) is an error at once, never a query with a wrong value.

On PostgreSQL each compiled query is also a prepared statement of the connection (:mod:`tanlu.web.pact.prepared`):
planning was 15 % of PostgreSQL's time for a page.  And the request's first query stands for Django's connection
health check (``CONN_HEALTH_CHECKS``, a ``SELECT 1`` round trip before it): if it fails on a connection that no
longer works, the connection is opened again and the query sent once more, which is what the health check would
have done.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import InterfaceError, OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet

from tanlu.web.pact import prepared

#: marker ids: negative, so no row has them, and different from each other
MARKER_IDS = (-7_301_000_001, -7_301_000_003, -7_301_000_005, -7_301_000_007)
#: a marker text no client id or slug can be (they are generated, never this)
MARKER_TEXT = f"\x01marker-{uuid.uuid4().hex}"


@dataclass(frozen=True)
class _Fixed:
    value: Any


@dataclass(frozen=True)
class Compiled:
    """One compiled query: its SQL, its parameters (a marker's name, or a value fixed at compile time) and the
    database alias it runs on."""

    sql: str
    slots: tuple[str | _Fixed, ...]
    using: str
    #: markers (integer ids) written into a prepared statement rather than sent as parameters, so that its plan is
    #: made for their values (:mod:`tanlu.web.pact.prepared`)
    inline: frozenset[str] = frozenset()

    def params(self, values: Mapping[str, Any]) -> list[Any]:
        return [slot.value if isinstance(slot, _Fixed) else values[slot] for slot in self.slots]

    def literals(self, values: Mapping[str, Any]) -> dict[int, int]:
        """The positions of the parameters a prepared statement is written with, and their values: the
        :attr:`inline` markers' (integers only) and the integers fixed at compile time (such as ``EXISTS``'s
        ``SELECT 1``, whose type PostgreSQL could not tell as a parameter)."""
        found: dict[int, int] = {}
        for position, slot in enumerate(self.slots):
            if isinstance(slot, _Fixed):
                if isinstance(slot.value, int) and not isinstance(slot.value, bool):
                    found[position] = slot.value
            elif slot in self.inline:
                value = values[slot]
                if not isinstance(value, int) or isinstance(value, bool):
                    raise TypeError(f"{slot} must be an integer, not {value!r}")
                found[position] = value
        return found

    def rows(self, **values: Any) -> list[tuple[Any, ...]]:
        """The query's rows (as the database driver returns them: no ORM conversion) for these values."""
        connection = connections[self.using]
        params, literals = self.params(values), self.literals(values)
        if not _checks_health(connection):
            return prepared.rows(connection, self.sql, params, literals)
        connection.health_check_done = True  # this query is the check (see the module's docstring)
        try:
            return prepared.rows(connection, self.sql, params, literals)
        except (InterfaceError, OperationalError):
            if connection.is_usable():
                raise  # the query failed, not the connection
        connection.close()
        return prepared.rows(connection, self.sql, params, literals)

    def explain(self, **values: Any) -> str:
        """The plan the query runs with for these values (PostgreSQL: its prepared statement's, analyzed)."""
        connection = connections[self.using]
        if prepared.preparable(connection):
            return prepared.explain(connection, self.sql, self.params(values), self.literals(values))
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {self.sql}", self.params(values))
            return "\n".join(str(row[-1]) for row in cursor.fetchall())


def _checks_health(connection: BaseDatabaseWrapper) -> bool:
    """Whether Django would check ``connection`` with a query of its own before this one: health checks on, an
    open connection not checked since the request began, outside a transaction (a query that fails inside one
    cannot be sent again)."""
    return bool(
        connection.health_check_enabled
        and not connection.health_check_done
        and connection.connection is not None
        and not connection.in_atomic_block
    )


def compile_query(
    queryset: QuerySet[Any], markers: Mapping[str, Any], *, inline: frozenset[str] = frozenset()
) -> Compiled:
    """``queryset`` (built with ``markers``' values standing for the request's) as SQL whose parameters are named
    by marker; ``inline`` names the markers a prepared statement is made for (see :attr:`Compiled.inline`).
    Raises ValueError when a marker is missing from the parameters or a value is ambiguous."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    slots: list[str | _Fixed] = []
    seen: set[str] = set()
    for param in params:
        names = [name for name, marker in markers.items() if _same(param, marker)]
        if len(names) > 1:
            raise ValueError(f"markers {names} have the same value")
        if names:
            seen.add(names[0])
            slots.append(names[0])
        else:
            slots.append(_Fixed(param))
    missing = sorted(set(markers) - seen)
    if missing:
        raise ValueError(f"the compiled query does not carry {missing}: {sql}")
    if not inline <= set(markers):
        raise ValueError(f"no markers {sorted(inline - set(markers))} to write into the statement")
    return Compiled(sql, tuple(slots), queryset.db, frozenset(inline))


def _same(param: Any, marker: Any) -> bool:
    return type(param) is type(marker) and param == marker
