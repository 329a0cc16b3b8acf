"""The progress of a goal as a small chart for the groeidocument (ReportLab graphics): the
same picture as the plan page's SVG (charts.progress_chart), on the goal's scale or on
achieved / partly / not. The document always prints the numbers in a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from arrangeer.core.numbers import format_day, format_number

from .constants import Achievement
from .models import Goal, Measurement

WIDTH, HEIGHT = 230, 110
_LEFT, _RIGHT, _TOP, _BOTTOM = 78, 8, 8, 22


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def progress_drawing(goal: Goal, measurements: Sequence[Measurement]) -> Any:
    """A Drawing of the measurements over time; None when there are none."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if not measurements:
        return None
    if goal.is_numeric and goal.scale_min is not None and goal.scale_max is not None:
        low, high = goal.scale_min, goal.scale_max
        middle = (low + high) / 2
        ticks = [(value, format_number(value) or "0") for value in (low, middle, high)]
    else:
        low, high = Decimal(0), Decimal(1)
        ticks = [
            (Decimal(0), str(Achievement.NOT_ACHIEVED.label)),
            (Decimal("0.5"), str(Achievement.PARTLY.label)),
            (Decimal(1), str(Achievement.ACHIEVED.label)),
        ]
    span = (high - low) or Decimal(1)
    plot_w = WIDTH - _LEFT - _RIGHT
    plot_h = HEIGHT - _TOP - _BOTTOM
    first, last = measurements[0].measured_on, measurements[-1].measured_on
    days = max((last - first).days, 1)

    # Whole points (1/72 inch): finer is invisible, and the page's drawing operators then
    # never hold a decimal number a text search could take for a value ("2.5").
    def x_of(m: Measurement) -> int:
        if first == last:
            return round(_LEFT + plot_w / 2)
        return round(_LEFT + plot_w * (m.measured_on - first).days / days)

    def y_of(value: Decimal) -> int:  # ReportLab counts from the bottom
        clipped = min(max(value, low), high)
        return round(_BOTTOM + plot_h * float((clipped - low) / span))

    def right_aligned(x: int, y: int, text: str) -> Any:
        """A label ending at x, placed on a whole point (see x_of)."""
        return String(
            round(x - stringWidth(text, "Helvetica", 7)), y, text, fontSize=7, fillColor=grey
        )

    ink = colors.HexColor("#1f4e8c")
    grey = colors.HexColor("#4a4a4a")
    drawing = Drawing(WIDTH, HEIGHT)
    for value, label in ticks:
        y = y_of(value)
        drawing.add(Line(_LEFT, y, WIDTH - _RIGHT, y, strokeColor=colors.HexColor("#c8ced6")))
        drawing.add(right_aligned(_LEFT - 4, y - 3, _short(label, 16)))
    points: list[int] = []
    for m in measurements:
        points.extend((x_of(m), y_of(m.chart_value)))
    if len(measurements) > 1:
        drawing.add(PolyLine(points, strokeColor=ink, strokeWidth=2))
    for x, y in zip(points[::2], points[1::2], strict=True):
        drawing.add(Circle(x, y, 3, fillColor=ink, strokeColor=ink))
    drawing.add(String(_LEFT, 6, format_day(first), fontSize=7, fillColor=grey))
    if last != first:
        drawing.add(right_aligned(WIDTH - _RIGHT, 6, format_day(last)))
    return drawing
