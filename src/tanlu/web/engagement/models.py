"""Footprint requests from a customer (OEM, association, supplier) to its suppliers, the answers, and notices.

A request and its answers belong to the customer (``organization``) and are addressed to ``supplier``: the
customer reaches them through :func:`tanlu.web.accounts.tenancy.scoped`, the supplier through
:func:`tanlu.web.engagement.tenancy.addressed`. Nobody else sees them.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanlu.web.accounts.models import Organization, SupplierRelationship
from tanlu.web.accounts.tenancy import TenantManager

#: PACT's declared units, as a request asks for them
DECLARED_UNITS = (
    ("piece", _("piece")),
    ("kilogram", _("kilogram")),
    ("liter", _("liter")),
    ("cubic meter", _("cubic meter")),
    ("square meter", _("square meter")),
    ("kilowatt hour", _("kilowatt hour")),
    ("megajoule", _("megajoule")),
)


class RequestStatus(models.TextChoices):
    SENT = "sent", pgettext_lazy("request status", "Sent")
    SEEN = "seen", pgettext_lazy("request status", "Seen")
    IN_PROGRESS = "in_progress", pgettext_lazy("request status", "In progress")
    DELIVERED = "delivered", pgettext_lazy("request status", "Delivered")
    ACCEPTED = "accepted", pgettext_lazy("request status", "Accepted")
    REJECTED = "rejected", pgettext_lazy("request status", "Rejected")
    #: shown, never stored: an open request past its due date
    OVERDUE = "overdue", pgettext_lazy("request status", "Overdue")


OPEN = (RequestStatus.SENT, RequestStatus.SEEN, RequestStatus.IN_PROGRESS, RequestStatus.REJECTED)


class FootprintRequest(models.Model):
    """A customer asks a supplier for the footprint of one part, with the rules the answer is checked against."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("customer")
    )
    supplier = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("supplier")
    )
    relationship = models.ForeignKey(
        SupplierRelationship, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    part_number = models.CharField(_("part number"), max_length=120)
    supplier_part_number = models.CharField(_("supplier's part number"), max_length=120, blank=True)
    part_name = models.CharField(_("part name"), max_length=200, blank=True)
    declared_unit = models.CharField(_("declared unit"), max_length=20, choices=DECLARED_UNITS)
    due_date = models.DateField(_("due date"))
    gwp = models.CharField(_("GWP set"), max_length=10, default="AR6")
    standards = models.CharField(_("standards"), max_length=200, blank=True)
    max_age_months = models.PositiveSmallIntegerField(_("oldest reference period (months)"), default=36)
    min_primary_data_share = models.FloatField(_("minimum primary data share (%)"), null=True, blank=True)
    max_dqr = models.FloatField(_("worst data quality rating accepted"), null=True, blank=True)
    verification_required = models.BooleanField(_("verification required"), default=False)
    message = models.TextField(_("message to the supplier"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.SENT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("footprint request")
        verbose_name_plural = _("footprint requests")

    def __str__(self) -> str:
        return f"{self.part_number} → {self.supplier_id}"

    @property
    def shown_status(self) -> str:
        """The status both sides see: an open request past its due date is overdue."""
        if self.status in OPEN and self.due_date < timezone.localdate():
            return RequestStatus.OVERDUE
        return self.status

    @property
    def shown_status_label(self) -> str:
        return str(RequestStatus(self.shown_status).label)

    @property
    def standard_list(self) -> tuple[str, ...]:
        return tuple(self.standards.split())


class AnswerSource(models.TextChoices):
    RESULTS = "results", _("From calculated footprints")
    PACT = "pact", _("PACT JSON file")
    TEMPLATE = "template", _("Excel template")


class Decision(models.TextChoices):
    PENDING = "pending", _("To be checked")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class FootprintAnswer(models.Model):
    """One version of a supplier's answer: the PACT footprint as sent, what it says, the findings, the decision."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    supplier = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(FootprintRequest, on_delete=models.CASCADE, related_name="answers")
    version = models.PositiveIntegerField(_("version"))
    source = models.CharField(_("source"), max_length=10, choices=AnswerSource.choices)
    filename = models.CharField(_("file"), max_length=255, blank=True)
    supplier_product = models.CharField(_("supplier's product"), max_length=120, blank=True)
    document = models.JSONField(default=dict)
    footprint_id = models.CharField(max_length=64)
    declared_unit = models.CharField(_("declared unit"), max_length=20)
    total = models.FloatField(_("kg CO2e per declared unit"))
    fossil = models.FloatField(_("fossil"))
    primary_data_share = models.FloatField(_("primary data share (%)"), null=True)
    dqr = models.JSONField(_("data quality ratings"), null=True)
    findings = models.JSONField(default=list)
    worst = models.CharField(max_length=10)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    comment = models.TextField(_("comment"), blank=True)
    #: what taking the footprint over changed in the customer's model (item, before, after, products using it)
    take_over = models.JSONField(default=dict, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["request", "version"], name="engagement_one_answer_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} v{self.version}"


class Reminder(models.Model):
    """A reminder sent for a request, at most once per ``kind`` (before or after the due date)."""

    BEFORE, AFTER = "before", "after"
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(FootprintRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10)
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["request", "kind"], name="engagement_one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"


class Notice(models.Model):
    """An in-app notice to one organization about a request; its text is made in the reader's language."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(FootprintRequest, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.request_id}"


class TargetKind(models.TextChoices):
    INTENSITY = "intensity", _("Footprint intensity −x % per year")
    RENEWABLE = "renewable", _("Renewable electricity share")
    DISCLOSURE = "disclosure", _("Disclosure deadline")


class SupplierTarget(models.Model):
    """A target a customer sets one of its suppliers; progress comes from :mod:`tanlu.exchange.supplier_targets`.

    ``part_family`` is a prefix of the customer's part numbers (empty: every part requested from the supplier); an
    intensity target is judged on the footprints accepted for those parts, a disclosure deadline on the requests
    for them. A renewable share has no footprint behind it: the customer records the share the supplier reports.
    The supplier sees its own targets through :func:`tanlu.web.engagement.tenancy.addressed`.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("customer")
    )
    supplier = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("supplier")
    )
    relationship = models.ForeignKey(SupplierRelationship, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind of target"), max_length=12, choices=TargetKind.choices)
    part_family = models.CharField(_("part family (part-number prefix)"), max_length=120, blank=True)
    base_year = models.PositiveSmallIntegerField(_("base year"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    annual_reduction_percent = models.FloatField(_("reduction per year (%)"), null=True, blank=True)
    base_share = models.FloatField(_("share in the base year (%)"), null=True, blank=True)
    target_share = models.FloatField(_("target share (%)"), null=True, blank=True)
    reported_share = models.FloatField(_("latest reported share (%)"), null=True, blank=True)
    reported_year = models.PositiveSmallIntegerField(_("year of the reported share"), null=True, blank=True)
    deadline = models.DateField(_("disclosure deadline"), null=True, blank=True)
    note = models.TextField(_("note to the supplier"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("set"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["kind", "part_family", "id"]
        verbose_name = _("supplier target")
        verbose_name_plural = _("supplier targets")

    def __str__(self) -> str:
        return f"{self.kind} {self.part_family} → {self.supplier_id}"
