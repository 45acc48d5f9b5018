"""Geometry of the server-rendered SVG bar charts on /zahlen/ (pure functions).

Horizontal bars with the label above each bar: long German labels need no
rotation or truncation, and the chart stays readable on a 320 px screen.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 600
ROW_HEIGHT = 46
LABEL_OFFSET = 16  # baseline of the label inside a row
BAR_OFFSET = 22
BAR_HEIGHT = 16
VALUE_GAP = 6
VALUE_ROOM = 60  # room right of the longest bar for its value


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    value_text: str
    label_y: int
    bar_y: int
    width: float
    value_x: float
    value_y: int


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width} {self.height}"


def bar_chart(rows: list[tuple[str, int]], *, value_text=str) -> BarChart:
    """Bars for (label, value) rows, scaled so that the largest fills the width."""
    largest = max((value for _label, value in rows), default=0)
    room = WIDTH - VALUE_ROOM
    bars = []
    for index, (label, value) in enumerate(rows):
        top = index * ROW_HEIGHT
        width = round(room * value / largest, 1) if largest else 0.0
        bars.append(
            Bar(
                label=label,
                value=value,
                value_text=value_text(value),
                label_y=top + LABEL_OFFSET,
                bar_y=top + BAR_OFFSET,
                width=width,
                value_x=round(width + VALUE_GAP, 1),
                value_y=top + BAR_OFFSET + BAR_HEIGHT - 3,
            )
        )
    return BarChart(bars=tuple(bars), width=WIDTH, height=max(len(rows), 1) * ROW_HEIGHT)
