"""Signals other apps listen to, so that articles never import them."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.dispatch import Signal

# Sent inside the transaction that saved a new version of an article's body;
# kwargs: article, old_body. The annotations app re-anchors its highlights on it.
article_text_changed = Signal()

# Sent when articles changed outlet by a bulk update (no per-row save signal); kwargs: ids.
articles_reassigned = Signal()

# Sent when quotes changed speaker by a bulk update (people merged); kwargs: speaker_ids.
quotes_reassigned = Signal()

# Around a run that changes many articles (ingest, an import batch): listeners may collect
# their reactions and act once at the end instead of once per article.
batch_started = Signal()
batch_finished = Signal()


@contextmanager
def batched_changes() -> Iterator[None]:
    batch_started.send(sender=None)
    try:
        yield
    finally:
        batch_finished.send(sender=None)
