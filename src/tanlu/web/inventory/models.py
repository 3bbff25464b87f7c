"""What the inventory stores: sites, imports and their activity rows, the organization's factor-set versions,
calculation runs with their result lines, the report's boundary; production metrics and targets are in
:mod:`tanlu.web.inventory.models_targets`.

Activity rows are one table row each (:class:`ActivityRow`), read in bulk into polars by
:mod:`tanlu.web.inventory.calculation`; results are lines per dimension (:class:`ResultLine`) stored with the
inputs' fingerprint and the factor-set version of their :class:`CalculationRun`.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tanlu.carbon.gwp import CH4_RULES
from tanlu.web.accounts.models import Organization
from tanlu.web.accounts.tenancy import TenantManager

# the import models (column mappings, batches, their uploads, staged rows) live in a module of their own too
from tanlu.web.inventory.models_imports import (  # noqa: F401
    ColumnMapping,
    ImportBatch,
    ImportStatus,
    ImportUpload,
    StagedRow,
)

# targets and the production metrics they divide by live in a module of their own; re-exported for importers
from tanlu.web.inventory.models_targets import (  # noqa: F401
    ProductionMetric,
    Target,
    TargetCoverage,
    TargetKind,
)


class Site(models.Model):
    """A plant, warehouse or office; ``region`` names the grid whose factor its electricity uses."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="inventory_sites")
    name = models.CharField(_("name"), max_length=120)
    region = models.CharField(_("grid region"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "name"], name="inventory_one_site_name")
        ]

    def __str__(self) -> str:
        return self.name


class AcceptedRows(TenantManager):
    """The rows of accepted imports only: an import being stored writes its rows in chunks under a batch that is
    not accepted yet, and they appear all at once when it is (:mod:`tanlu.web.inventory.storing`)."""

    def get_queryset(self) -> models.QuerySet[ActivityRow]:
        return super().get_queryset().filter(batch__status=ImportStatus.ACCEPTED)  # type: ignore[no-any-return]


