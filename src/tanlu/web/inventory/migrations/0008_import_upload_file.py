"""The uploaded file of an open import moves out of its database row into a file of the data directory
(``TANLU_DATA_DIR/imports/<organization>/<batch>/upload``, :mod:`tanlu.web.inventory.uploads`); the row keeps its
path, size and SHA-256. Backwards, each file goes back into its row and is deleted.

The paths are written here rather than taken from ``uploads``, so the migration keeps doing what it did when that
module changes. The blob column goes in 0009, in a transaction of its own (as 0003 and 0004 did).
"""

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import migrations, models


def _root() -> Path:
    return Path(settings.DATA_DIR) / "imports"


def to_files(apps: Any, schema_editor: Any) -> None:
    """Write each blob to its file (owner-only), one at a time (never every file in memory), and empty its row."""
    upload_model = apps.get_model("inventory", "ImportUpload")
    for pk, organization in list(upload_model.objects.values_list("pk", "batch__organization_id")):
        content = bytes(upload_model.objects.filter(pk=pk).values_list("content", flat=True).get())
        directory = _root()
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        for part in (str(organization), str(pk)):
            directory = directory / part
            directory.mkdir(mode=0o700, exist_ok=True)
        file = directory / "upload"
        descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(content)
        upload_model.objects.filter(pk=pk).update(
            path=f"{organization}/{pk}/upload",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=b"",
        )


def to_blobs(apps: Any, schema_editor: Any) -> None:
    """Put each file back into its row and delete it (a missing file leaves its row empty, as nothing reads it)."""
    upload_model = apps.get_model("inventory", "ImportUpload")
    for pk, relative in list(upload_model.objects.values_list("pk", "path")):
        file = _root() / relative if relative else None
        content = file.read_bytes() if file is not None and file.is_file() else b""
        upload_model.objects.filter(pk=pk).update(content=content)
        if file is not None:
            file.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # another file left there: keep the directory
                file.parent.rmdir()


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0007_custom_factor_gwp"),
    ]

    operations = [
        migrations.AddField(
            model_name="importupload",
            name="path",
            field=models.CharField(default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="importupload",
            name="size",
            field=models.PositiveBigIntegerField(default=0, editable=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="importupload",
            name="sha256",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        # an empty default, so that 0009 backwards can add the column to existing rows
        migrations.AlterField(
            model_name="importupload",
            name="content",
            field=models.BinaryField(default=b"", editable=False),
        ),
        migrations.RunPython(to_files, to_blobs),
    ]
