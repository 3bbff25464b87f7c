"""What the exchange area stores: footprints an organization published (PACT v3.0/v2.3 and Catena-X JSON, each
version frozen once superseded), its export settings, its suppliers' PACT endpoints (client secret encrypted), the
requests it sent them and the footprints it received (from a file or an endpoint).

The PACT API host (:mod:`tanlu.web.pact`) serves :class:`PublishedFootprint` rows; see
:func:`tanlu.web.exchange.services.published_footprints`.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tanlu.web.accounts.models import Organization
from tanlu.web.accounts.tenancy import TenantManager


class Spec(models.TextChoices):
    PACT_3 = "3.0", "PACT v3.0"
    PACT_2 = "2.3", "PACT v2.3"
    CATENAX_9 = "catenax-9.0.0", "Catena-X 9.0.0"
    CATENAX_10 = "catenax-10.0.0", "Catena-X 10.0.0"


class Status(models.TextChoices):
    ACTIVE = "Active", _("Active")
    DEPRECATED = "Deprecated", _("Deprecated")


class PublishedFootprint(models.Model):
    """One version of a product's footprint as published: the JSON exactly as served.

    A product has one chain per ``spec``; the newest is Active, every earlier one Deprecated and never written again
    (its ``document`` says ``status: Deprecated``).  ``pf_id`` is the footprint's ``id`` in the document.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    spec = models.CharField(_("format"), max_length=16, choices=Spec.choices)
    pf_id = models.CharField(max_length=36)
    product_id = models.CharField(_("part number"), max_length=120)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    document = models.JSONField()
    #: ``document`` as the JSON text the API serves, written with it (:meth:`save`): a page of ListFootprints is
    #: then read as stored text, not decoded and encoded again (on PostgreSQL, converting jsonb to text costs
    #: more than reading the page)
    body = models.TextField(editable=False, default="")
    run = models.ForeignKey(
        "products.CalculationRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    preceding = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="successors"
    )
    created_at = models.DateTimeField(_("published"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "spec", "pf_id"], name="exchange_one_pf_id")
        ]
        indexes: ClassVar = [
            # ListFootprints pages in id order after the cursor's id (tanlu.web.pact.paging): one range scan
            models.Index(fields=["organization", "spec", "id"], name="exchange_published_page"),
            models.Index(fields=["organization", "spec", "status", "id"], name="exchange_published_list"),
            models.Index(fields=["organization", "spec", "product_id"], name="exchange_published_product"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.spec} {self.pf_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = served_text(self.document)
        fields = kwargs.get("update_fields")
        if fields is not None and "document" in fields:
            kwargs["update_fields"] = {*fields, "body"}
        super().save(*args, **kwargs)


def served_text(document: Any) -> str:
    """The JSON text of a published document as the PACT API serves it (UTF-8, compact)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


class ExportSettings(models.Model):
    """The organization's company and method details for exports (keys of :data:`tanlu.exchange.settings.KEYS`)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    values = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    def __str__(self) -> str:
        return f"export settings of {self.organization_id}"


class SupplierEndpoint(models.Model):
    """A supplier's PACT API as a customer reaches it: base URL, client id and the client secret, encrypted with a
    key derived from the secret key (:mod:`tanlu.web.exchange.secrets`) and never shown again."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("supplier"), max_length=200)
    base_url = models.URLField(_("PACT API address"), max_length=500)
    #: the token endpoint when it is not on the API's host (otherwise found through OpenID discovery)
    auth_url = models.URLField(_("token address"), max_length=500, blank=True)
    spec = models.CharField(_("PACT version"), max_length=3, choices=[("3", "v3"), ("2", "v2")], default="3")
    client_id = models.CharField(_("client id"), max_length=200)
    secret_encrypted = models.TextField(editable=False)
    last_pulled_at = models.DateTimeField(_("last pulled"), null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ReceivedFootprint(models.Model):
    """A supplier's footprint that passed validation, as received (from a file, a pull or a fulfilled request).

    ``kgco2e_per_unit`` is the footprint per declared unit (PACT ``pcfExcludingBiogenicUptake``/``pCfExcludingBiogenic``,
    Catena-X ``pcfExcludingBiogenicUptake``), the number a purchased item of the product model takes.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    endpoint = models.ForeignKey(
        SupplierEndpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="footprints"
    )
    spec = models.CharField(_("format"), max_length=16, choices=Spec.choices)
    pf_id = models.CharField(max_length=36)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    company_name = models.CharField(_("supplier"), max_length=300)
    product_name = models.CharField(_("product"), max_length=300, blank=True)
    product_ids = models.JSONField(default=list)
    declared_unit = models.CharField(_("declared unit"), max_length=40)
    kgco2e_per_unit = models.FloatField(_("kg CO2e per declared unit"))
    primary_data_share = models.FloatField(_("primary data share (%)"), null=True, blank=True)
    document = models.JSONField()
    filename = models.CharField(_("file"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-received_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "spec", "pf_id"], name="exchange_one_received_pf")
        ]

    def __str__(self) -> str:
        return f"{self.company_name}: {self.product_name}"


class RequestStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    FULFILLED = "fulfilled", _("Fulfilled")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Could not be sent")


class FootprintRequest(models.Model):
    """A ``RequestCreated`` event this organization sent a supplier, and the supplier's answer."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    endpoint = models.ForeignKey(SupplierEndpoint, on_delete=models.CASCADE, related_name="requests")
    event_id = models.CharField(max_length=64, unique=True)
    product_ids = models.JSONField(default=list)
    comment = models.TextField(blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices)
    answer = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.event_id
