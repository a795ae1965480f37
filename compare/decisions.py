"""Editors' decisions on theme suggestions: accept one as an annotation, or dismiss it.

What a decision makes stale is refreshed like any other change (``compare.signals``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from annotations.services import create_annotation
from articles import history
from articles.models import Change
from newsnlp.anchoring import validate_selection

from .models import ThemeSuggestion

Kind = Change.Kind


class SuggestionOutdated(Exception):
    """The suggested sentence is no longer where it was (the text changed meanwhile)."""


def accept_suggestion(suggestion: ThemeSuggestion, editor) -> ThemeSuggestion:
    """Turn a suggestion into the editor's annotation with its theme (once)."""
    with transaction.atomic():
        suggestion = ThemeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.state == ThemeSuggestion.State.ACCEPTED and suggestion.annotation_id:
            return suggestion
        article = suggestion.article
        problem = validate_selection(article.body, suggestion.start, suggestion.end,
                                     suggestion.exact)  # fmt: skip
        if problem:
            raise SuggestionOutdated("The article changed since this was suggested; reload.")
        annotation = create_annotation(
            article,
            editor,
            {"start": suggestion.start, "end": suggestion.end, "themes": [suggestion.theme]},
        )
        suggestion.state, suggestion.annotation = ThemeSuggestion.State.ACCEPTED, annotation
        suggestion.decided_by, suggestion.decided_at = editor, timezone.now()
        suggestion.save(update_fields=["state", "annotation", "decided_by", "decided_at"])
    return suggestion


def dismiss_suggestion(suggestion: ThemeSuggestion, editor) -> ThemeSuggestion:
    """Hide a suggestion (it stays dismissed when recomputed); recorded in the change
    history, so it can be undone.

    One another editor accepted meanwhile stays accepted: ``SuggestionOutdated``.
    """
    with transaction.atomic():
        current = ThemeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if current.state == ThemeSuggestion.State.ACCEPTED:
            raise SuggestionOutdated(
                "Another editor accepted this suggestion already: it stays an annotation."
            )
        if current.state == ThemeSuggestion.State.DISMISSED:
            return current
        current.state = ThemeSuggestion.State.DISMISSED
        current.decided_by, current.decided_at = editor, timezone.now()
        current.save(update_fields=["state", "decided_by", "decided_at"])
        history.record(editor, Kind.SUGGESTION_DISMISSED, "suggestion", current.pk,
                       f"dismissed “{current.exact[:80]}” ({current.theme.name})",
                       {"state": ThemeSuggestion.State.OPEN},
                       {"state": ThemeSuggestion.State.DISMISSED})  # fmt: skip
    return current


def _undo_dismissal(change: Change) -> str:
    suggestion = ThemeSuggestion.objects.select_for_update().filter(pk=change.object_id).first()
    if suggestion is None:
        raise history.UndoRefused("The suggestion is gone (its article or theme changed).")
    if suggestion.state != ThemeSuggestion.State.DISMISSED:
        raise history.UndoRefused("The suggestion is no longer dismissed.")
    suggestion.state, suggestion.decided_by, suggestion.decided_at = (
        ThemeSuggestion.State.OPEN,
        None,
        None,
    )
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    return change.summary


history.register(Kind.SUGGESTION_DISMISSED, _undo_dismissal)
