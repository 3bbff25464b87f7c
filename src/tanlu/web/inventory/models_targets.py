"""Targets of the inventory and the yearly production metrics intensity targets divide by (re-exported by
:mod:`tanlu.web.inventory.models`, whose app they belong to)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from tanlu.web.accounts.models import Organization
from tanlu.web.accounts.tenancy import TenantManager


class ProductionMetric(models.Model):
    """A yearly production figure (pieces, tonnes of parts, revenue) that intensity targets divide by."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    unit = models.CharField(_("unit"), max_length=60)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["year"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "year"], name="inventory_one_metric_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value} {self.unit}"


class TargetKind(models.TextChoices):
    ABSOLUTE = "absolute", _("Absolute")
    INTENSITY = "intensity", _("Intensity (per unit of production)")


class TargetCoverage(models.TextChoices):
    S12 = "s12", _("Scope 1 and 2")
    S123 = "s123", _("Scope 1, 2 and 3")
    S3 = "s3", _("Scope 3")


class Target(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices, default=TargetKind.ABSOLUTE)
    coverage = models.CharField(
        _("scopes covered"), max_length=5, choices=TargetCoverage.choices, default="s12"
    )
    basis = models.CharField(
        _("Scope 2 basis"),
        max_length=10,
        choices=[("market", _("Market-based")), ("location", _("Location-based"))],
        default="market",
    )
    base_year = models.PositiveSmallIntegerField(_("base year"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    reduction_percent = models.FloatField(_("reduction (%)"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["target_year", "id"]

    def __str__(self) -> str:
        return self.name
