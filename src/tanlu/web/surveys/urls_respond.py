"""Authoring, distributing and answering surveys."""

from django.urls import path

from tanlu.web.surveys import views_invite as invite
from tanlu.web.surveys import views_manage as manage
from tanlu.web.surveys import views_respond as respond

urlpatterns = [
    path("surveys/", manage.survey_list, name="list"),
    path("surveys/new/", manage.create_upload, name="new"),
    path("surveys/new/builtin/", manage.create_builtin, name="new_builtin"),
    path("surveys/<int:survey_id>/", manage.detail, name="detail"),
    path("surveys/<int:survey_id>/settings/", manage.update_settings, name="settings"),
    path("surveys/<int:survey_id>/open/", manage.open_survey, name="open"),
    path("surveys/<int:survey_id>/close/", manage.close_survey, name="close"),
    path("surveys/<int:survey_id>/public-link/", manage.renew_public_link, name="renew_public_link"),
    path("surveys/<int:survey_id>/questionnaire/", manage.questionnaire, name="questionnaire"),
    path("surveys/<int:survey_id>/questionnaire/upload/", manage.upload_version, name="questionnaire_upload"),
    path(
        "surveys/<int:survey_id>/questionnaire.xlsx", manage.download_xlsform, name="questionnaire_download"
    ),
    path("surveys/<int:survey_id>/invitations/", invite.invitations, name="invitations"),
    path(
        "surveys/<int:survey_id>/invitations/import/", invite.import_participants, name="invitations_import"
    ),
    path("surveys/<int:survey_id>/invitations/add/", invite.add_participant, name="invitations_add"),
    path(
        "surveys/<int:survey_id>/invitations/suppliers/",
        invite.invite_suppliers,
        name="invitations_suppliers",
    ),
    path("surveys/<int:survey_id>/invitations/send/", invite.send_invitations, name="invitations_send"),
    path("surveys/<int:survey_id>/invitations/remind/", invite.send_reminders, name="invitations_remind"),
    path(
        "surveys/<int:survey_id>/invitations/participants.csv",
        invite.participants_template,
        name="invitations_template",
    ),
    path(
        "surveys/<int:survey_id>/invitations/<int:survey_invitation_id>/bounced/",
        invite.mark_bounced,
        name="invitation_bounced",
    ),
    path("s/<str:token>/", respond.respond, name="respond"),
    path("s/<str:token>/relevance/", respond.relevance, name="respond_relevance"),
    path("p/<str:token>/", respond.respond_public, name="respond_public"),
    path("p/<str:token>/relevance/", respond.relevance_public, name="respond_public_relevance"),
]
