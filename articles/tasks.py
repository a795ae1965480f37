"""Background tasks of the articles app (Celery; eager when no broker is configured)."""

from __future__ import annotations

from celery import shared_task

from .extraction_services import extract_quotes
from .models import Article


@shared_task(name="articles.extract_quotes")
def extract_quotes_task(article_ids: list[int]) -> dict:
    """Extract quotes for the given articles; returns counts and warnings."""
    result = extract_quotes(Article.objects.filter(pk__in=article_ids).order_by("pk"))
    return {
        "articles": result.articles,
        "quotes": result.quotes,
        "people": result.people,
        "warnings": result.warnings,
    }
