"""ORM queries of the PACT API's hot path, compiled to SQL once per process and then run with each request's values.

Building a queryset and compiling it costs more CPU than running it: measured on the benchmark's database
(``benchmarks/bench_pact_listing.py``, 2 cores), the credential check took 1.1 ms of the web process's CPU through
the ORM and 0.1 ms as compiled SQL, a page of 100 footprints 1.4 ms and 0.5 ms.  The queries are still written with the ORM, through the same scoping
helpers as everywhere else (:func:`tanlu.web.pact.services.visible`): :func:`compile_query` builds one with
*marker* values in place of the request's (ids and texts no row can hold), compiles it, and notes which
parameter is which marker.  :meth:`Compiled.rows` then sends that SQL with the markers replaced by the real values.
The SQL is therefore exactly the ORM's; a marker the compiled query does not carry (the ORM folded or dropped
it) is an error at once, never a query with a wrong value.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet

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

    def params(self, values: Mapping[str, Any]) -> list[Any]:
        return [slot.value if isinstance(slot, _Fixed) else values[slot] for slot in self.slots]

    def rows(self, **values: Any) -> list[tuple[Any, ...]]:
        """The query's rows (as the database driver returns them: no ORM conversion) for these values."""
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, self.params(values))
            return list(cursor.fetchall())


def compile_query(queryset: QuerySet[Any], markers: Mapping[str, Any]) -> Compiled:
    """``queryset`` (built with ``markers``' values standing for the request's) as SQL whose parameters are named
    by marker.  Raises ValueError when a marker is missing from the parameters or a value is ambiguous."""
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
    return Compiled(sql, tuple(slots), queryset.db)


def _same(param: Any, marker: Any) -> bool:
    return type(param) is type(marker) and param == marker
