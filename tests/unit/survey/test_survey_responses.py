"""Validating answers: skip logic, required, constraints, types, and all-or-nothing table import."""

from __future__ import annotations

import pytest

from tanlu.errors import RowsRejected
from tanlu.survey.form import Choice, Form, Group, Question
from tanlu.survey.responses import (
    ResponseSet,
    check_response,
    import_responses,
    required_now,
    validate_response,
)
from tanlu.tabular import read_table

YES_NO = (Choice("yes", {"en": "Yes"}), Choice("no", {"en": "No"}))
SCOPES = (Choice("s1", {"en": "Scope 1"}), Choice("s2", {"en": "Scope 2"}), Choice("none", {"en": "None"}))


def make_form() -> Form:
    return Form(
        form_id="f",
        title={"en": "F"},
        version="1",
        default_language="en",
        languages=("en",),
        children=(
            Question("measures", "select_one", {"en": "Do you measure?"}, required="yes", choices="yes_no"),
            Group(
                "detail",
                {"en": "Detail"},
                (
                    Question(
                        "scopes",
                        "select_multiple",
                        {"en": "Scopes"},
                        required="yes",
                        choices="scopes",
                        constraint="not(selected(., 'none') and count-selected(.) > 1)",
                        constraint_message={"en": "'None' stands alone"},
                    ),
                    Question("staff", "integer", {"en": "Staff"}, constraint=". > 0"),
                    Question("share", "decimal", {"en": "Share"}, required="${staff} > 100"),
                    Question("since", "date", {"en": "Since"}),
                    Question("why", "text", {"en": "Why?"}, relevant="selected(${scopes}, 'none')"),
                ),
                relevant="${measures} = 'yes'",
            ),
            Question("info", "note", {"en": "Thanks"}),
        ),
        choice_lists={"yes_no": YES_NO, "scopes": SCOPES},
    )


def test_valid_response_is_canonical() -> None:
    response = validate_response(
        make_form(),
        {"measures": "yes", "scopes": "s2  s1", "staff": "12", "share": "0.50", "since": "2024/1/5"},
        respondent="r1",
        attributes={"tier": "tier1"},
    )
    assert response.answers == {
        "measures": "yes",
        "scopes": "s1 s2",
        "staff": "12",
        "share": "0.5",
        "since": "2024-01-05",
    }
    assert response.shown == {
        "measures": True,
        "scopes": True,
        "staff": True,
        "share": True,
        "since": True,
        "why": False,
    }
    assert response.attributes == {"tier": "tier1"}


def test_group_relevance_hides_its_questions() -> None:
    response, issues = check_response(make_form(), {"measures": "no"})
    assert issues == []
    assert response.shown == {
        "measures": True,
        "scopes": False,
        "staff": False,
        "share": False,
        "since": False,
        "why": False,
    }


def test_every_issue_is_reported() -> None:
    _, issues = check_response(
        make_form(),
        {"measures": "yes", "scopes": "s1", "staff": "-3", "since": "5 Jan", "why": "x", "extra": "1"},
        file="r.csv",
        row=4,
    )
    reasons = {issue.column: issue.reason for issue in issues}
    assert reasons["extra"] == "unknown question"
    assert "constraint" in reasons["staff"]
    assert "date" in reasons["since"]
    assert "not shown" in reasons["why"]
    assert all(issue.row == 4 and issue.file == "r.csv" for issue in issues)
    _, issues = check_response(make_form(), {"measures": "yes", "scopes": "none s1"})
    assert [(issue.column, issue.reason) for issue in issues] == [("scopes", "'None' stands alone")]


def test_required_and_required_expression() -> None:
    _, issues = check_response(make_form(), {"measures": "yes", "staff": "500"})
    assert {issue.column for issue in issues} == {"scopes", "share"}
    _, issues = check_response(make_form(), {"measures": "yes", "scopes": "s1", "staff": "5"})
    assert issues == []


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("measures", "maybe", "unknown choice 'maybe'"),
        ("measures", "yes no", "only one choice"),
        ("staff", "1.5", "integer"),
        ("staff", "1,000", "thousands"),
        ("share", "NaN", "NaN"),
        ("since", "2024-02-30", "date"),
    ],
)
def test_bad_values(column: str, value: str, reason: str) -> None:
    raw = {"measures": "yes", "scopes": "s1", column: value}
    with pytest.raises(RowsRejected, match=reason):
        validate_response(make_form(), raw)


def test_import_table_all_or_nothing() -> None:
    data = (
        b"respondent,measures,scopes,staff,tier\n"
        b"a,yes,s1 s2,10,tier1\n"
        b"b,no,,,tier2\n"
        b"c,perhaps,s3,ten,tier1\n"
        b"d,yes,,,tier2\n"
    )
    table = read_table(data, filename="answers.csv")
    with pytest.raises(RowsRejected) as caught:
        import_responses(make_form(), table, attributes=["tier"])
    issues = caught.value.issues
    assert {(i.row, i.column) for i in issues} == {
        (4, "measures"),
        (4, "scopes"),
        (4, "staff"),
        (5, "scopes"),
    }
    assert all(i.file == "answers.csv" for i in issues)
    assert "row 4, column 'measures': unknown choice 'perhaps'" in str(caught.value)


def test_import_table_unknown_column_rejected() -> None:
    table = read_table(b"measures,colour\nno,red\n", filename="a.csv")
    with pytest.raises(RowsRejected) as caught:
        import_responses(make_form(), table)
    (issue,) = caught.value.issues
    assert (issue.row, issue.column, issue.reason) == (1, "colour", "unknown question")


def test_import_table_kobo_split_columns_and_metadata() -> None:
    data = (
        b"_id,start,measures,scopes/s1,scopes/s2,scopes/none,_uuid\n7,2024,yes,1,0,0,u\n8,2024,no,0,0,0,v\n"
    )
    responses = import_responses(make_form(), read_table(data))
    assert isinstance(responses, ResponseSet)
    assert responses.answers["scopes"] == ["s1", ""]
    assert responses.shown["scopes"] == [True, False]
    assert responses.respondents == ["row-2", "row-3"]
    with pytest.raises(RowsRejected, match="0 or 1"):
        import_responses(make_form(), read_table(b"measures,scopes/s1\nyes,2\n"))


def test_response_set_round_trip() -> None:
    form = make_form()
    responses = [validate_response(form, {"measures": "no"}, respondent="x", attributes={"tier": "t1"})]
    table = ResponseSet.from_responses(form, responses)
    assert table.response(0) == responses[0]


def test_required_now_follows_the_required_expression() -> None:
    form = make_form()
    assert required_now(form, {}) == {"measures", "scopes"}
    assert required_now(form, {"measures": "yes", "staff": "101"}) == {"measures", "scopes", "share"}
    assert "share" not in required_now(form, {"measures": "yes", "staff": "100"})
