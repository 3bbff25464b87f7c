"""An organization's own CO2e factor keeps the GWP set its source published it with (a factor file's ``gwp``,
empty for the factors stored before: the version strings they were hashed with had it empty), so the totals
can say which share uses another set (#12 item 12)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0006_method_points"),
    ]

    operations = [
        migrations.AddField(
            model_name="customfactor",
            name="gwp",
            field=models.CharField(blank=True, max_length=10, verbose_name="GWP set of the CO2e value"),
        ),
    ]
