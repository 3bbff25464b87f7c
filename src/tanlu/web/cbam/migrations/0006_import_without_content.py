"""The import's row no longer holds the uploaded workbook (it is in ``InstallationUpload`` since 0005)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cbam", "0005_installation_upload"),
    ]

    operations = [
        # a default first, so that going back can add the column again to tables that have rows
        migrations.AlterField(
            model_name="installationimport",
            name="content",
            field=models.BinaryField(default=b"", editable=False),
        ),
        migrations.RemoveField(
            model_name="installationimport",
            name="content",
        ),
    ]
