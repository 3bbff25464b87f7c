"""The uploaded file of an import moves out of the batch's row into a row of its own (:class:`ImportUpload`).

Only open batches (not accepted, not cancelled) keep their file: nothing reads the file of a closed batch, whose
data are its staged or stored rows, and the new code deletes it when a batch closes. The column itself goes in
0004, in a transaction of its own (PostgreSQL refuses to alter a table with pending deferred foreign-key checks
from the rows inserted here).
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

CLOSED = ("accepted", "cancelled")


def move_files(apps: Any, schema_editor: Any) -> None:
    """Copy each open batch's file into its upload row, one file at a time (never every file in memory)."""
    batch_model = apps.get_model("inventory", "ImportBatch")
    upload_model = apps.get_model("inventory", "ImportUpload")
    batches = batch_model.objects.exclude(status__in=CLOSED)
    for pk in list(batches.values_list("pk", flat=True)):
        content = batch_model.objects.filter(pk=pk).values_list("content", flat=True).get()
        upload_model.objects.create(batch_id=pk, content=bytes(content))


def move_back(apps: Any, schema_editor: Any) -> None:
    """Put each kept file back into its batch's row (closed batches get an empty file, as nothing reads it)."""
    batch_model = apps.get_model("inventory", "ImportBatch")
    upload_model = apps.get_model("inventory", "ImportUpload")
    for pk in list(upload_model.objects.values_list("pk", flat=True)):
        content = upload_model.objects.filter(pk=pk).values_list("content", flat=True).get()
        batch_model.objects.filter(pk=pk).update(content=bytes(content))


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0002_import_storing_claim"),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportUpload",
            fields=[
                (
                    "batch",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="upload",
                        serialize=False,
                        to="inventory.importbatch",
                    ),
                ),
                ("content", models.BinaryField()),
            ],
        ),
        migrations.RunPython(move_files, move_back),
    ]
