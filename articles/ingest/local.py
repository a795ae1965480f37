"""``manage.py ingest``'s two ways: storing documents in this process, one transaction each,
or following a batch that workers import (``--workers``). The command only prints."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable

from django.db.models import Count

from ..models import ImportBatch, ImportDocument
from ..services import IngestResult, Outcome, Replace, ingest_source
from .sources import SourceDocument

logger = logging.getLogger(__name__)
UNFINISHED = {ImportDocument.State.QUEUED, ImportDocument.State.PROCESSING}


def ingest_here(
    documents: Iterable[SourceDocument],
    on_result: Callable[[int, IngestResult], None],
    replace: Replace = Replace.NEVER,
) -> tuple[Counter[Outcome], set[int]]:
    """Store each document in turn; returns the count of each outcome and the ids of the
    articles created or changed (their quotes are still to be extracted)."""
    counts: Counter[Outcome] = Counter()
    touched: set[int] = set()
    for number, document in enumerate(documents, start=1):
        try:
            result = ingest_source(document, replace)
        except Exception as exc:  # one document's failure never stops the run
            logger.exception("ingesting %s failed", document.name)
            result = IngestResult(document.name, Outcome.FAILED, message=f"unexpected error: {exc}")
        counts[result.outcome] += 1
        if result.article is not None and result.outcome not in {Outcome.DUPLICATE, Outcome.HELD}:
            touched.add(result.article.pk)
        on_result(number, result)
    return counts, touched


def batch_progress(batch: ImportBatch) -> tuple[int, dict[str, int]]:
    """How many of the batch's documents are finished, and how many are in each state."""
    counts = dict(batch.documents.values("state").annotate(n=Count("pk")).values_list("state", "n"))
    return sum(n for state, n in counts.items() if state not in UNFINISHED), counts
