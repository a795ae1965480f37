"""Background recomputation of the stored comparisons."""

from __future__ import annotations

from celery import shared_task

from .services import RefreshPlan, refresh


@shared_task(name="compare.refresh")
def refresh_task(plan: dict) -> dict:
    """Recompute what ``plan`` (a ``RefreshPlan.as_dict()``) names."""
    refresh(RefreshPlan.from_dict(plan))
    return plan
