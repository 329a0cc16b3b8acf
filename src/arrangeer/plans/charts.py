"""Pictures drawn on the server as SVG (no script, no inline style: the CSP forbids both):
the child's network and the progress of a goal. Each has a title and a description for
screen readers, and the page puts the numbers in a table beside it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arrangeer.core.numbers import format_number

from .constants import Achievement, Involvement, SupportRole
from .models import Goal, Measurement, NetworkPerson

_RING = {
    Involvement.CLOSE: 95,
    Involvement.REGULAR: 135,
    Involvement.OCCASIONAL: 165,
    Involvement.DISTANT: 190,
}
# Not by colour alone: support is a thick solid line, stress a dashed one, neutral dotted.
_LINE = {
    SupportRole.SUPPORTS: ('stroke="#1d6b2f" stroke-width="4"', _("source of support")),
    SupportRole.NEUTRAL: ('stroke="#767676" stroke-width="2" stroke-dasharray="2 5"', _("neutral")),
    SupportRole.STRAIN: (
        'stroke="#a4000f" stroke-width="3" stroke-dasharray="9 5"',
        _("source of stress"),
    ),
}


def _short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def network_picture(child_name: str, people: Sequence[NetworkPerson], *, ident: str) -> SafeString:
    """The child in the middle; the closer someone is involved, the nearer they stand."""
    if not people:
        return mark_safe("")
    width, height, cx, cy = 560, 480, 280, 220
    title = _("Network of %(name)s") % {"name": child_name}
    desc = _network_description(people)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="arrangeer-network" role="img" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
    ]
    for radius in sorted(set(_RING.values())):
        parts.append(
            f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="none" stroke="#e1e5ea" '
            'stroke-width="1"/>'
        )
    lines, nodes = _network_people(people, cx, cy)
    parts.extend(lines)
    parts.extend(nodes)
    parts.append(
        f'<circle cx="{cx}" cy="{cy}" r="36" fill="#1f4e8c"/>'
        f'<text x="{cx}" y="{cy + 5}" text-anchor="middle" font-size="15" font-weight="bold" '
        f'fill="#ffffff">{escape(_short(child_name.split(" ")[0], 10))}</text>'
    )
    parts.extend(_network_legend(height - 16))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _network_description(people: Sequence[NetworkPerson]) -> str:
    """How many people, how many a source of support or of stress: for screen readers."""
    supports = sum(1 for p in people if p.support == SupportRole.SUPPORTS)
    strains = sum(1 for p in people if p.support == SupportRole.STRAIN)
    return " ".join(
        [
            ngettext(
                "%(n)d person around the child.", "%(n)d people around the child.", len(people)
            )
            % {"n": len(people)},
            _("%(s)d a source of support, %(t)d a source of stress.")
            % {"s": supports, "t": strains},
            _("Nearer to the middle means more involved. The list beside gives every person."),
        ]
    )


def _network_people(
    people: Sequence[NetworkPerson], cx: int, cy: int
) -> tuple[list[str], list[str]]:
    """Each person on the ring of their involvement: the line to the child (its style says
    support, neutral or stress) and the person's node with their name and relation."""
    lines, nodes = [], []
    count = len(people)
    for index, person in enumerate(people):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        radius = _RING.get(Involvement(person.involvement), 165)
        x = cx + radius * math.cos(angle)
        y = cy + radius * math.sin(angle)
        style = _LINE.get(SupportRole(person.support), _LINE[SupportRole.NEUTRAL])[0]
        lines.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" {style}/>')
        nodes.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="#ffffff" stroke="#1f4e8c" '
            'stroke-width="2"/>'
            f'<text x="{x:.1f}" y="{y + 24:.1f}" text-anchor="middle" font-size="15" '
            f'fill="#1a1a1a">{escape(_short(person.name))}</text>'
            f'<text x="{x:.1f}" y="{y + 41:.1f}" text-anchor="middle" font-size="13" '
            f'fill="#4a4a4a">{escape(_short(str(person.get_relation_display()), 22))}</text>'
        )
    return lines, nodes


