"""All annotations in one place (/annotations/): the filters, the search, and the rows a page
or an export shows, each built with a fixed number of queries whatever its length.

Search looks in the highlighted passage and the note: on PostgreSQL through the stored,
GIN-indexed ``search_vector`` (migration 0007: ``to_tsvector('english', exact || note)``,
stemmed, so "pipelines" finds "pipeline"); on SQLite, the documented fallback, every word
must appear in the passage or the note as a case-insensitive substring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import django_filters as filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Outlet, Theme
from newsnlp.text.words import words as split_words

from .models import Annotation, CodingRound, Reply
from .visibility import visible_annotations

MAX_SEARCH_CHARS = 200
PASSAGE_CHARS = 300  # a longer highlighted passage is cut, with an ellipsis, on the page
ANNOTATION_SEARCH_VECTOR = RawSQL(
    '"annotations_annotation"."search_vector"', [], output_field=SearchVectorField()
)
NEWEST_FIRST = ["-created", "-pk"]


def search_annotations(annotations: QuerySet[Annotation], words: str) -> QuerySet[Annotation]:
    """Annotations whose passage or note holds the words (see the module's docstring)."""
    words = words.strip()
    if not words:
        return annotations
    if connection.vendor == "postgresql":
        query = SearchQuery(words, config="english", search_type="websearch")
        return annotations.alias(search=ANNOTATION_SEARCH_VECTOR).filter(search=query)
    for word in split_words(words) or [words]:
        annotations = annotations.filter(Q(exact__icontains=word) | Q(note__icontains=word))
    return annotations


class AnnotationFilterForm(forms.Form):
    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("created_from"), data.get("created_to")
        if start and end and start > end:
            raise ValidationError("The start date is after the end date.")
        return data


def _date_filter(label: str, method: str) -> filters.DateFilter:
    return filters.DateFilter(
        label=label,
        method=method,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Give the date as YYYY-MM-DD."},
    )


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight starting ``day`` in the site's time zone: a bound on ``created`` that its
    index can use (``created__date`` would convert every row's time first)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class AnnotationFilter(filters.FilterSet):
    """/annotations/: words (passage and note), theme, author, article, outlet, round,
    dates."""

    q = filters.CharFilter(
        label="Words",
        method="search",
        max_length=MAX_SEARCH_CHARS,
        error_messages={"max_length": "Search for at most %(limit_value)d characters."},
    )
    theme = filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        empty_label="All themes",
        error_messages={"invalid_choice": "There is no such theme."},
    )
    author = filters.ModelChoiceFilter(
        # Who has annotated: a semi-join on the author index, not a DISTINCT over every row.
        queryset=get_user_model()
        .objects.filter(Exists(Annotation.objects.filter(author=OuterRef("pk"))))
        .only("pk", "username")
        .order_by("username"),
        to_field_name="username",
        empty_label="Anyone",
        error_messages={"invalid_choice": "Nobody of that name has annotated."},
    )
    outlet = filters.ModelChoiceFilter(
        field_name="article__outlet",
        queryset=Outlet.objects.order_by("name"),
        to_field_name="slug",
        empty_label="All outlets",
        null_label="Unknown outlet",
        null_value="unknown",
        error_messages={"invalid_choice": "There is no such outlet."},
    )
    article = filters.ModelChoiceFilter(
        queryset=Article.objects.defer("body", "raw", "removed_lines"),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "There is no such article."},
    )
    coding_round = filters.ModelChoiceFilter(
        label="Round",
        queryset=CodingRound.objects.order_by("name"),
        empty_label="Any (or none)",
        null_label="Outside rounds",
        null_value="none",
        error_messages={"invalid_choice": "There is no such round."},
    )
    created_from = _date_filter("Made from", "made_from")
    created_to = _date_filter("to", "made_to")

    class Meta:
        model = Annotation
        fields: list[str] = []
        form = AnnotationFilterForm

    def search(self, annotations: QuerySet[Annotation], name: str, words: str):
        return search_annotations(annotations, words)

    def made_from(self, annotations: QuerySet[Annotation], name: str, day: dt.date):
        return annotations.filter(created__gte=_day_start(day))

    def made_to(self, annotations: QuerySet[Annotation], name: str, day: dt.date):
        return annotations.filter(created__lt=_day_start(day + dt.timedelta(days=1)))

    def filter_queryset(self, queryset: QuerySet[Annotation]) -> QuerySet[Annotation]:
        return super().filter_queryset(queryset).order_by(*NEWEST_FIRST)

    @property
    def qs(self) -> QuerySet[Annotation]:
        """The matching annotations; none while a filter is invalid."""
        return super().qs if self.is_valid() else self.queryset.none()


