"""The batch's row no longer holds the uploaded file (it is in ``ImportUpload`` since 0003)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0003_import_upload"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="importbatch",
            name="content",
        ),
    ]