def _network_legend(legend_y: int) -> list[str]:
    """The three kinds of line with their words (not by colour alone)."""
    parts = []
    for offset, role in zip(
        (10, 210, 400), (SupportRole.SUPPORTS, SupportRole.NEUTRAL, SupportRole.STRAIN), strict=True
    ):
        style, label = _LINE[role]
        mark_y = legend_y - 4
        parts.append(
            f'<line x1="{offset}" y1="{mark_y}" x2="{offset + 36}" y2="{mark_y}" {style}/>'
            f'<text x="{offset + 44}" y="{legend_y}" font-size="14" '
            f'fill="#1a1a1a">{escape(label)}</text>'
        )
    return parts


def _fmt(value: Decimal) -> str:
    return format_number(value.quantize(Decimal("0.01"))) or "0"


def progress_chart(goal: Goal, measurements: Sequence[Measurement], *, ident: str) -> SafeString:
    """Measurements over time on the goal's scale (or achieved / partly / not)."""
    if not measurements:
        return mark_safe("")
    width, height = 420, 180
    left, right, top, bottom = 112, 16, 14, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    low, high, ticks = _scale(goal)
    span = (high - low) or Decimal(1)
    first, last = measurements[0].measured_on, measurements[-1].measured_on
    days = max((last - first).days, 1)

    def x_of(m: Measurement) -> float:
        if first == last:
            return left + plot_w / 2
        return left + plot_w * (m.measured_on - first).days / days

    def y_of(value: Decimal) -> float:
        clipped = min(max(value, low), high)
        return top + plot_h * float((high - clipped) / span)

    title = _("Progress of the goal: %(goal)s") % {"goal": goal.what}
    desc = _progress_description(measurements)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="arrangeer-chart" role="img" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
    ]
    for value, label in ticks:
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e1e5ea"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#4a4a4a">{escape(_short(label, 17))}</text>'
        )
    points = " ".join(f"{x_of(m):.1f},{y_of(m.chart_value):.1f}" for m in measurements)
    if len(measurements) > 1:  # one measurement is a point, not a line
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="#1f4e8c" stroke-width="2.5"/>'
        )
    for m in measurements:
        parts.append(
            f'<circle cx="{x_of(m):.1f}" cy="{y_of(m.chart_value):.1f}" r="4" fill="#1f4e8c"/>'
        )
    parts.append(
        f'<text x="{left}" y="{height - 10}" font-size="11" fill="#4a4a4a">'
        f"{escape(date_format(first, 'd-m-Y'))}</text>"
    )
    if last != first:
        parts.append(
            f'<text x="{width - right}" y="{height - 10}" text-anchor="end" font-size="11" '
            f'fill="#4a4a4a">{escape(date_format(last, "d-m-Y"))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _scale(goal: Goal) -> tuple[Decimal, Decimal, list[tuple[Decimal, str]]]:
    """The lowest and highest value of the chart, and its ticks with their labels: the goal's
    own scale, or not / partly / achieved."""
    if goal.is_numeric and goal.scale_min is not None and goal.scale_max is not None:
        low, high = goal.scale_min, goal.scale_max
        return (
            low,
            high,
            [
                (low, _fmt(low)),
                ((low + high) / 2, _fmt((low + high) / 2)),
                (high, _fmt(high)),
            ],
        )
    return (
        Decimal(0),
        Decimal(1),
        [
            (Decimal(0), str(Achievement.NOT_ACHIEVED.label)),
            (Decimal("0.5"), str(Achievement.PARTLY.label)),
            (Decimal(1), str(Achievement.ACHIEVED.label)),
        ],
    )


def _progress_description(measurements: Sequence[Measurement]) -> str:
    """How many measurements over which dates, and the latest value: for screen readers."""
    first, last = measurements[0].measured_on, measurements[-1].measured_on
    latest = measurements[-1]
    latest_text = (
        _fmt(latest.value) if latest.value is not None else str(latest.get_achievement_display())
    )
    return ngettext(
        "%(n)d measurement, on %(first)s; value %(latest)s. The table beside gives the numbers.",
        "%(n)d measurements from %(first)s to %(last)s; latest value %(latest)s. The table "
        "beside gives the numbers.",
        len(measurements),
    ) % {
        "n": len(measurements),
        "first": date_format(first, "d-m-Y"),
        "last": date_format(last, "d-m-Y"),
        "latest": latest_text,
    }
