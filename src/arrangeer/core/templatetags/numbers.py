from __future__ import annotations

from decimal import Decimal

from django import template

from arrangeer.core.numbers import format_number

register = template.Library()


@register.filter
def number(value: Decimal | int | float | None) -> str:
    """{{ module.intensity|number }}: 2,5 in Dutch, 2.5 in English, never 2.00."""
    return format_number(value)
