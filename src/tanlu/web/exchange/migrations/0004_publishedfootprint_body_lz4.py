"""On PostgreSQL, a published footprint's served text (``PublishedFootprint.body``) is compressed with lz4.

A page of PACT ListFootprints reads 100 of these texts; decompressing them with PostgreSQL's default (pglz) was
17 % of PostgreSQL's CPU for a page (``docs/performance.md``, PACT section), and lz4 decompresses several times
faster for a few per cent more bytes.  Only values written from now on are compressed with lz4 (PostgreSQL does not
rewrite the stored ones; a row gets lz4 when its body is written again).  A server built without lz4 keeps pglz,
and the migration says so; other databases have nothing to do.  Reversed, the column takes the server's default
again.
"""

from typing import Any

from django.db import migrations

_SET = """
DO $$
BEGIN
    ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method};
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this PostgreSQL server has no lz4: {table}.{column} keeps its compression';
END $$
"""


def _compression(method: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        published = apps.get_model("exchange", "PublishedFootprint")
        quote = schema_editor.quote_name
        column = published._meta.get_field("body").column
        schema_editor.execute(
            _SET.format(table=quote(published._meta.db_table), column=quote(column), method=method)
        )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0003_publishedfootprint_body"),
    ]

    operations = [
        migrations.RunPython(_compression("lz4"), _compression("default"), elidable=False),
    ]
