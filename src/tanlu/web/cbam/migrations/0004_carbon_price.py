"""The carbon price effectively paid, as Implementing Regulation (EU) 2023/1773 Article 7(2) lists its fields: the
legal act, the goods covered, the emissions covered, and any rebate or other compensation (form, amount per
t CO2e, emissions covered). Existing installations keep their price with none of these given."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cbam", "0003_declared"),
    ]

    operations = [
        migrations.AddField(
            model_name="installation",
            name="carbon_price_legal_act",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="installation",
            name="carbon_price_cn_codes",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="installation",
            name="carbon_price_covered_tco2e",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="installation",
            name="carbon_price_rebate_form",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="installation",
            name="carbon_price_rebate_per_tco2e",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="installation",
            name="carbon_price_rebate_covered_tco2e",
            field=models.FloatField(blank=True, null=True),
        ),
    ]
