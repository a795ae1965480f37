"""Reads for annotations: an article's annotations for the reader, and export selections."""

from __future__ import annotations

from django.db.models import QuerySet

from articles.models import Article
from articles.rendering import Overlay

from .models import Annotation

DEFAULT_COLOUR = "#ffd54f"


def article_annotations(article: Article, theme: str = "", mine_of=None) -> list[Annotation]:
    """In reading order, with authors and themes loaded (three queries whatever the count)."""
    annotations = article.annotations.select_related("author").prefetch_related("themes")
    if theme:
        annotations = annotations.filter(themes__slug=theme)
    if mine_of is not None:
        annotations = annotations.filter(author=mine_of)
    return list(annotations.order_by("orphaned", "start", "end", "pk"))


def highlight_background(annotation: Annotation) -> str:
    """One theme's colour, or stripes of each theme's colour when there are several."""
    colours = [theme.colour for theme in annotation.themes.all()] or [DEFAULT_COLOUR]
    if len(colours) == 1:
        return colours[0]
    stripes = ", ".join(
        f"{colour} {n * 8}px, {colour} {(n + 1) * 8}px" for n, colour in enumerate(colours)
    )
    return f"repeating-linear-gradient(135deg, {stripes})"


def annotation_overlay(annotation: Annotation) -> Overlay:
    names = ", ".join(theme.name for theme in annotation.themes.all()) or "no theme"
    return Overlay(
        annotation.start,
        annotation.end,
        "mark",
        {
            "class": "highlight",
            "data-annotation-id": str(annotation.pk),
            "style": f"--highlight: {highlight_background(annotation)}",
            "title": names,
        },
    )


def export_selection(article: str = "", theme: str = "") -> QuerySet[Annotation]:
    annotations = Annotation.objects.select_related("article", "author").prefetch_related("themes")
    if article:
        annotations = annotations.filter(article_id=article)
    if theme:
        annotations = annotations.filter(themes__slug=theme)
    return annotations.order_by("article_id", "start", "pk")
