"""The change history: an editor's own changes (and undo of the last one); with the
review_changes permission, everyone's, filtered by user, object and date; with
undo_any_change, any of them undoable."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import history
from ..history.words import in_words
from ..models import Change

CHANGES_PER_PAGE = 50
OBJECT_TYPES = ["annotation", "quote", "person", "theme"]


def _require_editor(request: HttpRequest) -> None:
    user = request.user
    if not (history.sees_everyone(user) or user.has_perm("annotations.add_annotation")):
        raise PermissionDenied("Only editors and reviewers have a change history.")


def _filtered(request: HttpRequest):
    changes = history.visible_changes(
        Change.objects.select_related("user", "undone_by__user"), request.user
    )
    if not history.sees_everyone(request.user):
        return changes.filter(user=request.user), {}
    filters = {key: request.GET.get(key, "").strip() for key in ("user", "type", "id", "day")}
    if filters["user"]:
        changes = changes.filter(user__username=filters["user"])
    if filters["type"] in OBJECT_TYPES:
        changes = changes.filter(object_type=filters["type"])
    if filters["id"].isdigit():
        changes = changes.filter(object_id=int(filters["id"]))
    try:
        day = dt.date.fromisoformat(filters["day"]) if filters["day"] else None
    except ValueError:
        day = None
    if day:
        changes = changes.filter(at__date=day)
    return changes, filters


@require_GET
def change_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _page(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    _require_editor(request)
    changes, filters = _filtered(request)
    page = Paginator(changes, CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    rows = in_words(page.object_list)
    last = history.last_change_of(request.user)  # once, not once per row
    for change in rows:
        change.can_undo = history.may_undo(request.user, change, last)
    everyone = history.sees_everyone(request.user)
    context = {
        "page": page,
        "changes": rows,
        "filters": filters,
        "sees_everyone": everyone,
        "undoes_anyone": history.undoes_anyone(request.user),
        "users": get_user_model().objects.filter(changes__isnull=False).distinct()
        if everyone
        else [],
        "object_types": OBJECT_TYPES,
        "error": error,
    }
    return render(request, "articles/changes.html", context, status=status)


@require_POST
def undo_change(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    change = get_object_or_404(Change, pk=pk)
    if not history.may_undo(request.user, change):
        raise PermissionDenied(
            "Only your own last change can be undone (holders of undo_any_change may undo any)."
        )
    try:
        history.undo(change, request.user)
    except history.UndoRefused as refused:
        return _page(request, f"Not undone: {refused}", status=409)
    messages.success(request, f"Undone: {change.summary}")
    return redirect("articles:changes")
