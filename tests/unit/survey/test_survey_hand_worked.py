"""Results checked against figures worked out by hand, not derived from the code (issue 13, item 15).

The seed check reproduces the printed AIAG percentages, but its demo data is built from those percentages and every
choice question there is shown to and answered by all 245 respondents, so neither the base nor rounding ties are
tested. Here respondents are written out one by one, as a table on paper, and each expected figure was computed by
hand from that table (the arithmetic is in the comments). The ResponseSet is built directly, not through the
import or the validator, so the fixture does not depend on the code it checks.

Eight respondents, two questions:

    respondent  supplier   scopes (shown only to supplier = yes)
    r1          yes        s1 s2
    r2          yes        s1
    r3          yes        (shown, skipped)
    r4          no         (not shown)
    r5          no         (not shown)
    r6          yes        s1 s2 s3
    r7          (skipped)  (not shown)
    r8          yes        s2
"""

from __future__ import annotations

import pytest

from tanlu.survey.form import Choice, Form, Question
from tanlu.survey.report import build_report, report_to_dict
from tanlu.survey.responses import ResponseSet
from tanlu.survey.stats import crosstab, percent_for_output, survey_stats

YES_NO = (Choice("yes", {"en": "Yes"}), Choice("no", {"en": "No"}))
SCOPES = (Choice("s1", {"en": "Scope 1"}), Choice("s2", {"en": "Scope 2"}), Choice("s3", {"en": "Scope 3"}))


def _form() -> Form:
    return Form(
        form_id="hand",
        title={"en": "Hand-worked"},
        version="1",
        default_language="en",
        languages=("en",),
        children=(
            Question("supplier", "select_one", {"en": "Supplier?"}, choices="yes_no"),
            Question(
                "scopes",
                "select_multiple",
                {"en": "Scopes"},
                choices="scopes",
                relevant="${supplier} = 'yes'",
            ),
        ),
        choice_lists={"yes_no": YES_NO, "scopes": SCOPES},
    )


def _responses() -> ResponseSet:
    return ResponseSet(
        form=_form(),
        respondents=["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"],
        answers={
            "supplier": ["yes", "yes", "yes", "no", "no", "yes", "", "yes"],
            "scopes": ["s1 s2", "s1", "", "", "", "s1 s2 s3", "", "s2"],
        },
        shown={
            "supplier": [True] * 8,
            "scopes": [True, True, True, False, False, True, False, True],
        },
    )


def _percents(base: str) -> dict[str, dict[str, float]]:
    data = report_to_dict(build_report(_responses(), base=base, with_highlights=False))  # type: ignore[arg-type]
    return {q["name"]: {o["name"]: o["percent"] for o in q["options"]} for q in data["questions"]}


def test_counts_shown_answered_skipped() -> None:
    stats = {q.name: q for q in survey_stats(_responses()).questions}
    # supplier: shown to all 8, answered by 7 (r7 skipped)
    assert (stats["supplier"].shown, stats["supplier"].answered, stats["supplier"].skipped) == (8, 7, 1)
    # scopes: shown to the 5 suppliers (r1 r2 r3 r6 r8), answered by 4 (r3 skipped)
    assert (stats["scopes"].shown, stats["scopes"].answered, stats["scopes"].skipped) == (5, 4, 1)
    # s1: r1 r2 r6 = 3; s2: r1 r6 r8 = 3; s3: r6 = 1
    assert [o.count for o in stats["scopes"].options] == [3, 3, 1]
    assert [o.count for o in stats["supplier"].options] == [5, 2]


def test_percentages_over_each_base() -> None:
    # base shown: supplier 5/8 = 62.50, 2/8 = 25.00 (do not add to 100: r7 skipped)
    # scopes 3/5 = 60.00, 3/5 = 60.00, 1/5 = 20.00 (multi-select: 140% in all)
    assert _percents("shown") == {
        "supplier": {"yes": 62.5, "no": 25.0},
        "scopes": {"s1": 60.0, "s2": 60.0, "s3": 20.0},
    }
    # base answered: 5/7 = 71.428… -> 71.43, 2/7 = 28.571… -> 28.57; scopes 3/4 = 75, 1/4 = 25
    assert _percents("answered") == {
        "supplier": {"yes": 71.43, "no": 28.57},
        "scopes": {"s1": 75.0, "s2": 75.0, "s3": 25.0},
    }
    # base all respondents: scopes 3/8 = 37.50, 1/8 = 12.50
    assert _percents("respondents")["scopes"] == {"s1": 37.5, "s2": 37.5, "s3": 12.5}


def test_multiple_choice_above_100_percent_is_flagged() -> None:
    stats = {q.name: q for q in survey_stats(_responses()).questions}
    assert stats["scopes"].exceeds_100  # 60 + 60 + 20 = 140
    assert not stats["supplier"].exceeds_100  # single choice


@pytest.mark.parametrize(
    ("count", "base", "expected"),
    [
        (1, 32, 3.13),  # 3.125 exactly: half up gives 3.13 (Python's round() gives 3.12)
        (31, 32, 96.88),  # 96.875 exactly -> 96.88 (round() to even happens to agree here)
        (1, 160, 0.63),  # 0.625 exactly -> 0.63 (round() gives 0.62)
        (1, 3, 33.33),  # 33.333…
        (2, 3, 66.67),  # 66.666…
        (1, 8, 12.5),
        (0, 0, 0.0),  # an empty base prints 0
    ],
)
def test_rounding_half_up_at_the_second_decimal(count: int, base: int, expected: float) -> None:
    assert percent_for_output(count, base) == expected


def test_a_tie_at_the_rounding_digit_in_a_report() -> None:
    form = _form()
    # 32 respondents: 1 says yes, 31 say no -> 3.125% and 96.875%, printed 3.13% and 96.88% (sum 100.01)
    responses = ResponseSet(
        form=form,
        respondents=[f"r{i}" for i in range(32)],
        answers={"supplier": ["yes"] + ["no"] * 31, "scopes": [""] * 32},
        shown={"supplier": [True] * 32, "scopes": [True] + [False] * 31},
    )
    data = report_to_dict(build_report(responses, with_highlights=False))
    supplier = next(q for q in data["questions"] if q["name"] == "supplier")
    assert [o["percent"] for o in supplier["options"]] == [3.13, 96.88]


def test_crosstab_by_hand() -> None:
    table = crosstab(_responses(), "supplier", "scopes")
    # answered both: r1, r2, r6, r8 (r3 skipped scopes; r4 r5 were not shown it; r7 skipped supplier)
    assert table.n == 4
    assert table.rows == ("yes", "no")
    assert table.columns == ("s1", "s2", "s3")
    # yes row: s1 = r1 r2 r6 = 3, s2 = r1 r6 r8 = 3, s3 = r6 = 1; nobody who said no saw scopes
    assert table.counts == ((3, 3, 1), (0, 0, 0))
    assert table.row_totals == (4, 0)
    assert table.column_totals == (3, 3, 1)
    # row percent of yes: 3/4 = 75, 3/4 = 75, 1/4 = 25 (a multi-select row adds up to 175%)
    assert table.row_percent()[0] == (75.0, 75.0, 25.0)
    # column percent: every s* column is 100% yes
    assert [row[0] for row in table.column_percent()] == [100.0, 0.0]
