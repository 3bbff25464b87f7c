"""ListFootprints reads an organization's footprints of one format in id order after the cursor's id: an index on
(organization, spec, id) makes every page one short range scan, however many footprints the organization (or the
whole deployment) has published."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="publishedfootprint",
            index=models.Index(fields=["organization", "spec", "id"], name="exchange_published_page"),
        ),
    ]
