"""Writes to the articles app: turning received text into stored articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from infrastructure.db import find_or_create, lock_at_version
from infrastructure.validators import without_hidden_characters

from . import history
from .ingest.preparation import (
    PreparedArticle,
    prepare_document,
    prepare_text,
    with_kept_lines,
)
from .ingest.sources import SourceDocument, SourceError
from .models import (
    Article,
    Mention,
    Outlet,
    Person,
    PersonAlias,
    Quote,
    Theme,
    content_hash_of,
    next_theme_colour,
    normalise_alias,
)
from .reanchoring import follow_new_text
from .signals import article_text_changed, quotes_reassigned


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    HELD = "held"
    FAILED = "failed"


class Replace(StrEnum):
    """May a new text replace the text of the article it is a new version of?

    A replacement moves every annotation and quote of the article, and orphans those whose
    words are gone: it is the admin's choice, never a file name's accident.
    """

    NEVER = "never"  # held, with the reason, for the admin to choose
    NEAR = "near"  # yes while most of the old text stays (a corrected version)
    ANY = "any"  # yes, whatever is left of the old text (confirmed by the admin)


# Below this share of the old text's words kept, a replacement is "far": NEAR refuses it.
FAR_SHARE = 0.5


def kept_share(old: str, new: str) -> float:
    """The share of ``old``'s words (with their repeats) that ``new`` still has."""
    before, after = Counter(old.split()), Counter(new.split())
    total = sum(before.values())
    return sum((before & after).values()) / total if total else 1.0


@dataclass(frozen=True)
class IngestResult:
    source_name: str
    outcome: Outcome
    article: Article | None = None
    message: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)


def ingest_source(document: SourceDocument, replace: Replace = Replace.NEVER) -> IngestResult:
    """Decode, clean and store one document; every failure becomes a result, not an exception."""
    try:
        return store_prepared(prepare_document(document), replace)
    except SourceError as exc:
        return IngestResult(document.name, Outcome.FAILED, message=str(exc))


def ingest_text(
    source_name: str, raw: str, metadata: dict | None = None, replace: Replace = Replace.NEVER
) -> IngestResult:
    """Store ``raw`` as an article (see ``store_prepared``); raises ``SourceError``."""
    return store_prepared(prepare_text(source_name, raw, metadata), replace)


@dataclass(frozen=True)
class ExistingMatch:
    """What storing a prepared article would do to what is already stored."""

    previous: Article | None = None
    duplicate_of: Article | None = None
    unchanged: bool = False


def match_existing(prepared: PreparedArticle) -> ExistingMatch:
    """The same cleaned text already stored is unchanged (same source) or a duplicate (another
    source). Otherwise an article with the same URL, or failing that the same source name,
    is the previous version of this one.
    """
    source_name = prepared.source_name
    previous = _previous_version(source_name, prepared.fields.get("url", ""))
    same_text = Article.objects.filter(content_hash=content_hash_of(prepared.body)).first()
    if same_text and (previous is None or same_text.pk != previous.pk):
        if same_text.source_name != source_name or previous is not None:
            return ExistingMatch(previous, duplicate_of=same_text)
        previous = same_text
    return ExistingMatch(previous, unchanged=previous is not None and same_text == previous)


def store_prepared(prepared: PreparedArticle, replace: Replace = Replace.NEVER) -> IngestResult:
    """Store a prepared article, or update the article it is a new version of (keeping its id
    and re-anchoring its annotations, quotes and mentions) — its text only as ``replace``
    allows, else the document is held with the reason. One transaction.
    """
    try:
        return _store_prepared(prepared, replace)
    except IntegrityError:
        # Another worker stored the same text a moment ago (two copies in one batch, taken
        # by two workers): matched again, this one is now its duplicate or unchanged.
        return _store_prepared(prepared, replace)


def held_reason(previous: Article, new_body: str, replace: Replace) -> str | None:
    """Why the new text may not replace ``previous``'s under ``replace``, or None."""
    kept = kept_share(previous.body, new_body)
    far = kept < FAR_SHARE
    if replace == Replace.ANY or (replace == Replace.NEAR and not far):
        return None
    what = f"would replace the text of article {previous.pk} ({previous.display_title})"
    if far:
        what += f", keeping only {kept:.0%} of its words"
    return (
        f"held: {what}; its {previous.annotations.count()} annotation(s) would move or be "
        "orphaned. Choose “replace” to import it anyway."
    )


