"""What the product-footprint area stores: the organization's product model as rows (products, bill-of-materials
lines, per-unit activities, sites with their allocation, site totals, production, purchased items, model factors),
imports on their way in, and calculation runs with one result row per product.

The model's tables are rebuilt from these rows by :mod:`tanlu.web.products.tables` and handed to the framework-free
core (:mod:`tanlu.carbon.products`), so the web app never computes a footprint itself. Columns the core accepts
beyond the ones typed here are kept in each row's ``extra``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tanlu.web.accounts.models import Organization
from tanlu.web.accounts.tenancy import TenantManager
from tanlu.web.inventory.models import Site as InventorySite


class Allocation(models.TextChoices):
    MASS = "mass", _("By mass")
    UNITS = "units", _("By units")
    ECONOMIC = "economic", _("By economic value")
    HOURS = "hours", _("By machine hours")


class Tenanted(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    #: columns of the sheet beyond the typed ones, as text
    extra = models.JSONField(default=dict, blank=True)

    objects = TenantManager()

    class Meta:
        abstract = True


class Product(Tenanted):
    """A part or product with its declared unit (piece, kg, m …), mass per declared unit and price."""

    product_id = models.CharField(_("part number"), max_length=120)
    name = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    unit = models.CharField(_("declared unit"), max_length=40)
    mass_kg = models.FloatField(_("mass per declared unit (kg)"), null=True, blank=True)
    price = models.FloatField(_("price per declared unit"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["product_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "product_id"], name="products_one_part_number")
        ]

    def __str__(self) -> str:
        return self.product_id


class BomLine(Tenanted):
    """``quantity`` of ``input_id`` (a product or a purchased item) per declared unit of ``product``."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="inputs")
    input_id = models.CharField(_("input"), max_length=120)
    quantity = models.FloatField(_("quantity"))
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        ordering: ClassVar = ["product", "id"]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.quantity} {self.input_id}"


class ProductActivity(Tenanted):
    """Activity data per declared unit of a product (a process step measured per piece)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="activities")
    activity = models.CharField(_("activity"), max_length=120)
    amount = models.FloatField(_("amount"))
    unit = models.CharField(_("unit"), max_length=40)

    class Meta:
        ordering: ClassVar = ["product", "id"]

    def __str__(self) -> str:
        return f"{self.activity} {self.amount} {self.unit}"


class ProductSite(Tenanted):
    """A plant whose totals are allocated to the products made there, with the method and why it was chosen.

    When ``inventory_site`` and ``inventory_year`` are set, the site's totals are that site's Scope 1 and 2 rows of
    that year in the organization's inventory, so a plant's energy is never typed twice.
    """

    name = models.CharField(_("site"), max_length=120)
    allocation = models.CharField(_("allocation"), max_length=10, choices=Allocation.choices)
    justification = models.TextField(_("why this allocation"), blank=True)
    inventory_site = models.ForeignKey(
        InventorySite, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    inventory_year = models.PositiveSmallIntegerField(_("inventory year"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "name"], name="products_one_site_name")
        ]

    def __str__(self) -> str:
        return self.name


class SiteActivity(Tenanted):
    """A site total for the reference period, typed or imported (not taken from the inventory)."""

    site = models.ForeignKey(ProductSite, on_delete=models.CASCADE, related_name="totals")
    activity = models.CharField(_("activity"), max_length=120)
    amount = models.FloatField(_("amount"))
    unit = models.CharField(_("unit"), max_length=40)

    class Meta:
        ordering: ClassVar = ["site", "id"]

    def __str__(self) -> str:
        return f"{self.site_id}: {self.activity}"


class Production(Tenanted):
    """Declared units of a product made at a site in the period (and machine hours where allocation is by hours)."""

    site = models.ForeignKey(ProductSite, on_delete=models.CASCADE, related_name="production")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="production")
    quantity = models.FloatField(_("quantity"))
    hours = models.FloatField(_("machine hours"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["site", "product"]

    def __str__(self) -> str:
        return f"{self.site_id}: {self.product_id} × {self.quantity}"


class PurchasedItem(Tenanted):
    """A bought item with its footprint: a supplier's (with primary data share and data quality) or a secondary
    factor's, with its source."""

    item_id = models.CharField(_("item"), max_length=120)
    name = models.CharField(_("name"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=40)
    kgco2e_per_unit = models.FloatField(_("kg CO2e per unit"))
    primary_data_share = models.FloatField(_("primary data share (%)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["item_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "item_id"], name="products_one_item_id")
        ]

    def __str__(self) -> str:
        return self.item_id


