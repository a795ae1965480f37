"""Anchors that survive edits: place an annotation in a new version of an article's text.

An anchor is what the W3C model calls a TextPositionSelector (start, end) plus a
TextQuoteSelector (exact, prefix, suffix). Re-anchoring follows Hypothesis:

1. the exact text at the old position, if it is still there;
2. else the exact text elsewhere, choosing the occurrence whose prefix and suffix match best
   (ties go to the one nearest the old position);
3. else a fuzzy match (rapidfuzz's partial alignment) scored on the quote, the prefix, the
   suffix and the distance from the old position; accepted above ``MIN_FUZZY_SCORE``.

No match means the annotation is orphaned: kept and flagged, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

CONTEXT_CHARS = 32
MIN_QUOTE_SIMILARITY = 75.0
MIN_FUZZY_SCORE = 0.7


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Placement:
    start: int
    end: int
    method: str  # "position", "quote", "fuzzy"

    def anchor_in(self, body: str) -> Anchor:
        return anchor_for(body, self.start, self.end)


def anchor_for(body: str, start: int, end: int) -> Anchor:
    """The anchor of ``body[start:end]``, with 32 characters of context on each side."""
    return Anchor(
        start,
        end,
        body[start:end],
        body[max(0, start - CONTEXT_CHARS) : start],
        body[end : end + CONTEXT_CHARS],
    )


def validate_selection(body: str, start: int, end: int, exact: str) -> str | None:
    """Why a submitted selection cannot be saved, or None when it matches the body."""
    if not 0 <= start < end <= len(body):
        return f"The selection {start}–{end} is outside the article (0–{len(body)})."
    if body[start:end] != exact:
        return "The selected text does not match the article at those offsets."
    if not exact.strip():
        return "The selection is only whitespace."
    return None


def _context_score(body: str, start: int, end: int, anchor: Anchor) -> float:
    """0–1: how well the text around a candidate matches the stored prefix and suffix."""
    scores = []
    if anchor.prefix:
        before = body[max(0, start - len(anchor.prefix)) : start]
        scores.append(fuzz.ratio(before, anchor.prefix) / 100)
    if anchor.suffix:
        after = body[end : end + len(anchor.suffix)]
        scores.append(fuzz.ratio(after, anchor.suffix) / 100)
    return sum(scores) / len(scores) if scores else 1.0


def _closeness(body: str, start: int, anchor: Anchor) -> float:
    return 1 - min(abs(start - anchor.start) / max(len(body), 1), 1.0)


def reanchor(body: str, anchor: Anchor) -> Placement | None:
    """Where ``anchor`` belongs in ``body`` now, or None if it cannot be placed."""
    exact = anchor.exact
    if not exact:
        return None
    if body[anchor.start : anchor.end] == exact:
        return Placement(anchor.start, anchor.end, "position")
    occurrences = []
    at = body.find(exact)
    while at != -1:
        occurrences.append(at)
        at = body.find(exact, at + 1)
    if occurrences:
        best = max(
            occurrences,
            key=lambda s: (
                _context_score(body, s, s + len(exact), anchor),
                _closeness(body, s, anchor),
            ),
        )
        return Placement(best, best + len(exact), "quote")
    return _fuzzy(body, anchor)


def _fuzzy(body: str, anchor: Anchor) -> Placement | None:
    alignment = fuzz.partial_ratio_alignment(anchor.exact, body, score_cutoff=MIN_QUOTE_SIMILARITY)
    if alignment is None:
        return None
    start, end = alignment.dest_start, alignment.dest_end
    # partial_ratio aligns the shorter string inside the longer: when what is left of the
    # text is shorter than the quote, a fragment of the quote scores 100. The whole quote
    # must match what it is placed on.
    quote = fuzz.ratio(anchor.exact, body[start:end]) / 100
    if quote * 100 < MIN_QUOTE_SIMILARITY:
        return None
    score = 0.6 * quote + 0.3 * _context_score(body, start, end, anchor)
    score += 0.1 * _closeness(body, start, anchor)
    if score < MIN_FUZZY_SCORE or end <= start:
        return None
    return Placement(start, end, "fuzzy")
