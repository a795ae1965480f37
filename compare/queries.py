"""Reads for the compare pages: everything comes from the stored comparison rows, in a fixed
number of queries whatever the size of the corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.safestring import SafeString

from articles.filters import QUOTED
from articles.models import Article, Outlet, Person, Theme
from articles.queries import articles_without_text, outlets_with_articles

from .charts import Bar, BarGroup
from .models import (
    QuoteGroup,
    QuoteGroupMember,
    ReusePair,
    SpeakerQuotes,
    ThemeCoverage,
    ThemePassage,
    source_key,
    source_label,
)
from .quotegroups import DiffPart
from .rendering import diff_html, speaker_cells_html

MATRIX_MAX_SPEAKERS = 40
REUSE_MATRIX_MAX_ARTICLES = 40


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    outlet: Outlet | None = None
    article: Article | None = None


def all_sources() -> list[Source]:
    """Every source (outlets with articles, and articles without an outlet) in two queries,
    whatever the number of articles."""
    found = [Source(source_key(0, outlet.pk), outlet.name, outlet)
             for outlet in outlets_with_articles()]  # fmt: skip
    found += [
        Source(source_key(article.pk, None), source_label(article), None, article)
        for article in articles_without_text().filter(outlet=None)
    ]
    return sorted(found, key=lambda s: (s.outlet is None, s.label.casefold()))


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


def columns(
    articles: Iterable[Article], outlets: Iterable[Outlet], limit: int
) -> tuple[list[Article], int]:
    """The first ``limit`` articles of those chosen (by themselves or by outlet; none
    chosen: all), and how many there are."""
    chosen = articles_without_text()
    article_ids, outlet_ids = [a.pk for a in articles], [o.pk for o in outlets]
    if article_ids or outlet_ids:
        chosen = chosen.filter(Q(pk__in=article_ids) | Q(outlet_id__in=outlet_ids))
    return list(chosen[:limit]), chosen.count()


def theme_columns(theme: Theme, articles: list[Article]) -> list[ThemeRow]:
    """Rows of the theme's passages, one cell per article (in the order given)."""
    column_of = {article.pk: index for index, article in enumerate(articles)}
    passages = ThemePassage.objects.filter(theme=theme, article_id__in=list(column_of))
    # Sorted here: asked to sort, SQLite walks the theme's whole (theme, row) index instead
    # of reading these articles' few passages by (theme, article) (43 ms → 1 ms at 5,000).
    found = sorted(passages.select_related("suggestion").order_by(), key=lambda p: (p.row, p.start))
    rows: dict[int, ThemeRow] = {}
    for passage in found:
        row = rows.get(passage.row)
        if row is None:
            row = rows[passage.row] = ThemeRow(passage.row, [ThemeCell(a) for a in articles])
        row.cells[column_of[passage.article_id]].passages.append(passage)
    return [rows[number] for number in sorted(rows)]


