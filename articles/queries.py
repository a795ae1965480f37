"""Reads for the articles app's pages."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Article, Outlet


def article_list(outlet_slug: str | None = None) -> QuerySet[Article]:
    """Articles for the index, without their (long) texts, filtered by outlet slug if given.

    ``outlet_slug="unknown"`` selects the articles whose outlet is not known.
    """
    articles = Article.objects.select_related("outlet").defer("body", "raw")
    if outlet_slug == "unknown":
        return articles.filter(outlet__isnull=True)
    if outlet_slug:
        return articles.filter(outlet__slug=outlet_slug)
    return articles


def outlets_with_articles() -> QuerySet[Outlet]:
    return Outlet.objects.filter(articles__isnull=False).distinct().order_by("name")
