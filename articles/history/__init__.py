"""The change history: every change to an annotation, a quote's attribution, a person
(merge) and a theme (rename, merge) is recorded with who, when, before and after, in the
same transaction as the change; an undo restores the "before".

Who may undo: an editor their own last change, an admin any change. An undo is refused
(``UndoRefused``, with the reason) when the object changed again since, or is gone. Undoing
bumps the object's version, so a form opened before the undo is refused as stale.

Apps register how to undo the kinds they own (``register``): annotations register theirs,
so this module never imports the annotations app.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from infrastructure.access import REVIEW_CHANGES, UNDO_ANY_CHANGE
from infrastructure.undo import UndoRefused, unchanged_since

from ..models import Article, Change, Mention, Person, PersonAlias, Quote, Theme

Kind = Change.Kind
_undoers: dict[str, Callable[[Change], str]] = {}


_hiders: list[Callable] = []


def register(kind: str, undo: Callable[[Change], str]) -> None:
    """``undo(change)`` restores ``change.before`` and returns a summary of what it did."""
    _undoers[kind] = undo


def register_hidden(hidden: Callable) -> None:
    """``hidden(user)`` is a ``Q`` of the changes ``user`` may not see (an app above this
    one keeps its own rule: blind coding rounds, ``annotations.visibility``)."""
    _hiders.append(hidden)


def visible_changes(changes, user):
    """``changes`` without those a registered rule hides from ``user``."""
    for hidden in _hiders:
        changes = changes.exclude(hidden(user))
    return changes


def record(user, kind: str, obj_type: str, obj_id: int, summary: str, before=None, after=None):
    """Record a change (inside the transaction that makes it)."""
    return Change.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        at=timezone.now(),
        kind=kind,
        object_type=obj_type,
        object_id=obj_id,
        summary=summary[:300],
        before=before or {},
        after=after or {},
    )


def sees_everyone(user) -> bool:
    """Sees every editor's changes (a permission: the staff flag alone grants nothing)."""
    return user.has_perm(REVIEW_CHANGES)


def undoes_anyone(user) -> bool:
    return user.has_perm(UNDO_ANY_CHANGE)


def last_change_of(user) -> Change | None:
    """The user's latest change that an undo could reverse (not itself an undo)."""
    return Change.objects.filter(user=user).exclude(kind=Kind.UNDO).first()


def may_undo(user, change: Change, last: Change | None = None) -> bool:
    """``last``: the user's ``last_change_of``, when it is known already (a list of many)."""
    if change.kind == Kind.UNDO or change.undone_by_id:
        return False
    if undoes_anyone(user):
        return True
    last = last or last_change_of(user)
    return last is not None and last.pk == change.pk


def undo(change: Change, user) -> Change:
    """Reverse ``change`` for ``user``; returns the undo's own record."""
    with transaction.atomic():
        change = Change.objects.select_for_update().get(pk=change.pk)
        if not may_undo(user, change):
            raise UndoRefused(
                "Only your own last change can be undone (holders of undo_any_change may "
                "undo any), once."
            )
        summary = _undoers[change.kind](change)
        done = record(user, Kind.UNDO, change.object_type, change.object_id, f"undid: {summary}")
        change.undone_by = done
        change.save(update_fields=["undone_by"])
    return done


# --- quotes, people and themes (annotations register theirs in annotations.history) ----


def quote_state(quote: Quote) -> dict:
    return {
        "speaker": quote.speaker_id,
        "start": quote.start,
        "end": quote.end,
        "kind": quote.kind,
        "text": quote.text,
        "verified": quote.verified,
        "verified_by": quote.verified_by_id,
        "verified_at": quote.verified_at.isoformat() if quote.verified_at else None,
        "rule": quote.rule,
        "source": quote.source,
        "version": quote.version,
    }


def _undo_quote_correction(change: Change) -> str:
    quote = unchanged_since(Quote.objects.all(), change.object_id, change.after.get("version"),
                            "quote")  # fmt: skip
    before = change.before
    if before["speaker"] and not Person.objects.filter(pk=before["speaker"]).exists():
        raise UndoRefused("The speaker it had before no longer exists.")
    body = Article.objects.values_list("body", flat=True).get(pk=quote.article_id)
    if body[before["start"] : before["end"]] != before["text"]:
        raise UndoRefused("Its article's text changed since: the old place no longer holds "
                          "its words.")  # fmt: skip
    quote.speaker_id, quote.start, quote.end = before["speaker"], before["start"], before["end"]
    quote.kind, quote.text, quote.rule = before["kind"], before["text"], before["rule"]
    quote.source = before.get("source", "")  # records made before sources were kept: none
    quote.verified, quote.verified_by_id = before["verified"], before["verified_by"]
    quote.verified_at = before["verified_at"]
    quote.version += 1
    quote.save()
    return change.summary


