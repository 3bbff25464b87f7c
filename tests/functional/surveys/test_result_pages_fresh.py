"""Issue 13 item 12: the results and report pages are fast and never show a stale figure.

The charts are drawn on every request from the figures of the moment (nothing is kept between requests but the
wrapping of label texts, which depends on the text alone), so a new submission and a filter change must show in
the next page at once; and the pages ask the database a fixed number of queries, however many responses there
are (no query per response or per question).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tanlu.web.surveys import storing
from tanlu.web.surveys.loading import load_form
from tanlu.web.surveys.models import Survey

pytestmark = pytest.mark.django_db(transaction=False)


def _submit(survey: Survey, answers: dict[str, str]) -> None:
    """A respondent's submission through the web's storing path (the one the answer pages use)."""
    form = load_form(survey)
    shown = {q.name: True for q in form.answer_questions()}
    result = storing.store(
        survey, form=form, response=None, invitation=None, resume_key=None, language="en",
        answers=answers, shown=shown, next_page=0, submit=True,
    )  # fmt: skip
    assert result.ok, result.errors


def _question(response: Any, name: str) -> dict[str, Any]:
    return next(q for q in response.context["questions"] if q["stat"].name == name)


def _chart_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


@pytest.mark.parametrize("page", ["results", "report"])
def test_a_new_submission_shows_in_the_next_page_and_its_charts(
    tenant: Any, survey: Survey, page: str
) -> None:
    url = f"/surveys/{survey.pk}/results/" if page == "results" else f"/surveys/{survey.pk}/report/"
    before = tenant.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    chart = _question(before, "pcf_disclosure")["chart"]
    assert "25.31%" in _chart_texts(chart)  # 62 of 245
    _submit(survey, {"company_type": "oem", "function": "others", "pcf_disclosure": "yes"})
    after = tenant.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert after.context["stats"].respondents == 246
    new_chart = _question(after, "pcf_disclosure")
    assert new_chart["chart"] != chart
    assert "25.61%" in _chart_texts(new_chart["chart"]), "63 of 246: drawn from the figures of the moment"
    assert "25.61%" in _chart_texts(new_chart["chart_narrow"])
    assert "25.31%" not in _chart_texts(new_chart["chart"])
    assert "25.61" in after.content.decode()


def test_a_filter_change_draws_the_filtered_figures(tenant: Any, survey: Survey) -> None:
    url = f"/surveys/{survey.pk}/results/"
    everyone = _question(tenant.client.get(url), "pcf_disclosure")
    oems = tenant.client.get(url, {"where": "company_type:oem"})
    assert oems.context["stats"].respondents == 5
    filtered = _question(oems, "pcf_disclosure")
    assert filtered["chart"] != everyone["chart"]
    counts = {o["name"]: o["count"] for o in filtered["options"]}
    assert sum(counts.values()) == 5
    for option in filtered["options"]:
        assert f"{option['percent']:.2f}%" in _chart_texts(filtered["chart"])
    again = _question(tenant.client.get(url), "pcf_disclosure")
    assert again["chart"] == everyone["chart"], (
        "the unfiltered page again: the same drawing as the first time"
    )


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_ask_a_fixed_number_of_queries(tenant: Any, survey: Survey) -> None:
    urls = [
        f"/surveys/{survey.pk}/results/",
        f"/surveys/{survey.pk}/results/?where=company_type:oem",
        f"/surveys/{survey.pk}/report/",
    ]
    for url in urls:
        tenant.client.get(url)  # the session and the questionnaire's parse, once
    counts = [_queries(tenant.client, url) for url in urls]
    for _ in range(3):
        _submit(survey, {"company_type": "supplier", "function": "others", "pcf_disclosure": "no"})
    assert [_queries(tenant.client, url) for url in urls] == counts, "no query per response"
    assert counts[0] <= 8
    assert counts[2] <= 12


def test_responses_are_read_in_the_order_they_were_started(survey: Survey) -> None:
    """PostgreSQL's rows come unsorted and are put in order in Python: by start, then id, as ORDER BY would."""
    from datetime import timedelta  # noqa: PLC0415

    from tanlu.web.surveys.loading import load_responses  # noqa: PLC0415
    from tanlu.web.surveys.models import Answer, SurveyResponse  # noqa: PLC0415

    stored = list(SurveyResponse.objects.filter(survey=survey).order_by("id"))
    first = stored[0].started_at
    for index, response in enumerate(stored):
        # later ids started earlier, in groups of three that started in the same microsecond
        response.started_at = first - timedelta(microseconds=(index // 3) * 7)
    SurveyResponse.objects.bulk_update(stored, ["started_at"])
    expected = list(
        SurveyResponse.objects.filter(survey=survey, status="submitted")
        .order_by("started_at", "id")
        .values_list("respondent", flat=True)
    )
    loaded = load_responses(survey)
    assert loaded.respondents == expected
    assert loaded.respondents != [r.respondent for r in stored], "the test reorders them"
    rows = dict(
        Answer.objects.filter(response__survey=survey, question="pcf_disclosure").values_list(
            "response__respondent", "value"
        )
    )
    assert dict(zip(loaded.respondents, loaded.answers["pcf_disclosure"], strict=True)) == rows


def test_the_wave_page_counts_the_earlier_wave_it_read_once(tenant: Any, survey: Survey) -> None:
    response = tenant.client.get(f"/surveys/{survey.pk}/results/waves/")
    assert response.context["earlier_respondents"] == 120
    assert response.context["computed"].earlier is not None
