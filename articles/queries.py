"""Reads for the articles app's pages."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Article, Outlet, Person, Quote


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


def reader_quotes(article: Article) -> list[Quote]:
    return list(article.quotes.select_related("speaker").order_by("start", "-end"))


def article_speakers(article: Article) -> list[Person]:
    """Everyone the article quotes or names, with how often it quotes them."""
    return list(
        Person.objects.filter(Q(quotes__article=article) | Q(mentions__article=article))
        .annotate(quote_count=Count("quotes", filter=Q(quotes__article=article), distinct=True))
        .distinct()
        .order_by("-quote_count", "name")
    )


def quotes_for_export(speaker: str | None = None, outlet: str | None = None) -> QuerySet[Quote]:
    quotes = Quote.objects.select_related("article", "article__outlet", "speaker")
    if speaker:
        quotes = quotes.filter(speaker__slug=speaker)
    if outlet:
        quotes = quotes.filter(article__outlet__slug=outlet)
    return quotes.order_by("article__source_name", "start")
