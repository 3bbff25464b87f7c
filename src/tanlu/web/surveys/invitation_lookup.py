"""Finding the invitation behind a personal link with its query compiled once per process, not per request.

The lookup (:func:`tanlu.web.surveys.links.find_invitation`) is one indexed query that reads the invitation, its
survey and its response together. Django compiles such a query (``select_related`` over two joins, ``only`` of 37
columns) from scratch on every call, and that compilation cost more CPU than running it. Here the ORM compiles it
once; every request then runs the same SQL with its own token hash and builds the objects with the ORM's own row
converters and populators, exactly as the queryset would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models.query import QuerySet, get_related_populators

from tanlu.web.surveys.models import SurveyInvitation

__all__ = ["find_by_token_hash"]


@dataclass(frozen=True)
class _Prepared:
    sql: str
    converters: list[tuple[int, tuple[list[Callable[..., Any]], Any]]]
    init_list: list[str]
    start: int
    end: int
    populators: list[Any]


_PREPARED: dict[tuple[str, str], _Prepared] = {}
_LOCK = threading.Lock()
_PROBE = "0" * 64


def _prepare(queryset: QuerySet[SurveyInvitation]) -> _Prepared:
    compiler = queryset.filter(token_hash=_PROBE).query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    if list(params) != [_PROBE]:  # the token hash must be the query's only parameter
        raise RuntimeError("unexpected parameters in the invitation lookup")
    select, klass_info = compiler.select, compiler.klass_info
    assert klass_info is not None  # noqa: S101 - set by as_sql() for a model query
    fields = [column for column, _sql, _alias in select[0 : compiler.col_count]]
    converters = list(compiler.get_converters(fields).items())
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    return _Prepared(
        sql=sql,
        converters=converters,
        init_list=[column[0].target.attname for column in select[start:end]],
        start=start,
        end=end,
        populators=get_related_populators(klass_info, select, queryset.db),  # type: ignore[call-arg]
    )


def find_by_token_hash(
    build: Callable[[], QuerySet[SurveyInvitation]],
    token_hash: str,
    *,
    extra: tuple[str, Sequence[Any]] | None = None,
) -> tuple[SurveyInvitation | None, Any]:
    """The one invitation of the query ``build()`` returns (a fixed shape: it is built and compiled on the first
    call only, since building the queryset alone cost as much as running the SQL) with this hash.

    ``extra`` is one more value to read in the same statement, as ``(SQL expression, its parameters)``: a column
    after the model's (the token limiter's count, :func:`tanlu.web.accounts.throttle.presence_probe`). Returned
    beside the invitation (``None`` without ``extra``, or when no invitation has the hash).
    """
    key = (connection.alias, connection.vendor)
    prepared = _PREPARED.get(key)
    if prepared is None:
        with _LOCK:
            prepared = _PREPARED.get(key) or _PREPARED.setdefault(key, _prepare(build()))
    sql, params = prepared.sql, [token_hash]
    if extra is not None:
        head, separator, tail = sql.partition(" FROM ")  # the select list holds column names only
        sql, params = f"{head}, {extra[0]}{separator}{tail}", [*extra[1], token_hash]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchone()
    if fetched is None:
        return None, None
    row = list(fetched)
    for position, (functions, expression) in prepared.converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    invitation = SurveyInvitation.from_db(
        connection.alias, prepared.init_list, row[prepared.start : prepared.end]
    )
    for populator in prepared.populators:
        populator.populate(row, invitation)
    return invitation, row[-1] if extra is not None else None