def with_earlier_choices(prepared: PreparedArticle) -> PreparedArticle:
    """A new version of an article keeps in its body the lines an admin restored to the
    previous version's ("Restore to the body", "Keep in the body")."""
    earlier = _previous_version(prepared.source_name, prepared.fields.get("url", ""))
    if earlier is None or not earlier.kept_lines:
        return prepared
    return with_kept_lines(prepared, earlier.kept_lines)


def _store_prepared(prepared: PreparedArticle, replace: Replace) -> IngestResult:
    prepared = with_earlier_choices(prepared)
    source_name, fields = prepared.source_name, dict(prepared.fields)
    with transaction.atomic():
        if prepared.outlet_name:
            fields["outlet"] = outlet_named(prepared.outlet_name)
        match = match_existing(prepared)
        if match.duplicate_of:
            same_text = match.duplicate_of
            return IngestResult(
                source_name,
                Outcome.DUPLICATE,
                same_text,
                f"same text as article {same_text.pk} ({same_text.source_name})",
            )
        previous = match.previous
        if previous is None:
            article = Article.objects.create(**fields)
            return IngestResult(source_name, Outcome.CREATED, article, warnings=prepared.warnings)
        changed = [name for name, value in fields.items() if getattr(previous, name) != value]
        if not changed:
            return IngestResult(source_name, Outcome.UNCHANGED, previous)
        if "body" in changed and (held := held_reason(previous, fields["body"], replace)):
            return IngestResult(source_name, Outcome.HELD, previous, held)
        old_body = previous.body
        for name in changed:
            setattr(previous, name, fields[name])
        previous.save()
        if "body" in changed:
            follow_new_text(previous, old_body)
            article_text_changed.send(sender=Article, article=previous, old_body=old_body)
        return IngestResult(
            source_name,
            Outcome.UPDATED,
            previous,
            message="changed: " + ", ".join(changed),
            warnings=prepared.warnings,
        )


def _previous_version(source_name: str, url: str) -> Article | None:
    if url:
        by_url = Article.objects.filter(url=url).first()
        if by_url:
            return by_url
    return Article.objects.filter(source_name=source_name).order_by("pk").first()


def outlet_named(name: str) -> Outlet:
    """The outlet of this name (any case), created if new; safe when imports race. Hidden
    characters a page carried in its metadata are dropped, not kept in the name."""
    name = without_hidden_characters(name).strip()
    return find_or_create(
        lambda: Outlet.objects.filter(name__iexact=name).first(),
        lambda: Outlet.objects.create(name=name),
    )


def theme_named(name: str) -> Theme:
    """The theme of this name (any case, spacing folded), created if new.

    Two editors creating "Arctic" at once both get the one theme.
    """
    name = " ".join(without_hidden_characters(name).split())
    return find_or_create(
        lambda: Theme.objects.filter(name__iexact=name).first(),
        lambda: Theme.objects.create(name=name, colour=next_theme_colour()),
    )


def correct_quote(quote: Quote, data: dict, editor, version: int | None = None) -> Quote:
    """Apply an editor's correction and mark the quote verified (never overwritten later).

    ``version`` is the quote's version when the editor opened the form: if someone has
    corrected it since, ``StaleVersion`` is raised and nothing is saved.
    """
    with transaction.atomic():
        current = lock_at_version(Quote.objects.select_related("article"), quote.pk, version)
        if current is None:
            raise Quote.DoesNotExist(f"quote {quote.pk} is gone")
        before = history.quote_state(current)
        speaker = data.get("speaker")
        if data.get("new_speaker"):
            speaker = speaker_named(data["new_speaker"], data.get("new_speaker_kind"))
        current.speaker = speaker
        current.source = ""  # the editor's word replaces the pipeline's unnamed source
        current.start, current.end, current.kind = data["start"], data["end"], data["kind"]
        current.text = current.article.body[current.start : current.end]
        current.verified, current.verified_by, current.verified_at = True, editor, timezone.now()
        current.rule = "editor"
        current.version += 1
        current.save()
        who = current.speaker.name if current.speaker else "no speaker"
        history.record(editor, history.Kind.QUOTE_CORRECTED, "quote", current.pk,
                       f"quote “{current.text[:80]}” → {who}", before,
                       history.quote_state(current))  # fmt: skip
    return current


