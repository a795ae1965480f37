"""A theme's rows in the compare view, stored: built whole (``rebuild_theme``) or kept up to
date article by article (``update_articles``), with the coverage that follows from them
(``compare.coverage``).

A theme's passages are its editors' annotations and its open suggestions (those no
annotation overlaps). A full rebuild aligns them all (``compare.alignment.align``) and
stores, beside the rows, the vocabulary that weighed them and a word index of the passages.
An article's change then only replaces that article's passages that changed and realigns
the part of the rows they reach (``compare.reach``: the same rows a rebuild gives them),
found from the index: the work depends on what the article touches, not on the size of the
corpus (past ``REACH_LIMIT`` passages, the new ones are placed among the stored rows,
``compare.alignment.place``). Rows added between rebuilds are numbered after the others;
``manage.py refresh_compare`` orders everything afresh.

Each function reads and computes first, then writes in one short transaction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Sum

from annotations.models import Annotation
from articles.models import Article, Theme

from .alignment import SAME_ROW, PassageText, Stored, Vocabulary, align, content_words, place
from .coverage import article_lengths, count_articles, sum_sources
from .models import (
    PassageWord,
    ThemeCoverage,
    ThemePassage,
    ThemeSuggestion,
    ThemeVocabulary,
    source_key,
)
from .reach import reach

ANNOTATION, SUGGESTION = ThemePassage.Origin.ANNOTATION, ThemePassage.Origin.SUGGESTION
# Term weights are counted again (a full alignment of the theme) once its passages have
# changed in number by a quarter, and at least by this many.
REWEIGH_AFTER, REWEIGH_FROM = 0.25, 20


@dataclass(frozen=True)
class Item:
    """A passage a theme should show: an annotation or an open suggestion."""

    origin: str
    ref: int
    article: int
    start: int
    end: int
    text: str

    @property
    def key(self) -> tuple:
        return (self.origin, self.ref, self.start, self.end, self.text)

    def text_at(self, lengths: dict[int, int]) -> PassageText:
        """What the alignment reads (with where in its article it stands)."""
        position = self.start / max(lengths.get(self.article, 1), 1)
        return PassageText(self.key, self.article, self.text, position)

    def stored(self, theme: Theme, row: int) -> ThemePassage:
        return ThemePassage(
            theme=theme, article_id=self.article, start=self.start, end=self.end, text=self.text,
            origin=self.origin, row=row,
            annotation_id=self.ref if self.origin == ANNOTATION else None,
            suggestion_id=self.ref if self.origin == SUGGESTION else None,
        )  # fmt: skip


def theme_items(theme: Theme, article_ids: Collection[int] | None = None) -> list[Item]:
    """The theme's annotations and the open suggestions no annotation overlaps."""
    # Ordered by their own columns: the models' orderings join the articles table.
    # Coding rounds' work stays out of the compare rows (issue 32): a round's coders tag
    # the same passages apart, and their count is not the desk's until adjudicated.
    annotations = Annotation.objects.filter(
        themes=theme, orphaned=False, coding_round__isnull=True
    ).order_by("pk")
    suggestions = ThemeSuggestion.objects.filter(
        theme=theme, state=ThemeSuggestion.State.OPEN
    ).order_by("article_id", "start", "pk")
    if article_ids is not None:
        annotations = annotations.filter(article_id__in=list(article_ids))
        suggestions = suggestions.filter(article_id__in=list(article_ids))
    fields = ("pk", "article_id", "start", "end", "exact")
    items = [Item(ANNOTATION, *row) for row in annotations.values_list(*fields)]
    covered = defaultdict(list)
    for item in items:
        covered[item.article].append((item.start, item.end))
    for row in suggestions.values_list(*fields):
        item = Item(SUGGESTION, *row)
        if not any(s < item.end and item.start < e for s, e in covered[item.article]):
            items.append(item)
    return items


def _index_rows(theme: Theme, passage: ThemePassage, vector: dict[str, float], vocabulary):
    return [
        PassageWord(theme=theme, passage=passage, word=word[:100], weight=weight)
        for word, weight in vocabulary.scored_words(vector).items()
    ]


def rebuild_theme(theme: Theme, lengths: dict[int, int]) -> None:
    """Align all the theme's passages afresh (``lengths``: each article's length)."""
    items = theme_items(theme)
    alignment = align([item.text_at(lengths) for item in items])
    passages = [item.stored(theme, alignment.rows[item.key]) for item in items]
    vocabulary = alignment.vocabulary
    with transaction.atomic():
        PassageWord.objects.filter(theme=theme).delete()
        ThemePassage.objects.filter(theme=theme).delete()
        ThemePassage.objects.bulk_create(passages, batch_size=1000)
        PassageWord.objects.bulk_create(
            (
                row
                for passage, vector in zip(passages, alignment.vectors, strict=True)
                for row in _index_rows(theme, passage, vector, vocabulary)
            ),
            batch_size=2000,
        )
        ThemeVocabulary.objects.update_or_create(
            theme=theme,
            defaults={"passages": vocabulary.passages, "frequency": dict(vocabulary.frequency)},
        )
    count_articles(theme, lengths=lengths)
    sum_sources(theme)


def update_articles(
    theme: Theme, article_ids: Iterable[int], changed: ChangedArticles | None = None
) -> None:
    """Bring the theme's rows up to date for these articles (changed, added or removed).

    ``changed``: their lengths and sources, read once for every theme a refresh updates.
    """
    stored = ThemeVocabulary.objects.filter(theme=theme).first()
    if stored is None or _outgrown(theme, stored):
        rebuild_theme(theme, article_lengths())
        return
    vocabulary = Vocabulary(stored.passages, stored.frequency)
    article_ids = sorted(set(article_ids))
    changed = changed or ChangedArticles.of(article_ids)
    for article_id in article_ids:
        _update_article(theme, article_id, vocabulary)
    count_articles(theme, article_ids, {pk: changed.lengths[pk] for pk in article_ids
                                        if pk in changed.lengths})  # fmt: skip
    sum_sources(theme, {changed.sources[pk] for pk in article_ids if pk in changed.sources})


