"""The coverage chart's layout: how much of each source's text each theme covers, as bars.

``chart_layout`` places the bars (plain numbers); ``templates/compare/partials/chart.svg``
draws them, so every label is escaped by the template engine.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class PlacedBar:
    group: str
    label: str
    colour: str
    percent: str
    y: int
    width: float

    @property
    def text_y(self) -> int:
        return self.y + BAR - 3

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.width + 4


@dataclass(frozen=True)
class ChartLayout:
    title: str
    width: int
    height: int
    labels: list[tuple[str, int]]  # (source, text baseline y)
    bars: list[PlacedBar]
    bar_height: int = BAR
    label_width: int = LABEL_WIDTH

    @property
    def label_end(self) -> int:
        return LABEL_WIDTH - 6


def chart_layout(groups: list[BarGroup], title: str) -> ChartLayout:
    """Grouped horizontal bars, one group per source, one bar per theme (0–100 %)."""
    top = max((bar.share for group in groups for bar in group.bars), default=0) or 1.0
    labels: list[tuple[str, int]] = []
    bars: list[PlacedBar] = []
    y = 24
    for group in groups:
        labels.append((group.label, y + BAR - 3))
        y += BAR + GAP
        for bar in group.bars:
            width = round(CHART_WIDTH * bar.share / top, 1)
            percent = f"{bar.share * 100:.1f}%"
            bars.append(PlacedBar(group.label, bar.label, bar.colour, percent, y, width))
            y += BAR + GAP
        y += GAP * 2
    return ChartLayout(title, LABEL_WIDTH + CHART_WIDTH + 60, y, labels, bars)
