"""Markup built in Python: the two panes of a reuse pair (each text with its reused passages
linked to the other's), a quote's wording diffed against the common one, the cells of the
speaker matrix and the coverage chart: the last three are string builders where a template
loop over a few thousand values measurably dominated the page.
"""

from __future__ import annotations

import html

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.rendering import Overlay, render_body

from .charts import ChartLayout
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


def chart_svg(chart: ChartLayout) -> SafeString:
    """The coverage chart as inline SVG (every text escaped; numbers formatted here).

    Built here rather than in a template: a source per outlet times the themes is a few
    hundred bars, whose template loop was half the coverage page's time at 5,000 articles.
    """
    e = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="coverage-chart" '
        f'viewBox="0 0 {chart.width} {chart.height}" width="{chart.width}" '
        f'height="{chart.height}" aria-label="{e(chart.title)}"><title>{e(chart.title)}</title>'
    ]
    parts += [
        f'<text x="0" y="{y}" class="group-label">{e(label)}</text>' for label, y in chart.labels
    ]
    parts += [
        f"<g><title>{e(bar.group)} · {e(bar.label)}: {e(bar.percent)}</title>"
        f'<text x="{chart.label_end}" y="{bar.text_y}" text-anchor="end">{e(bar.label)}</text>'
        f'<rect x="{chart.label_width}" y="{bar.y}" width="{bar.width}" '
        f'height="{chart.bar_height}" fill="{e(bar.colour)}"></rect>'
        f'<text x="{bar.value_x}" y="{bar.text_y}">{e(bar.percent)}</text></g>'
        for bar in chart.bars
    ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped above)
