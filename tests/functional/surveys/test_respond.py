"""Answering a survey through a personal link: pages, skip logic, validation, resume, submit, closing (the public
link: ``test_respond_public.py``).

The respondent's form is plain HTML: these tests post it as a browser without JavaScript would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tanlu.web.accounts.models import Membership
from tanlu.web.surveys import lifecycle, links, mailing, participants, versions
from tanlu.web.surveys.models import (
    Answer,
    InvitationStatus,
    ResponseStatus,
    Survey,
    SurveyInvitation,
    SurveyResponse,
    SurveyStatus,
)

pytestmark = pytest.mark.django_db

#: a complete, valid set of answers to the built-in AIAG survey, page by page (no follow-ups shown)
PAGES = [
    {"wave1": "yes", "company_type": "supplier", "function": ["sqe", "operations"]},
    {
        "pcf_disclosure": "no",
        "supplier_disclosure_requirement": ["none"],
        "supplier_data_handling": "no_action",
        "supplier_target_binding": "no_target",
        "product_pcf_disclosure": "no",
    },
    {
        "carbon_accounting_approach": ["in_house"],
        "it_system": "none",
        "measurement_scope": ["scope1", "scope2"],
        "main_difficulty": ["raw_data"],
    },
    {"green_energy_relocation": ["obstacles"], "relocation_factors": ["fiscal_policy"]},
    {"aiag_support": ["training", "methodology"]},
]


def _valid_pages(survey: Survey) -> list[dict[str, Any]]:
    del survey
    return [dict(page) for page in PAGES]


def _choices(survey: Survey) -> dict[str, list[str]]:
    form = versions.survey_form(survey)
    return {q.name: [c.name for c in form.choices_for(q)] for q in form.answer_questions()}


@pytest.fixture
def survey(open_builtin_survey: Survey) -> Survey:
    """The survey answered here (in place of conftest's results survey): the built-in one, open."""
    return open_builtin_survey


@pytest.fixture
def invite(owner_membership: Membership, survey: Survey) -> Callable[..., tuple[SurveyInvitation, str]]:
    def make(email: str = "li.na@example.com", language: str = "zh") -> tuple[SurveyInvitation, str]:
        data = f"email,name,company,language,tier\n{email},李娜,恒达,{language},1\n".encode()
        (invitation,) = participants.import_participants(owner_membership, survey, data, "people.csv")
        invitation.refresh_from_db()
        return invitation, f"/s/{links.invitation_token(invitation)}/"

    return make


def post_page(
    client: Client,
    url: str,
    page: int | str,
    answers: dict[str, Any],
    *,
    action: str = "next",
    rendered: list[str] | None = None,
) -> Any:
    data: dict[str, Any] = {"page": page, "action": action, **answers}
    if rendered is not None:
        data["rendered"] = rendered
        data["rendered_marker"] = "1"
    return client.post(url, data)


def answer_all(client: Client, url: str, survey: Survey) -> Any:
    response = None
    for number, answers in enumerate(_valid_pages(survey)):
        response = post_page(client, url, number, answers)
        assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_personal_link_answers_page_by_page_and_submits_once(
    invite: Callable[..., Any], survey: Survey
) -> None:
    invitation, url = invite()
    client = Client()
    start = client.get(url)
    assert start.status_code == 200
    assert "碳表现调查（第二轮）" in start.content.decode(), "the invitation's language (Chinese) is used"
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.IN_PROGRESS
    assert invitation.opened_at is not None
    first = client.get(url + "?page=0").content.decode()
    assert "<fieldset" in first
    assert "<legend" in first
    assert 'type="radio"' in first
    last = answer_all(client, url, survey)
    assert last["Location"].endswith("?thanks=1")
    response = SurveyResponse.objects.get(invitation=invitation)
    assert response.status == ResponseStatus.SUBMITTED
    assert response.submitted_at
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    form = versions.survey_form(survey)
    assert Answer.objects.filter(response=response).count() == len(form.answer_questions())
    assert Answer.objects.get(response=response, question="pcf_disclosure_sample").shown is False
    # one submission per token: the link now shows the thank-you page, and posting again changes nothing
    again = client.get(url)
    assert again.status_code == 200
    assert "alert--success" in again.content.decode()
    assert '<form class="form' not in again.content.decode()
    repost = post_page(client, url, 0, {"wave1": "no", "company_type": "oem", "function": ["other"]})
    assert repost.status_code in {200, 302}
    assert Answer.objects.get(response=response, question="wave1").value == _valid_pages(survey)[0]["wave1"]
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_required_and_type_errors_are_shown_next_to_the_field_and_nothing_is_stored(
    invite: Callable[..., Any], survey: Survey
) -> None:
    _invitation, url = invite(language="en")
    client = Client()
    response = post_page(client, url, 0, {"wave1": "yes"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="field__error"' in html
    assert "Please answer this question." in html
    assert 'aria-invalid="true"' in html
    assert not SurveyResponse.objects.filter(survey=survey).exists(), "a page with errors stores nothing"
    bad = post_page(
        client, url, 0, {"wave1": "maybe", "company_type": "supplier", "function": ["sustainability"]}
    )
    assert bad.status_code == 400
    assert "Choose one of the options." in bad.content.decode()
    assert not SurveyResponse.objects.filter(survey=survey).exists()


def test_constraint_is_checked_with_the_forms_message(invite: Callable[..., Any], survey: Survey) -> None:
    _invitation, url = invite(language="en")
    client = Client()
    pages = _valid_pages(survey)
    for number in (0, 1):
        assert post_page(client, url, number, pages[number]).status_code == 302
    choices = _choices(survey)["measurement_scope"]
    assert "none" in choices
    page = {**pages[2], "measurement_scope": ["none", choices[0]]}
    response = post_page(client, url, 2, page)
    assert response.status_code == 400
    assert 'class="field__error"' in response.content.decode()


def test_skip_logic_reveals_the_follow_up_before_moving_on(
    invite: Callable[..., Any], survey: Survey
) -> None:
    _invitation, url = invite(language="en")
    client = Client()
    pages = _valid_pages(survey)
    post_page(client, url, 0, pages[0])
    page = client.get(url + "?page=1").content.decode()
    assert 'name="pcf_disclosure_sample"' not in page, "the follow-up is hidden until 'yes'"
    rendered = list(pages[1])
    yes = {**pages[1], "pcf_disclosure": "yes"}
    held = post_page(client, url, 1, yes, rendered=rendered)
    assert held.status_code == 200, "the page is shown again with the follow-up question"
    assert 'name="pcf_disclosure_sample"' in held.content.decode()
    moved = post_page(
        client,
        url,
        1,
        {**yes, "pcf_disclosure_sample": "<script>alert(1)</script> our EPD"},
        rendered=[*rendered, "pcf_disclosure_sample"],
    )
    assert moved.status_code == 302
    assert moved["Location"].endswith("?page=2")
    back = client.get(url + "?page=1").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; our EPD" in back
    assert "<script>alert(1)" not in back
    # answering "no" again hides the follow-up and drops its answer
    post_page(client, url, 1, pages[1])
    response = SurveyResponse.objects.get(survey=survey)
    sample = Answer.objects.get(response=response, question="pcf_disclosure_sample")
    assert sample.value == ""
    assert sample.shown is False


def test_htmx_fragment_shows_the_follow_up_at_once(invite: Callable[..., Any], survey: Survey) -> None:
    _invitation, url = invite(language="en")
    client = Client()
    fragment = client.post(url + "relevance/", {"page": 1, "pcf_disclosure": "yes"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert 'id="q-pcf_disclosure_sample"' in html
    assert 'hx-swap-oob="true"' in html
    assert 'name="pcf_disclosure_sample"' in html
    hidden = client.post(url + "relevance/", {"page": 1, "pcf_disclosure": "no"}).content.decode()
    assert 'id="q-pcf_disclosure_sample"' in hidden
    assert 'name="pcf_disclosure_sample"' not in hidden
    assert not SurveyResponse.objects.exists(), "re-evaluating relevance stores nothing"


def test_save_and_resume_from_another_client(invite: Callable[..., Any], survey: Survey) -> None:
    _invitation, url = invite(language="en")
    pages = _valid_pages(survey)
    first = Client()
    post_page(first, url, 0, pages[0])
    saved = post_page(first, url, 1, {"pcf_disclosure": "no"}, action="save")
    assert saved.status_code == 302
    assert saved["Location"].endswith("?saved=1")
    assert "Your answers are saved" in first.get(saved["Location"]).content.decode()
    other = Client()  # a new browser: nothing in common but the link
    resumed = other.get(url)
    html = resumed.content.decode()
    assert resumed.status_code == 200
    assert 'value="1"' in html
    assert 'name="page"' in html, "resumes on the page where it stopped"
    assert re.search(r'value="no" checked', html), "the saved answer is filled in"


def test_back_keeps_answers_without_requiring_them(invite: Callable[..., Any], survey: Survey) -> None:
    _invitation, url = invite(language="en")
    client = Client()
    post_page(client, url, 0, _valid_pages(survey)[0])
    back = post_page(client, url, 1, {"pcf_disclosure": "yes"}, action="back")
    assert back.status_code == 302
    assert back["Location"].endswith("?page=0")
    response = SurveyResponse.objects.get(survey=survey)
    assert Answer.objects.get(response=response, question="pcf_disclosure").value == "yes"


def test_submit_with_an_earlier_page_incomplete_shows_that_page(
    invite: Callable[..., Any], survey: Survey
) -> None:
    _invitation, url = invite(language="en")
    client = Client()
    pages = _valid_pages(survey)
    post_page(client, url, 0, pages[0])
    post_page(client, url, 1, {"pcf_disclosure": "no"}, action="save")
    response = post_page(client, url, len(pages) - 1, pages[-1])
    assert response.status_code == 400
    assert 'name="page" value="1"' in response.content.decode()
    assert SurveyResponse.objects.get(survey=survey).status == ResponseStatus.IN_PROGRESS


def test_one_page_mode_submits_everything_at_once(invite: Callable[..., Any], survey: Survey) -> None:
    invitation, url = invite(language="en")
    everything: dict[str, Any] = {}
    for page in _valid_pages(survey):
        everything.update(page)
    client = Client()
    assert 'name="aiag_support"' in client.get(url + "?page=all").content.decode()
    response = post_page(client, url, "all", everything)
    assert response.status_code == 302
    assert response["Location"].endswith("?thanks=1")
    assert SurveyResponse.objects.get(invitation=invitation).status == ResponseStatus.SUBMITTED


def test_closed_draft_and_expired_surveys_show_a_clear_page(
    invite: Callable[..., Any], survey: Survey, owner_membership: Membership
) -> None:
    _invitation, url = invite(language="en")
    client = Client()
    lifecycle.close_survey(owner_membership, survey)
    closed = client.get(url)
    assert closed.status_code == 410
    assert "This survey has closed" in closed.content.decode()
    assert '<form class="form' not in closed.content.decode()
    posted = post_page(client, url, 0, _valid_pages(survey)[0])
    assert posted.status_code == 410
    assert not SurveyResponse.objects.exists()
    Survey.objects.filter(pk=survey.pk).update(
        status=SurveyStatus.OPEN, closes_at=timezone.now() - timedelta(minutes=1)
    )
    expired = client.get(url)
    assert expired.status_code == 410
    assert "closed on" in expired.content.decode()
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.DRAFT, closes_at=None)
    draft = client.get(url)
    assert draft.status_code == 410
    assert "not open yet" in draft.content.decode()


def test_edit_until_submit_then_closed_survey_keeps_the_draft(
    invite: Callable[..., Any], survey: Survey
) -> None:
    _invitation, url = invite(language="en")
    client = Client()
    pages = _valid_pages(survey)
    post_page(client, url, 0, pages[0])
    post_page(client, url, 0, {**pages[0], "wave1": "no"})
    response = SurveyResponse.objects.get(survey=survey)
    assert Answer.objects.get(response=response, question="wave1").value == "no"


def test_unknown_token_is_a_clear_404_and_guessing_answers_429_with_retry_after(
    invite: Callable[..., Any], survey: Survey, settings: Any
) -> None:
    settings.TANLU_SURVEY_TOKEN_MISSES = 5
    _invitation, url = invite(language="en")
    client = Client()
    for attempt in range(5):
        guess = client.get(f"/s/guess{attempt}AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/")
        assert guess.status_code == 404
        assert "This survey link is not valid" in guess.content.decode()
    blocked = client.get(url)
    assert blocked.status_code == 429, "after too many misses even a valid token is refused"
    assert 0 < int(blocked["Retry-After"]) <= settings.TANLU_SURVEY_TOKEN_WINDOW
    assert "Please wait 15 minutes and try again" in blocked.content.decode()
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(url)
    assert chinese.status_code == 429
    assert "请等待 15 分钟后再试" in chinese.content.decode()
    other_address = Client(REMOTE_ADDR="10.1.2.3")
    assert other_address.get(url).status_code == 200


def test_language_switch_is_on_every_respondent_page(invite: Callable[..., Any]) -> None:
    _invitation, url = invite(language="zh")
    client = Client()
    html = client.get(url + "?page=0").content.decode()
    assert 'lang="zh-Hans"' in html
    assert 'name="language" value="en"' in html
    assert 'class="app-nav' not in html, "no app navigation for respondents"
    client.post("/language/", {"language": "en", "next": url})
    assert "Carbon Performance Survey" in client.get(url + "?page=0").content.decode()


def test_invitation_email_is_in_the_participants_language(
    invite: Callable[..., Any],
    survey: Survey,
    owner_membership: Membership,
    django_capture_on_commit_callbacks: Any,
) -> None:
    invitation, url = invite(language="zh")
    with django_capture_on_commit_callbacks(execute=True):
        count, _job = mailing.send_invitations(owner_membership, survey)
    assert count == 1
    (message,) = mail.outbox
    assert message.to == [invitation.email]
    assert "碳表现调查（第二轮）" in message.subject
    assert "https://tanlu.example.test" + url in message.body
