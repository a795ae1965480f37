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
from html import escape

from django.utils.safestring import SafeString, mark_safe

from newsnlp.text.words import looks_like_heading

PARAGRAPH_BREAK = "\n\n"


# A highlight shows up to four themes' colours as stripes; the classes a-<pk> … d-<pk>
# (articles.views.styles) give each stripe its theme's colour.
STRIPE_CLASSES = ("a", "b", "c", "d")


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


# A paragraph that reads as a subheading stays a <p> (its text and offsets are the body's),
# styled and announced as a heading.
SUBHEADING = ' class="subheading" role="heading" aria-level="2"'


def render_body(body: str, overlays: Sequence[Overlay] = (), paragraph_ids: str = "") -> SafeString:
    """The whole body; with ``paragraph_ids`` each ``<p>`` gets the id ``<prefix>-<index>``
    (so that a later answer can replace one paragraph: ``render_paragraphs``)."""
    paragraphs = render_paragraphs(body, overlays, None, paragraph_ids)
    return mark_safe(PARAGRAPH_BREAK.join(paragraphs.values()))  # noqa: S308 — text is escaped


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of ``body``, in order."""
    spans, position = [], 0
    for paragraph in body.split(PARAGRAPH_BREAK):
        spans.append((position, position + len(paragraph)))
        position += len(paragraph) + len(PARAGRAPH_BREAK)
    return spans


def render_paragraphs(
    body: str,
    overlays: Sequence[Overlay],
    indices: set[int] | None = None,
    paragraph_ids: str = "",
    extra_attrs: str = "",
) -> dict[int, str]:
    """``<p>`` elements of the paragraphs numbered ``indices`` (all when None), by index.

    ``overlays`` need only cover those paragraphs; ``extra_attrs`` is trusted markup."""
    tags = {id(o): _open_tag(o) for o in overlays}
    pieces = {}
    for index, (start, end) in enumerate(paragraph_spans(body)):
        if indices is not None and index not in indices:
            continue
        ident = f' id="{paragraph_ids}-{index}"' if paragraph_ids else ""
        if looks_like_heading(body[start:end]):
            ident += SUBHEADING
        pieces[index] = (
            f"<p{ident}{extra_attrs}>{_render_span(body, start, end, overlays, tags)}</p>"
        )
    return pieces


def _render_span(
    body: str, start: int, end: int, overlays: Sequence[Overlay], tags: dict[int, tuple]
) -> str:
    """One paragraph: a sweep over the cut points keeps the overlays covering each segment."""
    inside = [o for o in overlays if o.start < end and o.end > start]
    cuts = sorted(
        {start, end, *(max(start, min(end, x)) for o in inside for x in (o.start, o.end))}
    )
    starting: dict[int, list[Overlay]] = {}
    for overlay in inside:
        starting.setdefault(max(start, overlay.start), []).append(overlay)
    active: list[Overlay] = []
    html = []
    for left, right in itertools.pairwise(cuts):
        active = [o for o in active if o.end > left] + starting.get(left, [])
        text = escape(body[left:right])
        if active:
            # Outermost (longest) first, so nesting is the same in every segment.
            ordered = sorted(active, key=lambda o: (-o.length, o.start))
            opening = "".join(
                tags[id(o)][1] if left == o.start and o.anchor else tags[id(o)][0] for o in ordered
            )
            closing = "".join(f"</{o.tag}>" for o in reversed(ordered))
            text = f"{opening}{text}{closing}"
        html.append(text)
    return "".join(html)


def _open_tag(overlay: Overlay) -> tuple[str, str]:
    """The opening tag, and the one with the overlay's anchor id (for its first segment)."""
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in overlay.attrs.items())
    anchored = f'<{overlay.tag} id="{escape(overlay.anchor)}"{attrs}>' if overlay.anchor else ""
    return f"<{overlay.tag}{attrs}>", anchored
