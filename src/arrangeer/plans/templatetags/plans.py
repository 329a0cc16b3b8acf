from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def number(value: Decimal | int | float | None) -> str:
    """A decimal as people write it: 2, 2.5, 10 (never 1E+1 or 2.00)."""
    if value is None:
        return ""
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
