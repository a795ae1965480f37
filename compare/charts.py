"""Server-rendered SVG: how much of each source's text each theme covers.

Every label is escaped here; the template marks the finished SVG safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

BAR = 14
GAP = 4
LABEL_WIDTH = 260
CHART_WIDTH = 420


@dataclass(frozen=True)
class Bar:
    label: str
    colour: str  # #rrggbb, from Theme.css_colour
    share: float


@dataclass(frozen=True)
class BarGroup:
    label: str
    bars: list[Bar]


def coverage_chart(groups: list[BarGroup], title: str) -> SafeString:
    """Grouped horizontal bars, one group per source, one bar per theme (0–100 %)."""
    top = max((bar.share for group in groups for bar in group.bars), default=0) or 1.0
    rows: list[str] = []
    y = 24
    for group in groups:
        rows.append(
            f'<text x="0" y="{y + BAR - 3}" class="group-label">{escape(group.label)}</text>'
        )
        y += BAR + GAP
        for bar in group.bars:
            width = round(CHART_WIDTH * bar.share / top, 1)
            percent = f"{bar.share * 100:.1f}%"
            rows.append(
                f"<g><title>{escape(group.label)} · {escape(bar.label)}: {percent}</title>"
                f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR - 3}" text-anchor="end">'
                f"{escape(bar.label)}</text>"
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR}" '
                f'fill="{escape(bar.colour)}"></rect>'
                f'<text x="{LABEL_WIDTH + width + 4}" y="{y + BAR - 3}">{percent}</text></g>'
            )
            y += BAR + GAP
        y += GAP * 2
    width = LABEL_WIDTH + CHART_WIDTH + 60
    return mark_safe(  # noqa: S308 — every piece of text above went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="coverage-chart" '
        f'viewBox="0 0 {width} {y}" width="{width}" height="{y}" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(rows)}</svg>"
    )
