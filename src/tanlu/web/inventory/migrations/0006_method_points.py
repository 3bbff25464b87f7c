"""The method points of #12 items 10 and 12: the CH4 rule of a factor-set version (existing versions keep
``by_category``, the rule their version string was hashed with), the radiative-forcing option of the report
settings (off), and each run's RF uplift and whether it was included, which joins the inputs that make a run
unique (so a run is never reused across the option)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_api_tokens"),
        ("inventory", "0005_column_mapping_site_values"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="calculationrun",
            name="inventory_one_run_per_inputs",
        ),
        migrations.AddField(
            model_name="calculationrun",
            name="other_gwp_share",
            field=models.FloatField(default=0.0),
        ),
        migrations.AddField(
            model_name="calculationrun",
            name="other_gwp_share_market",
            field=models.FloatField(default=0.0),
        ),
        migrations.AddField(
            model_name="calculationrun",
            name="radiative_forcing",
            field=models.FloatField(default=0.0),
        ),
        migrations.AddField(
            model_name="calculationrun",
            name="radiative_forcing_included",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="factorsetversion",
            name="ch4_rule",
            field=models.CharField(
                choices=[
                    ("by_category", "By category: leaks and process fossil GWP, combustion non-fossil GWP"),
                    ("non_fossil", "Non-fossil GWP for all fossil methane"),
                    ("fossil", "Fossil GWP for all fossil methane"),
                ],
                default="by_category",
                max_length=12,
                verbose_name="GWP of fossil methane",
            ),
        ),
        migrations.AddField(
            model_name="reportsettings",
            name="radiative_forcing",
            field=models.BooleanField(
                default=False,
                help_text="Off: Scope 3 category 3.4 counts the greenhouse gases of air freight only and the uplift is reported apart. On: the uplift is added to category 3.4.",
                verbose_name="include the radiative-forcing uplift of air freight",
            ),
        ),
        migrations.AddConstraint(
            model_name="calculationrun",
            constraint=models.UniqueConstraint(
                fields=(
                    "organization",
                    "year",
                    "gwp",
                    "factor_set_version",
                    "inputs_fingerprint",
                    "radiative_forcing_included",
                ),
                name="inventory_one_run_per_inputs_rf",
            ),
        ),
    ]
