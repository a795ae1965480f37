"""Background recomputation of the stored comparisons."""

from __future__ import annotations

from celery import shared_task

from .refreshing import run_pending


@shared_task(name="compare.refresh")
def refresh_task(*_ignored) -> int:
    """Serve the pending refresh requests (``compare.refreshing``); returns how many.

    Messages queued by an earlier version carried a plan; the plan now lives in the
    database, so any argument is ignored.
    """
    return run_pending()
