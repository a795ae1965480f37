"""The themes a newsroom starts with; editors add more, admins rename and merge them."""

from django.db import migrations

from articles.defaults import THEMES, ensure_default_themes


def create_themes(apps, schema_editor):
    ensure_default_themes(apps)


def remove_themes(apps, schema_editor):
    Theme = apps.get_model("articles", "Theme")
    Theme.objects.filter(slug__in=[slug for _, slug, _, _ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(create_themes, remove_themes)]
