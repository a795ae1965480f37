"""Full-text search on annotations' highlighted text and notes, on PostgreSQL only (SQLite
searches by containment, ``annotations.listing``).

A stored generated column ``search_vector`` (not a model field: Django never writes it)
holds ``to_tsvector('english', exact || ' ' || note)``, with a GIN index, as migration
``articles.0004`` does for quotes. ``listing.ANNOTATION_SEARCH_VECTOR`` names it.
"""

from django.db import migrations

CREATE = [
    "ALTER TABLE annotations_annotation ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "
    "COALESCE(exact, '') || ' ' || COALESCE(note, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS annotations_annotation_search_vector "
    "ON annotations_annotation USING GIN (search_vector)",
]
DROP = [
    "DROP INDEX IF EXISTS annotations_annotation_search_vector",
    "ALTER TABLE annotations_annotation DROP COLUMN IF EXISTS search_vector",
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
    dependencies = [("annotations", "0006_replies")]
    operations = [migrations.RunPython(create, drop)]
