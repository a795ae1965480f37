"""The two panes of a reuse pair: each text with its reused passages linked to the other's."""

from __future__ import annotations

from django.utils.safestring import SafeString

from articles.rendering import Overlay, render_body


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
