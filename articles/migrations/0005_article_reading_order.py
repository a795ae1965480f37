"""An index in the quote browser's reading order, on PostgreSQL only.

With it PostgreSQL walks articles newest first and stops after a page of quotes instead of
sorting every quote (incremental sort). SQLite cannot index ``NULLS LAST``.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS article_reading_order "
    "ON articles_article (published DESC NULLS LAST, source_name)"
)
DROP = "DROP INDEX IF EXISTS article_reading_order"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_quote_text_search_index")]
    operations = [migrations.RunPython(create, drop)]
