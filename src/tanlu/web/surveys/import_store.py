"""Writing a validated response import: fast bulk inserts in short transactions, yet all or nothing.

100,000 imported responses are 3 million answer rows. Built as model objects and inserted by the ORM they took
97 s, in one transaction that held SQLite's write lock the whole time, so every respondent's submission waited
behind it. Here the rows go to the database as plain values (multi-row INSERTs straight to SQLite's driver, the
text of one ``COPY`` per chunk in PostgreSQL), built column by column from the validated table with the answer
sheets, ``CHUNK`` responses per transaction, each committed at once, so the write lock is held for a fraction of a
second at a time.

All or nothing still holds, because the table was validated in full before anything is written, and the rows are
written with the status ``importing`` under a batch key of their own: no report, count or export reads them. One
final UPDATE turns the whole batch ``submitted`` at once; if any chunk fails, the batch's rows are deleted again
and the error is raised. A batch left behind by a process killed half-way is deleted by the next import into the
survey once it is older than ``STALE_AFTER``.
"""

from __future__ import annotations

import datetime
import itertools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from tanlu.web import turns
from tanlu.web.surveys import answer_sheet
from tanlu.web.surveys.models import Answer, ResponseStatus, Survey, SurveyResponse

__all__ = ["CHUNK", "STALE_AFTER", "delete_stale_batches", "store_imported"]

#: responses per transaction: 1,000 x 30 answers, about 20-60 ms of SQLite's write lock, taken in the job's
#: turn (:mod:`tanlu.web.turns`): a respondent's submission waits for at most one chunk
CHUNK = 1_000
#: an unfinished batch older than this belongs to an import that died (a whole import takes well under a minute)
STALE_AFTER = datetime.timedelta(hours=1)
#: rows per INSERT statement
ROWS_PER_INSERT = 200

_RESPONSE_COLUMNS = (
    "organization_id", "survey_id", "respondent", "status", "language", "page", "form_version", "imported",
    "import_batch", "started_at", "updated_at", "submitted_at", "answer_sheet",
)  # fmt: skip


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


def store_imported(
    survey: Survey,
    respondents: Sequence[str],
    answers: dict[str, list[str]],
    shown: dict[str, list[bool]],
) -> None:
    """Store validated responses (``answers[q][i]``, ``shown[q][i]`` of ``respondents[i]``) as submitted and
    imported, all of them or, on any error, none."""
    batch = secrets.token_hex(16)
    now = timezone.now()
    flags = {name: list(map(bool, shown[name])) for name in answers}
    stored = {name: _stored(answers[name], flags[name]) for name in answers}
    writing = _Batch(
        survey,
        batch,
        connection.ops.adapt_datetimefield_value(now),
        respondents,
        stored,
        flags,
        sheets(list(answers), stored, flags, len(respondents)),
    )
    try:
        for start in range(0, len(respondents), CHUNK):
            with turns.chunk_atomic():
                _write_chunk(writing, range(start, min(start + CHUNK, len(respondents))))
        with turns.chunk_atomic():
            SurveyResponse.objects.filter(
                survey=survey, status=ResponseStatus.IMPORTING, import_batch=batch
            ).update(status=ResponseStatus.SUBMITTED, import_batch="", updated_at=now)
    except BaseException:
        _delete_batch(survey, batch)
        raise


def _stored(values: list[str], flags: list[bool]) -> list[str]:
    """The values as stored: "" where the question was not shown (a column shown to all is taken as it is)."""
    if len(values) != len(flags):
        raise ValueError("as many shown flags as answers are needed")
    if all(flags):
        return values
    return [value if flag else "" for value, flag in zip(values, flags, strict=True)]


@dataclass(frozen=True)
class _Batch:
    """One import's rows, column by column (the value stored: "" when not shown), and its batch key."""

    survey: Survey
    key: str
    stamp: object  # the import's time, as the database driver takes it
    respondents: Sequence[str]
    stored: dict[str, list[str]]
    flags: dict[str, list[bool]]
    sheets: list[str | None]


def sheets(
    names: list[str], stored: dict[str, list[str]], flags: dict[str, list[bool]], count: int
) -> list[str | None]:
    """Every response's answer sheet, what :func:`answer_sheet.pack` gives for its rows, built column by column:
    the values of a response joined by ``str.join`` over the columns, and ``None`` for a response with a
    separator in a question name or in one of its values (pack's rule)."""
    separators = (answer_sheet.US, answer_sheet.RS)
    if any(mark in name for name in names for mark in separators):
        return [None] * count
    head = answer_sheet.US.join(names) + answer_sheet.RS
    digits = [["1" if flag else "0" for flag in flags[name]] for name in names]
    flag_texts = list(map("".join, zip(*digits, strict=True))) if names else [""] * count
    value_texts = (
        list(map(answer_sheet.US.join, zip(*(stored[name] for name in names), strict=True)))
        if names
        else [""] * count
    )
    texts: list[str | None] = [
        head + flag + answer_sheet.RS + values for flag, values in zip(flag_texts, value_texts, strict=True)
    ]
    for name in names:
        column = stored[name]
        odd = {value for value in set(column) if any(mark in value for mark in separators)}
        for index in (i for i, value in enumerate(column) if value in odd) if odd else ():
            texts[index] = None
    return texts


