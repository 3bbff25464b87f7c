"""Survey statistics, computed column by column with polars and numpy (100,000 respondents in well under 2 s).

For every question: how many respondents it was *shown* to, how many *answered*, how many *skipped* it (shown
but unanswered). For choice questions, each option's count and share of a *base*, which is an explicit
parameter and is stated in every result:

* ``"shown"`` (the default): respondents to whom the question was shown;
* ``"answered"``: respondents who answered it;
* ``"respondents"``: every respondent (after filters), whether shown or not.

A select_multiple share is the percent of respondents in the base who picked the option, so shares can sum
to more than 100% (``QuestionStats.exceeds_100`` says so). Free-text answers are listed; integer and decimal
answers are summarised. Counts are exact integers and shares are full-precision floats: rounding happens only
at output (:func:`percent_for_output`, half up to two decimals, as the seed report prints).

Filters (:class:`Filter`) keep respondents whose answer to a question, or whose attribute from the invitation
(customer OEM, tier, region...), is one of the given values (for select_multiple: picked any of them).

The records these functions return are defined in :mod:`tanlu.survey.stats_records` and importable from here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt
import polars as pl

from tanlu.errors import InputError
from tanlu.survey.form import CHOICE_TYPES, Question
from tanlu.survey.responses import ResponseSet
from tanlu.survey.stats_records import (
    BASES,
    Base,
    CrossTab,
    Filter,
    NumericSummary,
    OptionChange,
    OptionCount,
    QuestionChange,
    QuestionStats,
    SurveyStats,
    WaveComparison,
)

__all__ = [
    "BASES",
    "Base",
    "CrossTab",
    "Filter",
    "NumericSummary",
    "OptionChange",
    "OptionCount",
    "QuestionChange",
    "QuestionStats",
    "SurveyStats",
    "WaveComparison",
    "compare_waves",
    "crosstab",
    "percent_for_output",
    "question_stats",
    "survey_stats",
]

Mask = npt.NDArray[np.bool_]


def percent_for_output(count: int, base: int, places: int = 2) -> float:
    """``count / base`` in percent, rounded half up to ``places`` decimals exactly (0 when base is 0)."""
    if base <= 0:
        return 0.0
    exact = Fraction(count * 100, base)
    quantum = Decimal(1).scaleb(-places)
    rounded = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        quantum, rounding=ROUND_HALF_UP
    )
    return float(rounded)


# ---------------------------------------------------------------------------------------------- columns


def _series(responses: ResponseSet, name: str) -> pl.Series:
    return pl.Series(name, responses.answers[name], dtype=pl.String)


def _shown(responses: ResponseSet, name: str) -> Mask:
    return np.asarray(responses.shown[name], dtype=np.bool_)


def _indicators(values: pl.Series, question: Question, names: Sequence[str]) -> npt.NDArray[np.bool_]:
    """An ``(respondents x options)`` matrix: did respondent i pick option j."""
    if not names:
        return np.zeros((len(values), 0), dtype=np.bool_)
    columns: list[pl.Series] = []
    for name in names:
        if question.type == "select_one":
            columns.append(values == name)
        else:
            columns.append(values.str.contains(rf"(?:^| ){re.escape(name)}(?: |$)"))
    return np.column_stack([column.fill_null(value=False).to_numpy() for column in columns]).astype(np.bool_)


def _filter_mask(responses: ResponseSet, where: Sequence[Filter]) -> Mask:
    mask = np.ones(len(responses), dtype=np.bool_)
    form = responses.form
    for condition in where:
        values = sorted(condition.values)
        if condition.field in responses.answers:
            question = form.question(condition.field)
            series = _series(responses, condition.field)
            if question.type == "select_multiple":
                mask &= _indicators(series, question, values).any(axis=1)
            else:
                mask &= series.is_in(values).to_numpy()
        elif condition.field in responses.attributes:
            mask &= pl.Series(responses.attributes[condition.field], dtype=pl.String).is_in(values).to_numpy()
        else:
            raise InputError(
                "no question or respondent attribute of this name to filter on", column=condition.field
            )
    return mask


def _base_n(base: Base, shown: Mask, answered: Mask, respondents: Mask) -> int:
    if base not in BASES:
        raise InputError(f"unknown base {base!r}; use one of {', '.join(BASES)}")
    chosen = {"shown": shown, "answered": answered, "respondents": respondents}[base]
    return int(chosen.sum())


# ---------------------------------------------------------------------------------------------- per question


def question_stats(
    responses: ResponseSet, name: str, *, base: Base = "shown", where: Sequence[Filter] = ()
) -> QuestionStats:
    """Statistics of one question (see the module docstring for ``base`` and ``where``)."""
    return _question_stats(responses, responses.form.question(name), base, _filter_mask(responses, where))


def _question_stats(responses: ResponseSet, question: Question, base: Base, mask: Mask) -> QuestionStats:
    values = _series(responses, question.name)
    shown = _shown(responses, question.name) & mask
    answered = shown & (values.str.len_bytes() > 0).fill_null(value=False).to_numpy()
    base_n = _base_n(base, shown, answered, mask)
    common = {
        "name": question.name,
        "type": question.type,
        "label": question.label,
        "shown": int(shown.sum()),
        "answered": int(answered.sum()),
        "base": base,
        "base_n": base_n,
    }
    if question.type in CHOICE_TYPES:
        choices = responses.form.choices_for(question)
        picked = _indicators(values, question, [choice.name for choice in choices])
        counts = picked[answered].sum(axis=0)
        options = tuple(
            OptionCount(choice.name, choice.label, int(count), base_n)
            for choice, count in zip(choices, counts, strict=True)
        )
        return QuestionStats(**common, options=options)  # type: ignore[arg-type]
    given = values.filter(pl.Series(answered))
    if question.type in {"integer", "decimal"} and len(given):
        numbers = given.cast(pl.Float64).to_numpy()
        summary = NumericSummary(
            count=len(numbers),
            mean=float(numbers.mean()),
            median=float(np.median(numbers)),
            minimum=float(numbers.min()),
            maximum=float(numbers.max()),
        )
        return QuestionStats(**common, numeric=summary)  # type: ignore[arg-type]
    return QuestionStats(**common, answers=tuple(given.to_list()))  # type: ignore[arg-type]


def survey_stats(
    responses: ResponseSet, *, base: Base = "shown", where: Sequence[Filter] = ()
) -> SurveyStats:
    """Statistics of every question that takes an answer, in form order."""
    mask = _filter_mask(responses, where)
    form = responses.form
    return SurveyStats(
        survey=form.form_id,
        title=form.title,
        respondents=int(mask.sum()),
        base=base,
        filters=tuple(where),
        questions=tuple(_question_stats(responses, q, base, mask) for q in form.answer_questions()),
    )


# ---------------------------------------------------------------------------------------------- cross-tab


def crosstab(
    responses: ResponseSet, row_question: str, column_question: str, *, where: Sequence[Filter] = ()
) -> CrossTab:
    """Cross-tabulate two choice questions (single or multiple choice)."""
    form = responses.form
    matrices: list[npt.NDArray[np.bool_]] = []
    names: list[tuple[str, ...]] = []
    answered = _filter_mask(responses, where)
    for name in (row_question, column_question):
        question = form.question(name)
        if question.type not in CHOICE_TYPES:
            raise InputError("a cross-tabulation needs choice questions", column=name, value=question.type)
        options = tuple(choice.name for choice in form.choices_for(question))
        values = _series(responses, name)
        answered &= _shown(responses, name) & (values.str.len_bytes() > 0).fill_null(value=False).to_numpy()
        matrices.append(_indicators(values, question, options))
        names.append(options)
    rows = matrices[0][answered].astype(np.int64)
    columns = matrices[1][answered].astype(np.int64)
    counts = rows.T @ columns
    return CrossTab(
        row_question=row_question,
        column_question=column_question,
        rows=names[0],
        columns=names[1],
        counts=tuple(tuple(int(c) for c in row) for row in counts),
        row_totals=tuple(int(t) for t in rows.sum(axis=0)),
        column_totals=tuple(int(t) for t in columns.sum(axis=0)),
        n=int(answered.sum()),
    )


# ---------------------------------------------------------------------------------------------- waves


def compare_waves(earlier: ResponseSet, later: ResponseSet, *, base: Base = "shown") -> WaveComparison:
    """Compare the choice questions two surveys share by name: each option's share in both, and the change."""
    before = survey_stats(earlier, base=base)
    after = survey_stats(later, base=base)
    changes: list[QuestionChange] = []
    for stat in after.questions:
        if stat.type not in CHOICE_TYPES or stat.name not in {q.name for q in before.questions}:
            continue
        old = before.question(stat.name)
        if old.type not in CHOICE_TYPES:
            continue
        old_options = {option.name: option for option in old.options}
        new_options = {option.name: option for option in stat.options}
        order = [option.name for option in stat.options] + [n for n in old_options if n not in new_options]
        options = []
        for name in order:
            a, b = old_options.get(name), new_options.get(name)
            present = b or a
            label = present.label if present is not None else {}
            options.append(
                OptionChange(
                    name=name,
                    label=label,
                    earlier_count=a.count if a else 0,
                    later_count=b.count if b else 0,
                    earlier_percent=a.percent if a else None,
                    later_percent=b.percent if b else None,
                )
            )
        changes.append(
            QuestionChange(stat.name, stat.type, stat.label, old.base_n, stat.base_n, tuple(options))
        )
    return WaveComparison(earlier.form.form_id, later.form.form_id, base, tuple(changes))
