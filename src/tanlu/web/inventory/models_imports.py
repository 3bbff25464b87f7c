"""What an import stores on its way in: the column mapping remembered per source, the batch, its uploaded file
and its staged rows (text cells the user can fix); re-exported by :mod:`tanlu.web.inventory.models`.

Accepted rows are :class:`tanlu.web.inventory.models.ActivityRow`.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tanlu.web.accounts.models import Organization
from tanlu.web.accounts.tenancy import TenantManager


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

    The file is a file of the data directory, recorded by :class:`ImportUpload`, not here: the batch's row is
    updated at every step (and renewed every chunk while its rows are stored), and must stay a few bytes.
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

    The file itself is in the data directory (:mod:`tanlu.web.inventory.uploads`), never in the database: a row of
    a few bytes, written once and never updated, records where it is, its size and its SHA-256.
    """

    batch = models.OneToOneField(
        ImportBatch, on_delete=models.CASCADE, primary_key=True, related_name="upload"
    )
    #: relative to the ``imports`` directory of the data directory: ``<organization>/<batch>/upload``
    path = models.CharField(max_length=255, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)

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
