"""Putting one annotation back where its words are in an article's current text."""

from __future__ import annotations

from newsnlp.anchoring import Anchor, reanchor

from .models import Annotation


def place_again(annotation: Annotation, body: str) -> str:
    """Move ``annotation`` to its words in ``body`` or mark it orphaned, saving what changed;
    returns "kept", "moved" or "orphaned"."""
    stored = Anchor(
        annotation.start, annotation.end, annotation.exact, annotation.prefix, annotation.suffix
    )
    placement = reanchor(body, stored)
    if placement is None:
        if not annotation.orphaned:
            annotation.orphaned = True
            annotation.save(update_fields=["orphaned", "updated"])
        return "orphaned"
    anchor = placement.anchor_in(body)
    new = (anchor.start, anchor.end, anchor.exact, anchor.prefix, anchor.suffix, False)
    old = (annotation.start, annotation.end, annotation.exact, annotation.prefix,
           annotation.suffix, annotation.orphaned)  # fmt: skip
    if new == old:
        return "kept"
    (annotation.start, annotation.end, annotation.exact, annotation.prefix,
     annotation.suffix, annotation.orphaned) = new  # fmt: skip
    annotation.save()
    return "moved"
