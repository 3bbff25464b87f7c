"""What a survey stores: the questionnaire, who is invited, each respondent's answers, and the report's highlights.

Answers are rows of :class:`Answer` (one per respondent and question, with whether the question was *shown*), so
results are computed set-wise: :mod:`tanlu.web.surveys.loading` reads them in bulk into the core's
``ResponseSet``, from the copy of them that each response keeps in one text (``answer_sheet``, written in the same
transaction as the rows) where there is one.  The questionnaire itself is kept as its XLSForm workbook (the format users import and export) and
parsed once per version.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tanlu.web.accounts.models import Organization
from tanlu.web.accounts.tenancy import TenantManager


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Survey(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="surveys")
    identifier = models.SlugField(_("identifier"), max_length=100, help_text=_("The XLSForm form_id."))
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    title_zh = models.CharField(_("Chinese title"), max_length=300, blank=True)
    form_xlsx = models.BinaryField(_("questionnaire (XLSForm)"))
    form_version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    public_link_enabled = models.BooleanField(_("public link"), default=False)
    public_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    #: random; the public link's token is an HMAC of it under the secret key, ``public_token`` its SHA-256
    public_link_nonce = models.CharField(max_length=64, blank=True, editable=False)
    previous_wave = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_waves",
        verbose_name=_("previous wave"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "identifier"], name="survey_identifier_per_org")
        ]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        """The title in the interface's language, else in the other one, else the identifier."""
        if (translation.get_language() or "").startswith("zh"):
            return self.title_zh or self.title_en or self.identifier
        return self.title_en or self.title_zh or self.identifier

    @property
    def accepting_answers(self) -> bool:
        """Opened, and its close date (if any) not reached: its links take answers."""
        return self.status == SurveyStatus.OPEN and (
            self.closes_at is None or self.closes_at > timezone.now()
        )

    @property
    def past_close_date(self) -> bool:
        return self.closes_at is not None and self.closes_at <= timezone.now()


class InvitationStatus(models.TextChoices):
    NOT_OPENED = "not_opened", _("Not opened")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    BOUNCED = "bounced", _("Bounced")


class SurveyInvitation(models.Model):
    """One participant invited by personal link; extra attributes (customer OEM, tier, region…) filter results."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    #: random; the personal link's token is an HMAC of it under the secret key (so reminders repeat the link)
    token_nonce = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=InvitationStatus.choices, default=InvitationStatus.NOT_OPENED
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["email"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["survey", "email"], name="one_invitation_per_email_and_survey")
        ]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")

    def __str__(self) -> str:
        return f"{self.email} ({self.survey})"


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    #: written by a response import that has not finished: counted nowhere, deleted if the import fails
    IMPORTING = "importing", _("Importing")


class SurveyResponse(models.Model):
    """One respondent's answers to one survey.

    A response through a personal link points to its invitation (one response each); one through the public link
    keeps no token, address or user that could join it back to a person. Its ``resume_key_hash`` is the SHA-256 of a
    random key that the form's first post carried and the browser keeps as a cookie until submission: unique, so a
    double-click, concurrent retries or a retry with the same cookie after success all find the one response stored.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        SurveyInvitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    resume_key_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    respondent = models.CharField(_("respondent"), max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    page = models.PositiveSmallIntegerField(default=0)
    form_version = models.PositiveIntegerField(default=1)
    imported = models.BooleanField(default=False)
    #: the import writing this response, while it is ``importing`` (its chunks are committed one by one)
    import_batch = models.CharField(max_length=32, blank=True, default="", editable=False)
    #: the answers again, as one text written with them (:mod:`tanlu.web.surveys.answer_sheet`): reports read it
    answer_sheet = models.TextField(null=True, blank=True, editable=False)  # noqa: DJ001 - NULL: no sheet
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["started_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["survey", "respondent"], name="one_respondent_id_per_survey")
        ]
        indexes: ClassVar = [models.Index(fields=["survey", "status"])]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.survey} / {self.respondent}"


class Answer(models.Model):
    """One question of one response: the canonical answer text (empty when skipped) and whether it was shown."""

    #: no index of its own: the unique (response, question) index serves every lookup by response
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    question = models.CharField(max_length=100)
    value = models.TextField(blank=True)
    shown = models.BooleanField(default=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question}={self.value}"


class HighlightKind(models.TextChoices):
    SUMMARY = "summary", _("Summary")
    TAKEAWAY = "takeaway", _("Take-away")


class Highlight(models.Model):
    """A statement in the report's summary or take-aways: generated from the data, then picked and edited."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="highlights")
    kind = models.CharField(max_length=10, choices=HighlightKind.choices, default=HighlightKind.SUMMARY)
    position = models.PositiveIntegerField(default=0)
    text_en = models.TextField(_("English text"), blank=True)
    text_zh = models.TextField(_("Chinese text"), blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text=_("The generator's key, empty when written.")
    )

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["kind", "position", "id"]
        verbose_name = _("highlight")
        verbose_name_plural = _("highlights")

    def __str__(self) -> str:
        return self.text_zh or self.text_en
