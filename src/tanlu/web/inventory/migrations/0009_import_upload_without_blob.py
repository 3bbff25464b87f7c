"""The upload's row no longer holds the file (it is a file of the data directory since 0008)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0008_import_upload_file"),
    ]

    operations = [
        migrations.RemoveField(model_name="importupload", name="content"),
    ]
