"""How much of each source's text each theme covers: counted per article from its stored
passages (``ArticleCoverage``, kept with them), summed per source (``ThemeCoverage``, what
the coverage page and the compare page's default theme read). A change counts its own
articles again and sums their sources: a few small rows, never the sources' texts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Length

from articles.models import Article, Outlet, Theme
from articles.queries import articles_without_text

from .models import ArticleCoverage, ThemeCoverage, ThemePassage, source_key, source_label


def article_lengths(article_ids: Collection[int] | None = None) -> dict[int, int]:
    articles = Article.objects.all()
    if article_ids is not None:
        articles = articles.filter(pk__in=list(article_ids))
    return dict(articles.annotate(length=Length("body")).values_list("pk", "length"))


def count_articles(
    theme: Theme, article_ids: Collection[int] | None = None, lengths: dict[int, int] | None = None
) -> None:
    """Count the theme's coverage of these articles (None: every article) again."""
    if lengths is None:
        lengths = article_lengths(article_ids)
    passages = ThemePassage.objects.filter(theme=theme).order_by()
    stale = ArticleCoverage.objects.filter(theme=theme)
    if article_ids is not None:
        passages = passages.filter(article_id__in=list(article_ids))
        stale = stale.filter(article_id__in=list(article_ids))
    spans = defaultdict(list)
    for article_id, start, end in passages.values_list("article_id", "start", "end"):
        spans[article_id].append((start, end))
    with transaction.atomic():
        stale.delete()
        existing = set(Article.objects.filter(pk__in=list(lengths)).values_list("pk", flat=True))
        ArticleCoverage.objects.bulk_create(
            (
                ArticleCoverage(
                    theme=theme,
                    article_id=article,
                    length=length,
                    covered_chars=union_length(spans[article]),
                    passages=len(spans[article]),
                )
                for article, length in lengths.items()
                if article in existing
            ),
            batch_size=2000,
        )


def sum_sources(theme: Theme, keys: Collection[str] | None = None) -> None:
    """The theme's coverage of these sources (keys from ``source_key``; None: all), summed
    from the article rows."""
    rows = ArticleCoverage.objects.filter(theme=theme)
    stale = ThemeCoverage.objects.filter(theme=theme)
    if keys is not None:
        outlets = [int(key.split("-")[1]) for key in keys if key.startswith("outlet-")]
        alone = [int(key.split("-")[1]) for key in keys if key.startswith("article-")]
        rows = rows.filter(Q(article__outlet_id__in=outlets) | Q(article_id__in=alone))
        stale = stale.filter(source_key__in=list(keys))
    sums = (
        rows.values("article__outlet_id")
        .annotate(covered=Sum("covered_chars"), total=Sum("length"), count=Sum("passages"))
        .order_by()
    )
    found = []
    names = dict(Outlet.objects.values_list("pk", "name"))
    for row in sums.exclude(article__outlet=None):
        outlet = row["article__outlet_id"]
        found.append((source_key(0, outlet), names[outlet], row))
    lone = rows.filter(article__outlet=None).values(
        "article_id", covered=Sum("covered_chars"), total=Sum("length"), count=Sum("passages")
    )
    titles = {a.pk: source_label(a) for a in articles_without_text().filter(
        pk__in=[row["article_id"] for row in lone])}  # fmt: skip
    found += [(source_key(row["article_id"], None), titles[row["article_id"]], row)
              for row in lone if row["article_id"] in titles]  # fmt: skip
    with transaction.atomic():
        stale.delete()
        ThemeCoverage.objects.bulk_create(
            ThemeCoverage(theme=theme, source_key=key, source_label=label[:300],
                          covered_chars=row["covered"], total_chars=row["total"],
                          passages=row["count"])
            for key, label, row in found
        )  # fmt: skip


def union_length(spans: list[tuple[int, int]]) -> int:
    """Characters inside any of the spans (overlaps counted once)."""
    length, reach = 0, -1
    for start, end in sorted(spans):
        if end <= reach:
            continue
        length += end - max(start, reach)
        reach = end
    return length
