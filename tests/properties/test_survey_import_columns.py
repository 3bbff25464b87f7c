"""The columnar import of a response table gives what checking it row by row gives, issue for issue.

:func:`tanlu.survey.responses.import_responses` validates a table column by column
(:mod:`tanlu.survey.response_columns`); :func:`~tanlu.survey.responses.import_responses_by_row` runs
:func:`~tanlu.survey.responses.check_response` on each row, as the import did before. On generated forms
(select_one, select_multiple, integer, decimal, date, text and note questions; relevance on earlier answers, on
calculated values and on groups, some using ``.``; required answers, always or by expression; constraints with
and without a message) and generated tables (bad values, skipped questions, answers to hidden questions,
select_multiple as one column or as ``question/choice`` 0/1 columns with bad flags, ``or_other`` choices with
their text, attribute, respondent,
meta, unknown and duplicate columns), both must accept the same respondents with the same answers, shown flags
and attributes, or reject the table with the same issues in the same order.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanlu.errors import RowsRejected
from tanlu.survey.form import Choice, Form, Group, Question
from tanlu.survey.response_columns import table_layout, validate_columns
from tanlu.survey.responses import import_responses, import_responses_by_row
from tanlu.tabular import Table

CHOICES = {
    "abc": tuple(Choice(name, {"en": name.upper()}) for name in ("o0", "o1", "o2")),
    "yn": (Choice("yes", {"en": "Yes"}), Choice("no", {"en": "No"})),
}
#: what ``select_one abc or_other`` becomes (tanlu.survey.xlsform_survey): an ``other`` choice and its text
CHOICES["abc_or_other"] = (*CHOICES["abc"], Choice("other", {"en": "Other"}))
CELLS = {
    "select_one": ["", "o0", "o1", "o2", "o1", "zz", "o0 o1", " o2 ", "yes", "other"],
    "select_multiple": ["", "o0", "o1 o0", "o2 o2", "o0 o1 o2", "zz", "o0 zz", "o2", "other o1"],
    "integer": ["", "0", "3", "12", "-4", "1.5", "abc", "1,234", "007", "1e2", "99"],
    "decimal": ["", "1.5", "2", "x", "0.25", "1e400", "-3.75", "4"],
    "date": ["", "2024-01-05", "2024/1/5", "2024-13-01", "yesterday", "2023-12-31 00:00"],
    "text": ["", "hi", "hello world", "a", "n/a", "无", "long answer"],
    "note": ["", "", "", "x"],
}
#: values that fit, for tables most of which are accepted
GOOD_CELLS = {
    "select_one": ["o0", "o1", "o2", "o1", "yes", "no", "other"],
    "select_multiple": ["o0", "o1 o0", "o2", "o0 o1 o2", "yes", "no yes", "o1 other"],
    "integer": ["0", "3", "12", "99", "7"],
    "decimal": ["1.5", "2", "0.25", "4"],
    "date": ["2024-01-05", "2023-12-31"],
    "text": ["hi", "a", "n/a", "无", "long answer"],
    "note": [""],
}
FLAGS = ["", "0", "1", "1", "TRUE", "false", "0.0", "x", "2"]
GOOD_FLAGS = ["", "0", "1", "1", "TRUE", "false", "0.0"]
KINDS = ["select_one", "select_multiple", "integer", "decimal", "date", "text", "note"]


def conditions(question: Question) -> list[str]:
    """Conditions on an earlier answer, of the kinds forms write (and a few that read ``.``)."""
    ref = f"${{{question.name}}}"
    return {
        "select_one": [f"{ref} = 'o1'", f"{ref} != 'o0'", f"{ref} = 'yes'"],
        "select_multiple": [
            f"selected({ref}, 'o1')",
            f"count-selected({ref}) > 1",
            f"not(selected({ref}, 'o0'))",
        ],
        "integer": [f"{ref} > 3", f"{ref} = 0", f"{ref} + 1 >= 5"],
        "decimal": [f"{ref} < 2", f"{ref} != ''"],
        "date": [f"{ref} != ''", f"{ref} > '2024-01-01'"],
        "text": [f"{ref} != ''", f"string-length({ref}) > 2", f"contains({ref}, 'h')"],
        "calculate": [f"{ref} > 2", f"{ref} = 'o1x'", f"{ref} = 1"],
    }.get(question.type, [f"{ref} = ''"])


CONSTRAINTS = {
    "integer": [". > 2", ". < 50 and . != 7", "${%s} = '' or . > 0"],
    "decimal": [". >= 0", ". < ${%s}"],
    "text": ["string-length(.) < 6", "regex(., '^[a-z ]+$')"],
    "select_multiple": ["count-selected(.) <= 2", "not(selected(., 'o2')) or selected(., 'o0')"],
    "select_one": [". != 'o2'", ". != ${%s}"],
    "date": [". > '2024-01-01'"],
}


@st.composite
def forms(draw: st.DrawFn) -> Form:
    asked: list[Question] = []
    calculations: list[Question] = []
    for number in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(KINDS))
        earlier = [q for q in asked + calculations if q.type != "note"]
        relevant = ""
        if earlier and draw(st.integers(0, 2)) == 0:
            relevant = draw(st.sampled_from(conditions(draw(st.sampled_from(earlier)))))
            if draw(st.integers(0, 4)) == 0:
                relevant = f"{relevant} or . = ''" if draw(st.booleans()) else f"({relevant}) and . != 'o2'"
        required = draw(st.sampled_from(["", "", "yes", *(conditions(earlier[0]) if earlier else [])]))
        constraint, message = "", {}
        if kind in CONSTRAINTS and draw(st.integers(0, 2)) == 0:
            constraint = draw(st.sampled_from(CONSTRAINTS[kind]))
            if "%s" in constraint:
                other = earlier[-1].name if earlier else f"q{number}x"
                constraint = constraint % other if earlier else ". != ''"
            message = draw(st.sampled_from([{}, {"en": "Out of range"}, {"zh": "超出范围"}]))
        choices = draw(st.sampled_from(["abc", "yn", "abc_or_other"])) if kind.startswith("select") else None
        asked.append(
            Question(
                f"q{number}",
                kind,
                {"en": f"Question {number}"},
                required=required if kind != "note" else "",
                relevant=relevant,
                constraint=constraint,
                constraint_message=message,
                choices=choices,
            )
        )
        if choices == "abc_or_other":  # the "other" text, shown when "other" is picked
            relevant = f"selected(${{q{number}}}, 'other')"
            required = draw(st.sampled_from(["", "yes"]))
            asked.append(
                Question(f"q{number}_other", "text", {"en": "Other"}, required=required, relevant=relevant)
            )
        if draw(st.integers(0, 3)) == 0 and kind != "note":
            ref = f"${{q{number}}}"
            calculation = draw(
                st.sampled_from([f"{ref} + 1", f"concat({ref}, 'x')", f"if({ref} = '', 0, 1)"])
            )
            calculations.append(Question(f"c{number}", "calculate", {}, calculation=calculation))
    children: list[Question | Group] = list(asked)
    if len(asked) > 2 and draw(st.booleans()):
        start = draw(st.integers(1, len(asked) - 1))
        relevant = draw(st.sampled_from(["", *conditions(asked[0])]))
        children = [*asked[:start], Group("g", {"en": "Group"}, tuple(asked[start:]), relevant=relevant)]
    return Form("f", {"en": "F"}, "1", "en", ("en",), tuple(children), CHOICES, tuple(calculations))


@st.composite
def tables(draw: st.DrawFn, form: Form) -> tuple[Table, list[str] | None]:
    clean = draw(st.booleans())  # values that fit (skip logic and required answers may still refuse them)
    values, flags = (GOOD_CELLS, GOOD_FLAGS) if clean else (CELLS, FLAGS)
    headers: list[str] = []
    cells: list[list[str]] = []  # one pool of cell values per column
    if draw(st.booleans()):
        headers.append("company")
        cells.append(["Acme", "Beta", ""])
    if draw(st.booleans()):
        headers.append("respondent")
        cells.append(["r1", "r2", "r3", ""])
    for question in form.questions():
        if draw(st.integers(0, 5)) == 0:
            continue  # the question's column is left out
        if question.type == "select_multiple" and draw(st.booleans()):
            names = [choice.name for choice in form.choices_for(question)]
            for name in draw(st.lists(st.sampled_from([*names, "zz"]), min_size=1, max_size=3, unique=True)):
                headers.append(f"{question.name}/{name}")
                cells.append(flags)
            if draw(st.integers(0, 4)) > 0:
                continue
        headers.append(question.name)
        pool = values[question.type] if draw(st.integers(0, 3)) else values[question.type][:2]
        cells.append([*pool, ""] if clean and draw(st.booleans()) else pool)
    extras = ["_id", "start", "tier"] if clean else ["_id", "start", "bogus", "q0", "c0", "", "tier"]
    for extra in draw(st.lists(st.sampled_from(extras), max_size=2)):
        headers.append(extra)
        cells.append(["1", "", "x"])
    rows = [
        [draw(st.sampled_from(pool)) for pool in cells]
        for _ in range(draw(st.integers(0, 30 if clean else 14)))
    ]
    if clean:
        rows = repaired(form, headers, rows)
    table = Table(
        "t.csv",
        draw(st.sampled_from([None, "Sheet1"])),
        headers,
        rows,
        [n + 2 for n in range(len(rows))],
        "utf-8",
    )
    attributes = draw(st.sampled_from([None, None, ["tier"], ["company", "tier"], []]))
    return table, attributes


def repaired(form: Form, headers: list[str], rows: list[list[str]]) -> list[list[str]]:
    """The rows with the cells the row-by-row check refuses cleared (or a required one filled in), a few times
    over: tables most of whose rows are accepted, with questions skipped and shown."""
    fill = {q.name: GOOD_CELLS[q.type][0] for q in form.questions()}
    for _ in range(4):
        table = Table("t.csv", None, headers, rows, [n + 2 for n in range(len(rows))], "utf-8")
        try:
            import_responses_by_row(form, table)
        except RowsRejected as error:
            for issue in error.issues:
                if issue.row is None or issue.row < 2 or issue.column is None:
                    continue
                row = rows[issue.row - 2]
                question = issue.column.partition("/")[0]
                for index, header in enumerate(headers):
                    if header == question or header.startswith(f"{question}/"):
                        required = issue.reason == "an answer is required" and header == question
                        row[index] = fill[question] if required else ""
        except Exception:
            break
        else:
            break
    return rows


def outcome(function: Any, form: Form, table: Table, attributes: list[str] | None) -> tuple[Any, ...]:
    try:
        result = function(form, table, attributes=attributes)
    except RowsRejected as error:
        return ("rejected", error.issues, str(error))
    except Exception as error:
        return ("error", type(error), str(error))
    return (
        "accepted",
        result.respondents,
        list(result.answers.items()),
        list(result.shown.items()),
        list(result.attributes.items()),
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_columnar_import_gives_the_row_by_row_result(data: st.DataObject) -> None:
    form = data.draw(forms())
    table, attributes = data.draw(tables(form))
    assert outcome(import_responses, form, table, attributes) == outcome(
        import_responses_by_row, form, table, attributes
    )
    # the columnar path did the work: nothing in these forms fails at run time
    layout = table_layout(form, table, attributes or [])
    assert validate_columns(form, table, layout) is not None


def test_an_expression_that_fails_at_run_time_fails_as_it_did_row_by_row() -> None:
    """A constraint whose regex pattern is an answer: a bad pattern raises while it is evaluated, and the
    columnar path hands the table to the row-by-row check, which raises what it always raised."""
    form = Form(
        "f",
        {"en": "F"},
        "1",
        "en",
        ("en",),
        (
            Question("pattern", "text", {"en": "Pattern"}),
            Question("code", "text", {"en": "Code"}, constraint="regex(., ${pattern})"),
        ),
        {},
    )
    rows = [["^a", "abc"], ["(", "abc"], ["^b", "abc"]]
    table = Table("t.csv", None, ["pattern", "code"], rows, [2, 3, 4], "utf-8")
    assert validate_columns(form, table, table_layout(form, table, [])) is None
    fast, slow = (
        outcome(import_responses, form, table, None),
        outcome(import_responses_by_row, form, table, None),
    )
    assert fast == slow
    assert fast[0] == "error"