def default_theme() -> Theme | None:
    """The theme with the most passages to compare (the compare page's first view)."""
    busiest = (
        ThemeCoverage.objects.values("theme")
        .annotate(total=Sum("passages"))
        .filter(total__gt=0)
        .order_by("-total", "theme__name")
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
    """One article's wording of a group's quote (read as values: a page holds a few hundred)."""

    quote_id: int
    article: Article  # unsaved, with what its link and display title need
    source: Source
    diff: list[DiffPart]

    @property
    def diff_html(self) -> SafeString:
        return diff_html(self.diff)


@dataclass
class GroupView:
    group: QuoteGroup
    wordings: list[Wording]
    missing: list[Source] = field(default_factory=list)

    @property
    def missing_labels(self) -> str:
        """One string: dozens of sources per group, fifty groups a page."""
        return "; ".join(source.label for source in self.missing)


def stored_groups() -> QuerySet[QuoteGroup]:
    """The stored groups, most widely carried first, with their speakers."""
    return QuoteGroup.objects.select_related("speaker")


MEMBER_FIELDS = ("group_id", "quote_id", "quote__article_id", "quote__article__outlet_id",
                 "quote__article__title", "quote__article__subtitle",
                 "quote__article__source_name", "opening", "diff")  # fmt: skip


def quote_groups(groups: Iterable[QuoteGroup], all_sources: list[Source]) -> list[GroupView]:
    """Each group with every article's wording diffed against the common one (``all_sources``:
    every source, from ``all_sources()``); the members in one query."""
    groups = list(groups)
    source_by_key = {source.key: source for source in all_sources}
    wordings: dict[int, list[Wording]] = defaultdict(list)
    members = (
        QuoteGroupMember.objects.filter(group__in=groups)
        .annotate(opening=Substr("quote__article__body", 1, 200))
        .order_by("quote__article_id", "quote__start")
        .values_list(*MEMBER_FIELDS)
    )
    for group, quote, article, outlet, title, subtitle, name, opening, diff in members:
        # The opening stands in for the body: display titles need no more of it.
        shown = Article(pk=article, outlet_id=outlet, title=title, subtitle=subtitle,
                        source_name=name, body=opening)  # fmt: skip
        source = source_by_key[source_key(article, outlet)]
        parts = [DiffPart(kind, text) for kind, text in diff]  # stored by the refresh
        wordings[group].append(Wording(quote, shown, source, parts))
    views = []
    for group in groups:
        carried = {w.source.key for w in wordings[group.pk]}
        missing = [s for s in all_sources if s.key not in carried]
        views.append(GroupView(group, wordings[group.pk], missing))
    return views


@dataclass(frozen=True)
class SpeakerCell:
    count: int
    href: str  # the quote browser on these quotes


@dataclass
class SpeakerRow:
    speaker: Person
    cells: list[SpeakerCell]
    total: int
    href: str  # the quote browser on all the speaker's quotes

    @property
    def cells_html(self) -> SafeString:
        return speaker_cells_html(self.cells)


def speaker_matrix(
    all_sources: list[Source], limit: int = MATRIX_MAX_SPEAKERS
) -> tuple[list[SpeakerRow], int]:
    """Quotes per speaker and source (the most quoted ``limit`` speakers, from the counts
    stored with the quote groups), and how many speakers there are in all."""
    totals = (
        SpeakerQuotes.objects.values("speaker")
        .annotate(total=Sum("quotes"))
        .order_by("-total", "speaker")
    )
    top = {row["speaker"]: row["total"] for row in totals[:limit]}
    counts: dict[int, Counter] = defaultdict(Counter)
    for speaker, key, number in SpeakerQuotes.objects.filter(speaker__in=list(top)).values_list(
        "speaker_id", "source_key", "quotes"
    ):
        counts[speaker][key] = number
    speakers = Person.objects.in_bulk(list(top))
    # once: a thousand cells a page; the matrix counts quoted words, so the browser shows those
    browser = reverse("articles:quotes")

    def cell(speaker: Person, source: Source) -> SpeakerCell:
        narrow = f"outlet={source.outlet.slug}" if source.outlet else f"article={source.article.pk}"
        href = f"{browser}?speaker={speaker.slug}&{narrow}&kind={QUOTED}"
        return SpeakerCell(counts[speaker.pk][source.key], href)

    rows = [
        SpeakerRow(
            speakers[pk],
            [cell(speakers[pk], source) for source in all_sources],
            total,
            f"{browser}?speaker={speakers[pk].slug}&kind={QUOTED}",
        )
        for pk, total in top.items()
        if pk in speakers
    ]
    return rows, totals.count()


# --- reuse ------------------------------------------------------------------------------------


def reuse_pairs() -> QuerySet[ReusePair]:
    """The pairs sharing the largest share of either text first, with their articles (not
    their texts); page it."""
    return (
        ReusePair.objects.select_related("article_a__outlet", "article_b__outlet")
        .defer("article_a__body", "article_a__raw", "article_b__body", "article_b__raw")
        .annotate(
            opening_a=Substr("article_a__body", 1, 200),
            opening_b=Substr("article_b__body", 1, 200),
        )
        .order_by("-top_share", "pk")
    )


def with_openings(pairs: Iterable[ReusePair]) -> list[ReusePair]:
    """Display titles without the texts (``reuse_pairs`` read the openings)."""
    pairs = list(pairs)
    for pair in pairs:
        pair.article_a.opening, pair.article_b.opening = pair.opening_a, pair.opening_b
    return pairs


def reuse_matrix() -> (
    tuple[list[Article], list[tuple[Article, list[tuple[Article, float | None]]]]] | None
):
    """Rows: articles; cell (r, c): the share of r reused from c. None when too many."""
    if Article.objects.count() > REUSE_MATRIX_MAX_ARTICLES:
        return None
    articles = all_articles()
    share: dict[tuple[int, int], float] = {}
    for a, b, a_share, b_share in ReusePair.objects.values_list(
        "article_a_id", "article_b_id", "a_share", "b_share"
    ):
        share[(a, b)] = a_share
        share[(b, a)] = b_share

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