def annotation_filter(data, viewer) -> AnnotationFilter:
    """The filters over the annotations ``viewer`` may see."""
    return AnnotationFilter(data, queryset=visible_annotations(viewer))


@dataclass
class AnnotationRow:
    """One annotation as the list and the exports show it."""

    pk: int
    article_id: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    note: str
    orphaned: bool
    created: datetime
    updated: datetime
    author: str
    title: str
    source_name: str
    url: str
    outlet: str
    themes: list[Theme] = field(default_factory=list)
    replies: int = 0

    @property
    def article_title(self) -> str:
        return self.title or self.source_name

    @property
    def passage(self) -> str:
        return self.exact if len(self.exact) <= PASSAGE_CHARS else self.exact[:299] + "…"

    @property
    def reader_url(self) -> str:
        """Its highlight in the reader."""
        anchor = "annotation-item" if self.orphaned else "annotation"  # an orphan: the panel
        return reverse("annotations:reader", args=[self.article_id]) + f"#{anchor}-{self.pk}"


ROW_FIELDS = ("pk", "article_id", "start", "end", "exact", "prefix", "suffix", "note",
              "orphaned", "created", "updated", "author__username", "article__title",
              "article__source_name", "article__url", "article__outlet__name")  # fmt: skip


def row_values(annotations: QuerySet[Annotation]) -> QuerySet:
    """The values a row is built from, for a page (``Paginator`` slices this) or an export."""
    return annotations.values_list(*ROW_FIELDS)


def annotation_rows(values: Iterable[tuple]) -> list[AnnotationRow]:
    """Rows from ``row_values`` tuples, with themes and reply counts: two more queries."""
    rows = [
        AnnotationRow(
            *row[:11], author=row[11] or "deleted user", title=row[12] or "",
            source_name=row[13], url=row[14] or "", outlet=row[15] or "",
        )
        for row in values
    ]  # fmt: skip
    if not rows:
        return rows
    pks = [row.pk for row in rows]
    themes = {theme.pk: theme for theme in Theme.objects.all()}
    tags: dict[int, list[Theme]] = {}
    links = Annotation.themes.through.objects.filter(annotation_id__in=pks)
    for annotation_id, theme_id in links.values_list("annotation_id", "theme_id"):
        tags.setdefault(annotation_id, []).append(themes[theme_id])
    counts = dict(
        Reply.objects.filter(annotation_id__in=pks)
        .values("annotation_id")
        .annotate(n=Count("pk"))
        .values_list("annotation_id", "n")
    )
    for row in rows:
        row.themes = sorted(tags.get(row.pk, []), key=lambda theme: theme.name)
        row.replies = counts.get(row.pk, 0)
    return rows


EXPORT_BATCH = 1000


def export_rows(annotations: QuerySet[Annotation]) -> Iterator[AnnotationRow]:
    """Every selected annotation's row, newest first, a batch at a time: memory and queries
    grow with the batches, not the rows."""
    batch: list[tuple] = []
    for values in row_values(annotations).iterator(chunk_size=EXPORT_BATCH):
        batch.append(values)
        if len(batch) == EXPORT_BATCH:
            yield from annotation_rows(batch)
            batch = []
    yield from annotation_rows(batch)


EXPORT_FIELDS = ["id", "article", "title", "outlet", "author", "created", "updated", "start",
                 "end", "exact", "prefix", "suffix", "note", "themes", "replies", "orphaned",
                 "reader_url"]  # fmt: skip


def export_record(row: AnnotationRow, absolute) -> dict:
    """The row's export fields; ``absolute`` makes the reader's link a full URL."""
    return {
        "id": row.pk,
        "article": row.article_id,
        "title": row.article_title,
        "outlet": row.outlet or None,
        "author": row.author,
        "created": row.created.isoformat(),
        "updated": row.updated.isoformat(),
        "start": row.start,
        "end": row.end,
        "exact": row.exact,
        "prefix": row.prefix,
        "suffix": row.suffix,
        "note": row.note,
        "themes": [theme.name for theme in row.themes],
        "replies": row.replies,
        "orphaned": row.orphaned,
        "reader_url": absolute(row.reader_url),
    }
