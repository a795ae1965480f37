"""Existing joint speakers ("Xi Jinping and Vladimir Putin") get their members."""

from django.db import migrations

from newsnlp.quotes.vocabulary import joint_name_parts, normalise_alias


def link(apps, schema_editor):
    Person = apps.get_model("articles", "Person")
    PersonAlias = apps.get_model("articles", "PersonAlias")
    for person in Person.objects.all():
        keys = [normalise_alias(part) for part in joint_name_parts(person.name)]
        if len(keys) < 2:
            continue
        aliases = PersonAlias.objects.filter(normalised__in=keys)
        found = {alias.normalised: alias.person_id for alias in aliases}
        members = [found[key] for key in keys if key in found and found[key] != person.pk]
        if len(members) == len(keys):
            person.members.add(*members)


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_person_members")]
    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
