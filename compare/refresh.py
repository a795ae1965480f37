"""Recompute the stored comparisons. Run by the ``compare.refresh`` task
(``compare.scheduling``) after articles, annotations, quotes or themes change; pages only
read what is stored.

Changes are incremental: an article's new or changed text recomputes its own suggestions and
its own passages in each theme (``compare.passages``), its reuse pairs from the stored
n-gram index, and its speakers' quote groups; an annotation or a decision on a suggestion
replaces one article's passages in one theme; a lexicon recomputes that theme's
suggestions in the articles holding one of its terms. ``RefreshPlan.everything()`` (``manage.py
refresh_compare``) rebuilds it all.

Each step reads and computes outside any transaction, then replaces its rows in one short
transaction, so SQLite's single write lock (and PostgreSQL's row locks) are held for the
writes alone and editors' saves never wait behind a computation.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from articles.models import Article, Person, Quote, Theme
from infrastructure.db import update_planner_statistics

from .coverage import article_lengths, sum_sources
from .models import (
    ArticleCoverage,
    PassageWord,
    QuoteGroup,
    QuoteGroupMember,
    SpeakerQuotes,
    ThemePassage,
    ThemeSuggestion,
    source_key,
)
from .passages import ChangedArticles, rebuild_theme, update_articles
from .quotegroups import QuoteText, group_quotes, most_common_wording, word_diff
from .reusepairs import refresh_reuse
from .suggestions import suggest_themes

logger = logging.getLogger(__name__)
CHUNK = 64
ALL = "all"
# A theme whose passages changed in more articles than this is aligned afresh.
REALIGN_ABOVE = 200


@dataclass(kw_only=True)
class RefreshPlan:
    """What to recompute. ``ALL`` (or True) for everything of a kind.

    - ``suggestion_articles``: texts new or changed: their suggestions and their passages
      in every theme;
    - ``suggestion_themes``: new themes: their suggestions, then their passages in the
      articles whose suggestions changed;
    - ``lexicon_terms``: theme id (a string, as JSON keys are) → the terms added to or
      removed from its lexicon: its suggestions in the articles those terms concern;
    - ``passage_themes``: themes whose rows are aligned afresh;
    - ``passage_articles``: (theme, article) pairs: that article's passages in that theme
      (an annotation, a decision on a suggestion);
    - ``coverage_sources``: source keys (``source_key``) whose coverage is counted again;
    - ``quote_speakers``: speakers whose quotes are grouped again;
    - ``reuse_articles``: articles whose reuse pairs are found again.
    """

    suggestion_articles: set[int] | str = field(default_factory=set)
    suggestion_themes: set[int] | str = field(default_factory=set)
    passage_themes: set[int] | str = field(default_factory=set)
    passage_articles: set[tuple[int, int]] = field(default_factory=set)
    lexicon_terms: dict[str, set[str]] = field(default_factory=dict)
    coverage_sources: set[str] | str = field(default_factory=set)
    quote_speakers: set[int] | str = field(default_factory=set)
    reuse_articles: set[int] | str = field(default_factory=set)

    SETS = ("suggestion_articles", "suggestion_themes", "passage_themes", "coverage_sources",
            "quote_speakers", "reuse_articles")  # fmt: skip

    @classmethod
    def everything(cls) -> RefreshPlan:
        return cls(**dict.fromkeys(cls.SETS, ALL))

    def merge(self, other: RefreshPlan) -> None:
        for name in self.SETS:
            mine, theirs = getattr(self, name), getattr(other, name)
            setattr(self, name, ALL if ALL in (mine, theirs) else mine | theirs)
        self.passage_articles |= other.passage_articles
        for theme, terms in other.lexicon_terms.items():
            self.lexicon_terms[theme] = self.lexicon_terms.get(theme, set()) | set(terms)

    def is_empty(self) -> bool:
        return not (
            self.passage_articles
            or self.lexicon_terms
            or any(getattr(self, name) for name in self.SETS)
        )

    def as_dict(self) -> dict:
        data = {
            name: value if (value := getattr(self, name)) == ALL else sorted(value)
            for name in self.SETS
        }
        terms = {theme: sorted(found) for theme, found in self.lexicon_terms.items()}
        return {**data, "passage_articles": sorted(map(list, self.passage_articles)),
                "lexicon_terms": terms}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict) -> RefreshPlan:
        sets = {
            name: ALL if (value := data.get(name, [])) == ALL else set(value) for name in cls.SETS
        }
        if data.get("quote_groups"):  # a request stored by an earlier version
            sets["quote_speakers"] = ALL
        pairs = {(theme, article) for theme, article in data.get("passage_articles", [])}
        terms = {theme: set(found) for theme, found in data.get("lexicon_terms", {}).items()}
        return cls(passage_articles=pairs, lexicon_terms=terms, **sets)


def refresh(plan: RefreshPlan) -> None:
    """Run a plan: suggestions first (passages are built from them), then the rest."""
    articles, themes = plan.suggestion_articles, plan.suggestion_themes
    pairs = set(plan.passage_articles)
    if ALL in (articles, themes):
        refresh_suggestions()
        realign = ALL
    else:
        realign = plan.passage_themes
        if articles:  # new or changed texts: every theme
            refresh_suggestions(article_ids=articles)
            pairs |= {(theme, article) for theme in Theme.objects.values_list("pk", flat=True)
                      for article in articles}  # fmt: skip
        if themes:  # new themes: where their terms are
            pairs |= refresh_suggestions(theme_ids=themes, only_with_terms=True)
        for theme, terms in plan.lexicon_terms.items():
            if int(theme) not in themes:  # changed lexicons: where those terms are (or were)
                pairs |= refresh_suggestions(theme_ids={int(theme)}, only_with_terms=terms)
    refresh_passages(realign, pairs)
    if plan.coverage_sources:
        refresh_coverage(None if plan.coverage_sources == ALL else plan.coverage_sources)
    if plan.quote_speakers:
        refresh_quote_groups(None if plan.quote_speakers == ALL else plan.quote_speakers)
    if plan.reuse_articles:
        refresh_reuse(None if plan.reuse_articles == ALL else plan.reuse_articles)


def refresh_all() -> None:
    refresh(RefreshPlan.everything())


def refresh_passages(theme_ids=ALL, pairs: set[tuple[int, int]] | None = None) -> None:
    """Align these themes afresh (``ALL`` or ``None``: every theme), and bring the others'
    rows up to date for the (theme, article) ``pairs``.
    """
    by_theme: dict[int, set[int]] = defaultdict(set)
    for theme, article in pairs or ():
        by_theme[theme].add(article)
    realign = set() if theme_ids in (ALL, None) else set(theme_ids)
    realign |= {theme for theme, found in by_theme.items() if len(found) > REALIGN_ABOVE}
    themes = Theme.objects.order_by("pk")
    if theme_ids not in (ALL, None):
        themes = themes.filter(pk__in=realign | set(by_theme))
    lengths = article_lengths() if theme_ids in (ALL, None) or realign else {}
    changed = ChangedArticles.of(set().union(*by_theme.values())) if by_theme else None
    rebuilt = False
    for theme in themes:
        if theme_ids in (ALL, None) or theme.pk in realign:
            rebuild_theme(theme, lengths)
            rebuilt = True
        else:
            update_articles(theme, by_theme[theme.pk], changed)
    if rebuilt:
        update_planner_statistics(ThemePassage, PassageWord, ArticleCoverage)


def refresh_coverage(keys: set[str] | None = None) -> None:
    """Count every theme's coverage of these sources again (None: every source)."""
    for theme in Theme.objects.order_by("pk"):
        sum_sources(theme, keys)


