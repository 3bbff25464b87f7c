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


class ColumnMapping(models.Model):
    """How the columns (and activity names) of one source's files map to the canonical fields; reused."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("source"), max_length=120)
    #: canonical field -> header of the file
    columns = models.JSONField(default=dict)
    fixed_unit = models.CharField(_("unit for every row"), max_length=40, blank=True)
    #: text written in the activity column -> activity key
    activity_values = models.JSONField(default=dict)
    #: site name written in the file -> the organization's site it means (chosen at the mapping step)
    site_values = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organization", "source"], name="inventory_one_mapping_per_source"
            )
        ]

    def __str__(self) -> str:
        return self.source


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Columns to map")
    REJECTED = "rejected", _("Rows to fix")
    VALID = "valid", _("Ready to accept")
    ACCEPTED = "accepted", _("Imported")
    CANCELLED = "cancelled", _("Cancelled")


class ImportBatch(models.Model):
    """One uploaded file (or one grid of typed rows) on its way in: uploaded → mapped → validated → accepted.

    The file's bytes are in :class:`ImportUpload`, not here: the batch's row is updated at every step (and renewed
    every chunk while its rows are stored), and SQLite rewrites a whole row, blob included, on every UPDATE.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="inventory_imports")
    source = models.CharField(_("source"), max_length=120)
    filename = models.CharField(_("file"), max_length=255)
    kind = models.CharField(max_length=10, default="file")  # "file" or "grid"
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices)
    headers = models.JSONField(default=list)
    header_row = models.PositiveIntegerField(default=1)
    encoding = models.CharField(max_length=20, blank=True)
    data_rows = models.PositiveIntegerField(default=0)
    issue_count = models.PositiveIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    mapping_reused = models.BooleanField(default=False)
    replaces = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    #: the claim of the work storing the accepted rows, renewed by every chunk (:mod:`tanlu.web.inventory.storing`)
    storing_token = models.CharField(max_length=32, blank=True, default="")
    storing_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            # the same file is imported at most once: re-importing it changes nothing
            models.UniqueConstraint(
                fields=["organization", "fingerprint"],
                condition=models.Q(status="accepted"),
                name="inventory_file_imported_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.filename}"


class ImportUpload(models.Model):
    """The uploaded file of an open batch, read while it is mapped and staged; deleted once the batch is accepted
    or cancelled (its staged or stored rows hold the data then, and its fingerprint stays on the batch).

    A row of its own, written once and never updated, so that an UPDATE of the batch writes a few bytes rather
    than the whole file (about 40 ms and twice the file in memory for a 13 MB file on SQLite).
    """

    batch = models.OneToOneField(
        ImportBatch, on_delete=models.CASCADE, primary_key=True, related_name="upload"
    )
    content = models.BinaryField(editable=False)

    def __str__(self) -> str:
        return str(self.batch_id)


class StagedRow(models.Model):
    """A row of an import that is not accepted yet, as text cells the user can fix."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="staged")
    row = models.PositiveIntegerField()
    site = models.CharField(max_length=200, blank=True)
    period_start = models.CharField(max_length=40, blank=True)
    period_end = models.CharField(max_length=40, blank=True)
    activity = models.CharField(max_length=200, blank=True)
    amount = models.CharField(max_length=60, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    instrument = models.CharField(max_length=120, blank=True)
    note = models.CharField(max_length=300, blank=True)
    issues = models.JSONField(default=list)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["row"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["batch", "row"], name="inventory_staged_row")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row}"


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
        return f"v{self.factor_set.number}" if self.factor_set_id else "bundled"


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
