"""What the PACT API host stores: each organization's host (the ``slug`` in its URLs), its customers, their
client credentials (secret kept only as a hash), which products each customer may see, and the events customers
sent (requests for footprints, notices of their own updates), unique per customer and event id so a replayed
event changes nothing.

Published footprints themselves are :class:`tanlu.web.exchange.models.PublishedFootprint` rows.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tanlu.web.accounts.models import Organization
from tanlu.web.accounts.tenancy import TenantManager


class PactHost(models.Model):
    """An organization's PACT API: served under ``/pact/<slug>/`` (``/pact/<slug>/3/footprints`` …)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    def __str__(self) -> str:
        return self.slug


class Customer(models.Model):
    """A company that reads this organization's footprints through its PACT API."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("customer"), max_length=200)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Credential(models.Model):
    """A client id and secret of one customer.  ``secret_hash`` is HMAC-SHA256 of the 256-bit random secret (a
    slow password hash adds nothing to a secret that cannot be guessed, and would slow every token request)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="credentials")
    client_id = models.CharField(_("client id"), max_length=64, unique=True)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.client_id


class Grant(models.Model):
    """A customer may see every published version (Active and Deprecated) of the product ``product_id``."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="grants")
    product_id = models.CharField(_("part number"), max_length=120)

    objects = TenantManager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["customer", "product_id"], name="pact_one_grant")
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.product_id}"


class EventKind(models.TextChoices):
    REQUEST = "request", _("Footprint request")
    PUBLISHED = "published", _("Update notice")
    ANSWER = "answer", _("Answer to a request")


class AnswerStatus(models.TextChoices):
    NONE = "", "—"
    PENDING = "pending", _("Answering")
    FULFILLED = "fulfilled", _("Fulfilled")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Could not be sent")


class ReceivedEvent(models.Model):
    """A CloudEvent a customer posted to ``/{2,3}/events``, kept for the organization to see."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="events")
    major = models.CharField(max_length=1)
    event_id = models.CharField(max_length=300)
    event_type = models.CharField(max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    source = models.CharField(_("source"), max_length=500)
    data = models.JSONField()
    answer = models.CharField(_("answer"), max_length=10, choices=AnswerStatus.choices, blank=True)
    answer_detail = models.TextField(blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-received_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["customer", "event_id"], name="pact_one_event_id")
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"
