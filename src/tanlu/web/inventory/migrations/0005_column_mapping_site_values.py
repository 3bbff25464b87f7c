"""A source's mapping remembers which of the organization's sites each site name of its files means (#12)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0004_import_batch_without_file"),
    ]

    operations = [
        migrations.AddField(
            model_name="columnmapping",
            name="site_values",
            field=models.JSONField(default=dict),
        ),
    ]