def refresh_suggestions(
    article_ids=None, theme_ids=None, *, only_with_terms: bool | set[str] = False
) -> set[tuple[int, int]]:
    """Suggestions for these articles × themes (None: all), keeping editors' decisions;
    returns the (theme, article) pairs whose suggestions changed.

    A sentence suggested before keeps its row (and its accepted or dismissed state) when it
    is found again, even at new offsets after the text changed. ``only_with_terms``: read
    only the articles holding one of the themes' terms (True) or of these terms (a set), or
    with a suggestion holding one of them, not every article.
    """
    themes = Theme.objects.all()
    if theme_ids is not None:
        themes = themes.filter(pk__in=list(theme_ids))
    lexicons = {theme.pk: theme.lexicon_terms() for theme in themes}
    articles = Article.objects.order_by("pk")
    if article_ids is not None:
        articles = articles.filter(pk__in=list(article_ids))
    ids = list(articles.values_list("pk", flat=True))
    if only_with_terms:
        terms = (
            only_with_terms
            if isinstance(only_with_terms, set)
            else {term for found in lexicons.values() for term in found}
        )
        ids = _articles_with_terms(ids, list(lexicons), terms)
    changed: set[tuple[int, int]] = set()
    for offset in range(0, len(ids), CHUNK):
        chunk = ids[offset : offset + CHUNK]
        bodies = dict(Article.objects.filter(pk__in=chunk).values_list("pk", "body"))
        found = suggest_themes(bodies, {k: v for k, v in lexicons.items() if v}) if bodies else {}
        with transaction.atomic():
            changed |= _store_suggestions(chunk, list(lexicons), bodies, found)
    return changed


