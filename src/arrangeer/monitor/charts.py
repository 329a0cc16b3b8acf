"""The monitor's pictures, drawn on the server as SVG in the house style of plans/charts.py:
no script, no inline style, a title and a description for screen readers, and the table of
numbers beside the chart. A suppressed figure has no bar; it says "<10" where the bar would be.
Columns are told apart by pattern as well as colour."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from arrangeer.core.numbers import format_number

from .suppression import SUPPRESSED_TEXT
from .tables import Column, PublishedTable

# Colour and dash per column (not by colour alone).
_SERIES = [
    ('fill="#1f4e8c"', ""),
    ('fill="#ffffff" stroke="#a4000f" stroke-width="2"', ""),
    ('fill="#1d6b2f"', ""),
    ('fill="#ffffff" stroke="#4a4a4a" stroke-width="2" stroke-dasharray="4 3"', ""),
]


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# The chart's measures: a bar's height, the gap between rows, the margins.
BAR_H, GAP, LEFT, RIGHT, TOP = 16, 12, 170, 60, 10
WIDTH = 560


def _description(table: PublishedTable, columns: list[Column]) -> str:
    """What the chart shows, for screen readers: the columns, how many figures are hidden."""
    shown = sum(
        1 for row in table.rows for col in columns if not table.figure(row.key, col.key).suppressed
    )
    hidden = len(table.rows) * len(columns) - shown
    return " ".join(
        [
            _("A bar for each of: %(columns)s, per row of the table.")
            % {"columns": ", ".join(c.label for c in columns)},
            _("%(shown)d figures shown, %(hidden)d about fewer than 10 children not shown.")
            % {"shown": shown, "hidden": hidden},
            _("The table beside gives the numbers."),
        ]
    )


def _bars(table: PublishedTable, columns: list[Column], y: int) -> tuple[list[str], int]:
    """A group of bars per row from `y` down (a suppressed figure: "<10" where its bar would
    be), and where the groups end."""
    plot_w = WIDTH - LEFT - RIGHT
    values = [table.figure(row.key, col.key).value or 0 for row in table.rows for col in columns]
    top_value = max(values) or 1
    parts = []
    for row in table.rows:
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + BAR_H * len(columns) / 2 + 4:.1f}" text-anchor="end" '
            f'font-size="13" fill="#1a1a1a">{escape(_short(row.label))}</text>'
        )
        for index, col in enumerate(columns):
            figure = table.figure(row.key, col.key)
            style = _SERIES[index % len(_SERIES)][0]
            if figure.value is None:
                parts.append(
                    f'<text x="{LEFT + 4}" y="{y + BAR_H - 4}" font-size="12" '
                    f'fill="#4a4a4a">{escape(SUPPRESSED_TEXT)}</text>'
                )
            else:
                length = plot_w * figure.value / top_value
                parts.append(
                    f'<rect x="{LEFT}" y="{y + 1}" width="{length:.1f}" height="{BAR_H - 2}" '
                    f"{style}/>"
                    f'<text x="{LEFT + length + 4:.1f}" y="{y + BAR_H - 4}" font-size="12" '
                    f'fill="#1a1a1a">{escape(format_number(figure.value))}</text>'
                )
            y += BAR_H
        y += GAP
    return parts, y


def _legend(columns: list[Column], y: int) -> list[str]:
    parts = []
    for index, col in enumerate(columns):
        style = _SERIES[index % len(_SERIES)][0]
        parts.append(
            f'<rect x="{LEFT}" y="{y}" width="24" height="12" {style}/>'
            f'<text x="{LEFT + 32}" y="{y + 11}" font-size="13" '
            f'fill="#1a1a1a">{escape(col.label)}</text>'
        )
        y += 22
    return parts


def bar_chart(table: PublishedTable, *, ident: str) -> SafeString:
    """Horizontal bars: one group per row of the table, one bar per shown column."""
    columns = table.visible_columns
    if not table.rows or not columns:
        return mark_safe("")
    legend_h = 22 * len(columns) + 8
    group_h = BAR_H * len(columns) + GAP
    height = TOP + group_h * len(table.rows) + legend_h
    title = table.spec.title
    desc = _description(table, columns)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="arrangeer-chart arrangeer-chart--wide" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
    ]
    bars, y = _bars(table, columns, TOP)
    parts += bars
    parts += _legend(columns, y + 4)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
