"""Recompute the stored comparisons. Run by the ``compare.refresh`` task
(``compare.scheduling``) after articles, annotations, quotes or themes change; pages only
read what is stored.

Each step reads and computes outside any transaction, then replaces its rows in one short
transaction, so SQLite's single write lock (and PostgreSQL's row locks) are held for the
writes alone and editors' saves never wait behind a computation.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length

from annotations.models import Annotation
from articles.models import Article, Quote, Theme
from articles.queries import articles_without_text
from articles.text.reuse import find_reuse, reuse_of

from .alignment import PassageText, align_rows
from .models import (
    QuoteGroup,
    QuoteGroupMember,
    ReusePair,
    ReusePassage,
    ThemeCoverage,
    ThemePassage,
    ThemeSuggestion,
    source_key,
    source_label,
)
from .quotegroups import QuoteText, group_quotes, most_common_wording
from .suggestions import suggest_themes

logger = logging.getLogger(__name__)
CHUNK = 64
ALL = "all"


@dataclass(kw_only=True)
class RefreshPlan:
    """What to recompute: suggestions for some articles (or all) and themes (or all), the
    passages of some themes (or all), coverage, quote groups, reuse.
    """

    suggestion_articles: set[int] | str = field(default_factory=set)
    suggestion_themes: set[int] | str = field(default_factory=set)
    passage_themes: set[int] | str = field(default_factory=set)
    quote_groups: bool = False
    reuse_articles: set[int] | str = field(default_factory=set)

    SETS = ("suggestion_articles", "suggestion_themes", "passage_themes", "reuse_articles")

    @classmethod
    def everything(cls) -> RefreshPlan:
        return cls(
            suggestion_articles=ALL,
            suggestion_themes=ALL,
            passage_themes=ALL,
            quote_groups=True,
            reuse_articles=ALL,
        )

    def merge(self, other: RefreshPlan) -> None:
        for name in self.SETS:
            mine, theirs = getattr(self, name), getattr(other, name)
            setattr(self, name, ALL if ALL in (mine, theirs) else mine | theirs)
        self.quote_groups |= other.quote_groups

    def is_empty(self) -> bool:
        return not (self.quote_groups or any(getattr(self, name) for name in self.SETS))

    def as_dict(self) -> dict:
        data = {
            name: value if (value := getattr(self, name)) == ALL else sorted(value)
            for name in self.SETS
        }
        return {**data, "quote_groups": self.quote_groups}

    @classmethod
    def from_dict(cls, data: dict) -> RefreshPlan:
        sets = {
            name: ALL if (value := data.get(name, [])) == ALL else set(value) for name in cls.SETS
        }
        return cls(quote_groups=bool(data.get("quote_groups")), **sets)


def refresh(plan: RefreshPlan) -> None:
    """Run a plan: suggestions first (passages are built from them), then the rest."""
    articles, themes = plan.suggestion_articles, plan.suggestion_themes
    if ALL in (articles, themes):
        refresh_suggestions()
    else:
        if articles:  # new or changed texts: every theme
            refresh_suggestions(article_ids=articles)
        if themes:  # changed lexicons: every article
            refresh_suggestions(theme_ids=themes)
    if plan.passage_themes:
        refresh_passages(None if plan.passage_themes == ALL else plan.passage_themes)
    if plan.quote_groups:
        refresh_quote_groups()
    if plan.reuse_articles:
        refresh_reuse(None if plan.reuse_articles == ALL else plan.reuse_articles)


def refresh_all() -> None:
    refresh(RefreshPlan.everything())


def refresh_suggestions(article_ids=None, theme_ids=None) -> int:
    """Suggestions for these articles × themes (None: all), keeping editors' decisions.

    A sentence suggested before keeps its row (and its accepted or dismissed state) when it
    is found again, even at new offsets after the text changed.
    """
    themes = Theme.objects.all()
    if theme_ids is not None:
        themes = themes.filter(pk__in=list(theme_ids))
    lexicons = {theme.pk: theme.lexicon_terms() for theme in themes}
    articles = Article.objects.order_by("pk")
    if article_ids is not None:
        articles = articles.filter(pk__in=list(article_ids))
    ids = list(articles.values_list("pk", flat=True))
    written = 0
    for offset in range(0, len(ids), CHUNK):
        chunk = ids[offset : offset + CHUNK]
        bodies = dict(Article.objects.filter(pk__in=chunk).values_list("pk", "body"))
        found = suggest_themes(bodies, {k: v for k, v in lexicons.items() if v}) if bodies else {}
        with transaction.atomic():
            written += _store_suggestions(chunk, list(lexicons), bodies, found)
    return written


def _store_suggestions(article_ids, theme_ids, bodies, found) -> int:
    existing = list(
        ThemeSuggestion.objects.filter(article_id__in=article_ids, theme_id__in=theme_ids)
    )
    by_text = {(s.article_id, s.theme_id, s.exact): s for s in existing}
    keep: set[int] = set()
    created = []
    for article_id, suggestions in found.items():
        body = bodies[article_id]
        for suggestion in suggestions:
            exact = body[suggestion.start : suggestion.end]
            terms = list(suggestion.terms)
            current = by_text.get((article_id, suggestion.theme, exact))
            if current is None:
                created.append(
                    ThemeSuggestion(
                        article_id=article_id,
                        theme_id=suggestion.theme,
                        start=suggestion.start,
                        end=suggestion.end,
                        exact=exact,
                        terms=terms,
                    )
                )
                continue
            keep.add(current.pk)
            if (current.start, current.end, current.terms) != (
                suggestion.start,
                suggestion.end,
                terms,
            ):
                current.start, current.end, current.terms = suggestion.start, suggestion.end, terms
                current.save(update_fields=["start", "end", "terms"])
    ThemeSuggestion.objects.filter(pk__in=[s.pk for s in existing if s.pk not in keep]).delete()
    ThemeSuggestion.objects.bulk_create(created, ignore_conflicts=True)
    return len(created)


def refresh_passages(theme_ids=None) -> None:
    """Align each theme's annotated and suggested passages into rows; then its coverage."""
    themes = Theme.objects.order_by("pk")
    if theme_ids is not None:
        themes = themes.filter(pk__in=list(theme_ids))
    lengths = dict(Article.objects.annotate(length=Length("body")).values_list("pk", "length"))
    sources = {
        article.pk: (source_key(article.pk, article.outlet_id), source_label(article))
        for article in articles_without_text()
    }
    for theme in themes:
        passages = _theme_passages(theme, lengths)
        coverage = _theme_coverage(theme, passages, lengths, sources)
        with transaction.atomic():
            ThemePassage.objects.filter(theme=theme).delete()
            ThemePassage.objects.bulk_create(passages)
            ThemeCoverage.objects.filter(theme=theme).delete()
            ThemeCoverage.objects.bulk_create(coverage)