def _articles_with_terms(ids: list[int], theme_ids: list[int], terms: set[str]) -> list[int]:
    """Those of ``ids`` whose text holds the longest word of one of ``terms`` (a match of
    the term needs it), or with a suggestion of these themes that holds one of them.
    """
    lowered = {term.lower() for term in terms if term.split()}
    needles = {max(term.split(), key=len) for term in lowered}
    wanted = {
        article
        for article, found in ThemeSuggestion.objects.filter(theme_id__in=theme_ids).values_list(
            "article_id", "terms"
        )
        if lowered & set(found)
    }
    chosen = set(ids)
    for pk, body in Article.objects.values_list("pk", "body").iterator(chunk_size=500):
        if pk in chosen and pk not in wanted and any(needle in body.lower() for needle in needles):
            wanted.add(pk)
    return [pk for pk in ids if pk in wanted]


def _store_suggestions(article_ids, theme_ids, bodies, found) -> set[tuple[int, int]]:
    existing = list(
        ThemeSuggestion.objects.filter(
            article_id__in=article_ids, theme_id__in=theme_ids
        ).order_by()
    )
    # One sentence can stand twice in an article: each occurrence keeps its own row (the
    # one already at its place, else another of the same words not yet taken).
    by_text: dict[tuple, list[ThemeSuggestion]] = {}
    for stored in sorted(existing, key=lambda row: row.start):
        by_text.setdefault((stored.article_id, stored.theme_id, stored.exact), []).append(stored)
    keep: set[int] = set()
    created, moved = [], []
    changed: set[tuple[int, int]] = set()
    for article_id, suggestions in found.items():
        body = bodies[article_id]
        for suggestion in suggestions:
            exact = body[suggestion.start : suggestion.end]
            terms = list(suggestion.terms)
            current = _same_words(by_text.get((article_id, suggestion.theme, exact), []),
                                  suggestion.start, keep)  # fmt: skip
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
                changed.add((suggestion.theme, article_id))
                continue
            keep.add(current.pk)
            if (current.start, current.end, current.terms) != (
                suggestion.start,
                suggestion.end,
                terms,
            ):
                current.start, current.end, current.terms = suggestion.start, suggestion.end, terms
                moved.append(current)
                changed.add((suggestion.theme, article_id))
    gone = [s for s in existing if s.pk not in keep]
    changed |= {(s.theme_id, s.article_id) for s in gone}
    # The rows that went first: a moved one may take the place one of them held.
    ThemeSuggestion.objects.filter(pk__in=[s.pk for s in gone]).delete()
    for current in moved:
        current.save(update_fields=["start", "end", "terms"])
    ThemeSuggestion.objects.bulk_create(created, ignore_conflicts=True)
    return changed


