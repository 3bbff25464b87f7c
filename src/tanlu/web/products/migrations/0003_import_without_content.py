"""The import's row no longer holds the uploaded file (it is in ``ModelUpload`` since 0002)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0002_model_upload"),
    ]

    operations = [
        # a default first, so that going back can add the column again to tables that have rows
        migrations.AlterField(
            model_name="modelimport",
            name="content",
            field=models.BinaryField(default=b"", editable=False),
        ),
        migrations.RemoveField(
            model_name="modelimport",
            name="content",
        ),
    ]
