"""The uploaded file of a product model import moves out of the import's row into a row of its own
(:class:`ModelUpload`), as the inventory's ``ImportUpload`` did: the import's row is saved at every step (read,
checked, fixed, accepted), and each save then writes a few bytes rather than the whole file.

Only imports still being read keep their file: nothing reads the file of a read import (its staged rows hold the
data, or it was accepted, cancelled or could not be read), and the new code deletes it once read. The column goes
in 0003, in a transaction of its own (PostgreSQL refuses to alter a table with pending deferred foreign-key checks
from the rows inserted here).
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

READING = "reading"


def move_files(apps: Any, schema_editor: Any) -> None:
    """Copy each unread import's file into its upload row, one file at a time (never every file in memory)."""
    import_model = apps.get_model("products", "ModelImport")
    upload_model = apps.get_model("products", "ModelUpload")
    for pk in list(import_model.objects.filter(status=READING).values_list("pk", flat=True)):
        content = import_model.objects.filter(pk=pk).values_list("content", flat=True).get()
        upload_model.objects.create(batch_id=pk, content=bytes(content))


def move_back(apps: Any, schema_editor: Any) -> None:
    """Put each kept file back into its import's row (read imports get an empty file, as nothing reads it)."""
    import_model = apps.get_model("products", "ModelImport")
    upload_model = apps.get_model("products", "ModelUpload")
    for pk in list(upload_model.objects.values_list("pk", flat=True)):
        content = upload_model.objects.filter(pk=pk).values_list("content", flat=True).get()
        import_model.objects.filter(pk=pk).update(content=bytes(content))


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ModelUpload",
            fields=[
                (
                    "batch",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="upload",
                        serialize=False,
                        to="products.modelimport",
                    ),
                ),
                ("content", models.BinaryField()),
            ],
        ),
        migrations.RunPython(move_files, move_back),
    ]
