"""A response's answers in one text column (its *answer sheet*), so a report reads one row per respondent.

The answers stay in :class:`~tanlu.web.surveys.models.Answer` rows (one per question: what the rest of the
application queries). Besides them, every write of a response's answers stores, in the same transaction, the same
rows as one text on the response (``SurveyResponse.answer_sheet``)::

    <question names, joined by US> RS <"1"/"0" shown flags, one per name> RS <values, joined by US>

(US and RS being the ASCII unit and record separators, U+001F and U+001E.) A report of 100,000 respondents x 30
questions then reads 100,000 texts instead of 3 million rows, and splits them with a few calls of ``str.join`` and
``str.split`` that run in C. A sheet is exact or absent: when a question name or an answer contains either
separator, no sheet is written (``None``) and that response's rows are read instead, and the reader checks that
every sheet splits into as many values as it has names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["RS", "US", "pack", "unpack"]

US = "\x1f"
RS = "\x1e"


def pack(rows: Iterable[tuple[str, str, bool]]) -> str | None:
    """The sheet of ``(question, value, shown)`` rows, or ``None`` when a separator occurs in a name or a value."""
    names: list[str] = []
    values: list[str] = []
    flags: list[str] = []
    for name, value, shown in rows:
        names.append(name)
        values.append(value)
        flags.append("1" if shown else "0")
    text = US.join(names) + RS + "".join(flags) + RS + US.join(values)
    if text.count(RS) != 2 or text.count(US) != 2 * max(len(names) - 1, 0):
        return None
    return text


def unpack(
    sheets: Sequence[str], positions: Sequence[int], count: int, names: Sequence[str]
) -> tuple[dict[str, list[str]], dict[str, list[bool]], list[int]]:
    """Columns of answers and shown flags (length ``count``) for the form's ``names`` from ``sheets``, the sheet
    of the respondent at ``positions[i]``; also the positions whose sheet did not check out (to be read from the
    rows instead). Sheets with the same question names (one per form version, usually) are split together."""
    answers = {name: [""] * count for name in names}
    shown = {name: [False] * count for name in names}
    wanted = set(names)
    groups: dict[str, list[int]] = {}
    parts: list[tuple[str, str, str]] = []
    failed: list[int] = []
    for index, sheet in enumerate(sheets):
        header, _rs, rest = sheet.partition(RS)
        flags, _rs, values = rest.partition(RS)
        parts.append((header, flags, values))
        groups.setdefault(header, []).append(index)
    for header, members in groups.items():
        columns = header.split(US) if header else []
        width = len(columns)
        good = [i for i in members if len(parts[i][1]) == width]
        failed.extend(positions[i] for i in members if len(parts[i][1]) != width)
        if not good or not width:
            continue
        flat = US.join(parts[i][2] for i in good).split(US)
        if len(flat) != width * len(good):  # a value held a separator after all: read these from the rows
            failed.extend(positions[i] for i in good)
            continue
        visible = np.frombuffer("".join(parts[i][1] for i in good).encode("ascii"), dtype=np.uint8)
        visible = (visible == ord("1")).reshape(len(good), width)
        where = np.asarray([positions[i] for i in good], dtype=np.int64)
        in_order = len(good) == count and bool(np.all(where == np.arange(count)))
        for column, name in enumerate(columns):
            if name not in wanted:
                continue
            column_values = flat[column::width]
            if in_order:
                answers[name] = column_values
                shown[name] = visible[:, column].tolist()
                continue
            target = np.asarray(answers[name], dtype=object)
            target[where] = column_values
            answers[name] = target.tolist()
            column_flags = np.asarray(shown[name], dtype=bool)
            column_flags[where] = visible[:, column]
            shown[name] = column_flags.tolist()
    return answers, shown, failed
