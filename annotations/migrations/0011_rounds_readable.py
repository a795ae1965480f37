"""Editors and Researchers read coding rounds' pages (progress and agreement)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.defaults import ensure_role_groups


def grant_round_reading(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0010_see_all_round_work"), ("articles", "0026_theme_codebook")]
    operations = [migrations.RunPython(grant_round_reading, migrations.RunPython.noop)]