def _same_words(rows: list[ThemeSuggestion], start: int, taken: set[int]):
    """Of the stored suggestions with these words, the one at ``start``, else the first
    not yet taken by another occurrence; None when all are taken."""
    free = [row for row in rows if row.pk not in taken]
    return next((row for row in free if row.start == start), free[0] if free else None)


def refresh_quote_groups(speaker_ids=None) -> int:
    """Group these speakers' quotes across articles (None: every speaker's); keep groups
    carried by 2+ sources. A group holding a quote now given to one of them (an editor's
    correction) is regrouped too, for its own speaker.
    """
    # Quoted words only: reported statements are not grouped by their wording.
    quotes = Quote.objects.exclude(speaker=None).exclude(kind=Quote.Kind.REPORTED)
    groups = QuoteGroup.objects.all()
    counts = SpeakerQuotes.objects.all()
    if speaker_ids is not None:
        speakers = set(speaker_ids) | set(
            QuoteGroup.objects.filter(members__quote__speaker_id__in=list(speaker_ids))
            .values_list("speaker_id", flat=True)
        )  # fmt: skip
        quotes = quotes.filter(speaker_id__in=speakers)
        groups = groups.filter(speaker_id__in=speakers)
        counts = counts.filter(speaker_id__in=speakers)
    rows = list(quotes.values_list("pk", "speaker_id", "text", "article_id", "article__outlet_id"))
    source = {pk: source_key(article, outlet) for pk, _, _, article, outlet in rows}
    texts = {pk: text for pk, _, text, _, _ in rows}
    speaker_of = {pk: speaker for pk, speaker, _, _, _ in rows}
    kept = []
    for members in group_quotes([QuoteText(pk, speaker, text) for pk, speaker, text, _, _ in rows]):
        sources = {source[pk] for pk in members}
        if len(sources) < 2:
            continue
        group = QuoteGroup(
            speaker_id=speaker_of[members[0]],
            wording=most_common_wording([texts[pk] for pk in sorted(members)]),
            source_count=len(sources),
            quote_count=len(members),
        )
        kept.append((group, members))
    per_source = Counter((speaker_of[pk], key) for pk, key in source.items())
    with transaction.atomic():
        groups.delete()
        counts.delete()
        # A speaker merged away since it was read: its quotes are regrouped under the other.
        alive = set(
            Person.objects.filter(pk__in=set(speaker_of.values())).values_list("pk", flat=True)
        )
        kept = [(group, members) for group, members in kept if group.speaker_id in alive]
        SpeakerQuotes.objects.bulk_create(
            SpeakerQuotes(speaker_id=speaker, source_key=key, quotes=number)
            for (speaker, key), number in per_source.items()
            if speaker in alive
        )
        # A quote deleted since it was read would break the insert: keep those that exist.
        existing = set(
            Quote.objects.filter(pk__in=[pk for _, m in kept for pk in m]).values_list(
                "pk", flat=True
            )
        )
        QuoteGroupMember.objects.filter(quote_id__in=existing).delete()
        QuoteGroup.objects.bulk_create([group for group, _ in kept])
        QuoteGroupMember.objects.bulk_create(
            QuoteGroupMember(
                group=group,
                quote_id=pk,
                diff=[[part.kind, part.text] for part in word_diff(group.wording, texts[pk])],
            )
            for group, members in kept
            for pk in members
            if pk in existing
        )
    return len(kept)
