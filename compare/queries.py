"""Reads for the compare pages: everything comes from the stored comparison rows, in a fixed
number of queries whatever the size of the corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from articles.models import Article, Outlet, Person, Quote, Theme
from articles.queries import articles_without_text

from .charts import Bar, BarGroup
from .models import (
    QuoteGroup,
    QuoteGroupMember,
    ReusePair,
    ThemeCoverage,
    ThemePassage,
    source_key,
    source_label,
)
from .quotegroups import DiffPart, word_diff

MATRIX_MAX_SPEAKERS = 40
REUSE_MATRIX_MAX_ARTICLES = 40


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    outlet: Outlet | None = None
    article: Article | None = None


def sources(articles: list[Article]) -> list[Source]:
    """Outlets, and each article whose outlet is unknown as a source of its own."""
    found: dict[str, Source] = {}
    for article in articles:
        key = source_key(article.pk, article.outlet_id)
        if key not in found:
            found[key] = Source(
                key,
                source_label(article),
                article.outlet,
                None if article.outlet_id else article,
            )
    return sorted(found.values(), key=lambda s: (s.outlet is None, s.label.casefold()))


def all_articles() -> list[Article]:
    return list(articles_without_text())


# --- theme columns ----------------------------------------------------------------------------


@dataclass
class ThemeCell:
    """One article's passages on one row (often none)."""

    article: Article
    passages: list[ThemePassage] = field(default_factory=list)


@dataclass
class ThemeRow:
    number: int
    cells: list[ThemeCell]

    @property
    def article_count(self) -> int:
        return sum(1 for cell in self.cells if cell.passages)


def theme_columns(theme: Theme, articles: list[Article]) -> list[ThemeRow]:
    """Rows of the theme's passages, one cell per article (in the order given)."""
    column_of = {article.pk: index for index, article in enumerate(articles)}
    passages = (
        ThemePassage.objects.filter(theme=theme, article_id__in=list(column_of))
        .select_related("suggestion")
        .order_by("row", "start")
    )
    rows: dict[int, ThemeRow] = {}
    for passage in passages:
        row = rows.get(passage.row)
        if row is None:
            row = rows[passage.row] = ThemeRow(passage.row, [ThemeCell(a) for a in articles])
        row.cells[column_of[passage.article_id]].passages.append(passage)
    return [rows[number] for number in sorted(rows)]


def default_theme() -> Theme | None:
    """The theme with the most passages to compare (the compare page's first view)."""
    busiest = (
        ThemePassage.objects.values("theme")
        .annotate(passages=Count("pk"))
        .order_by("-passages", "theme__name")
        .first()
    )
    return Theme.objects.filter(pk=busiest["theme"]).first() if busiest else None


# --- coverage -----------------------------------------------------------------------------------


@dataclass
class CoverageTable:
    themes: list[Theme]
    rows: list[tuple[str, list[ThemeCoverage | None]]]

    def chart_groups(self) -> list[BarGroup]:
        return [
            BarGroup(
                label,
                [
                    Bar(theme.name, theme.css_colour, cell.share if cell else 0.0)
                    for theme, cell in zip(self.themes, cells, strict=True)
                ],
            )
            for label, cells in self.rows
        ]


def coverage_table() -> CoverageTable:
    themes = list(Theme.objects.order_by("name"))
    cells: dict[str, dict[int, ThemeCoverage]] = defaultdict(dict)
    labels: dict[str, str] = {}
    for coverage in ThemeCoverage.objects.all():
        cells[coverage.source_key][coverage.theme_id] = coverage
        labels[coverage.source_key] = coverage.source_label
    keys = sorted(cells, key=lambda key: (key.startswith("article-"), labels[key].casefold()))
    rows = [(labels[key], [cells[key].get(theme.pk) for theme in themes]) for key in keys]
    return CoverageTable(themes, rows)


# --- quote groups -------------------------------------------------------------------------------


@dataclass
class Wording:
    quote: Quote
    source: Source
    diff: list[DiffPart]


@dataclass
class GroupView:
    group: QuoteGroup
    wordings: list[Wording]
    missing: list[Source] = field(default_factory=list)