@dataclass(frozen=True)
class ChangedArticles:
    """The lengths and source keys of the articles a refresh updates (deleted ones absent)."""

    lengths: dict[int, int]
    sources: dict[int, str]

    @classmethod
    def of(cls, article_ids: Collection[int]) -> ChangedArticles:
        found = Article.objects.filter(pk__in=list(article_ids)).values_list("pk", "outlet_id")
        sources = {pk: source_key(pk, outlet) for pk, outlet in found}
        return cls(article_lengths(article_ids), sources)


def _outgrown(theme: Theme, stored: ThemeVocabulary) -> bool:
    """The theme's passages grew or shrank by more than ``REWEIGH_AFTER`` since its term
    weights were counted: align it afresh (each realignment waits for another quarter, so
    a corpus built up article by article realigns a number of times logarithmic in its size).
    """
    # The passages the theme's coverage counts (a row per source), not a count of the
    # passages themselves (which grows with the corpus: 40 ms at 5,000 articles).
    now = ThemeCoverage.objects.filter(theme=theme).aggregate(n=Sum("passages"))["n"] or 0
    return abs(now - stored.passages) > max(REWEIGH_AFTER * stored.passages, REWEIGH_FROM)


def _update_article(theme: Theme, article_id: int, vocabulary: Vocabulary) -> None:
    items = {item.key: item for item in theme_items(theme, [article_id])}
    old = {
        (origin, annotation or suggestion, start, end, text): pk
        for pk, origin, annotation, suggestion, start, end, text in ThemePassage.objects.filter(
            theme=theme, article_id=article_id
        )
        .order_by()
        .values_list("pk", "origin", "annotation_id", "suggestion_id", "start", "end", "text")
    }
    removed = [pk for key, pk in old.items() if key not in items]
    added = [item for key, item in items.items() if key not in old]
    if not removed and not added:
        return
    vectors = {item.key: vocabulary.vector(Counter(content_words(item.text))) for item in added}
    scored = {item.key: vocabulary.scored_words(vectors[item.key]) for item in added}
    reached = reach(theme, article_id, scored, removed)
    if reached is None:  # too far-reaching to realign here: placed among the stored rows
        _place_among_rows(theme, article_id, added, removed, vectors, vocabulary)
        return
    rows, moved = reached.rows(theme, removed)
    passages = [item.stored(theme, rows[item.key]) for item in added]
    with transaction.atomic():
        PassageWord.objects.filter(passage_id__in=removed).delete()
        ThemePassage.objects.filter(pk__in=removed).delete()
        for row, pks in moved.items():
            ThemePassage.objects.filter(pk__in=pks).update(row=row)
        ThemePassage.objects.bulk_create(passages)
        PassageWord.objects.bulk_create(
            row
            for passage, item in zip(passages, added, strict=True)
            for row in _index_rows(theme, passage, vectors[item.key], vocabulary)
        )


def _place_among_rows(theme, article_id, added, removed, vectors, vocabulary) -> None:
    links = _links(theme, article_id, vocabulary, vectors)
    linked = ThemePassage.objects.filter(pk__in={other for _, other in links}).order_by()
    candidates = {
        pk: Stored(row, article)
        for pk, row, article in linked.values_list("pk", "row", "article_id")
    }
    row_articles = defaultdict(set)
    for row, article in (
        ThemePassage.objects.filter(theme=theme, row__in={c.row for c in candidates.values()})
        .order_by()
        .exclude(pk__in=removed)
        .values_list("row", "article_id")
    ):
        row_articles[row].add(article)
    last = ThemePassage.objects.filter(theme=theme).aggregate(last=Max("row"))["last"]
    placement = place(
        [(item.key, article_id) for item in added],
        links,
        candidates,
        row_articles,
        next_row=(last if last is not None else -1) + 1,
    )
    passages = [item.stored(theme, placement.rows[item.key]) for item in added]
    with transaction.atomic():
        PassageWord.objects.filter(passage_id__in=removed).delete()
        ThemePassage.objects.filter(pk__in=removed).delete()
        for gone, kept in placement.merged.items():
            while kept in placement.merged:
                kept = placement.merged[kept]
            ThemePassage.objects.filter(theme=theme, row=gone).update(row=kept)
        ThemePassage.objects.bulk_create(passages)
        PassageWord.objects.bulk_create(
            row
            for passage, item in zip(passages, added, strict=True)
            for row in _index_rows(theme, passage, vectors[item.key], vocabulary)
        )


def _links(theme, article_id, vocabulary, vectors) -> dict[tuple, float]:
    """Scores ≥ ``SAME_ROW`` of the new passages against other articles' stored passages."""
    scored = {key: vocabulary.scored_words(vector) for key, vector in vectors.items()}
    words = {word[:100] for vector in scored.values() for word in vector}
    postings = defaultdict(list)
    for word, passage, weight in (
        PassageWord.objects.filter(theme=theme, word__in=words)
        .exclude(passage__article_id=article_id)
        .values_list("word", "passage_id", "weight")
    ):
        postings[word].append((passage, weight))
    scores: dict[tuple, float] = defaultdict(float)
    for key, vector in scored.items():
        for word, weight in vector.items():
            for passage, other in postings.get(word[:100], ()):
                scores[(key, passage)] += weight * other
    return {link: score for link, score in scores.items() if score >= SAME_ROW}