class ActivityRow(models.Model):
    """One accepted, validated row of activity data (:attr:`objects`), or one being stored (:attr:`stored`)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    row = models.PositiveIntegerField()
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="rows")
    period_start = models.DateField()
    period_end = models.DateField()
    activity = models.CharField(max_length=120)
    amount = models.FloatField()
    unit = models.CharField(max_length=40)
    instrument = models.CharField(max_length=120, blank=True)
    note = models.CharField(max_length=300, blank=True)

    objects = AcceptedRows()
    #: every row, those of an import being stored and of a stopped attempt too: for writing and cleaning up
    stored = TenantManager()

    class Meta:
        ordering: ClassVar = ["batch", "row"]
        indexes: ClassVar = [
            models.Index(fields=["organization", "period_start"], name="inventory_row_period")
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.amount} {self.unit}"


#: the labels of :data:`tanlu.carbon.gwp.CH4_RULES`, in the order of the core's tuple
CH4_RULE_LABELS = {
    "by_category": _("By category: leaks and process fossil GWP, combustion non-fossil GWP"),
    "non_fossil": _("Non-fossil GWP for all fossil methane"),
    "fossil": _("Fossil GWP for all fossil methane"),
}
CH4_RULE_CHOICES = [(rule, CH4_RULE_LABELS[rule]) for rule in CH4_RULES]
#: the same in a word or two, for a table column
CH4_RULE_SHORT = {
    "by_category": _("By category"),
    "non_fossil": _("Non-fossil GWP"),
    "fossil": _("Fossil GWP"),
}


class FactorSetVersion(models.Model):
    """A version of the organization's own factors (on top of the bundled library); never edited in place.

    ``ch4_rule`` is how its fossil methane is weighted (:attr:`FactorSet.ch4_rule`); it is in the content hash
    of :attr:`version`, so runs of two rules never share a version string."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    ch4_rule = models.CharField(
        _("GWP of fossil methane"), max_length=12, choices=CH4_RULE_CHOICES, default="by_category"
    )
    #: the :attr:`FactorSet.version` string of bundled + these factors
    version = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "number"], name="inventory_factor_set_number")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class CustomFactor(models.Model):
    """One factor of a version (kg of ``gas`` per ``unit`` of ``activity``)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    factor_set = models.ForeignKey(FactorSetVersion, on_delete=models.CASCADE, related_name="factors")
    activity = models.CharField(_("activity"), max_length=120)
    unit = models.CharField(_("unit"), max_length=40)
    gas = models.CharField(_("gas"), max_length=40)
    value = models.FloatField(_("kg of gas per unit"))
    scope = models.PositiveSmallIntegerField()
    category = models.CharField(_("category"), max_length=40)
    method = models.CharField(_("method"), max_length=10, blank=True)
    source = models.CharField(_("source"), max_length=300)
    name_en = models.CharField(max_length=200, blank=True)
    name_zh = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    table = models.CharField(max_length=200, blank=True)
    link = models.CharField(max_length=300, blank=True)
    licence = models.CharField(max_length=120, blank=True)
    note = models.CharField(max_length=300, blank=True)
    #: the GWP set a CO2e value was published with (a factor file's ``gwp``), empty when the source does not say
    gwp = models.CharField(_("GWP set of the CO2e value"), max_length=10, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["activity", "method", "gas"]

    def __str__(self) -> str:
        return f"{self.activity} {self.gas}"


class CalculationRun(models.Model):
    """An inventory of one year, with the inputs' fingerprint and factor-set version it was computed with."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    gwp = models.CharField(_("GWP set"), max_length=10)
    factor_set = models.ForeignKey(
        FactorSetVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    factor_set_version = models.CharField(max_length=200)
    inputs_fingerprint = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField()
    scope1 = models.FloatField()
    scope2_location = models.FloatField()
    scope2_market = models.FloatField()
    scope3 = models.FloatField()
    biogenic_co2 = models.FloatField(default=0.0)
    location_fallback = models.FloatField(default=0.0)
    #: t CO2e of the air-freight radiative-forcing uplift, and whether it is inside category 3.4
    radiative_forcing = models.FloatField(default=0.0)
    radiative_forcing_included = models.BooleanField(default=False)
    #: the share of each total from CO2e factors published with another GWP set (the core's ``Totals``)
    other_gwp_share = models.FloatField(default=0.0)
    other_gwp_share_market = models.FloatField(default=0.0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=[
                    "organization",
                    "year",
                    "gwp",
                    "factor_set_version",
                    "inputs_fingerprint",
                    "radiative_forcing_included",
                ],
                name="inventory_one_run_per_inputs_rf",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} ({self.gwp}, {self.factor_set_label})"

    @property
    def total_location(self) -> float:
        return self.scope1 + self.scope2_location + self.scope3

    @property
    def total_market(self) -> float:
        return self.scope1 + self.scope2_market + self.scope3

    @property
    def factor_set_label(self) -> str:
        """``v3`` for an organization's version; the bundled library by name, in the reader's language."""
        return f"v{self.factor_set.number}" if self.factor_set_id else str(_("bundled library"))


class ResultLine(models.Model):
    """One total of a run by a dimension (``category``, ``gas``, ``site``, ``month``, ``site_scope``,
    ``month_scope``, ``method``, ``activity``), in t CO2e on both Scope 2 bases; the method points of the run
    too: ``other_gwp`` (t CO2e from factors published with another GWP set, keyed by the set) and ``gap``
    (a site whose category is incomplete, keyed ``category|region|activity|site``, 0 t)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(CalculationRun, on_delete=models.CASCADE, related_name="lines")
    dimension = models.CharField(max_length=20)
    key = models.CharField(max_length=200)
    location_t = models.FloatField()
    market_t = models.FloatField()

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["dimension", "key"]
        indexes: ClassVar = [models.Index(fields=["run", "dimension"], name="inventory_line_dimension")]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key}"


class Consolidation(models.TextChoices):
    OPERATIONAL = "operational", _("Operational control")
    FINANCIAL = "financial", _("Financial control")
    EQUITY = "equity", _("Equity share")


class ReportSettings(models.Model):
    """What the owner states for the report: boundaries, base year, exclusions."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    consolidation = models.CharField(
        _("consolidation approach"),
        max_length=12,
        choices=Consolidation.choices,
        default=Consolidation.OPERATIONAL,
    )
    organizational_boundary = models.TextField(_("organizational boundary"), blank=True)
    operational_boundary = models.TextField(_("operational boundary"), blank=True)
    base_year = models.PositiveSmallIntegerField(_("base year"), null=True, blank=True)
    base_year_policy = models.TextField(_("base-year recalculation policy"), blank=True)
    exclusions = models.TextField(_("exclusions"), blank=True)
    gwp = models.CharField(_("GWP set"), max_length=10, default="AR6")
    radiative_forcing = models.BooleanField(
        _("include the radiative-forcing uplift of air freight"),
        default=False,
        help_text=_(
            "Off: Scope 3 category 3.4 counts the greenhouse gases of air freight only and the uplift is "
            "reported apart. On: the uplift is added to category 3.4."
        ),
    )

    objects = TenantManager()

    def __str__(self) -> str:
        return f"report settings of {self.organization_id}"
