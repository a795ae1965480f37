"""Reads for annotations: an article's annotations for the reader, and export selections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, Prefetch, QuerySet

from articles.models import Article, Quote, Theme
from articles.rendering import STRIPE_CLASSES, Overlay

from .models import Annotation, Reply, may_edit, reply_rights
from .visibility import visible_annotations, visible_q


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
    replies: list[ReplyRow] = field(default_factory=list)
    can_reply: bool = False


@dataclass
class ReplyRow:
    """A reply as the reader's panel shows it."""

    pk: int
    annotation_id: int
    author_id: int | None
    text: str
    created: datetime
    version: int
    author_name: str
    can_edit: bool = False


def replies_of(annotation_ids: list[int] | QuerySet, user) -> dict[int, list[ReplyRow]]:
    """The replies under these annotations, oldest first, with what ``user`` may do to each
    (one query; ``annotation_ids`` may be a subquery)."""
    rights = reply_rights(user)
    grouped: dict[int, list[ReplyRow]] = {}
    rows = Reply.objects.filter(annotation_id__in=annotation_ids).order_by("created", "pk")
    for *values, username in rows.values_list(
        "pk", "annotation_id", "author_id", "text", "created", "version", "author__username"
    ):
        row = ReplyRow(*values, author_name=username or "deleted user")
        row.can_edit = may_edit(row.author_id, user, rights)
        grouped.setdefault(row.annotation_id, []).append(row)
    return grouped


@dataclass
class Mark:
    """What a highlight needs to be drawn: where, and in which themes' colours."""

    pk: int
    start: int
    end: int
    theme_list: list[Theme] = field(default_factory=list)


def article_marks(article: Article, within: tuple[int, int], viewer) -> list[Mark]:
    """The placed highlights ``viewer`` may see overlapping ``within`` (two queries, none of
    the text)."""
    annotations = article.annotations.filter(
        visible_q(viewer), orphaned=False, start__lt=within[1], end__gt=within[0]
    )
    marks = [Mark(*row) for row in annotations.values_list("pk", "start", "end")]
    _attach_themes(marks, annotations)
    return marks


def article_annotations(
    article: Article, viewer, theme: str = "", mine_of=None, ids: set[int] | None = None
) -> list[ReaderAnnotation]:
    """Those ``viewer`` may see, in reading order, with authors' names and themes (three
    queries, however many); ``ids``: only those."""
    annotations = article.annotations.filter(visible_q(viewer))
    if ids is not None:
        annotations = annotations.filter(pk__in=ids)
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
    _attach_themes(rows, annotations)
    return rows


def _attach_themes(rows: list, annotations: QuerySet[Annotation]) -> None:
    """Set each row's ``theme_list`` (by name) from the annotations' theme links."""
    themes = {t.pk: t for t in Theme.objects.all()}
    tags: dict[int, list[Theme]] = {}
    # A subquery, not a list of hundreds of ids: the query stays short to send and to plan.
    links = Annotation.themes.through.objects.filter(
        annotation_id__in=annotations.values("pk")
    ).values_list("annotation_id", "theme_id")
    for annotation_id, theme_id in links:
        tags.setdefault(annotation_id, []).append(themes[theme_id])
    for row in rows:
        row.theme_list = sorted(tags.get(row.pk, []), key=lambda t: t.name)


def highlight_classes(themes: list[Theme]) -> str:
    """The classes that colour a highlight: ``n<k>`` (how many stripes) and, per theme, the
    stripe it fills (``a-<pk>`` … ``d-<pk>``; the theme stylesheet sets their colours)."""
    shown = themes[: len(STRIPE_CLASSES)]
    if not shown:
        return ""
    stripes = (f"{letter}-{theme.pk}" for letter, theme in zip(STRIPE_CLASSES, shown, strict=False))
    return " ".join([f"n{len(shown)}", *stripes])


def annotation_overlay(annotation: ReaderAnnotation | Mark) -> Overlay:
    """A highlight; its first segment carries ``id="annotation-<pk>"`` for links to it."""
    attrs = {"data-annotation-id": str(annotation.pk)}
    if classes := highlight_classes(annotation.theme_list):
        attrs["class"] = classes
    return Overlay(
        annotation.start, annotation.end, "mark", attrs, anchor=f"annotation-{annotation.pk}"
    )


def export_selection(viewer, article: str = "", theme: str = "") -> QuerySet[Annotation]:
    annotations = (
        visible_annotations(viewer)
        .select_related("article", "author")
        .prefetch_related(
            "themes", Prefetch("replies", queryset=Reply.objects.select_related("author"))
        )
    )
    if article:
        annotations = annotations.filter(article_id=article)
    if theme:
        annotations = annotations.filter(themes__slug=theme)
    return annotations.order_by("article_id", "start", "pk")


def covering_annotations(viewer) -> QuerySet[Annotation]:
    """The annotations ``viewer`` may see overlapping the outer query's quote (for
    ``Exists``)."""
    return visible_annotations(viewer).filter(
        article=OuterRef("article"), start__lt=OuterRef("end"), end__gt=OuterRef("start")
    )


def attach_themes(quotes: list[Quote], viewer) -> list[Quote]:
    """Give each quote ``themes``: those of every annotation ``viewer`` may see overlapping
    it (two queries)."""
    by_article: dict[int, list] = {}
    annotations = (
        visible_annotations(viewer)
        .filter(article_id__in={quote.article_id for quote in quotes})
        .prefetch_related("themes")
    )
    for annotation in annotations:
        by_article.setdefault(annotation.article_id, []).append(annotation)
    for quote in quotes:
        themes = {
            theme
            for annotation in by_article.get(quote.article_id, [])
            if annotation.start < quote.end and annotation.end > quote.start
            for theme in annotation.themes.all()
        }
        quote.themes = sorted(themes, key=lambda theme: theme.name)
    return quotes
