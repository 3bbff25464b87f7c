"""The owner's side: creating surveys (built-in, XLSForm), editing texts, versions, settings, participants, emails.

Every change is checked server-side: viewers read, editors and owners act.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tanlu.survey.xlsform import read_xlsform
from tanlu.web.accounts.models import AuditEvent, Membership, Role
from tanlu.web.surveys import lifecycle, links, mailing, participants, versions
from tanlu.web.surveys.models import InvitationStatus, Survey, SurveyInvitation, SurveyStatus

pytestmark = pytest.mark.django_db

XLSFORM_CSV = """survey,type,name,label::English (en),label::Chinese (zh),relevant,required
,select_one yn,uses_it,Do you use an IT system?,是否使用IT系统？,,yes
,text,which,Which one?,哪一个？,${uses_it} = 'yes',
choices,list_name,name,label::English (en),label::Chinese (zh)
,yn,yes,Yes,是
,yn,no,No,否
settings,form_id,form_title::English (en),form_title::Chinese (zh),default_language
,it_check,IT check,IT 检查,English (en)
"""


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def owner(tenant: Any) -> Membership:
    return Membership.objects.get(user=tenant.owner, organization=tenant.organization)


@pytest.fixture
def member(
    tenant: Any, make_user: Callable[..., Any], add_member: Callable[..., Any]
) -> Callable[[str], Client]:
    def make(role: str) -> Client:
        user = make_user()
        add_member(user, tenant.organization, role)
        client = Client()
        client.force_login(user)
        return client

    return make


def test_survey_list_is_the_surveys_area(tenant: Any) -> None:
    empty = tenant.client.get("/surveys/")
    assert empty.status_code == 200
    assert "New AIAG survey" in empty.content.decode()
    asked = tenant.client.get("/surveys/new/builtin/").content.decode()
    assert 'name="wave" value="2"' in asked
    assert "碳表现调查（第二轮）" in asked
    assert tenant.client.post("/surveys/new/builtin/", {"wave": "", "title_zh": ""}).status_code == 400
    wave2 = {
        "wave": "2",
        "title_zh": "碳表现调查（第二轮）",
        "title_en": "Carbon Performance Survey (Wave 2)",
    }
    created = tenant.client.post("/surveys/new/builtin/", wave2)
    survey = Survey.objects.get(organization=tenant.organization)
    assert created["Location"] == f"/surveys/{survey.pk}/"
    assert survey.identifier == "aiag_wave2"
    assert survey.status == SurveyStatus.DRAFT
    assert survey.title_zh == "碳表现调查（第二轮）"
    listing = tenant.client.get("/surveys/").content.decode()
    assert "aiag_wave2" in listing
    asked = tenant.client.get("/surveys/new/builtin/").content.decode()
    assert 'name="wave" value="3"' in asked
    assert "碳表现调查（第三轮）" in asked
    assert f'<option value="{survey.pk}" selected>' in asked, "the latest wave is proposed for comparison"
    tenant.client.post(
        "/surveys/new/builtin/",
        {
            "wave": "3",
            "title_zh": "碳表现调查 2025",
            "title_en": "Supplier survey 2025",
            "previous_wave": survey.pk,
        },
    )
    third = Survey.objects.get(identifier="aiag_wave3")
    assert (third.title_zh, third.title_en, third.previous_wave) == (
        "碳表现调查 2025",
        "Supplier survey 2025",
        survey,
    )
    assert versions.survey_form(third).title == {"zh": "碳表现调查 2025", "en": "Supplier survey 2025"}
    tenant.client.post("/surveys/new/builtin/", wave2)
    assert set(Survey.objects.values_list("identifier", flat=True)) == {
        "aiag_wave2",
        "aiag_wave3",
        "aiag_wave2_2",
    }
    assert AuditEvent.objects.filter(action="survey.created").count() == 3


def test_overview_questionnaire_and_invitations_pages_render(tenant: Any, owner: Membership) -> None:
    survey = versions.create_builtin_survey(owner)
    for url, text in [
        (f"/surveys/{survey.pk}/", "Public link"),
        (f"/surveys/{survey.pk}/questionnaire/", "pcf_disclosure_sample"),
        (f"/surveys/{survey.pk}/questionnaire/?edit=1", "label__wave1__zh"),
        (f"/surveys/{survey.pk}/invitations/", "Invite your suppliers"),
    ]:
        response = tenant.client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_viewers_read_but_cannot_change(
    tenant: Any, owner: Membership, member: Callable[[str], Client]
) -> None:
    survey = versions.create_builtin_survey(owner)
    viewer = member(Role.VIEWER)
    assert viewer.get(f"/surveys/{survey.pk}/").status_code == 200
    assert "Close the survey" not in viewer.get(f"/surveys/{survey.pk}/").content.decode()
    data = b"email\nx@example.com\n"
    for url, payload in [
        ("/surveys/new/builtin/", {}),
        (f"/surveys/{survey.pk}/open/", {}),
        (f"/surveys/{survey.pk}/close/", {}),
        (f"/surveys/{survey.pk}/settings/", {"public_link_enabled": "on"}),
        (f"/surveys/{survey.pk}/public-link/", {}),
        (f"/surveys/{survey.pk}/questionnaire/", {"title__en": "Hacked"}),
        (f"/surveys/{survey.pk}/invitations/import/", {"file": upload("p.csv", data)}),
        (f"/surveys/{survey.pk}/invitations/send/", {}),
        (f"/surveys/{survey.pk}/invitations/remind/", {}),
    ]:
        assert viewer.post(url, payload).status_code == 403, url
    assert viewer.get("/surveys/new/").status_code == 403
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT
    assert not survey.public_link_enabled
    assert survey.title_en != "Hacked"
    assert not SurveyInvitation.objects.exists()
    assert Survey.objects.count() == 1
    editor = member(Role.EDITOR)
    assert editor.post(f"/surveys/{survey.pk}/open/").status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN


def test_open_close_and_settings(tenant: Any, owner: Membership) -> None:
    survey = versions.create_builtin_survey(owner)
    client = tenant.client
    client.post(f"/surveys/{survey.pk}/open/")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    client.post(
        f"/surveys/{survey.pk}/settings/", {"closes_at": "2099-12-31T18:00", "public_link_enabled": "on"}
    )
    survey.refresh_from_db()
    assert survey.closes_at is not None
    assert survey.closes_at.year == 2099
    assert survey.public_link_enabled
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert links.public_url(survey) in page
    bad = client.post(f"/surveys/{survey.pk}/settings/", {"closes_at": "not a date"})
    assert bad.status_code == 400
    assert 'class="field__error"' in bad.content.decode()
    client.post(f"/surveys/{survey.pk}/close/")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED


def test_editing_labels_makes_a_new_version_that_round_trips(tenant: Any, owner: Membership) -> None:
    survey = versions.create_builtin_survey(owner)
    page = tenant.client.get(f"/surveys/{survey.pk}/questionnaire/?edit=1")
    form = page.context["texts"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    data["label__wave1__en"] = "Did you take part in wave 1?"
    data["title__zh"] = "碳表现调查 2025"
    response = tenant.client.post(f"/surveys/{survey.pk}/questionnaire/", data)
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.form_version == 2
    assert survey.title_zh == "碳表现调查 2025"
    edited = versions.survey_form(survey)
    assert edited.question("wave1").label["en"] == "Did you take part in wave 1?"
    download = tenant.client.get(f"/surveys/{survey.pk}/questionnaire.xlsx")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxml")
    assert read_xlsform(download.content) == edited, "export then import gives the same form"


def test_xlsform_import_creates_a_survey_named_by_form_id(tenant: Any) -> None:
    response = tenant.client.post("/surveys/new/", {"file": upload("it.csv", XLSFORM_CSV.encode())})
    assert response.status_code == 302
    survey = Survey.objects.get(identifier="it_check")
    assert survey.title_en == "IT check"
    assert survey.title_zh == "IT 检查"
    form = versions.survey_form(survey)
    assert form.question("which").relevant == "${uses_it} = 'yes'"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("typo.csv", XLSFORM_CSV.replace(",text,which", ",txet,which").encode(), "survey"),
        ("nosheet.csv", b"choices,list_name,name,label\n,yn,yes,Yes\n", "survey"),
        ("page.xlsx", b"<html><script>alert(1)</script></html>", "html"),
        ("cycle.csv", XLSFORM_CSV.replace(",,yes\n", ",${which} = 'x',yes\n", 1).encode(), "uses_it"),
    ],
)
def test_bad_xlsforms_are_refused_with_their_place_and_nothing_is_stored(
    tenant: Any, name: str, data: bytes, expected: str
) -> None:
    response = tenant.client.post("/surveys/new/", {"file": upload(name, data)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file was refused" in html
    assert expected in html.lower()
    assert "<script>alert(1)" not in html
    assert not Survey.objects.exists()


def test_unsupported_types_import_and_are_listed_as_not_supported_here(tenant: Any) -> None:
    data = XLSFORM_CSV.replace(",text,which", ",geopoint,which").replace(
        "choices,",
        ",calculate,twice,,,,\n,begin_repeat,sites,Sites,站点,,\n,text,site,Site,站点,,\n"
        ",end_repeat,,,,,\nchoices,",
        1,
    )
    data = data.replace(",calculate,twice,,,,", ",calculate,twice,,,,", 1)
    response = tenant.client.post("/surveys/new/", {"file": upload("geo.csv", data.encode())}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    survey = Survey.objects.get(identifier="it_check")
    assert [q.name for q in versions.survey_form(survey).answer_questions()] == ["uses_it"]
    assert "which (geopoint): locations are not supported here" in html
    assert "site (text): repeated groups are not supported here" in html
    page = tenant.client.get(f"/surveys/{survey.pk}/questionnaire/").content.decode()
    assert "Not supported here: 3 rows of the form are kept" in page
    assert "twice (calculate)" in page


def test_zip_bomb_is_refused(tenant: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    response = tenant.client.post("/surveys/new/", {"file": upload("bomb.xlsx", buffer.getvalue())})
    assert response.status_code == 400
    assert "The file was refused" in response.content.decode()
    assert not Survey.objects.exists()


def test_new_version_must_keep_the_form_id(tenant: Any) -> None:
    tenant.client.post("/surveys/new/", {"file": upload("it.csv", XLSFORM_CSV.encode())})
    survey = Survey.objects.get(identifier="it_check")
    other = XLSFORM_CSV.replace(",it_check,", ",other_id,").encode()
    refused = tenant.client.post(
        f"/surveys/{survey.pk}/questionnaire/upload/", {"file": upload("v2.csv", other)}
    )
    assert refused.status_code == 400
    assert "other_id" in refused.content.decode()
    newer = XLSFORM_CSV.replace("Which one?", "Which system?").encode()
    accepted = tenant.client.post(
        f"/surveys/{survey.pk}/questionnaire/upload/", {"file": upload("v2.csv", newer)}
    )
    assert accepted.status_code == 302
    survey.refresh_from_db()
    assert survey.form_version == 2
    assert versions.survey_form(survey).question("which").label["en"] == "Which system?"


def test_participant_import_keeps_attributes(tenant: Any, owner: Membership) -> None:
    survey = versions.create_builtin_survey(owner)
    data = "邮箱,姓名,公司,语言,customer_oem,tier\nwang@example.com,王伟,华东零件,中文,OEM A,1\nann@example.com,Ann,Parts Ltd,en,OEM B,2\n"
    response = tenant.client.post(
        f"/surveys/{survey.pk}/invitations/import/", {"file": upload("people.csv", data.encode("gbk"))}
    )
    assert response.status_code == 302
    wang = SurveyInvitation.objects.get(email="wang@example.com")
    assert (wang.name, wang.company, wang.language) == ("王伟", "华东零件", "zh-hans")
    assert wang.attributes == {"customer_oem": "OEM A", "tier": "1"}
    assert len(wang.token_hash) == 64
    assert wang.status == InvitationStatus.NOT_OPENED
    listing = tenant.client.get(f"/surveys/{survey.pk}/invitations/").content.decode()
    assert '<th scope="col">Customer OEM</th>' in listing
    assert '<th scope="col">Tier</th>' in listing
    assert "customer_oem" not in listing, "attribute headings are readable, not codes"
    assert "简体中文" in listing
    assert ">zh-hans<" not in listing
    assert "OEM B" in listing


def test_participant_import_is_all_or_nothing_with_every_bad_row(tenant: Any, owner: Membership) -> None:
    survey = versions.create_builtin_survey(owner)
    participants.import_participants(owner, survey, b"email\nold@example.com\n", "first.csv")
    data = (
        "email,name,language\n"
        "good@example.com,Good,zh\n"
        "not-an-email,<script>x</script>,en\n"
        "good@example.com,Twice,en\n"
        "old@example.com,Old,en\n"
        "fr@example.com,Pierre,fr\n"
    )
    response = tenant.client.post(
        f"/surveys/{survey.pk}/invitations/import/", {"file": upload("p.csv", data.encode())}
    )
    assert response.status_code == 400
    rows = response.context["rejected"]
    assert [(issue.row, issue.column) for issue in rows] == [
        (3, "email"),
        (4, "email"),
        (5, "email"),
        (6, "language"),
    ]
    html = response.content.decode()
    assert "not-an-email" in html
    assert "listed twice" in html
    assert "the language must be zh or en" in html
    assert list(SurveyInvitation.objects.values_list("email", flat=True)) == ["old@example.com"]


def test_participant_list_without_email_column_is_refused(tenant: Any, owner: Membership) -> None:
    survey = versions.create_builtin_survey(owner)
    response = tenant.client.post(
        f"/surveys/{survey.pk}/invitations/import/", {"file": upload("p.csv", b"name,company\nA,B\n")}
    )
    assert response.status_code == 400
    assert "no email column" in response.content.decode()


def test_sending_needs_an_open_survey_then_mails_each_in_their_language(
    tenant: Any, owner: Membership, django_capture_on_commit_callbacks: Any
) -> None:
    survey = versions.create_builtin_survey(owner)
    participants.import_participants(
        owner, survey, b"email,language\nzh@example.com,zh\nen@example.com,en\n", "p.csv"
    )
    refused = tenant.client.post(f"/surveys/{survey.pk}/invitations/send/", follow=True)
    assert "Open the survey before sending" in refused.content.decode()
    assert not mail.outbox
    lifecycle.open_survey(owner, survey)
    with django_capture_on_commit_callbacks(execute=True):
        tenant.client.post(f"/surveys/{survey.pk}/invitations/send/")
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "碳表现调查（第二轮）" in by_address["zh@example.com"].subject
    assert "Carbon Performance Survey (Wave 2)" in by_address["en@example.com"].subject
    for invitation in SurveyInvitation.objects.all():
        assert invitation.sent_at is not None
        assert links.respond_url(invitation) in by_address[invitation.email].body
    with django_capture_on_commit_callbacks(execute=True):
        tenant.client.post(f"/surveys/{survey.pk}/invitations/send/")
    assert len(mail.outbox) == 2, "an invitation is sent once"


def test_reminders_go_only_to_those_not_finished(
    tenant: Any, owner: Membership, django_capture_on_commit_callbacks: Any
) -> None:
    survey = versions.create_builtin_survey(owner)
    lifecycle.open_survey(owner, survey)
    emails = ["done@example.com", "started@example.com", "silent@example.com", "bounced@example.com"]
    participants.import_participants(owner, survey, ("email\n" + "\n".join(emails) + "\n").encode(), "p.csv")
    with django_capture_on_commit_callbacks(execute=True):
        mailing.send_invitations(owner, survey)
    SurveyInvitation.objects.filter(email="done@example.com").update(status=InvitationStatus.COMPLETED)
    SurveyInvitation.objects.filter(email="started@example.com").update(status=InvitationStatus.IN_PROGRESS)
    bounced = SurveyInvitation.objects.get(email="bounced@example.com")
    assert tenant.client.post(f"/surveys/{survey.pk}/invitations/{bounced.pk}/bounced/").status_code == 302
    bounced.refresh_from_db()
    assert bounced.status == InvitationStatus.BOUNCED
    first_link = links.respond_url(SurveyInvitation.objects.get(email="silent@example.com"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tenant.client.post(f"/surveys/{survey.pk}/invitations/remind/")
    assert sorted(message.to[0] for message in mail.outbox) == ["silent@example.com", "started@example.com"]
    silent = next(message for message in mail.outbox if message.to[0] == "silent@example.com")
    assert first_link in silent.body, "a reminder repeats the same personal link"
    assert SurveyInvitation.objects.get(email="silent@example.com").reminded_at is not None


def test_participants_template_downloads(tenant: Any, owner: Membership) -> None:
    survey = versions.create_builtin_survey(owner)
    response = tenant.client.get(f"/surveys/{survey.pk}/invitations/participants.csv")
    assert response.status_code == 200
    assert b"email,name,company,language" in response.content
