"""What happens to articles after their text is stored, whichever way it arrived.

``manage.py ingest``, the admin's import page and the admin's "re-run extraction" action all
call ``analyse_articles``, so coverage is processed the same way however it comes in.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F

from .extraction_services import ExtractionSummary, extract_quotes
from .models import Article


def needing_analysis(article_ids: Iterable[int]) -> list[int]:
    """The articles among these whose text changed since quotes were last extracted."""
    return list(
        Article.objects.filter(pk__in=list(article_ids))
        .exclude(extracted_hash=F("content_hash"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def analyse_articles(article_ids: Iterable[int]) -> ExtractionSummary:
    """Extract quotes and speakers for these articles whose text changed since their last
    extraction. Verified quotes are always kept.
    """
    pending = Article.objects.filter(pk__in=list(article_ids)).order_by("pk")
    return extract_quotes(pending.exclude(extracted_hash=F("content_hash")))
