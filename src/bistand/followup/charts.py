"""Server-rendered SVG bar charts (docs/adr/0050-followup-dashboard.md).

The geometry is computed here and drawn by `followup/_bar_chart.svg.html`: no JavaScript, no
chart library, nothing fetched from elsewhere. Each chart has a `<title>` and a `<desc>` and is
always shown next to its data table, which carries the exact figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 640
HEIGHT = 260
LEFT = 56
RIGHT = 12
TOP = 16
BOTTOM = 48


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value_label: str


@dataclass(frozen=True)
class Line:
    y: float
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass
class BarChart:
    slug: str
    title: str
    desc: str
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_bottom: int = HEIGHT - BOTTOM
    plot_right: int = WIDTH - RIGHT
    label_y: int = HEIGHT - BOTTOM + 18
    empty: bool = False


def _nice_max(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(1)
    exponent = len(str(int(value))) - 1
    step = Decimal(10) ** exponent
    for factor in (1, 2, 5, 10):
        if value <= step * factor:
            return step * factor
    return step * 10  # pragma: no cover


def bar_chart(
    *,
    slug: str,
    title: str,
    desc: str,
    points: list[tuple[str, Decimal | int | None, str]],
    goals: list[tuple[Decimal, str]] | None = None,
    maximum: Decimal | None = None,
    tick_format: str = "{}",
) -> BarChart:
    """Bars for (label, value, value label); `goals` draws horizontal reference lines.

    A missing value (None) draws no bar; the label stays so the months line up.
    """
    chart = BarChart(slug=slug, title=title, desc=desc)
    values = [Decimal(v) for _, v, _ in points if v is not None]
    goal_values = [g for g, _ in goals or []]
    top = (
        maximum
        if maximum is not None
        else _nice_max(max([*values, *goal_values], default=Decimal(0)))
    )
    chart.empty = not values
    plot_h = chart.plot_bottom - TOP
    plot_w = chart.plot_right - chart.plot_left
    n = max(len(points), 1)
    slot = plot_w / n
    bar_w = slot * 0.7

    def y_of(v: Decimal) -> float:
        return round(chart.plot_bottom - float(min(v, top) / top) * plot_h, 1)

    for i, (label, value, value_label) in enumerate(points):
        x = round(chart.plot_left + i * slot + (slot - bar_w) / 2, 1)
        if value is None:
            chart.bars.append(Bar(x, chart.plot_bottom, round(bar_w, 1), 0, label, value_label))
            continue
        y = y_of(Decimal(value))
        chart.bars.append(
            Bar(x, y, round(bar_w, 1), round(chart.plot_bottom - y, 1), label, value_label)
        )
    for value, label in goals or []:
        chart.lines.append(Line(y_of(value), label))
    for k in range(5):
        v = top * k / 4
        chart.ticks.append(Tick(y_of(v), tick_format.format(_plain(v))))
    return chart


def _plain(v: Decimal) -> str:
    text = f"{v.normalize():f}" if v == v.to_integral() else f"{v:.1f}"
    return text.replace(".", ",")