def _theme_passages(theme: Theme, lengths: dict[int, int]) -> list[ThemePassage]:
    annotations = list(
        Annotation.objects.filter(themes=theme, orphaned=False).values_list(
            "pk", "article_id", "start", "end", "exact"
        )
    )
    covered = defaultdict(list)
    for _, article_id, start, end, _ in annotations:
        covered[article_id].append((start, end))
    suggestions = [
        row
        for row in ThemeSuggestion.objects.filter(
            theme=theme, state=ThemeSuggestion.State.OPEN
        ).values_list("pk", "article_id", "start", "end", "exact")
        if not any(s < row[3] and row[2] < e for s, e in covered[row[1]])
    ]
    texts = [
        PassageText(("a", pk), article_id, exact, start / max(lengths.get(article_id, 1), 1))
        for pk, article_id, start, end, exact in annotations
    ] + [
        PassageText(("s", pk), article_id, exact, start / max(lengths.get(article_id, 1), 1))
        for pk, article_id, start, end, exact in suggestions
    ]
    rows = align_rows(texts)
    return [
        ThemePassage(theme=theme, article_id=article_id, start=start, end=end, text=exact,
                     origin=ThemePassage.Origin.ANNOTATION, annotation_id=pk,
                     row=rows[("a", pk)])
        for pk, article_id, start, end, exact in annotations
    ] + [
        ThemePassage(theme=theme, article_id=article_id, start=start, end=end, text=exact,
                     origin=ThemePassage.Origin.SUGGESTION, suggestion_id=pk,
                     row=rows[("s", pk)])
        for pk, article_id, start, end, exact in suggestions
    ]  # fmt: skip


