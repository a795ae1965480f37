"""Stored text reuse: the pairs of articles sharing passages, and the n-gram index that
finds a changed article's pairs without reading the corpus.

A full rebuild (``refresh_reuse()``) compares every article with every other
(``newsnlp.text.reuse.find_reuse``) and stores each article's distinct 5-grams (hashed).
A change (``refresh_reuse({id, …})``) looks its 5-grams up in that index, reads only the
articles sharing one (a 5-gram in more than ``COMMON_SHARE`` of the articles is
boilerplate and proposes nothing, as in the full rebuild), verifies those pairs as the full
rebuild does, and replaces its pairs and its 5-grams. The one difference: there, the
boilerplate 5-grams a candidate pair shares still seed its alignment.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from django.db import connection, transaction
from django.db.models import Q

from articles.models import Article
from infrastructure.db import update_planner_statistics
from newsnlp.text.reuse import (
    COMMON_FROM_ARTICLES,
    COMMON_SHARE,
    Words,
    find_reuse,
    reuse_of,
    stored_grams,
)

from .models import ReuseGram, ReusePair, ReusePassage


def refresh_reuse(article_ids=None) -> int:
    """The pairs of articles sharing text, with their passages: every pair (``None``), or
    only the pairs of these articles, found through the index.
    """
    total = Article.objects.count()
    if article_ids is not None and len(article_ids) * 4 > total:
        article_ids = None  # a large share of the corpus changed: start over
    if article_ids is None:
        texts = dict(Article.objects.values_list("pk", "body"))
        pairs = find_reuse(texts)
        stale = ReusePair.objects.all()
        grams = {pk: stored_grams(Words.of(text)) for pk, text in texts.items()}
        stale_grams = ReuseGram.objects.all()
    else:
        changed = dict(Article.objects.filter(pk__in=list(article_ids)).values_list("pk", "body"))
        grams = {pk: stored_grams(Words.of(text)) for pk, text in changed.items()}
        others = _sharing(grams, total)
        others |= set(changed)  # pairs of two changed articles too
        pairs = reuse_of(changed, Article.objects.filter(pk__in=others).values_list("pk", "body"))
        stale = ReusePair.objects.filter(
            Q(article_a__in=list(article_ids)) | Q(article_b__in=list(article_ids))
        )
        stale_grams = ReuseGram.objects.filter(article__in=list(article_ids))
    stored = _store(pairs, stale, grams, stale_grams)
    if article_ids is None:
        update_planner_statistics(ReuseGram, ReusePair)
    return stored


def _sharing(grams: dict[int, set[int]], total: int) -> set[int]:
    """Articles (not among ``grams``) sharing a 5-gram that is not boilerplate."""
    wanted = set().union(*grams.values()) if grams else set()
    holders: dict[int, set[int]] = {}
    found = ReuseGram.objects.filter(gram__in=list(wanted)).exclude(article__in=list(grams))
    for gram, article in found.values_list("gram", "article_id"):
        holders.setdefault(gram, set()).add(article)
    limit = total * COMMON_SHARE if total >= COMMON_FROM_ARTICLES else None
    return {
        article
        for articles in holders.values()
        if limit is None or len(articles) + 1 <= limit
        for article in articles
    }


def _store(pairs, stale, grams: dict[int, set[int]], stale_grams) -> int:
    rows = [
        ReusePair(article_a_id=found.a, article_b_id=found.b, a_share=round(found.a_share, 4),
                  b_share=round(found.b_share, 4), shared_words=found.shared_words,
                  top_share=round(max(found.a_share, found.b_share), 4))
        for found in pairs
    ]  # fmt: skip
    with transaction.atomic():
        stale.delete()
        stale_grams.delete()
        # An article deleted since it was read would break the insert: keep what exists.
        named = {row.article_a_id for row in rows} | {row.article_b_id for row in rows}
        named |= set(grams)
        articles = (
            Article.objects.all() if len(named) > 500 else Article.objects.filter(pk__in=named)
        )
        existing = set(articles.values_list("pk", flat=True))
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
        _insert_grams(
            (article, gram)
            for article, found in grams.items()
            if article in existing
            for gram in found
        )
    return len(kept)


def _insert_grams(rows: Iterable[tuple[int, int]]) -> None:
    """Insert (article, gram) rows: millions in a full rebuild, so not through model
    instances (``bulk_create`` spent 200 s on 3.2 million at 5,000 articles): PostgreSQL's
    COPY, or one ``executemany`` per batch elsewhere."""
    table = ReuseGram._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} (article_id, gram) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        insert = f"INSERT INTO {table} (article_id, gram) VALUES (%s, %s)"  # noqa: S608
        rows = iter(rows)
        while batch := list(islice(rows, 50_000)):
            cursor.executemany(insert, batch)
