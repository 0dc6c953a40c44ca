"""A trigram index makes the diacritics-free substring search of petitions (LIKE '%…%' on the
folded text) an index scan on PostgreSQL. SQLite has no trigrams; it scans, which is fine at
the size an embedded install holds."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS casework_petition_search_trgm "
        "ON casework_petition USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS casework_petition_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
