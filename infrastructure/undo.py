"""The guard every undo passes: the object is still there and nobody changed it since.

An undo restores what a change replaced. If the object was changed again afterwards, the
later change would be silently lost: the undo is refused instead, and the user is told to
undo the later one first. The history itself (``articles.history``) records who may undo.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


class UndoRefused(Exception):
    """The change cannot be undone (by this user, or any more); the message says why."""


def unchanged_since(
    queryset: models.QuerySet[M], pk: int, recorded_version: int | None, what: str
) -> M:
    """Row ``pk``, locked for this transaction, still at the version the change left it at
    (``recorded_version``); ``UndoRefused`` naming ``what`` when it is gone or has moved on."""
    current = queryset.select_for_update().filter(pk=pk).first()
    if current is None:
        raise UndoRefused(f"The {what} is gone (deleted since).")
    if current.version != recorded_version:
        raise UndoRefused(f"The {what} was changed again since: undo that first.")
    return current
