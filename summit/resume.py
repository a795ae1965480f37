"""Carrying on what was left unfinished when a worker stopped or a message was lost.

Project level: it reaches into the apps' own resume steps, so no app imports it.
"""

from __future__ import annotations

from articles.ingest.batches import resume_batches
from compare.scheduling import resume_refresh


def resume_unfinished_work(quiet_for: float | None = None) -> dict[str, int]:
    """Send again import batches still preparing or importing and pending compare
    refreshes; returns how many of each. ``quiet_for``: only work nothing has moved in for
    that many seconds (the periodic sweep), not work a live worker is doing."""
    return {
        "import batches": resume_batches(quiet_for),
        "compare refreshes": resume_refresh(quiet_for),
    }
