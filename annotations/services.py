"""Writes for annotations: create, edit, delete, and re-anchor after a text changes."""

from __future__ import annotations

import logging

from django.db import transaction

from articles import history
from articles.models import Article, Theme
from articles.services import theme_named
from infrastructure.db import lock_at_version
from newsnlp.anchoring import anchor_for

from .history import annotation_state, describe, describe_reply, reply_state
from .models import Annotation, Reply
from .placement import place_again
from .rounds import open_round_of

logger = logging.getLogger(__name__)


class AnnotationGone(Exception):
    """The annotation was deleted (by someone else) before this change reached it."""


def _themes(data: dict) -> list[Theme]:
    themes = list(data.get("themes") or [])
    if (data.get("new_theme") or "").strip():
        themes.append(theme_named(data["new_theme"]))
    return themes


@transaction.atomic
def create_annotation(article: Article, author, data: dict) -> Annotation:
    """A new highlight; saving the same bare highlight again (no theme, no note: a second
    click on Save) returns the one already there instead of a duplicate."""
    anchor = anchor_for(article.body, data["start"], data["end"])
    themes = _themes(data)
    if not themes and not data.get("note") and author is not None:
        # Two clicks race: the article's row lock makes the second wait and then find it.
        list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk"))
        same = Annotation.objects.filter(
            article=article, author=author, start=anchor.start, end=anchor.end,
            note="", themes__isnull=True,
        ).first()  # fmt: skip
        if same is not None:
            return same
    annotation = Annotation.objects.create(
        article=article,
        author=author,
        start=anchor.start,
        end=anchor.end,
        exact=anchor.exact,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        note=data.get("note", ""),
        # A coder's highlight on an article of their open round is round work (issue 32).
        coding_round=open_round_of(article.pk, author),
    )
    annotation.themes.set(themes)
    history.record(author, history.Kind.ANNOTATION_CREATED, "annotation", annotation.pk,
                   describe(annotation), {}, annotation_state(annotation))  # fmt: skip
    return annotation


def _locked(annotation_id: int, version: int | None) -> Annotation:
    """The annotation, its row locked for this transaction, at the version the editor saw."""
    current = lock_at_version(Annotation.objects.all(), annotation_id, version)
    if current is None:
        raise AnnotationGone(annotation_id)
    return current


def update_annotation(
    annotation: Annotation, data: dict, version: int | None, user=None
) -> Annotation:
    """Change the note and themes; ``StaleVersion`` if it changed since ``version``."""
    with transaction.atomic():
        current = _locked(annotation.pk, version)
        before = annotation_state(current)
        current.note = data.get("note", "")
        current.version += 1
        current.save(update_fields=["note", "version", "updated"])
        current.themes.set(_themes(data))
        history.record(user, history.Kind.ANNOTATION_EDITED, "annotation", current.pk,
                       describe(current), before, annotation_state(current))  # fmt: skip
    return current


class RepliesUnconfirmed(Exception):
    """The annotation has more replies than the editor agreed to delete with it."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def delete_annotation(
    annotation: Annotation,
    version: int | None = None,
    user=None,
    replies_confirmed: int | None = None,
) -> None:
    """Delete it with its replies (kept in the history: undo brings them back). With
    ``replies_confirmed``, refused (``RepliesUnconfirmed``) when it has more replies than
    that: one may have come in since the editor was asked."""
    with transaction.atomic():
        current = _locked(annotation.pk, version)
        replies = [reply_state(reply) for reply in current.replies.order_by("created", "pk")]
        if replies_confirmed is not None and len(replies) > replies_confirmed:
            raise RepliesUnconfirmed(len(replies))
        before = {**annotation_state(current), "replies": replies}
        history.record(user, history.Kind.ANNOTATION_DELETED, "annotation", current.pk,
                       describe(current), before)  # fmt: skip
        current.delete()


class ReplyGone(Exception):
    """The reply (or its annotation) was deleted before this change reached it."""


@transaction.atomic
def create_reply(annotation: Annotation, author, text: str) -> Reply:
    """A reply under ``annotation``; ``AnnotationGone`` if it was deleted meanwhile (its row
    is locked, so a delete cannot slip between the check and the insert)."""
    if not Annotation.objects.select_for_update().filter(pk=annotation.pk).exists():
        raise AnnotationGone(annotation.pk)
    reply = Reply.objects.create(annotation=annotation, author=author, text=text)
    history.record(author, history.Kind.REPLY_CREATED, "reply", reply.pk,
                   describe_reply(reply), {}, reply_state(reply))  # fmt: skip
    return reply


def _locked_reply(reply_id: int, version: int | None) -> Reply:
    current = lock_at_version(Reply.objects.all(), reply_id, version)
    if current is None:
        raise ReplyGone(reply_id)
    return current


def update_reply(reply: Reply, text: str, version: int | None, user=None) -> Reply:
    """Change the reply's text; ``StaleVersion`` if it changed since ``version``."""
    with transaction.atomic():
        current = _locked_reply(reply.pk, version)
        before = reply_state(current)
        current.text = text
        current.version += 1
        current.save(update_fields=["text", "version", "updated"])
        history.record(user, history.Kind.REPLY_EDITED, "reply", current.pk,
                       describe_reply(current), before, reply_state(current))  # fmt: skip
    return current


def delete_reply(reply: Reply, version: int | None, user=None) -> None:
    with transaction.atomic():
        current = _locked_reply(reply.pk, version)
        history.record(user, history.Kind.REPLY_DELETED, "reply", current.pk,
                       describe_reply(current), reply_state(current))  # fmt: skip
        current.delete()


def reanchor_article(article: Article) -> tuple[int, int]:
    """Place every annotation of ``article`` in its current body; returns (moved, orphaned)."""
    moved = orphaned = 0
    for annotation in article.annotations.all():
        outcome = place_again(annotation, article.body)
        moved += outcome == "moved"
        orphaned += outcome == "orphaned"
    return moved, orphaned


def reanchor_on_text_change(sender, article: Article, old_body: str, **kwargs) -> None:
    moved, orphaned = reanchor_article(article)
    if moved or orphaned:
        logger.info("article %s: %d annotations moved, %d orphaned", article.pk, moved, orphaned)
