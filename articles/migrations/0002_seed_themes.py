"""The themes a newsroom starts with; editors add more, admins rename and merge them."""

from django.db import migrations

THEMES = [
    (
        "Military cooperation",
        "military-cooperation",
        "#c0392b",
        "Joint exercises, patrols, arms and defence industry ties.",
    ),
    (
        "Energy",
        "energy",
        "#e67e22",
        "Gas, oil, pipelines such as Power of Siberia 2, LNG, coal, electricity.",
    ),
    (
        "Ukraine",
        "ukraine",
        "#2e86c1",
        "The war in Ukraine, peace plans and support for Russia's war effort.",
    ),
    ("Taiwan", "taiwan", "#16a085", "Taiwan and the positions taken on it."),
    ("Middle East", "middle-east", "#8e44ad", "Gaza, Israel, Iran and a Palestinian state."),
    (
        "Sanctions and trade",
        "sanctions-and-trade",
        "#27ae60",
        "Western sanctions, trade volumes, currencies and evasion.",
    ),
    (
        "US-led world order",
        "us-led-world-order",
        "#7f8c8d",
        "Criticism of US alliances and hegemony, a multipolar world.",
    ),
    ("Nuclear", "nuclear", "#d4ac0d", "Nuclear war, weapons and nuclear energy."),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("articles", "Theme")
    for name, slug, colour, description in THEMES:
        Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "colour": colour, "description": description}
        )


def remove_themes(apps, schema_editor):
    Theme = apps.get_model("articles", "Theme")
    Theme.objects.filter(slug__in=[slug for _, slug, _, _ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(create_themes, remove_themes)]
