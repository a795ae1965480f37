"""Writes for annotations: create, edit, delete, and re-anchor after a text changes."""

from __future__ import annotations

import logging

from django.db import transaction

from articles.models import Article, Theme

from .anchoring import Anchor, anchor_for, reanchor
from .models import Annotation

logger = logging.getLogger(__name__)


def _themes(data: dict) -> list[Theme]:
    themes = list(data.get("themes") or [])
    name = " ".join((data.get("new_theme") or "").split())
    if name:
        existing = Theme.objects.filter(name__iexact=name).first()
        themes.append(existing or Theme.objects.create(name=name))
    return themes


@transaction.atomic
def create_annotation(article: Article, author, data: dict) -> Annotation:
    anchor = anchor_for(article.body, data["start"], data["end"])
    annotation = Annotation.objects.create(
        article=article,
        author=author,
        start=anchor.start,
        end=anchor.end,
        exact=anchor.exact,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        note=data.get("note", ""),
    )
    annotation.themes.set(_themes(data))
    return annotation


@transaction.atomic
def update_annotation(annotation: Annotation, data: dict) -> Annotation:
    annotation.note = data.get("note", "")
    annotation.save()
    annotation.themes.set(_themes(data))
    return annotation


def delete_annotation(annotation: Annotation) -> None:
    annotation.delete()


def reanchor_article(article: Article) -> tuple[int, int]:
    """Place every annotation of ``article`` in its current body; returns (moved, orphaned)."""
    moved = orphaned = 0
    for annotation in article.annotations.all():
        stored = Anchor(
            annotation.start, annotation.end, annotation.exact, annotation.prefix, annotation.suffix
        )
        placement = reanchor(article.body, stored)
        if placement is None:
            if not annotation.orphaned:
                annotation.orphaned = True
                annotation.save(update_fields=["orphaned", "updated"])
            orphaned += 1
            continue
        anchor = placement.anchor_in(article.body)
        new = (anchor.start, anchor.end, anchor.exact, anchor.prefix, anchor.suffix, False)
        old = (annotation.start, annotation.end, annotation.exact, annotation.prefix,
               annotation.suffix, annotation.orphaned)  # fmt: skip
        if new != old:
            (annotation.start, annotation.end, annotation.exact, annotation.prefix,
             annotation.suffix, annotation.orphaned) = new  # fmt: skip
            annotation.save()
            moved += 1
    return moved, orphaned


def reanchor_on_text_change(sender, article: Article, old_body: str, **kwargs) -> None:
    moved, orphaned = reanchor_article(article)
    if moved or orphaned:
        logger.info("article %s: %d annotations moved, %d orphaned", article.pk, moved, orphaned)
