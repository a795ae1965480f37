"""Turn an article body into HTML whose text content is exactly the body.

Paragraphs become ``<p>`` elements and the ``\\n\\n`` between them stays as a text node, so
``element.textContent`` in a browser equals ``Article.body`` character for character.
Overlays (quotes now, highlights later) never nest by hand: the text is cut into segments
at every overlay boundary, and each segment is wrapped in the elements of the overlays that
cover it, outermost first. Overlapping and nested overlays therefore always render.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class Overlay:
    """An element to wrap around ``body[start:end]``: tag, classes and data attributes."""

    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    anchor: str = ""  # an id given to the overlay's first segment only

    @property
    def length(self) -> int:
        return self.end - self.start


def render_body(body: str, overlays: Sequence[Overlay] = ()) -> SafeString:
    pieces, position = [], 0
    for paragraph in body.split(PARAGRAPH_BREAK):
        end = position + len(paragraph)
        pieces.append(f"<p>{_render_span(body, position, end, overlays)}</p>")
        position = end + len(PARAGRAPH_BREAK)
    return mark_safe(PARAGRAPH_BREAK.join(pieces))  # noqa: S308 — all text is escaped


def _render_span(body: str, start: int, end: int, overlays: Sequence[Overlay]) -> str:
    inside = [o for o in overlays if o.start < end and o.end > start]
    cuts = sorted(
        {start, end, *(max(start, min(end, x)) for o in inside for x in (o.start, o.end))}
    )
    html = []
    for left, right in itertools.pairwise(cuts):
        text = escape(body[left:right])
        covering = sorted(
            (o for o in inside if o.start <= left and right <= o.end),
            key=lambda o: (-o.length, o.start),
        )
        for overlay in reversed(covering):
            text = _wrap(overlay, text, first=left == overlay.start)
        html.append(text)
    return "".join(html)


def _wrap(overlay: Overlay, inner: str, first: bool) -> str:
    attrs = dict(overlay.attrs)
    if first and overlay.anchor:
        attrs["id"] = overlay.anchor
    rendered = format_html_join("", ' {}="{}"', attrs.items())
    return f"<{overlay.tag}{rendered}>{inner}</{overlay.tag}>"