def _theme_coverage(
    theme: Theme,
    passages: list[ThemePassage],
    lengths: dict[int, int],
    sources: dict[int, tuple[str, str]],
) -> list[ThemeCoverage]:
    """Characters of each source's text inside the theme's passages (overlaps counted once).

    ``sources`` maps each article to its source's key and label.
    """
    spans = defaultdict(list)
    for passage in passages:
        spans[passage.article_id].append((passage.start, passage.end))
    covered: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    for article_id, (key, label) in sources.items():
        labels[key] = label
        total[key] += lengths.get(article_id, 0)
        covered[key] += _union_length(spans.get(article_id, []))
    return [
        ThemeCoverage(theme=theme, source_key=key, source_label=labels[key][:300],
                      covered_chars=covered[key], total_chars=total[key])
        for key in total
    ]  # fmt: skip


def _union_length(spans: list[tuple[int, int]]) -> int:
    length, reach = 0, -1
    for start, end in sorted(spans):
        if end <= reach:
            continue
        length += end - max(start, reach)
        reach = end
    return length


def refresh_quote_groups() -> int:
    """Group every speaker's quotes across articles; keep groups carried by 2+ sources."""
    rows = list(
        Quote.objects.exclude(speaker=None).values_list(
            "pk", "speaker_id", "text", "article_id", "article__outlet_id"
        )
    )
    source = {pk: source_key(article, outlet) for pk, _, _, article, outlet in rows}
    texts = {pk: text for pk, _, text, _, _ in rows}
    speakers = {pk: speaker for pk, speaker, _, _, _ in rows}
    kept = []
    for members in group_quotes([QuoteText(pk, speaker, text) for pk, speaker, text, _, _ in rows]):
        sources = {source[pk] for pk in members}
        if len(sources) < 2:
            continue
        group = QuoteGroup(
            speaker_id=speakers[members[0]],
            wording=most_common_wording([texts[pk] for pk in sorted(members)]),
            source_count=len(sources),
            quote_count=len(members),
        )
        kept.append((group, members))
    with transaction.atomic():
        QuoteGroup.objects.all().delete()
        # A quote deleted since it was read would break the insert: keep those that exist.
        existing = set(
            Quote.objects.filter(pk__in=[pk for _, m in kept for pk in m]).values_list(
                "pk", flat=True
            )
        )
        QuoteGroup.objects.bulk_create([group for group, _ in kept])
        QuoteGroupMember.objects.bulk_create(
            QuoteGroupMember(group=group, quote_id=pk)
            for group, members in kept
            for pk in members
            if pk in existing
        )
    return len(kept)


def refresh_reuse(article_ids=None) -> int:
    """The pairs of articles sharing text, with their passages: every pair (``None``), or
    only the pairs of these articles, found by streaming the corpus once against them.
    """
    if article_ids is not None and len(article_ids) * 4 > Article.objects.count():
        article_ids = None  # a large share of the corpus changed: start over
    if article_ids is None:
        pairs = find_reuse(dict(Article.objects.values_list("pk", "body")))
        stale = ReusePair.objects.all()
    else:
        changed = dict(Article.objects.filter(pk__in=list(article_ids)).values_list("pk", "body"))
        corpus = Article.objects.values_list("pk", "body").iterator(chunk_size=200)
        pairs = reuse_of(changed, corpus)
        stale = ReusePair.objects.filter(Q(article_a__in=changed) | Q(article_b__in=changed))
    rows = [
        ReusePair(article_a_id=found.a, article_b_id=found.b, a_share=round(found.a_share, 4),
                  b_share=round(found.b_share, 4), shared_words=found.shared_words)
        for found in pairs
    ]  # fmt: skip
    with transaction.atomic():
        stale.delete()
        # An article deleted since it was read would break the insert: keep pairs that exist.
        existing = set(
            Article.objects.filter(
                pk__in={row.article_a_id for row in rows} | {row.article_b_id for row in rows}
            ).values_list("pk", flat=True)
        )
        kept = [
            (row, found)
            for row, found in zip(rows, pairs, strict=True)
            if row.article_a_id in existing and row.article_b_id in existing
        ]
        ReusePair.objects.bulk_create([row for row, _ in kept])
        ReusePassage.objects.bulk_create(
            ReusePassage(pair=row, a_start=p.a_start, a_end=p.a_end, b_start=p.b_start,
                         b_end=p.b_end, shared_words=p.shared_words)
            for row, found in kept
            for p in found.passages
        )  # fmt: skip
    return len(kept)
