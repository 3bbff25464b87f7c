"""The import writer stores every answer exactly, whatever characters it holds (SQLite, or PostgreSQL's COPY).

On PostgreSQL the answers go to the database as COPY's text format built by the writer, where a backslash, a
tab, a line break and ``\\N`` mean something: each must come back as it was typed. Run with DATABASE_URL set to
a PostgreSQL database to check that path; without it, SQLite's.
"""

from __future__ import annotations

from typing import Any

import pytest

from tanlu.survey.form import Form, Question
from tanlu.survey.xlsform import write_xlsform
from tanlu.web.surveys import importing, loading
from tanlu.web.surveys.answer_sheet import RS, US
from tanlu.web.surveys.models import Answer, ResponseStatus, Survey, SurveyResponse

pytestmark = pytest.mark.django_db(transaction=True)

VALUES = [
    "plain",
    "back\\slash",
    "tab\there",
    "line\nbreak",
    "carriage\rreturn\r\n",
    "\\N",
    "\\",
    "ends with \\",
    'quote " and , comma',
    "碳足迹",
    f"unit{US}separator",
    f"record{RS}separator",
    "",
]


def test_imported_answers_come_back_exactly(make_organization: Any) -> None:
    form = Form(
        "values",
        {"en": "Values"},
        "1",
        "en",
        ("en",),
        (Question("say", "text", {"en": "Say"}), Question("more", "text", {"en": "More"})),
        {},
    )
    survey = Survey.objects.create(
        organization=make_organization("Values"), identifier="values", form_xlsx=write_xlsform(form)
    )
    respondents = [f"r{i}" for i in range(len(VALUES))]
    importing._store(
        survey,
        respondents,
        {"say": VALUES, "more": list(reversed(VALUES))},
        {"say": [True] * len(VALUES), "more": [i % 3 != 0 for i in range(len(VALUES))]},
    )
    assert not SurveyResponse.objects.filter(survey=survey, status=ResponseStatus.IMPORTING).exists()
    stored = {
        (respondent, question): (value, shown)
        for respondent, question, value, shown in Answer.objects.filter(response__survey=survey).values_list(
            "response__respondent", "question", "value", "shown"
        )
    }
    for i, respondent in enumerate(respondents):
        assert stored[respondent, "say"] == (VALUES[i], True)
        hidden = i % 3 == 0
        assert stored[respondent, "more"] == ("" if hidden else VALUES[-1 - i], not hidden)
    loaded = loading.load_responses(survey)
    assert loaded.answers["say"] == VALUES
    assert loaded.answers["more"] == ["" if i % 3 == 0 else VALUES[-1 - i] for i in range(len(VALUES))]