def speaker_named(name: str, kind: str | None = None) -> Person:
    """The person whose name or alias this is, or a new one with the name as its alias."""
    name = " ".join(without_hidden_characters(name).split())
    return find_or_create_person(name, kind or Person.Kind.PERSON)


def find_or_create_person(
    name: str, kind: str, aliases: Iterable[str] = (), description: str = ""
) -> Person:
    """The Person any of these names already belongs to (the name itself first), or a new one.

    Names not yet taken by anyone become aliases of the person; a missing description is
    filled in. Safe when two clients name the same new person at once: the alias's unique
    key decides which one creates it, and the other finds it.
    """
    names = [name, *sorted(set(aliases) - {name})]
    keys = [normalise_alias(n) for n in names]

    def owner() -> Person | None:
        found = {
            alias.normalised: alias.person
            for alias in PersonAlias.objects.select_related("person").filter(normalised__in=keys)
        }
        return next((found[key] for key in keys if key in found), None)

    def create() -> Person:
        person = Person.objects.create(name=name, kind=kind, description=description)
        if keys[0]:
            PersonAlias.objects.create(person=person, alias=name)
        return person

    person = find_or_create(owner, create)
    if description and not person.description:
        person.description = description
        person.save(update_fields=["description"])
    taken = set(
        PersonAlias.objects.filter(normalised__in=keys).values_list("normalised", flat=True)
    )
    missing: dict[str, str] = {}
    for alias, key in zip(names, keys, strict=True):
        if key and key not in taken:
            missing.setdefault(key, alias)
    PersonAlias.objects.bulk_create(
        [PersonAlias(person=person, alias=alias, normalised=key) for key, alias in missing.items()],
        ignore_conflicts=True,  # another client gave the same name to someone meanwhile
    )
    person.link_members()  # a joint speaker: who it joins
    return person


@transaction.atomic
def merge_themes(target: Theme, others: list[Theme], user=None) -> int:
    """Move every annotation tagged with ``others`` to ``target``; delete ``others``."""
    others = [theme for theme in others if theme.pk != target.pk]
    before = history.record_theme_merge(target, others)
    moved = 0
    for annotation in target.annotations.model.objects.filter(themes__in=others).distinct():
        annotation.themes.remove(*others)
        annotation.themes.add(target)
        moved += 1
    Theme.objects.filter(pk__in=[t.pk for t in others]).delete()
    names = ", ".join(theme.name for theme in others)
    history.record(user, history.Kind.THEMES_MERGED, "theme", target.pk,
                   f"themes {names} merged into {target.name}", before)  # fmt: skip
    return moved


@transaction.atomic
def merge_persons(target: Person, others: list[Person], user=None) -> dict[str, int]:
    """Move the quotes, mentions and aliases of ``others`` to ``target``; delete ``others``.

    Their names become aliases of ``target``, so later extraction finds the merged person.
    """
    others = [person for person in others if person.pk != target.pk]
    ids = [person.pk for person in others]
    before = history.record_person_merge(target, others)
    moved = {
        "quotes": Quote.objects.filter(speaker_id__in=ids).update(speaker=target),
        "mentions": Mention.objects.filter(person_id__in=ids).update(person=target),
        "aliases": PersonAlias.objects.filter(person_id__in=ids).update(person=target),
    }
    if not target.description:
        target.description = next((p.description for p in others if p.description), "")
        target.save(update_fields=["description"])
    Person.objects.filter(pk__in=ids).delete()
    quotes_reassigned.send(sender=Person, speaker_ids={target.pk})
    taken = set(PersonAlias.objects.values_list("normalised", flat=True))
    added = []
    for person in others:
        if normalise_alias(person.name) not in taken:
            added.append(PersonAlias.objects.create(person=target, alias=person.name).pk)
            taken.add(normalise_alias(person.name))
    names = ", ".join(person.name for person in others)
    history.record(user, history.Kind.PEOPLE_MERGED, "person", target.pk,
                   f"{names} merged into {target.name}", before,
                   {"added_aliases": added})  # fmt: skip
    return moved
