"""Access checks that views share: they raise 403 (PermissionDenied) or return the object."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

READ_ARTICLES = "articles.view_article"
READ_QUOTES = "articles.view_quote"
CORRECT_QUOTES = "articles.change_quote"
REVIEW_CHANGES = "articles.review_changes"
UNDO_ANY_CHANGE = "articles.undo_any_change"


def require(request: HttpRequest, permission: str) -> None:
    """403 unless the logged-in user holds ``permission`` (login itself is enforced globally)."""
    if not request.user.has_perm(permission):
        raise PermissionDenied(f"Your account lacks the {permission} permission.")


def can_correct_quotes(request: HttpRequest) -> bool:
    return request.user.has_perm(CORRECT_QUOTES)
