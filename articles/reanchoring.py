"""When an article's text is replaced, its quotes and mentions follow their words.

Inside the transaction that saves the new body: a quote whose exact words are still in the
text moves to them (the occurrence whose context matches best); one whose words are gone is
marked orphaned — a verified one stays for an editor to place again, an automatic one is
dropped when the quotes are extracted again. A mention that cannot move is deleted (it is
derived; the extraction finds it again). No row keeps offsets into a text that is gone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F

from newsnlp.anchoring import Anchor, anchor_for, reanchor

from .models import Article


@dataclass(frozen=True)
class Followed:
    moved: int = 0
    orphaned: int = 0
    mentions_dropped: int = 0


def exact_place(old_body: str, new_body: str, start: int, end: int, text: str) -> int | None:
    """Where ``text`` (at ``start``–``end`` of the old body) is in the new body, word for
    word, or None: a quotation is never moved onto other words."""
    if not text:
        return None
    context = anchor_for(old_body, start, end) if old_body[start:end] == text else None
    anchor = Anchor(start, end, text, context.prefix if context else "",
                    context.suffix if context else "")  # fmt: skip
    placement = reanchor(new_body, anchor)
    if placement is None or new_body[placement.start : placement.end] != text:
        return None
    return placement.start


def rewrite_at_their_words(
    queryset, old_body: str, new_body: str, text_field: str, same_place
) -> int:
    """Rewrite the derived rows of ``queryset`` at their exact words in ``new_body`` (ids
    kept), dropping those whose words are gone or whose place (``same_place(row)``, given
    the new start) another row took; returns how many were dropped. Rewritten whole:
    moving rows one by one could pass through a place another still holds."""
    rows, kept, taken = list(queryset), [], set()
    for row in rows:
        text = getattr(row, text_field)
        start = exact_place(old_body, new_body, row.start, row.end, text)
        if start is None or same_place(row, start) in taken:
            continue
        taken.add(same_place(row, start))
        row.start, row.end = start, start + len(text)
        kept.append(row)
    if rows:
        queryset.delete()
        queryset.model.objects.bulk_create(kept)
    return len(rows) - len(kept)


def follow_new_text(article: Article, old_body: str) -> Followed:
    moved = orphaned = 0
    new_body = article.body
    for quote in article.quotes.filter(orphaned=False):
        start = exact_place(old_body, new_body, quote.start, quote.end, quote.text)
        if start == quote.start:
            continue
        if start is None:
            quote.orphaned = True
            orphaned += 1
        else:
            quote.start, quote.end = start, start + len(quote.text)
            moved += 1
        # A correction's undo made before this would restore offsets into the old text.
        quote.version = F("version") + 1
        quote.save(update_fields=["start", "end", "orphaned", "version"])
    dropped = rewrite_at_their_words(article.mentions.all(), old_body, new_body, "text",
                                     lambda mention, start: start)  # fmt: skip
    return Followed(moved, orphaned, dropped)
