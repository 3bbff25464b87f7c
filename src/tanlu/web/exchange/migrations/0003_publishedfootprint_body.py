"""Published footprints keep their JSON text as served (``PublishedFootprint.body``); existing rows get theirs."""

import json

from django.db import migrations, models


def fill_bodies(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The text of every stored document, as :func:`tanlu.web.exchange.models.served_text` writes it (the
    migration's historical model has no ``save`` override), a thousand rows at a time."""
    published = apps.get_model("exchange", "PublishedFootprint")
    rows = published.objects.order_by("pk").only("pk", "document")
    batch = []
    for row in rows.iterator(chunk_size=1000):
        row.body = json.dumps(row.document, ensure_ascii=False, separators=(",", ":"))
        batch.append(row)
        if len(batch) == 1000:
            published.objects.bulk_update(batch, ["body"])
            batch = []
    published.objects.bulk_update(batch, ["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0002_publishedfootprint_exchange_published_page"),
    ]

    operations = [
        migrations.AddField(
            model_name="publishedfootprint",
            name="body",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_bodies, migrations.RunPython.noop),
    ]