def _write_chunk(writing: _Batch, chunk: range) -> None:
    """Insert the chunk's responses (``importing``), read back their ids, and insert their answers."""
    survey, batch, respondents, stamp = writing.survey, writing.key, writing.respondents, writing.stamp
    organization, pk, status, version = (
        survey.organization_id,
        survey.pk,
        ResponseStatus.IMPORTING.value,
        survey.form_version,
    )
    rows = [
        (organization, pk, respondents[i], status, "", 0, version, True, batch, stamp, stamp, stamp, writing.sheets[i])
        for i in chunk
    ]  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the batch is invisible until the final UPDATE, whose synchronous commit flushes the WAL of every
            # chunk before it: a chunk need not wait for its own flush
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            _write_postgresql(cursor, writing, chunk, rows)
        else:
            _write_sqlite(writing, chunk, rows)


def _write_sqlite(writing: _Batch, chunk: range, rows: Sequence[tuple[object, ...]]) -> None:
    """Multi-row INSERTs straight to the driver's cursor with ``?`` markers: Django's cursor rewrites every
    ``%s`` of every statement with a regular expression, a third of the writer's time for 3 million rows."""
    cursor = connection.connection.cursor()  # connected: inside the chunk's atomic block
    responses = _table(SurveyResponse)
    _insert(cursor, f"INSERT INTO {responses} ({', '.join(_RESPONSE_COLUMNS)}) VALUES ", rows)  # noqa: S608
    cursor.execute(
        f"SELECT respondent, id FROM {responses} WHERE survey_id = ? AND status = ? AND import_batch = ?"  # noqa: S608
        " AND respondent IN (" + ", ".join(["?"] * len(rows)) + ")",
        [writing.survey.pk, ResponseStatus.IMPORTING.value, writing.key, *(row[2] for row in rows)],
    )
    ids = dict(cursor.fetchall())
    chunk_ids = [ids[writing.respondents[i]] for i in chunk]
    start, end = chunk.start, chunk.stop
    per_question = [
        zip(chunk_ids, itertools.repeat(name, end - start), values[start:end], writing.flags[name][start:end], strict=True)
        for name, values in writing.stored.items()
    ]  # fmt: skip
    answers = list(itertools.chain.from_iterable(zip(*per_question, strict=True)))  # response by response
    _insert(cursor, f"INSERT INTO {_table(Answer)} (response_id, question, value, shown) VALUES ", answers)  # noqa: S608


def _insert(cursor: Any, head: str, rows: Sequence[tuple[object, ...]]) -> None:
    """Insert ``rows`` with statements of ``ROWS_PER_INSERT`` rows each: in SQLite 2.4 times faster than
    ``executemany``, which steps the statement once per row."""
    if not rows:
        return
    width = len(rows[0])
    size = max(1, min(ROWS_PER_INSERT, (connection.features.max_query_params or 65_535) // width))
    one = "(" + ", ".join(["?"] * width) + ")"
    full = head + ", ".join([one] * size)
    flat = list(itertools.chain.from_iterable(rows))
    for first in range(0, len(rows), size):
        count = min(size, len(rows) - first)
        cursor.execute(
            full if count == size else head + ", ".join([one] * count),
            flat[first * width : (first + count) * width],
        )


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _write_postgresql(cursor: Any, writing: _Batch, chunk: range, rows: Sequence[tuple[object, ...]]) -> None:
    """COPY the responses, read their ids back (one array parameter, not 5,000 markers the driver would parse
    in a query too long for its cache), and COPY the answers as one text in COPY's format, built column by
    column (a backslash, tab or line break in a value escaped)."""
    raw = cursor.cursor  # psycopg's own cursor, for COPY
    responses = _table(SurveyResponse)
    with raw.copy(f"COPY {responses} ({', '.join(_RESPONSE_COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(
        f"SELECT respondent, id FROM {responses} WHERE survey_id = %s AND status = %s AND import_batch = %s"  # noqa: S608
        " AND respondent = ANY(%s)",
        [writing.survey.pk, ResponseStatus.IMPORTING.value, writing.key, [row[2] for row in rows]],
    )
    ids = dict(cursor.fetchall())
    chunk_ids = [ids[writing.respondents[i]] for i in chunk]
    start, end = chunk.start, chunk.stop
    lines: list[list[str]] = []
    for name, values in writing.stored.items():
        column = values[start:end]
        escaped = {value: value.translate(_COPY_ESCAPES) for value in set(column)}
        prefix = "\t" + name.translate(_COPY_ESCAPES) + "\t"
        flags = writing.flags[name][start:end]
        lines.append(
            [
                f"{rid}{prefix}{escaped[value]}\t{'t' if flag else 'f'}\n"
                for rid, value, flag in zip(chunk_ids, column, flags, strict=True)
            ]
        )
    with raw.copy(f"COPY {_table(Answer)} (response_id, question, value, shown) FROM STDIN") as copy:
        copy.write("".join(itertools.chain.from_iterable(zip(*lines, strict=True))))  # response by response


def _delete_batch(survey: Survey, batch: str) -> None:
    """Delete a batch's responses and their answers, a chunk per transaction."""
    while True:
        with turns.chunk_atomic():
            ids = list(
                SurveyResponse.objects.filter(
                    survey=survey, status=ResponseStatus.IMPORTING, import_batch=batch
                ).values_list("pk", flat=True)[:CHUNK]
            )
            if not ids:
                return
            Answer.objects.filter(response_id__in=ids).delete()
            SurveyResponse.objects.filter(pk__in=ids).delete()


def delete_stale_batches(survey: Survey) -> None:
    """Delete what imports into ``survey`` that died half-way left behind (batches older than ``STALE_AFTER``)."""
    cutoff = timezone.now() - STALE_AFTER
    stale = set(
        SurveyResponse.objects.filter(
            survey=survey, status=ResponseStatus.IMPORTING, started_at__lt=cutoff
        ).values_list("import_batch", flat=True)
    )
    for batch in stale:
        _delete_batch(survey, batch)
