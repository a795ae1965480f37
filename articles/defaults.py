"""The starting themes and the role groups, as functions shared by migrations and tests.

Both take an ``apps`` registry so that data migrations can pass their historical one.
"""

from __future__ import annotations

from django.apps import apps as global_apps

THEMES = [
    ("Military cooperation", "military-cooperation", "#c0392b",
     "Joint exercises, patrols, arms and defence industry ties."),
    ("Energy", "energy", "#e67e22",
     "Gas, oil, pipelines such as Power of Siberia 2, LNG, coal, electricity."),
    ("Ukraine", "ukraine", "#2e86c1",
     "The war in Ukraine, peace plans and support for Russia's war effort."),
    ("Taiwan", "taiwan", "#16a085", "Taiwan and the positions taken on it."),
    ("Middle East", "middle-east", "#8e44ad", "Gaza, Israel, Iran and a Palestinian state."),
    ("Sanctions and trade", "sanctions-and-trade", "#27ae60",
     "Western sanctions, trade volumes, currencies and evasion."),
    ("US-led world order", "us-led-world-order", "#7f8c8d",
     "Criticism of US alliances and hegemony, a multipolar world."),
    ("Nuclear", "nuclear", "#d4ac0d", "Nuclear war, weapons and nuclear energy."),
]  # fmt: skip

# Seed lexicons for the default themes: what an editor would search for by hand.
LEXICONS = {
    "military-cooperation": [
        "military", "joint exercises", "exercises", "drills", "joint patrols", "air patrols",
        "sea and air patrols", "combat", "defense minister", "defence minister", "defense",
        "defence", "troops", "army", "navy", "weapons", "arms", "security council", "Belousov",
        "Shoigu", "military-technical",
    ],
    "energy": [
        "energy", "gas", "natural gas", "oil", "crude", "pipeline", "Power of Siberia",
        "Power of Siberia 2", "Gazprom", "LNG", "coal", "electricity", "fuel", "nuclear power",
    ],
    "ukraine": [
        "Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev", "Kharkiv", "invasion",
        "war in Ukraine", "Zelensky", "Zelenskyy", "peace conference", "peace talks",
        "ceasefire", "front line", "war effort",
    ],
    "taiwan": ["Taiwan", "Taiwanese", "Taipei", "Taiwan Strait", "Lai Ching-te", "reunification"],
    "middle-east": [
        "Middle East", "Gaza", "Israel", "Israeli", "Palestinian", "Palestinian state", "Hamas",
        "Iran", "two-state",
    ],
    "sanctions-and-trade": [
        "sanctions", "secondary sanctions", "trade", "trade volume", "exports", "imports",
        "yuan", "ruble", "rouble", "dollar", "banks", "payments", "tariffs", "dual-use",
        "economic",
    ],
    "us-led-world-order": [
        "United States", "Washington", "hegemony", "hegemonic", "multipolar", "unipolar",
        "NATO", "alliances", "Cold War mentality", "bloc confrontation", "world order",
        "dual containment", "the West", "Western",
    ],
    "nuclear": [
        "nuclear", "nuclear weapons", "nuclear war", "atomic", "Rosatom", "nuclear energy",
        "strategic stability",
    ],
}  # fmt: skip

READ_MODELS = [
    ("articles", "outlet"),
    ("articles", "article"),
    ("articles", "person"),
    ("articles", "personalias"),
    ("articles", "quote"),
    ("articles", "theme"),
    ("annotations", "annotation"),
    ("annotations", "reply"),
    ("annotations", "codinground"),
]
EDITOR_EXTRA = [
    ("annotations", "add_annotation"),
    ("annotations", "change_annotation"),
    ("annotations", "delete_annotation"),
    ("annotations", "add_reply"),
    ("annotations", "change_reply"),
    ("annotations", "delete_reply"),
    ("articles", "add_theme"),
    ("articles", "change_quote"),
    ("articles", "add_person"),
    ("articles", "add_personalias"),
]
EDITORS = "Editors"
RESEARCHERS = "Researchers"


def ensure_default_themes(apps=global_apps) -> None:
    Theme = apps.get_model("articles", "Theme")
    for name, slug, colour, description in THEMES:
        Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "colour": colour, "description": description}
        )


def ensure_default_lexicons(apps=global_apps) -> None:
    """Give the default themes their seed lexicons where an admin has not written one."""
    Theme = apps.get_model("articles", "Theme")
    for slug, terms in LEXICONS.items():
        Theme.objects.filter(slug=slug, lexicon="").update(lexicon="\n".join(terms))


def ensure_role_groups(apps=global_apps) -> None:
    """Editors read, annotate, create themes and speakers, correct quotes; Researchers read."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs: list[tuple[str, str]]) -> list:
        # An early migration runs this before later models (replies) exist: their
        # permissions are granted by the migration that creates them, which runs it again.
        wanted = [(app, code) for app, code in pairs]
        found = Permission.objects.filter(content_type__app_label__in={app for app, _ in wanted})
        by_key = {
            (p.content_type.app_label, p.codename): p for p in found.select_related("content_type")
        }
        return [by_key[key] for key in wanted if key in by_key]

    read = permissions([(app, f"view_{model}") for app, model in READ_MODELS])
    researchers, _ = Group.objects.get_or_create(name=RESEARCHERS)
    researchers.permissions.set(read)
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(read + permissions(EDITOR_EXTRA))
