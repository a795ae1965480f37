"""Writing an instance's work as a corpus file, from one snapshot of the database."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from django.db import connection, transaction
from django.utils import timezone

from annotations.models import Annotation, CodingRound, Reply, RoundDone
from annotations.w3c import annotation_document, reply_document
from articles.models import (
    Article,
    Change,
    ImportBatch,
    ImportDocument,
    Mention,
    Outlet,
    Person,
    PersonAlias,
    Quote,
    Theme,
)
from compare.models import ThemeSuggestion

from .records import (
    ANNOTATION_URN,
    ARTICLE_URN,
    FORMAT,
    REPLY_URN,
    VERSION,
    User,
    plain_fields,
    snapshot_out,
    username_of,
)


def iter_records() -> Iterator[dict]:
    """The instance's work as records, in loading order (see the module's docstring)."""
    users = dict(User.objects.values_list("pk", User.USERNAME_FIELD))
    hashes = dict(Article.objects.values_list("pk", "content_hash"))
    outlets = dict(Outlet.objects.values_list("pk", "name"))
    themes = dict(Theme.objects.values_list("pk", "name"))
    people = dict(Person.objects.values_list("pk", "slug"))
    for outlet in Outlet.objects.order_by("pk"):
        yield {"type": "outlet", "id": outlet.pk, **plain_fields(outlet)}
    for theme in Theme.objects.order_by("pk"):
        yield {"type": "theme", "id": theme.pk, **plain_fields(theme)}
    aliases: dict[int, list[dict]] = {}
    for alias in PersonAlias.objects.order_by("pk"):
        aliases.setdefault(alias.person_id, []).append({"id": alias.pk, "alias": alias.alias})
    for person in Person.objects.order_by("pk"):
        yield {
            "type": "person",
            "id": person.pk,
            **plain_fields(person),
            "aliases": aliases.get(person.pk, []),
        }
    for article in Article.objects.order_by("pk").iterator(chunk_size=200):
        yield {
            "type": "article",
            "id": article.pk,
            **plain_fields(article),
            "outlet": outlets.get(article.outlet_id),
        }
    for mention in Mention.objects.order_by("pk").iterator(chunk_size=2000):
        yield {
            "type": "mention",
            "id": mention.pk,
            **plain_fields(mention),
            "article": hashes[mention.article_id],
            "person": people[mention.person_id],
        }
    for quote in Quote.objects.order_by("pk").iterator(chunk_size=2000):
        yield {
            "type": "quote",
            "id": quote.pk,
            **plain_fields(quote),
            "article": hashes[quote.article_id],
            "speaker": people.get(quote.speaker_id),
            "verified_by": username_of(quote.verified_by_id, users),
        }
    yield from _round_records(users, hashes, themes)
    annotations = Annotation.objects.select_related("author").prefetch_related("themes")
    for annotation in annotations.order_by("pk").iterator(chunk_size=500):
        yield _annotation_record(annotation, hashes[annotation.article_id])
    for reply in Reply.objects.select_related("author").order_by("pk").iterator(chunk_size=1000):
        yield _reply_record(reply)
    decided = ThemeSuggestion.objects.exclude(state=ThemeSuggestion.State.OPEN)
    for suggestion in decided.order_by("pk"):
        yield {
            "type": "suggestion",
            "id": suggestion.pk,
            **plain_fields(suggestion),
            "article": hashes[suggestion.article_id],
            "theme": themes[suggestion.theme_id],
            "annotation": suggestion.annotation_id,
            "decided_by": username_of(suggestion.decided_by_id, users),
        }
    documents: dict[int, list[dict]] = {}
    for document in ImportDocument.objects.order_by("batch_id", "position").iterator(500):
        documents.setdefault(document.batch_id, []).append(
            {
                "id": document.pk,
                **plain_fields(document),
                "article": hashes.get(document.article_id),
            }
        )
    for batch in ImportBatch.objects.order_by("pk"):
        yield {
            "type": "import",
            "id": batch.pk,
            **plain_fields(batch),
            "created_by": username_of(batch.created_by_id, users),
            "outlet": outlets.get(batch.outlet_id),
            "documents": documents.get(batch.pk, []),
        }
    for change in Change.objects.order_by("pk").iterator(chunk_size=1000):
        record = {
            "type": "change",
            "id": change.pk,
            **plain_fields(change),
            "user": username_of(change.user_id, users),
            "undone_by": change.undone_by_id,
        }
        record["before"] = snapshot_out(change.before, users)
        record["after"] = snapshot_out(change.after, users)
        yield record


def _round_records(users: dict, hashes: dict, themes: dict) -> Iterator[dict]:
    """Coding rounds, with their articles, coders, themes and done marks (issue 32)."""
    rounds = CodingRound.objects.order_by("pk").prefetch_related("articles", "coders", "themes")
    done: dict[int, list[dict]] = {}
    for mark in RoundDone.objects.order_by("pk"):
        done.setdefault(mark.coding_round_id, []).append(
            {"id": mark.pk, "coder": users[mark.coder_id], "article": hashes[mark.article_id],
             "at": mark.at.isoformat()}
        )  # fmt: skip
    for coding_round in rounds:
        yield {
            "type": "round",
            "id": coding_round.pk,
            **plain_fields(coding_round),
            "adjudicator": username_of(coding_round.adjudicator_id, users),
            "created_by": username_of(coding_round.created_by_id, users),
            "articles": [hashes[article.pk] for article in coding_round.articles.all()],
            "coders": [users[coder.pk] for coder in coding_round.coders.all()],
            "themes": [themes[theme.pk] for theme in coding_round.themes.all()],
            "done": done.get(coding_round.pk, []),
        }


def _annotation_record(annotation: Annotation, article_hash: str) -> dict:
    document = annotation_document(
        annotation, f"{ANNOTATION_URN}{annotation.pk}", f"{ARTICLE_URN}{article_hash}"
    )
    document["summit"] = {
        "start": annotation.start,
        "end": annotation.end,
        "orphaned": annotation.orphaned,
        "version": annotation.version,
        "round": annotation.coding_round_id,  # a round record's id in this file, or None
        "author": annotation.author.get_username() if annotation.author else None,
        # The Web Annotation's times are to the second; these are exact.
        "created": annotation.created.isoformat(),
        "updated": annotation.updated.isoformat(),
    }
    return {"type": "annotation", "id": annotation.pk, "annotation": document}


def _reply_record(reply: Reply) -> dict:
    document = reply_document(
        reply, f"{REPLY_URN}{reply.pk}", f"{ANNOTATION_URN}{reply.annotation_id}"
    )
    document["summit"] = {
        "annotation": reply.annotation_id,
        "version": reply.version,
        "author": reply.author.get_username() if reply.author else None,
        "created": reply.created.isoformat(),
        "updated": reply.updated.isoformat(),
    }
    return {"type": "reply", "id": reply.pk, "reply": document}


def dump(stream: IO[str]) -> Counter[str]:
    """Write the instance's work to ``stream``; returns the count of each record type."""
    counts: Counter[str] = Counter()
    header = {"format": FORMAT, "version": VERSION, "created": timezone.now().isoformat()}
    stream.write(json.dumps(header) + "\n")
    with _one_snapshot():
        for record in iter_records():
            counts[record["type"]] += 1
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    stream.write(json.dumps({"type": "end", "counts": dict(counts)}) + "\n")
    return counts


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """Every read of the dump sees the database at one moment, while editors go on saving:
    a repeatable-read transaction on PostgreSQL; on SQLite the transaction holds the write
    lock, so saves wait for the dump (seconds for thousands of articles)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


# --- load ---------------------------------------------------------------------------------
