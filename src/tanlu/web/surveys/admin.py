"""The Django admin for surveys: read-mostly views for support; tokens and answers' links are never shown."""

from django.contrib import admin

from tanlu.web.surveys.models import Survey, SurveyInvitation, SurveyResponse


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "identifier",
        "title_zh",
        "title_en",
        "organization",
        "status",
        "closes_at",
        "form_version",
    )
    list_filter = ("status",)
    search_fields = ("identifier", "title_zh", "title_en")
    exclude = ("form_xlsx",)
    readonly_fields = ("organization", "identifier", "form_version", "previous_wave")


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "name", "company", "survey", "status", "sent_at", "reminded_at")
    list_filter = ("status",)
    search_fields = ("email", "name", "company")
    readonly_fields = ("organization", "survey", "sent_at", "reminded_at", "opened_at")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("respondent", "survey", "status", "started_at", "submitted_at")
    list_filter = ("status",)
    readonly_fields = (
        "organization",
        "survey",
        "invitation",
        "respondent",
        "status",
        "started_at",
        "submitted_at",
    )
