"""Recompute the stored comparisons. Called by the ``compare.refresh`` task, which signals
queue when articles, annotations, quotes or themes change; pages only read what is stored.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone

from annotations.anchoring import validate_selection
from annotations.models import Annotation
from annotations.services import create_annotation
from articles.models import Article, Quote, Theme
from articles.queries import articles_without_text
from articles.reuse import find_reuse, reuse_of

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


@dataclass
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
        return cls(ALL, ALL, ALL, True, ALL)

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
        with transaction.atomic():
            _store_passages(theme, lengths)
            _store_coverage(theme, lengths, sources)


def _store_passages(theme: Theme, lengths: dict[int, int]) -> None:
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
    ThemePassage.objects.filter(theme=theme).delete()
    ThemePassage.objects.bulk_create(
        [
            ThemePassage(theme=theme, article_id=article_id, start=start, end=end, text=exact,
                         origin=ThemePassage.Origin.ANNOTATION, annotation_id=pk,
                         row=rows[("a", pk)])
            for pk, article_id, start, end, exact in annotations
        ] + [
            ThemePassage(theme=theme, article_id=article_id, start=start, end=end, text=exact,
                         origin=ThemePassage.Origin.SUGGESTION, suggestion_id=pk,
                         row=rows[("s", pk)])
            for pk, article_id, start, end, exact in suggestions
        ]
    )  # fmt: skip


def _store_coverage(
    theme: Theme, lengths: dict[int, int], sources: dict[int, tuple[str, str]]
) -> None:
    """Characters of each source's text inside the theme's passages (overlaps counted once).

    ``sources`` maps each article to its source's key and label.
    """
    spans = defaultdict(list)
    for article_id, start, end in ThemePassage.objects.filter(theme=theme).values_list(
        "article_id", "start", "end"
    ):
        spans[article_id].append((start, end))
    covered: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    for article_id, (key, label) in sources.items():
        labels[key] = label
        total[key] += lengths.get(article_id, 0)
        covered[key] += _union_length(spans.get(article_id, []))
    ThemeCoverage.objects.filter(theme=theme).delete()
    ThemeCoverage.objects.bulk_create(
        ThemeCoverage(theme=theme, source_key=key, source_label=labels[key][:300],
                      covered_chars=covered[key], total_chars=total[key])
        for key in total
    )  # fmt: skip


def _union_length(spans: list[tuple[int, int]]) -> int:
    length, reach = 0, -1
    for start, end in sorted(spans):
        if end <= reach:
            continue
        length += end - max(start, reach)
        reach = end
    return length


@transaction.atomic
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
    groups = group_quotes([QuoteText(pk, speaker, text) for pk, speaker, text, _, _ in rows])
    QuoteGroup.objects.all().delete()
    kept = 0
    for members in groups:
        sources = {source[pk] for pk in members}
        if len(sources) < 2:
            continue
        group = QuoteGroup.objects.create(
            speaker_id=speakers[members[0]],
            wording=most_common_wording([texts[pk] for pk in sorted(members)]),
            source_count=len(sources),
            quote_count=len(members),
        )
        QuoteGroupMember.objects.bulk_create(
            QuoteGroupMember(group=group, quote_id=pk) for pk in members
        )
        kept += 1
    return kept


@transaction.atomic
def refresh_reuse(article_ids=None) -> int:
    """The pairs of articles sharing text, with their passages: every pair (``None``), or
    only the pairs of these articles, found by streaming the corpus once against them.
    """
    if article_ids is not None and len(article_ids) * 4 > Article.objects.count():
        article_ids = None  # a large share of the corpus changed: start over
    if article_ids is None:
        pairs = find_reuse(dict(Article.objects.values_list("pk", "body")))
        ReusePair.objects.all().delete()
    else:
        changed = dict(Article.objects.filter(pk__in=list(article_ids)).values_list("pk", "body"))
        corpus = Article.objects.values_list("pk", "body").iterator(chunk_size=200)
        pairs = reuse_of(changed, corpus)
        ReusePair.objects.filter(Q(article_a__in=changed) | Q(article_b__in=changed)).delete()
    for found in pairs:
        pair = ReusePair.objects.create(
            article_a_id=found.a,
            article_b_id=found.b,
            a_share=round(found.a_share, 4),
            b_share=round(found.b_share, 4),
            shared_words=found.shared_words,
        )
        ReusePassage.objects.bulk_create(
            ReusePassage(pair=pair, a_start=p.a_start, a_end=p.a_end, b_start=p.b_start,
                         b_end=p.b_end, shared_words=p.shared_words)
            for p in found.passages
        )  # fmt: skip
    return len(pairs)


class SuggestionOutdated(Exception):
    """The suggested sentence is no longer where it was (the text changed meanwhile)."""


def accept_suggestion(suggestion: ThemeSuggestion, editor) -> ThemeSuggestion:
    """Turn a suggestion into the editor's annotation with its theme (once)."""
    with transaction.atomic():
        suggestion = ThemeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.state == ThemeSuggestion.State.ACCEPTED and suggestion.annotation_id:
            return suggestion
        article = suggestion.article
        problem = validate_selection(article.body, suggestion.start, suggestion.end,
                                     suggestion.exact)  # fmt: skip
        if problem:
            raise SuggestionOutdated("The article changed since this was suggested; reload.")
        annotation = create_annotation(
            article,
            editor,
            {"start": suggestion.start, "end": suggestion.end, "themes": [suggestion.theme]},
        )
        suggestion.state, suggestion.annotation = ThemeSuggestion.State.ACCEPTED, annotation
        suggestion.decided_by, suggestion.decided_at = editor, timezone.now()
        suggestion.save(update_fields=["state", "annotation", "decided_by", "decided_at"])
    return suggestion


def dismiss_suggestion(suggestion: ThemeSuggestion, editor) -> ThemeSuggestion:
    """Hide a suggestion for good (it stays dismissed when recomputed)."""
    suggestion.state = ThemeSuggestion.State.DISMISSED
    suggestion.decided_by, suggestion.decided_at = editor, timezone.now()
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    from .signals import schedule

    schedule(RefreshPlan(passage_themes={suggestion.theme_id}))
    return suggestion