class ModelFactor(models.Model):
    """A row of the model's ``factors`` sheet (the inventory's factor file format), as the file's text cells:
    the core reads it with the factor file reader, so its optional columns stay optional."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    row = models.PositiveIntegerField()
    cells = models.JSONField(default=dict)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["row", "id"]

    def __str__(self) -> str:
        return f"factors row {self.row}"


class ImportStatus(models.TextChoices):
    READING = "reading", _("Being read")
    REJECTED = "rejected", _("Rows to fix")
    VALID = "valid", _("Ready to accept")
    ACCEPTED = "accepted", _("Imported")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Could not be read")


class ModelImport(models.Model):
    """An uploaded workbook or zip of CSV files on its way in: read → checked → fixed → accepted (or cancelled).

    The file's bytes are in :class:`ModelUpload`, not here: the import's row is saved at every step (read,
    checked, fixed, accepted), and each save then writes a few bytes rather than the whole file.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("file"), max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices)
    #: a problem with the whole file (unreadable, a missing sheet), in English like the core's reasons
    error = models.TextField(blank=True)
    row_count = models.PositiveIntegerField(default=0)
    issue_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class ModelUpload(models.Model):
    """The uploaded file of an import being read; deleted once read (its staged rows hold the data then, and its
    fingerprint stays on the import). Written once, never updated."""

    batch = models.OneToOneField(
        ModelImport, on_delete=models.CASCADE, primary_key=True, related_name="upload"
    )
    content = models.BinaryField(editable=False)

    def __str__(self) -> str:
        return str(self.batch_id)


class StagedRow(models.Model):
    """A row of a sheet of an import, as the text cells of the file (keyed by its headers), with its issues."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(ModelImport, on_delete=models.CASCADE, related_name="staged")
    sheet = models.CharField(max_length=60)
    row = models.PositiveIntegerField()
    cells = models.JSONField(default=dict)
    issues = models.JSONField(default=list)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["sheet", "row"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["batch", "sheet", "row"], name="products_staged_row")
        ]

    def __str__(self) -> str:
        return f"{self.sheet}:{self.row}"


class CalculationRun(models.Model):
    """Every product's footprint computed once, with the model's fingerprint and the factor-set version."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    gwp = models.CharField(_("GWP set"), max_length=10)
    model_fingerprint = models.CharField(max_length=64)
    factor_set_version = models.CharField(max_length=200)
    product_count = models.PositiveIntegerField(default=0)
    samples = models.PositiveIntegerField(default=0)
    #: the method register the core returned (standards, boundary, allocation per site, sources …)
    register = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organization", "gwp", "factor_set_version", "model_fingerprint", "samples"],
                name="products_one_run_per_inputs",
            )
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.gwp})"


class Result(models.Model):
    """One product's footprint per declared unit in a run (kg CO2e)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(CalculationRun, on_delete=models.CASCADE, related_name="results")
    product_id = models.CharField(max_length=120)
    name = models.CharField(max_length=200, blank=True)
    name_zh = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=40)
    mass_kg = models.FloatField(null=True)
    total = models.FloatField()
    fossil = models.FloatField()
    biogenic = models.FloatField()
    primary_data_share = models.FloatField()
    dqr_technological = models.FloatField(null=True)
    dqr_geographical = models.FloatField(null=True)
    dqr_temporal = models.FloatField(null=True)
    exempted_share = models.FloatField(default=0.0)
    low = models.FloatField(null=True)
    high = models.FloatField(null=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["product_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["run", "product_id"], name="products_one_result_per_product")
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.total}"


class ResultLine(models.Model):
    """A product's footprint split by ``stage`` or ``gas`` (kg CO2e per declared unit)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="lines")
    dimension = models.CharField(max_length=10)
    key = models.CharField(max_length=60)
    kgco2e = models.FloatField()

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["dimension", "key"]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key}"
