"""Background tasks of the articles app, run by a Celery worker (``summit.background``)."""

from __future__ import annotations

from celery import shared_task

from .extraction_services import extract_quotes
from .models import Article
from .signals import batched_changes


@shared_task(name="articles.extract_quotes")
def extract_quotes_task(article_ids: list[int]) -> dict:
    """Extract quotes for the given articles; returns counts and warnings."""
    with batched_changes():  # one compare refresh for the whole run
        result = extract_quotes(Article.objects.filter(pk__in=article_ids).order_by("pk"))
    return {
        "articles": result.articles,
        "quotes": result.quotes,
        "people": result.people,
        "warnings": result.warnings,
    }


# Tasks are acknowledged late (settings): a worker that stops mid-batch leaves the message on
# the queue, and the next worker carries on from the documents still queued or processing.
@shared_task(name="articles.prepare_import")
def prepare_import_task(batch_id: int) -> None:
    """Read and preview the documents of an import batch."""
    from .imports import prepare_batch

    prepare_batch(batch_id)


@shared_task(name="articles.import_batch")
def import_batch_task(batch_id: int) -> None:
    """Split a batch's queued documents into chunks, one ``import_chunk_task`` each."""
    from .imports import import_batch

    import_batch(batch_id)


@shared_task(name="articles.import_chunk")
def import_chunk_task(batch_id: int, document_ids: list[int]) -> None:
    """Import one chunk of a batch, recording each document's outcome."""
    from .imports import import_chunk

    import_chunk(batch_id, document_ids)
