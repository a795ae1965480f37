"""The reader page: an article with its quotes and its annotations, built once for the page
and for annotation writes.

The annotation views re-render the reader's ``#annotated`` fragment (body and side panel)
after a save, so they build the same context here rather than a copy of it.
"""

from __future__ import annotations

from django.http import HttpRequest

from articles import queries as article_queries
from articles.models import Article, Quote, Theme
from articles.rendering import Overlay, render_body
from infrastructure.access import can_correct_quotes

from .models import editing_rights, may_edit
from .queries import annotation_overlay, article_annotations, replies_of
from .rendering import annotation_items

PARAGRAPH_IDS = "paragraph"  # the reader's <p id="paragraph-<n>">, replaced one by one


def quote_overlay(quote: Quote) -> Overlay:
    attribution = quote.attribution
    kind = quote.get_kind_display().lower()
    noun = "reported speech" if quote.kind == Quote.Kind.REPORTED else f"{kind} quote"
    if attribution == Quote.Attribution.ATTRIBUTED:
        speaker = quote.speaker.name
        how = "verified" if quote.verified else f"confidence {quote.confidence:.2f}"
        title = f"{speaker} ({noun}; {how})"
    elif attribution == Quote.Attribution.UNNAMED:
        speaker = f"Unnamed source: {quote.source}"
        title = f"{speaker} ({noun}; not named)"
    elif attribution == Quote.Attribution.TERM:
        speaker = "Term"
        title = "Term: a label in quotation marks that nobody is reported as saying"
    else:
        speaker = "Speaker unknown"
        title = f"Speaker unknown ({noun}, unattributed)"
    attributes = {
        "class": f"quote quote-{quote.kind} quote-{attribution}",
        "data-quote-id": str(quote.pk),
        "data-speaker": speaker,
        "data-attribution": attribution,
        "title": title,
        # Focusable (the panel's quote list leads here, and S then selects its sentence) but
        # not a tab stop: an article's quotes would stand between the text and the panel.
        "tabindex": "-1",
    }
    if quote.kind == Quote.Kind.REPORTED:
        # Said without quotation marks: marked more lightly, named on hover.
        attributes["data-speaker"] = f"Reported · {speaker}"
    return Overlay(quote.start, quote.end, "span", attributes, anchor=f"quote-{quote.pk}")


def reader_context(request: HttpRequest, article: Article, filters=None) -> dict:
    """The reader's context; ``filters`` (default: the query string) holds the panel's
    ``theme`` and ``mine`` (a write sends them along, so its answer keeps them)."""
    filters = request.GET if filters is None else filters
    theme = filters.get("theme", "")
    mine = filters.get("mine") == "1"
    annotations = article_annotations(article, request.user, theme, request.user if mine else None)
    placed = [a for a in annotations if not a.orphaned]
    quotes = article_queries.reader_quotes(article)
    overlays = [quote_overlay(q) for q in quotes] + [annotation_overlay(a) for a in placed]
    rights = editing_rights(request.user)
    replies = replies_of([annotation.pk for annotation in annotations], request.user)
    can_reply = request.user.has_perm("annotations.add_reply")
    for annotation in annotations:
        annotation.can_edit = may_edit(annotation.author_id, request.user, rights)
        annotation.replies = replies.get(annotation.pk, [])
        annotation.can_reply = can_reply
    legend = {t.pk: t for a in placed for t in a.theme_list}
    return {
        "article": article,
        "body_html": render_body(article.body, overlays, paragraph_ids=PARAGRAPH_IDS),
        "quotes": quotes,
        "speakers": article_queries.article_speakers(article),
        "annotations": annotations,
        "annotation_items": annotation_items(annotations),
        "legend": sorted(legend.values(), key=lambda t: t.name),
        "themes": list(Theme.objects.order_by("name")),
        "theme_filter": theme,
        "mine_filter": mine,
        "can_correct": can_correct_quotes(request),
        "can_annotate": request.user.has_perm("annotations.add_annotation"),
        "can_add_theme": request.user.has_perm("articles.add_theme"),
    }
