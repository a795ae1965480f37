"""Full-text search on quote text, on PostgreSQL only (SQLite searches by containment).

A stored generated column ``search_vector`` (not a model field: Django never writes it)
holds ``to_tsvector('english', text)``, with a GIN index. Ranking reads the stored vector
instead of parsing every matching quote again. ``queries.QUOTE_SEARCH_VECTOR`` names it.
"""

from django.db import migrations

CREATE = [
    "ALTER TABLE articles_quote ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS articles_quote_search_vector "
    "ON articles_quote USING GIN (search_vector)",
]
DROP = [
    "DROP INDEX IF EXISTS articles_quote_search_vector",
    "ALTER TABLE articles_quote DROP COLUMN IF EXISTS search_vector",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_mentions_and_extraction")]
    operations = [migrations.RunPython(create, drop)]
