"""Annotations in the change history (``articles.history``): what is recorded of one, and
how each of its changes is undone."""

from __future__ import annotations

from articles import history
from articles.models import Article, Change, Theme
from infrastructure.undo import UndoRefused, unchanged_since

from .models import Annotation, Reply
from .placement import place_again

Kind = Change.Kind


def annotation_state(annotation: Annotation) -> dict:
    return {
        "article": annotation.article_id,
        "author": annotation.author_id,
        "start": annotation.start,
        "end": annotation.end,
        "exact": annotation.exact,
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
        "note": annotation.note,
        "themes": sorted(annotation.themes.values_list("pk", flat=True)),
        "orphaned": annotation.orphaned,
        "version": annotation.version,
        "coding_round": annotation.coding_round_id,
    }


def describe(annotation: Annotation) -> str:
    return f"highlight “{annotation.exact[:80]}”"


def reply_state(reply: Reply) -> dict:
    return {
        "pk": reply.pk,
        "annotation": reply.annotation_id,
        "article": reply.annotation.article_id,
        "coding_round": reply.annotation.coding_round_id,  # who may see it (visibility)
        "author": reply.author_id,
        "text": reply.text,
        "created": reply.created.isoformat(),
        "version": reply.version,
    }


def describe_reply(reply: Reply) -> str:
    return f"reply “{reply.text[:80]}”"


def _current(change: Change) -> Annotation:
    recorded = change.after.get("version")
    return unchanged_since(Annotation.objects.all(), change.object_id, recorded, "annotation")


def _existing_themes(pks: list[int]) -> list[Theme]:
    return list(Theme.objects.filter(pk__in=pks))


def _undo_created(change: Change) -> str:
    _current(change).delete()
    return change.summary


def _undo_edited(change: Change) -> str:
    annotation = _current(change)
    annotation.note = change.before["note"]
    annotation.version += 1
    annotation.save(update_fields=["note", "version", "updated"])
    annotation.themes.set(_existing_themes(change.before["themes"]))
    return change.summary


def _undo_deleted(change: Change) -> str:
    if Annotation.objects.filter(pk=change.object_id).exists():
        raise UndoRefused("The annotation is there already.")
    before = dict(change.before)
    themes = before.pop("themes")
    before["article_id"], before["author_id"] = before.pop("article"), before.pop("author")
    before["coding_round_id"] = before.pop("coding_round", None)  # older records have none
    before["version"] += 1
    if not Article.objects.filter(pk=before["article_id"]).exists():
        raise UndoRefused("Its article is gone.")
    replies = before.pop("replies", [])
    annotation = Annotation.objects.create(pk=change.object_id, **before)
    annotation.themes.set(_existing_themes(themes))
    for reply in replies:  # the discussion comes back with it, as it was
        _recreate_reply(reply)
    # The article may have a new text since the delete: back where its words are now, or
    # orphaned, never at offsets into the old text.
    if not annotation.orphaned:
        body = Article.objects.values_list("body", flat=True).get(pk=annotation.article_id)
        if body[annotation.start : annotation.end] != annotation.exact:
            place_again(annotation, body)
    return change.summary


def _recreate_reply(state: dict) -> Reply:
    fields = dict(state)
    created = fields.pop("created")
    fields.pop("article", None)  # where the history page links; the annotation says it
    fields.pop("coding_round", None)  # the annotation's, recorded for who may see it
    fields["annotation_id"], fields["author_id"] = fields.pop("annotation"), fields.pop("author")
    fields["version"] += 1
    reply = Reply.objects.create(**fields)
    # ``auto_now_add`` stamps the insert: the reply keeps its place in the discussion.
    Reply.objects.filter(pk=reply.pk).update(created=created)
    return reply


def _current_reply(change: Change) -> Reply:
    recorded = change.after.get("version")
    return unchanged_since(Reply.objects.all(), change.object_id, recorded, "reply")


def _undo_reply_created(change: Change) -> str:
    _current_reply(change).delete()
    return change.summary


def _undo_reply_edited(change: Change) -> str:
    reply = _current_reply(change)
    reply.text = change.before["text"]
    reply.version += 1
    reply.save(update_fields=["text", "version", "updated"])
    return change.summary


def _undo_reply_deleted(change: Change) -> str:
    if Reply.objects.filter(pk=change.object_id).exists():
        raise UndoRefused("The reply is there already.")
    if not Annotation.objects.filter(pk=change.before["annotation"]).exists():
        raise UndoRefused("Its annotation is gone: undo the annotation's delete first.")
    _recreate_reply(change.before)
    return change.summary


history.register(Kind.ANNOTATION_CREATED, _undo_created)
history.register(Kind.ANNOTATION_EDITED, _undo_edited)
history.register(Kind.ANNOTATION_DELETED, _undo_deleted)
history.register(Kind.REPLY_CREATED, _undo_reply_created)
history.register(Kind.REPLY_EDITED, _undo_reply_edited)
history.register(Kind.REPLY_DELETED, _undo_reply_deleted)
