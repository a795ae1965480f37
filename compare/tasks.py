"""Background tasks of the compare app (found here by Celery's autodiscovery)."""

from .refreshing import refresh_task

__all__ = ["refresh_task"]
