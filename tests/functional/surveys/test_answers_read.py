"""The report read from the database in bulk equals the report of the answers read row by row, exactly.

A generated survey (skips, multiple choices, free text with quotes, commas, line breaks and the sheet's own
separators, numbers) is answered through every way answers are stored: an import, respondents' first saves and
re-saves through the web path, and responses from before answer sheets existed (rows only). The bulk read
(:func:`tanlu.web.surveys.loading.load_responses`) must give the same ResponseSet, and so the same report, as the
row-by-row reference below, which is the read path as it was before (one SELECT of every answer row).
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from django.db import connection

from tanlu.survey.form import Choice, Form, Page, Question
from tanlu.survey.report import build_report, report_to_dict
from tanlu.survey.responses import ResponseSet
from tanlu.survey.xlsform import write_xlsform
from tanlu.web.surveys import answers_read, import_store, importing, loading, storing
from tanlu.web.surveys.answer_sheet import RS, US
from tanlu.web.surveys.models import Answer, ResponseStatus, Survey, SurveyResponse

pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = [
    "",
    "无",
    'say "yes", or no',
    "line one\nline two\r\nthree",
    f"odd{US}sep",
    f"rec{RS}sep",
    " spaced ",
]


def _form() -> Form:
    choices = {
        "yn": (Choice("yes", {"en": "Yes"}), Choice("no", {"en": "No"})),
        "five": tuple(Choice(f"o{i}", {"en": f"Option {i}"}) for i in range(5)),
    }
    questions = (
        Question("q_yes", "select_one", {"en": "Yes?"}, choices="yn"),
        Question(
            "q_follow", "select_multiple", {"en": "Which?"}, choices="five", relevant="${q_yes} = 'yes'"
        ),
        Question("q_many", "select_multiple", {"en": "Many"}, choices="five"),
        Question("q_text", "text", {"en": "Say"}),
        Question("q_n", "integer", {"en": "How many"}),
        Question("q_why", "text", {"en": "Why not"}, relevant="${q_yes} = 'no'"),
    )
    return Form("readcheck", {"en": "Read check"}, "1", "en", ("en",), questions, choices)


def _answers(rng: random.Random) -> dict[str, str]:
    raw: dict[str, str] = {}
    if rng.random() < 0.9:
        raw["q_yes"] = rng.choice(["yes", "no"])
    if raw.get("q_yes") == "yes" and rng.random() < 0.8:
        raw["q_follow"] = " ".join(f"o{i}" for i in range(5) if rng.random() < 0.4)
    raw["q_many"] = " ".join(f"o{i}" for i in range(5) if rng.random() < 0.5)
    raw["q_text"] = rng.choice(TEXTS)
    if rng.random() < 0.7:
        raw["q_n"] = str(rng.randint(0, 500))
    if raw.get("q_yes") == "no":
        raw["q_why"] = rng.choice(TEXTS)
    return {name: value for name, value in raw.items() if value.strip()}


def rows_reference(survey: Survey) -> ResponseSet:
    """The read path before answer sheets: every answer row, one by one."""
    form = loading.load_form(survey)
    responses = list(
        SurveyResponse.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
        .order_by("started_at", "id")
        .values_list("pk", "respondent", "invitation__company", "invitation__attributes")
    )
    names = [q.name for q in form.answer_questions()]
    position = {pk: i for i, (pk, *_r) in enumerate(responses)}
    answers = {name: [""] * len(responses) for name in names}
    shown = {name: [False] * len(responses) for name in names}
    for response_id, question, value, visible in Answer.objects.filter(
        response_id__in=list(position)
    ).values_list("response_id", "question", "value", "shown"):
        if question in answers:
            answers[question][position[response_id]] = value
            shown[question][position[response_id]] = visible
    keys = sorted({key for *_h, attrs in responses for key in (attrs or {})})
    attributes = {"company": [company or "" for _p, _r, company, _a in responses]}
    for key in keys:
        attributes[key] = [str((attrs or {}).get(key, "")) for *_h, attrs in responses]
    return ResponseSet(form, [r for _p, r, *_x in responses], answers, shown, attributes)


def _report(responses: ResponseSet) -> str:
    return json.dumps(report_to_dict(build_report(responses)), ensure_ascii=False, sort_keys=True)


@pytest.fixture
def survey(make_organization: Any) -> Survey:
    form = _form()
    organization = make_organization("Read check")
    survey = Survey.objects.create(
        organization=organization, identifier=form.form_id, form_xlsx=write_xlsform(form), status="open"
    )
    rng = random.Random(13)  # noqa: S311 - test data
    imported = [_answers(rng) for _ in range(120)]
    columns = [q.name for q in form.answer_questions()]
    # imported: the chunked writer, several chunks
    from tanlu.survey.responses import check_response  # noqa: PLC0415

    checked = [check_response(form, raw)[0] for raw in imported]
    import_store.store_imported(
        survey,
        [f"imp-{i}" for i in range(len(checked))],
        {name: [r.answers.get(name, "") for r in checked] for name in columns},
        {name: [r.shown.get(name, False) for r in checked] for name in columns},
    )
    # the web path: a first save of one page, then a re-save that submits (rewriting the sheet)
    page = Page(None, {}, tuple(form.questions()))
    for _ in range(40):
        raw = _answers(rng)
        first = storing.store(
            survey, form=form, response=None, invitation=None, resume_key=None, language="en",
            answers={}, shown={}, next_page=0, submit=False,
        )  # fmt: skip
        from tanlu.web.surveys import answering  # noqa: PLC0415

        result = answering.save_page(
            survey, form, page=page, posted=raw, response=first.response, submit=True
        )
        assert result.ok, result.errors
    # from before answer sheets: rows only
    SurveyResponse.objects.filter(survey=survey, respondent__in=["imp-3", "imp-77"]).update(answer_sheet=None)
    # one in progress and one importing: in neither read
    storing.store(
        survey, form=form, response=None, invitation=None, resume_key=None, language="en",
        answers={"q_text": "draft"}, shown={"q_text": True}, next_page=0, submit=False,
    )  # fmt: skip
    return survey


def test_the_bulk_read_equals_the_row_by_row_read_and_so_does_the_report(survey: Survey) -> None:
    expected = rows_reference(survey)
    found = loading.load_responses(survey)
    assert len(found) == 160
    assert found.respondents == expected.respondents
    assert found.answers == expected.answers
    assert found.shown == expected.shown
    assert found.attributes == expected.attributes
    assert _report(found) == _report(expected)
    sheets = SurveyResponse.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
    # the separators in answers left some responses without a sheet, read from their rows
    assert sheets.filter(answer_sheet__isnull=True).count() > 2
    assert sheets.filter(answer_sheet__isnull=False).count() > 60
    assert any(US in value for value in found.answers["q_text"])
    assert any(not flag for flag in found.shown["q_follow"])
    assert any(len(value.split()) > 1 for value in found.answers["q_many"])


def test_the_rows_read_as_csv_in_small_chunks_equal_the_rows(survey: Survey, monkeypatch: Any) -> None:
    monkeypatch.setattr(answers_read, "CHUNK", 7)
    SurveyResponse.objects.filter(survey=survey).update(answer_sheet=None)
    expected = rows_reference(survey)
    found = loading.load_responses(survey)
    assert (found.answers, found.shown) == (expected.answers, expected.shown)


def test_an_import_that_fails_half_way_leaves_nothing(survey: Survey, monkeypatch: Any) -> None:
    before = rows_reference(survey)
    count = SurveyResponse.objects.filter(survey=survey).count()
    monkeypatch.setattr(import_store, "CHUNK", 2)
    calls = 0
    original = import_store._write_chunk

    def failing(writing: Any, chunk: range) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("disk full")
        original(writing, chunk)

    monkeypatch.setattr(import_store, "_write_chunk", failing)
    names = [q.name for q in loading.load_form(survey).answer_questions()]
    with pytest.raises(RuntimeError):
        importing._store(
            survey,
            ["x1", "x2", "x3", "x4", "x5"],
            {n: [""] * 5 for n in names},
            {n: [True] * 5 for n in names},
        )
    assert SurveyResponse.objects.filter(survey=survey).count() == count
    assert not SurveyResponse.objects.filter(survey=survey, status=ResponseStatus.IMPORTING).exists()
    assert loading.load_responses(survey).answers == before.answers


def test_only_the_publishing_commit_of_an_import_waits_for_its_flush(
    survey: Survey, monkeypatch: Any
) -> None:
    """On PostgreSQL the chunks commit without waiting for the WAL flush; the final UPDATE, which makes the batch
    visible, commits synchronously and so flushes every chunk before it (nothing visible can be lost)."""
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    monkeypatch.setattr(import_store, "CHUNK", 2)
    statements: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    names = [q.name for q in loading.load_form(survey).answer_questions()]
    with connection.execute_wrapper(record):
        importing._store(
            survey,
            ["y1", "y2", "y3", "y4", "y5"],
            {n: [""] * 5 for n in names},
            {n: [True] * 5 for n in names},
        )
    relaxed = [i for i, sql in enumerate(statements) if "synchronous_commit" in sql]
    assert len(relaxed) == 3, "one per chunk of two responses"
    publish = max(i for i, sql in enumerate(statements) if sql.lstrip().upper().startswith("UPDATE"))
    assert publish > relaxed[-1]
    assert not any("synchronous_commit" in sql for sql in statements[relaxed[-1] + 1 :])
    assert SurveyResponse.objects.filter(survey=survey, respondent__in=["y1", "y5"]).count() == 2
