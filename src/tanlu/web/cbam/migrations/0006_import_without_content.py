"""The import's row no longer holds the uploaded workbook (it is in ``InstallationUpload`` since 0005)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cbam", "0005_installation_upload"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="installationimport",
            name="content",
        ),
    ]
