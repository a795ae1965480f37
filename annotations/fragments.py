"""The reader's changed parts after an editor saves or deletes an annotation.

Re-rendering the whole ``#annotated`` fragment costs time in proportion to every highlight
and quote of the article (about 110 ms and 900 KB with 500 overlapping highlights), and
several editors save on one article at once. So a write answers with what it changed, as
htmx out-of-band swaps (the main swap being "none"): the paragraphs the annotation covers
(redrawn with every highlight and quote in them, as a reload would), its entry in the side
panel (added — annotate.js moves it to its place in reading order —, replaced or removed),
the count and the theme legend. Other editors' additions and removals since the page was
drawn are not pulled in (that would make every save pay for everyone's): the page sends
the entries it lists (``shown``, added by annotate.js) and the answer says how many there
are, with a link that redraws the panel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles import history
from articles import queries as article_queries
from articles.models import Article, Change, Theme
from articles.rendering import paragraph_spans, render_paragraphs

from .models import Annotation, editing_rights, may_edit
from .queries import annotation_overlay, article_annotations, article_marks, replies_of
from .reader import PARAGRAPH_IDS, quote_overlay
from .rendering import annotation_items
from .visibility import visible_q

OOB = mark_safe(' hx-swap-oob="true"')  # trusted markup, added to elements swapped out of band
CREATED, EDITED, DELETED = "created", "edited", "deleted"


@dataclass(frozen=True)
class Done:
    """What an editor's write in the reader did, for the panel's status line (with Undo while
    it is their last change) and for where focus goes next: the entry (``focus``), or for a
    delete the next entry in the list, else the Undo button."""

    message: str
    undo: Change | None = None
    focus: int | None = None

    MESSAGES = {CREATED: "Highlight saved.", EDITED: "Changes saved.",
                DELETED: "Highlight deleted."}  # fmt: skip

    @classmethod
    def of(cls, user, annotation: Annotation, change: str) -> Done:
        last = history.last_change_of(user)
        undoable = (
            last
            if last is not None and last.object_type == "annotation"
            and last.object_id == annotation.pk and history.may_undo(user, last, last)
            else None
        )  # fmt: skip
        focus = None if change == DELETED else annotation.pk
        return cls(cls.MESSAGES[change], undoable, focus)

    @classmethod
    def undone(cls, change: Change, restored: Annotation | None) -> Done:
        return cls(f"Undone: {change.summary}", None, restored.pk if restored else None)


def undo_status(request: HttpRequest, article: Article, done: Done | None) -> SafeString:
    """The panel's status line, swapped out of band."""
    context = {"article": article, "done": done, "oob": True}
    return render_to_string("annotations/reader.html#panel-undo", context, request)


def focus_after(response: HttpResponse, done: Done | None) -> HttpResponse:
    """Tell annotate.js, once htmx has settled the answer, where the work continues."""
    if done is not None:
        target = {"entry": done.focus} if done.focus else {"afterDelete": True}
        response["HX-Trigger-After-Settle"] = json.dumps({"summit:focus": target})
    return response


def parse_shown(value: str | None) -> set[int] | None:
    """The ids of the entries the page lists, as annotate.js sends them; None if absent."""
    if value is None:
        return None
    try:
        return {int(part) for part in value.split(",") if part}
    except ValueError:
        return None


def changed_parts(
    request: HttpRequest,
    article: Article,
    annotation: Annotation,
    change: str,
    shown: set[int],
    edit_form: SafeString = "",
) -> SafeString:
    """The out-of-band swaps for ``annotation`` having been ``change``d (CREATED, EDITED or
    DELETED: then as it was) on a page listing ``shown``. ``edit_form``: an EDITED entry
    carries this form in its edit slot (a refused stale edit, beside what is stored now)."""
    parts = [] if annotation.orphaned else _paragraphs(article, annotation, request.user)
    if change == DELETED:
        parts.append(
            format_html('<li id="annotation-item-{}" hx-swap-oob="delete"></li>', annotation.pk)
        )
    else:
        row = article_annotations(article, request.user, ids={annotation.pk})[0]
        row.can_edit = may_edit(row.author_id, request.user, editing_rights(request.user))
        row.replies = replies_of([row.pk], request.user).get(row.pk, [])
        row.can_reply = request.user.has_perm("annotations.add_reply")
        if change == EDITED:
            parts.append(annotation_items([row], OOB, edit_form))
        else:
            items = annotation_items([row])
            parts.append(format_html('<ol hx-swap-oob="beforeend:#annotation-list">{}</ol>', items))
    stored = set(article.annotations.filter(visible_q(request.user)).values_list("pk", flat=True))
    parts.append(
        format_html('<span class="count" id="annotation-count"{}>{}</span>', OOB, len(stored))
    )
    tagged = Annotation.themes.through.objects.filter(
        visible_q(request.user, "annotation__"),
        annotation__article=article,
        annotation__orphaned=False,
    ).values("theme_id")
    context = {
        "legend": Theme.objects.filter(pk__in=tagged).order_by("name"),
        "added": len(stored - shown - {annotation.pk}),
        "removed": len(shown - stored - {annotation.pk}),
        "article": article,
        "oob": True,
    }
    parts.append(render_to_string("annotations/reader.html#legend", context, request))
    parts.append(render_to_string("annotations/reader.html#panel-news", context, request))
    return mark_safe("".join(parts))  # noqa: S308 — every part escapes its text


def _paragraphs(article: Article, annotation: Annotation, viewer) -> list[str]:
    """The reader's paragraphs the annotation covers, redrawn with all they hold."""
    bounds = paragraph_spans(article.body)
    touched = {
        index
        for index, (start, end) in enumerate(bounds)
        if start <= annotation.end and end >= annotation.start
    }
    window = (bounds[min(touched)][0], bounds[max(touched)][1])
    quotes = [
        quote
        for quote in article_queries.reader_quotes(article)
        if quote.start < window[1] and quote.end > window[0]
    ]
    overlays = [quote_overlay(q) for q in quotes]
    overlays += [annotation_overlay(mark) for mark in article_marks(article, window, viewer)]
    return list(render_paragraphs(article.body, overlays, touched, PARAGRAPH_IDS, OOB).values())
