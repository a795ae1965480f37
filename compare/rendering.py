"""Markup built in Python: the two panes of a reuse pair (each text with its reused passages
linked to the other's), a quote's wording diffed against the common one, and the cells of
the speaker matrix.
"""

from __future__ import annotations

import html

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.rendering import Overlay, render_body

from .quotegroups import DiffPart

_DIFF_TAGS = {"added": "ins", "removed": "del"}


def diff_html(parts: list[DiffPart]) -> SafeString:
    """Words only this wording has in ``<ins>``, words of the common one it lacks in ``<del>``.

    A string builder rather than a template loop: a page of quote groups holds a few
    thousand parts, which the template engine took 40 ms to render (measured at 500 articles).
    """
    html = []
    for part in parts:
        tag = _DIFF_TAGS.get(part.kind)
        html.append(f"<{tag}>{escape(part.text)}</{tag}>" if tag else str(escape(part.text)))
    return mark_safe(" ".join(html))  # noqa: S308 (every text escaped above)


def reuse_panes(
    left: str, right: str, spans: list[tuple[tuple[int, int], tuple[int, int]]]
) -> tuple[SafeString, SafeString]:
    """Passage n is ``#left-n`` in the left pane and ``#right-n`` in the right; each links to
    the other.
    """
    left_overlays, right_overlays = [], []
    for number, ((l_start, l_end), (r_start, r_end)) in enumerate(spans, start=1):
        left_overlays.append(
            Overlay(l_start, l_end, "a", {"href": f"#right-{number}", "class": "reused",
                                          "data-passage": str(number)}, anchor=f"left-{number}")
        )  # fmt: skip
        right_overlays.append(
            Overlay(r_start, r_end, "a", {"href": f"#left-{number}", "class": "reused",
                                          "data-passage": str(number)}, anchor=f"right-{number}")
        )  # fmt: skip
    return render_body(left, left_overlays), render_body(right, right_overlays)


def speaker_cells_html(cells) -> SafeString:
    """One matrix row's ``<td>``s: each count links to the quote browser on those quotes.

    A string builder rather than a template loop: forty speakers by some thirty sources is
    over a thousand cells, which the template engine took 50 ms to render (measured at 500
    articles); these take 2.
    """
    zero = '<td><span class="zero">0</span></td>'
    return mark_safe(  # noqa: S308 (the links are escaped; counts are numbers)
        "".join(
            f'<td><a href="{html.escape(c.href)}" data-count="{c.count:d}">{c.count:d}</a></td>'
            if c.count
            else zero
            for c in cells
        )
    )
