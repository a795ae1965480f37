"""The Editors and Researchers groups. Admins are staff users (superusers in the demo).

Editors read everything, annotate, create themes and speakers, and correct quotes.
Researchers read everything and write nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ_MODELS = [
    ("articles", "outlet"),
    ("articles", "article"),
    ("articles", "person"),
    ("articles", "personalias"),
    ("articles", "quote"),
    ("articles", "theme"),
    ("annotations", "annotation"),
]
EDITOR_EXTRA = [
    ("annotations", "add_annotation"),
    ("annotations", "change_annotation"),
    ("annotations", "delete_annotation"),
    ("articles", "add_theme"),
    ("articles", "change_quote"),
    ("articles", "add_person"),
    ("articles", "add_personalias"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now to use them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    read = [permission(app, f"view_{model}") for app, model in READ_MODELS]
    researchers, _ = Group.objects.get_or_create(name="Researchers")
    researchers.permissions.set(read)
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(read + [permission(app, codename) for app, codename in EDITOR_EXTRA])


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Researchers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("articles", "0002_seed_themes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
