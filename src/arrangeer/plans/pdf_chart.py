"""The progress of a goal as a chart for the groeidocument: the plan page's SVG
(charts.progress_chart), with its title and description as the text alternative. The document
always prints the numbers in a table below it."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString, mark_safe

from . import charts
from .models import Goal, Measurement


def progress_figure(goal: Goal, measurements: Sequence[Measurement], *, ident: str) -> SafeString:
    """The chart of the measurements over time; empty when there are none."""
    if not measurements:
        return mark_safe("")
    return charts.progress_chart(goal, measurements, ident=ident)