def _person_fields(person: Person) -> dict:
    return {"pk": person.pk, "name": person.name, "slug": person.slug, "kind": person.kind,
            "description": person.description}  # fmt: skip


def record_person_merge(target: Person, others: list[Person]) -> dict:
    """What ``merge_persons`` is about to move, so that an undo can move it back."""
    ids = [person.pk for person in others]

    def owned(model, field: str) -> dict[str, list[int]]:
        rows = model.objects.filter(**{f"{field}__in": ids}).values_list(field, "pk")
        found: dict[str, list[int]] = {}
        for owner, pk in rows:
            found.setdefault(str(owner), []).append(pk)
        return found

    return {
        "target_description": target.description,
        "others": [_person_fields(person) for person in others],
        "quotes": owned(Quote, "speaker_id"),
        "mentions": owned(Mention, "person_id"),
        "aliases": owned(PersonAlias, "person_id"),
    }


def _undo_person_merge(change: Change) -> str:
    target = Person.objects.filter(pk=change.object_id).first()
    if target is None:
        raise UndoRefused("The person the others were merged into is gone.")
    before = change.before
    for fields in before["others"]:
        if Person.objects.filter(slug=fields["slug"]).exclude(pk=fields["pk"]).exists():
            raise UndoRefused(f"Another speaker now has the address of {fields['name']}.")
        Person.objects.update_or_create(pk=fields["pk"], defaults=fields)
    for model, field, moved in (
        (Quote, "speaker_id", before["quotes"]),
        (Mention, "person_id", before["mentions"]),
        (PersonAlias, "person_id", before["aliases"]),
    ):
        for owner, pks in moved.items():
            model.objects.filter(pk__in=pks, **{field: target.pk}).update(**{field: int(owner)})
    PersonAlias.objects.filter(pk__in=change.after.get("added_aliases", [])).delete()
    target.description = before["target_description"]
    target.save(update_fields=["description"])
    return change.summary


def _theme_fields(theme: Theme) -> dict:
    return {"pk": theme.pk, "name": theme.name, "slug": theme.slug, "colour": theme.colour,
            "description": theme.description, "lexicon": theme.lexicon}  # fmt: skip


def record_theme_merge(target: Theme, others: list[Theme]) -> dict:
    """What ``merge_themes`` is about to change, so that an undo can change it back."""
    links = Theme.annotations.through.objects
    return {
        "others": [_theme_fields(theme) for theme in others],
        "links": list(links.filter(theme__in=others).values_list("annotation_id", "theme_id")),
        "had_target": list(links.filter(theme=target).values_list("annotation_id", flat=True)),
    }


def _undo_theme_merge(change: Change) -> str:
    target = Theme.objects.filter(pk=change.object_id).first()
    if target is None:
        raise UndoRefused("The theme the others were merged into is gone.")
    before = change.before
    links = Theme.annotations.through.objects
    for fields in before["others"]:
        if Theme.objects.filter(name__iexact=fields["name"]).exclude(pk=fields["pk"]).exists():
            raise UndoRefused(f"Another theme is now called {fields['name']}.")
        Theme.objects.update_or_create(pk=fields["pk"], defaults=fields)
    # Annotations deleted since the merge are not linked again.
    annotations = links.model._meta.get_field("annotation").related_model.objects
    existing = set(
        annotations.filter(pk__in=[a for a, _ in before["links"]]).values_list("pk", flat=True)
    )
    links.bulk_create(
        [links.model(annotation_id=a, theme_id=t) for a, t in before["links"] if a in existing],
        ignore_conflicts=True,
    )
    moved = {a for a, _ in before["links"]} - set(before["had_target"])
    links.filter(theme=target, annotation_id__in=moved).delete()
    return change.summary


def _undo_theme_rename(change: Change) -> str:
    theme = Theme.objects.filter(pk=change.object_id).first()
    if theme is None:
        raise UndoRefused("The theme is gone.")
    if theme.name != change.after.get("name"):
        raise UndoRefused("The theme was renamed again since: undo that first.")
    theme.name = change.before["name"]
    theme.save(update_fields=["name"])
    return change.summary


register(Kind.QUOTE_CORRECTED, _undo_quote_correction)
register(Kind.PEOPLE_MERGED, _undo_person_merge)
register(Kind.THEMES_MERGED, _undo_theme_merge)
register(Kind.THEME_RENAMED, _undo_theme_rename)
