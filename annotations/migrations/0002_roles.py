"""The Editors and Researchers groups. Admins are staff users (superusers in the demo)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.defaults import EDITORS, RESEARCHERS, ensure_role_groups


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now to use them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_role_groups(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, RESEARCHERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("articles", "0002_seed_themes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
