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
from operator import methodcaller

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
    headers, flag_texts, value_texts = _split(sheets)
    groups: dict[str, list[int]] = {}
    distinct = set(headers)
    if len(distinct) == 1:  # one form version: no loop over the sheets in Python
        groups[distinct.pop()] = list(range(len(headers)))
    else:
        for index, header in enumerate(headers):
            groups.setdefault(header, []).append(index)
    failed: list[int] = []
    for header, members in groups.items():
        columns = header.split(US) if header else []
        width = len(columns)
        everyone = len(members) == len(headers)
        if everyone and set(map(len, flag_texts)) == {width}:
            good, flags, values = members, flag_texts, value_texts
        else:
            good = [i for i in members if len(flag_texts[i]) == width]
            failed.extend(positions[i] for i in members if len(flag_texts[i]) != width)
            flags = [flag_texts[i] for i in good]
            values = [value_texts[i] for i in good]
        if not good or not width:
            continue
        flat = US.join(values).split(US)
        if len(flat) != width * len(good):  # a value held a separator after all: read these from the rows
            failed.extend(positions[i] for i in good)
            continue
        visible = np.frombuffer("".join(flags).encode("ascii"), dtype=np.uint8)
        visible = (visible == ord("1")).reshape(len(good), width)
        where = np.asarray(positions, dtype=np.int64)[np.asarray(good, dtype=np.int64)]
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


def _split(sheets: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Each sheet's names, flags and values texts: one ``join`` and one ``split`` for all of them when every sheet
    has its two record separators (as :func:`pack` writes them), else sheet by sheet (the first two count)."""
    if sheets and set(map(methodcaller("count", RS), sheets)) == {2}:
        pieces = RS.join(sheets).split(RS)
        return pieces[0::3], pieces[1::3], pieces[2::3]
    headers: list[str] = []
    flags: list[str] = []
    values: list[str] = []
    for sheet in sheets:
        header, _rs, rest = sheet.partition(RS)
        flag, _rs, value = rest.partition(RS)
        headers.append(header)
        flags.append(flag)
        values.append(value)
    return headers, flags, values