def stored_groups() -> QuerySet[QuoteGroup]:
    """The stored groups, most widely carried first, members and speaker prefetched."""
    return QuoteGroup.objects.select_related("speaker").prefetch_related(
        Prefetch(
            "members",
            queryset=QuoteGroupMember.objects.select_related("quote").order_by(
                "quote__article_id", "quote__start"
            ),
        )
    )


def quote_groups(groups: Iterable[QuoteGroup], articles: list[Article]) -> list[GroupView]:
    """Each group with every article's wording diffed against the common one (``articles``:
    every article, from ``all_articles``).
    """
    by_article = {article.pk: article for article in articles}
    all_sources = sources(articles)
    source_by_key = {source.key: source for source in all_sources}
    views = []
    for group in groups:
        wordings = []
        for member in group.members.all():
            quote = member.quote
            article = by_article[quote.article_id]
            quote.article = article
            source = source_by_key[source_key(article.pk, article.outlet_id)]
            wordings.append(Wording(quote, source, word_diff(group.wording, quote.text)))
        carried = {w.source.key for w in wordings}
        missing = [s for s in all_sources if s.key not in carried]
        views.append(GroupView(group, wordings, missing))
    return views


@dataclass
class SpeakerRow:
    speaker: Person
    cells: list[tuple[Source, int]]
    total: int


def speaker_matrix(
    articles: list[Article], limit: int = MATRIX_MAX_SPEAKERS
) -> tuple[list[Source], list[SpeakerRow], int]:
    """Quotes per speaker and source (the most quoted ``limit`` speakers), and how many
    speakers there are in all.
    """
    by_article = {article.pk: article for article in articles}
    all_sources = sources(articles)
    counts: dict[int, Counter] = defaultdict(Counter)
    for speaker_id, article_id, number in (
        Quote.objects.exclude(speaker=None)
        .values_list("speaker_id", "article_id")
        .annotate(number=Count("pk"))
    ):
        counts[speaker_id][source_key(article_id, by_article[article_id].outlet_id)] += number
    ranked = sorted(counts, key=lambda pk: -sum(counts[pk].values()))
    speakers = Person.objects.in_bulk(ranked[:limit])
    rows = [
        SpeakerRow(
            speakers[pk],
            [(source, counts[pk][source.key]) for source in all_sources],
            sum(counts[pk].values()),
        )
        for pk in ranked[:limit]
    ]
    return all_sources, rows, len(ranked)


# --- reuse ------------------------------------------------------------------------------------


def reuse_pairs() -> list[ReusePair]:
    pairs = ReusePair.objects.prefetch_related(
        Prefetch("article_a", queryset=articles_without_text()),
        Prefetch("article_b", queryset=articles_without_text()),
    )
    return sorted(pairs, key=lambda pair: -pair.top_share)


def reuse_matrix(
    pairs: list[ReusePair],
) -> tuple[list[Article], list[tuple[Article, list[tuple[Article, float | None]]]]] | None:
    """Rows: articles; cell (r, c): the share of r reused from c. None when too many."""
    articles = all_articles()
    if len(articles) > REUSE_MATRIX_MAX_ARTICLES:
        return None
    share: dict[tuple[int, int], float] = {}
    for pair in pairs:
        share[(pair.article_a_id, pair.article_b_id)] = pair.a_share
        share[(pair.article_b_id, pair.article_a_id)] = pair.b_share

    def cell(row: Article, col: Article) -> tuple[Article, float | None]:
        return col, None if row.pk == col.pk else share.get((row.pk, col.pk), 0.0)

    return articles, [(row, [cell(row, col) for col in articles]) for row in articles]


def reuse_pair(first: Article, second: Article) -> tuple[ReusePair | None, list[tuple]]:
    """The stored pair of two articles and its passages as (first's span, second's span)."""
    low, high = sorted((first, second), key=lambda a: a.pk)
    pair = (
        ReusePair.objects.filter(article_a=low, article_b=high).prefetch_related("passages").first()
    )
    if pair is None:
        return None, []
    spans = []
    for passage in pair.passages.all():
        a_span, b_span = (passage.a_start, passage.a_end), (passage.b_start, passage.b_end)
        spans.append((a_span, b_span) if first.pk == low.pk else (b_span, a_span))
    return pair, spans
