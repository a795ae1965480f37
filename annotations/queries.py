"""Reads for annotations: an article's annotations for the reader, and export selections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

from articles.models import DEFAULT_THEME_COLOUR, Article, Theme
from articles.rendering import Overlay

from .models import Annotation


@dataclass
class ReaderAnnotation:
    """What the reader shows of an annotation: a plain row, cheap to build by the hundred."""

    pk: int
    start: int
    end: int
    exact: str
    note: str
    created: datetime
    orphaned: bool
    author_id: int | None
    version: int
    author_name: str
    theme_list: list[Theme] = field(default_factory=list)
    can_edit: bool = False


def article_annotations(article: Article, theme: str = "", mine_of=None) -> list[ReaderAnnotation]:
    """In reading order, with authors' names and themes (three queries, however many)."""
    annotations = article.annotations.all()
    if theme:
        annotations = annotations.filter(themes__slug=theme)
    if mine_of is not None:
        annotations = annotations.filter(author=mine_of)
    rows = [
        ReaderAnnotation(*row, author_name=username or "deleted user")
        for *row, username in annotations.order_by("orphaned", "start", "end", "pk").values_list(
            "pk", "start", "end", "exact", "note", "created", "orphaned", "author_id",
            "version", "author__username",
        )
    ]  # fmt: skip
    themes = {t.pk: t for t in Theme.objects.all()}
    tags: dict[int, list[Theme]] = {}
    links = Annotation.themes.through.objects.filter(
        annotation_id__in=[row.pk for row in rows]
    ).values_list("annotation_id", "theme_id")
    for annotation_id, theme_id in links:
        tags.setdefault(annotation_id, []).append(themes[theme_id])
    for row in rows:
        row.theme_list = sorted(tags.get(row.pk, []), key=lambda t: t.name)
    return rows


def highlight_background(themes: list[Theme]) -> str:
    """One theme's colour, or stripes of each theme's colour when there are several."""
    colours = [theme.css_colour for theme in themes] or [DEFAULT_THEME_COLOUR]
    if len(colours) == 1:
        return colours[0]
    stripes = ", ".join(
        f"{colour} {n * 8}px, {colour} {(n + 1) * 8}px" for n, colour in enumerate(colours)
    )
    return f"repeating-linear-gradient(135deg, {stripes})"


def annotation_overlay(annotation: ReaderAnnotation) -> Overlay:
    """A highlight; its first segment carries ``id="annotation-<pk>"`` for links to it."""
    return Overlay(
        annotation.start,
        annotation.end,
        "mark",
        {"data-annotation-id": str(annotation.pk)},
        anchor=f"annotation-{annotation.pk}",
    )


def highlight_styles(annotations: list[ReaderAnnotation]) -> SafeString:
    """One CSS rule per annotation, so the (many, nested) <mark>s stay small."""
    # Ids are integers and colours validated #rrggbb values: nothing here needs escaping.
    rules = "\n".join(
        f'mark[data-annotation-id="{a.pk}"] {{ --highlight: {highlight_background(a.theme_list)}; }}'  # noqa: E501
        for a in annotations
    )
    return mark_safe(rules)  # noqa: S308


def export_selection(article: str = "", theme: str = "") -> QuerySet[Annotation]:
    annotations = Annotation.objects.select_related("article", "author").prefetch_related("themes")
    if article:
        annotations = annotations.filter(article_id=article)
    if theme:
        annotations = annotations.filter(themes__slug=theme)
    return annotations.order_by("article_id", "start", "pk")
